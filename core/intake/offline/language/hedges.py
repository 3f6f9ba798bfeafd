"""Answers that say nothing ('hmm, good question, not decided yet') and sentences about today's pain.

A non-answer must never become project data: the interview moves on instead. A sentence that
describes how things are today ('clinics lose 15% of appointments') is problem text, not a goal."""

from __future__ import annotations

import re

# Clauses that decline, defer or dodge the question.
_HEDGE = re.compile(
    r"^(?:(?:we|i)(?:'ve| have)? (?:not|haven't|have not|didn't|did not|don't|do not) (?:decided|settled|agreed|"
    r"thought about|discussed|looked at|figured out|got|defined|know)\b.*"
    r"|(?:we|i) (?:are|am|'re|'m) (?:not sure|unsure|undecided|still deciding|still thinking|still discussing)\b.*"
    r"|(?:it|that|this)(?:'s| is)? (?:not|still not|yet to be) (?:decided|clear|defined|known|settled|agreed)\b.*"
    r"|(?:still |yet )?(?:not(?: yet)? (?:decided|sure|clear|defined|known|settled)|undecided|unsure|unclear)(?: yet)?"
    r"(?: (?:about|on|for|of) [\w' ]{1,40})?"
    r"|(?:to be|tbd|tba|tbc)(?: (?:decided|defined|confirmed|determined|discussed|announced))?(?: later)?"
    r"|(?:good|great|interesting|tough|hard|fair) question\b.*|it depends\b.*|depends\b.*"
    r"|(?:the )?same as (?:before|usual|always|last time|the (?:old|current|last) (?:one|system))|as before|as usual"
    r"|nothing (?:special|in particular|specific|really|much|comes to mind|to add)\b.*"
    r"|no (?:[\w-]+ ){0,2}(?:really|in particular|to speak of|that i know of|as far as i know|i can think of)"
    r"|not (?:really|that i know of|as far as i know|much|for now|at the moment|right now|yet)"
    r"|(?:none|nothing|nobody|no one)(?: (?:for now|yet|at the moment|really|so far|else))?"
    r"|(?:come|get) back to (?:you|me|us)(?: on (?:that|this|it))?(?: later)?"
    r"|(?:no idea|don't know|dont know|dunno|no clue|idk|n/?a|nope|later|maybe later|we'll see|we will see|"
    r"who knows|hard to say|difficult to say|can't say|cannot say|not applicable|whatever|anything)"
    r"|(?:let me|i'll|i will|i need to|we need to|i have to|we have to|need to) (?:think|check|ask|get back|find out|"
    r"come back|look into|confirm|discuss)\b.*"
    r"|(?:ask|check with) (?:me|the team|my team|our team|the boss|the client)\b.*"
    r"|(?:i|we) (?:can't|cannot|couldn't) (?:say|tell|answer)\b.*"
    r"|(?:i|we) (?:don't|dont|do not) (?:know|have)(?: (?:that|this|it|one|any|yet|an answer))*(?: yet)?)$",
    re.I,
)
# Words that carry no answer on their own: fillers, hedges, deferrals, time words.
_FILLER = re.compile(
    r"^(?:(?:hmm+|hm+|um+|uh+|erm+|er|ah+|oh+|well|ok|okay|so|yeah|yes|right|honestly|frankly|sorry|hmm ok|"
    r"to be honest|i think|i guess|i suppose|good point|sure|please|thanks|thank you|actually|basically|"
    r"probably|maybe|perhaps|possibly|likely|hopefully|eventually|sometime|soon|later|for now|at some point|"
    r"yet|again|too|also|still|really|anyway|either way|in (?:a|one|two|a few|some) (?:days?|weeks?|months?)|"
    r"(?:next|this|coming) (?:week|month|quarter|year|sprint|meeting)|after (?:the )?(?:meeting|launch|pilot)|"
    r"we'll see|we will see|let's see|time will tell|or so|something like that)[\s,.!?;:-]*)+$",
    re.I,
)
_CLAUSES = re.compile(r"\s*(?:[,;.!?:()\u2013\u2014]|\s-\s|\bbut\b|\band\b|\bso\b|\bor\b)\s*", re.I)
_STOP_WORDS = frozenset(
    [
        "hmm",
        "hm",
        "um",
        "uh",
        "erm",
        "er",
        "ah",
        "oh",
        "well",
        "ok",
        "okay",
        "so",
        "yeah",
        "yes",
        "no",
        "not",
        "sure",
        "unsure",
        "yet",
        "decided",
        "undecided",
        "later",
        "maybe",
        "perhaps",
        "probably",
        "possibly",
        "good",
        "great",
        "question",
        "nothing",
        "special",
        "really",
        "same",
        "before",
        "usual",
        "depends",
        "depend",
        "it",
        "tbd",
        "tba",
        "tbc",
        "n/a",
        "na",
        "idk",
        "dunno",
        "none",
        "nope",
        "whatever",
        "something",
        "stuff",
        "things",
        "thing",
        "we",
        "i",
        "you",
        "they",
        "that",
        "this",
        "the",
        "a",
        "an",
        "have",
        "has",
        "had",
        "haven't",
        "don't",
        "do",
        "does",
        "know",
        "think",
        "see",
        "let",
        "me",
        "us",
        "our",
        "is",
        "are",
        "be",
        "to",
        "of",
        "for",
        "now",
        "etc",
        "particular",
        "much",
        "any",
        "anything",
        "everything",
        "all",
        "other",
        "others",
        "more",
        "about",
        "rest",
        "else",
        "one",
        "ones",
        "those",
        "these",
        "them",
        "its",
        "there",
        "here",
        "what",
        "which",
        "who",
        "when",
        "how",
        "certain",
        "decide",
        "deciding",
        "discuss",
        "discussed",
        "idea",
        "clue",
        "answer",
        "point",
        "sorry",
        "right",
        "honestly",
        "question",
        "questions",
        "mind",
    ]
)


def _normal(text: str) -> str:
    text = text.casefold().replace("\u2019", "'").replace("\u2018", "'")
    return " ".join(re.sub(r"[\"*_`#]", " ", text).split())


def non_answer(text: str) -> bool:
    """True when every clause of an answer only hedges, defers or fills ('Not decided yet, probably next month')."""
    clauses = [c for c in _CLAUSES.split(_normal(text)) if c and re.search(r"\w", c)]
    if not clauses or len(" ".join(clauses).split()) > 40:
        return False
    return all(_HEDGE.match(c) or _FILLER.match(c) for c in clauses)


_SEPARATOR = re.compile(
    r"\s*(?:[,;:\u2013\u2014]|\s-\s)\s*(?:but|and|so|though|however)?\s*|\s+(?:but|though|however)\s+|"
    r",?\s+and\s+(?=(?:not|no|nothing|maybe|probably|hmm|i'm|we're|we|i)\b)",
    re.I,
)
_LEADING_WORDS = re.compile(
    r"^(?:(?:hmm+|well|ok|okay|so|honestly|probably|maybe|perhaps|possibly|i think|i guess|"
    r"i suppose|i'd say|we think)\b[\s,]*)+",
    re.I,
)


def _empty(clause: str) -> bool:
    return not re.search(r"\w", clause) or non_answer(clause) or bool(_FILLER.match(_normal(clause)))


def strip_hedges(sentence: str) -> str:
    """'Not decided yet, but drivers scan parcels' -> 'drivers scan parcels': hedges and fillers at
    either end of a sentence go, so what is left says something."""
    cuts = list(_SEPARATOR.finditer(sentence))
    start = next((m.end() for m in reversed(cuts) if _empty(sentence[: m.start()])), 0)
    end = next((m.start() for m in cuts if m.start() >= start and _empty(sentence[m.end() :])), len(sentence))
    rest = _LEADING_WORDS.sub("", sentence[start:end]).strip()
    return rest if rest and not _empty(rest) else sentence


def hedge_sentence(sentence: str) -> bool:
    """A sentence of a longer answer that says nothing ('Hmm, not sure about the rest.')."""
    return non_answer(sentence)


def filler_phrase(phrase: str) -> bool:
    """A list item or name made only of stop and hedge words ('Hmm', 'Good Question', 'not decided')."""
    tokens = re.findall(r"[a-z][a-z'/]*", _normal(phrase))
    return not tokens or all(t in _STOP_WORDS for t in tokens)


# ---- today's pain ------------------------------------------------------------------------

_NOW = re.compile(r"\b(?:today|currently|at the moment|right now|nowadays|at present|these days|so far)\b", re.I)
_PAIN = re.compile(
    r"\b(?:lose|loses|losing|(?:get|gets|got|are|is|were|was|go|goes) (?:lost|missing)|spend|spends|spending|spent|"
    r"waste|wastes|wasting|wasted|"
    r"(?:takes|take|took|taking) (?:up to |about |around |over |at least |more than )?(?:(?:\d+|an?|one|two|"
    r"three|several|"
    r"many) (?:minutes?|hours?|days?|weeks?|months?)|hours|days|weeks|ages|too long|forever|a long time)|"
    r"struggle|struggles|struggling|complain|complains|complaining|suffer|suffers|"
    r"nobody knows|no one knows|nobody can|no one can|on paper|paper forms?|by hand|back and forth|error[- ]prone|"
    r"(?:in|on|with|using|via) (?:a |an |the |one |shared |our |their |excel |google )*(?:spreadsheets?|excel)|"
    r"(?:is|are) (?:a )?(?:mess|chaos|painful|slow)|keeps? calling|(?:by|over|on) the phone|"
    r"(?:cannot|can't|can not|don't|do not|doesn't|does not) (?:see|find|know|tell|track) (?:where|which|what|when|"
    r"whether|if|how|who)|(?:have|has) no (?:way|idea|visibility|overview)|no way to)\b",
    re.I,
)
_CHANGE = re.compile(
    r"\b(?:reduce|reduces|reducing|cut|cuts|cutting|lower|lowers|decrease|decreases|shorten|halve|halving|"
    r"bring down|minimi[sz]e|increase|increases|increasing|raise|raises|grow|grows|growing|improve|improves|"
    r"improving|boost|double|triple|lift|maximi[sz]e|reach|reaches|achieve|hit)\b"
    r"|\bfrom\s+\S+(?:\s+\S+){0,3}?\s+to\s+\d",
    re.I,
)
_REQUIRED = re.compile(
    r"\b(?:can(?!')|could|must|should|shall|needs? to|has to|have to|will|want|wants|wish|aim|aims|goal|"
    r"target|objective|so that|in order to|has to be|never)\b",
    re.I,
)


def describes_today(sentence: str) -> bool:
    """'Clinics lose 15% of appointments to no-shows': how things are now, not what must change."""
    return (
        bool(_NOW.search(sentence) or _PAIN.search(sentence))
        and not _CHANGE.search(sentence)
        and not _REQUIRED.search(sentence)
    )


def describes_pain(sentence: str) -> bool:
    """'Defects are written on paper': today's pain, which no constraint or requirement states."""
    return bool(_PAIN.search(sentence)) and not _CHANGE.search(sentence) and not _REQUIRED.search(sentence)
