"""Pronouns across sentences, and names that are only a pronoun or a verb phrase (naming nobody)."""

from __future__ import annotations

import re

from core.intake.offline.language.text import is_plural, looks_like_person, verb_form, words

_PLURAL = frozenset({"them", "these", "those"})
_SINGULAR = frozenset({"it", "this", "that"})
OBJECT_PRONOUNS = _PLURAL | _SINGULAR
_SUBJECT = re.compile(
    r"^(?P<lead>(?:(?:when|whenever|once|after|if|before|on|in|at|during|then|so|and|also)\b[^,]{0,80},\s*)?)"
    r"(?:they|these users|those users|these people|those people)\b(?=\s+\w)",
    re.I,
)
_POSSESSIVE = re.compile(r"^(?:their|his|her|my|your|our|its)\s+", re.I)
OBJECT_END = re.compile(
    r"\s+(?:at|on|in|with|by|for|from|to|as|about|via|through|into|when|so|if|online|offline|today|now|again|later|"
    r"automatically|quickly|once|every|each|within|before|after)\b.*$",
    re.I,
)


class Memory:
    """The most recent acting person and the most recent plural and singular things acted on."""

    def __init__(self) -> None:
        self.actor = ""
        self.plural = ""
        self.singular = ""

    def subject(self, sentence: str) -> str:
        """'They also chase late payments' -> 'Accountant also chase late payments'."""
        if self.actor and _SUBJECT.match(sentence):
            return _SUBJECT.sub(lambda m: m.group("lead") + self.actor, sentence, count=1)
        return sentence

    def resolve(self, name: str) -> str:
        """A use case name with its pronoun object replaced, or dropped when nothing fits."""
        tokens = name.split()
        spot = next((i for i, t in enumerate(tokens[1:4], 1) if t.lower() in OBJECT_PRONOUNS), 0)
        if not spot:
            return name
        wanted = (self.plural or self.singular) if tokens[spot].lower() in _PLURAL else (self.singular or self.plural)
        tokens[spot : spot + 1] = wanted.split()
        return " ".join(tokens)

    def remember(self, name: str, actor: str = "") -> None:
        """Keep what a use case acted on ('Report defects' -> 'defects') for a later 'them'."""
        self.actor = actor or self.actor
        obj = object_of(name)
        if obj:
            head = words(obj)[-1]
            if is_plural(head):
                self.plural = obj
            else:
                self.singular = obj


def object_of(name: str) -> str:
    """The thing a verb phrase acts on: 'Assign defects to technicians' -> 'defects'."""
    tokens = name.split()
    if len(tokens) < 2 or not verb_form(tokens[0].lower()):
        return ""
    rest = [t for t in tokens[1:] if t.lower() not in {"up", "in", "out", "off", "on", "down", "back"}]
    text = _POSSESSIVE.sub("", OBJECT_END.sub("", " ".join(rest)))
    if not text or any(t.lower() in OBJECT_PRONOUNS for t in text.split()) or not words(text):
        return ""
    return text if len(text.split()) <= 4 else ""


_PRONOUN_WORDS = frozenset(
    [
        "it",
        "its",
        "they",
        "them",
        "their",
        "this",
        "that",
        "these",
        "those",
        "we",
        "us",
        "our",
        "you",
        "your",
        "he",
        "she",
        "him",
        "her",
        "i",
        "me",
        "my",
    ]
)
_LINKING = frozenset(
    [
        "has",
        "have",
        "had",
        "belong",
        "belongs",
        "contain",
        "contains",
        "include",
        "includes",
        "is",
        "are",
        "was",
        "were",
    ]
)


def is_noun_phrase(phrase: str, *, person: bool = True) -> bool:
    """False for a pronoun or a verb phrase ('Supervisors Assign Them', 'Has a Title'), which name nobody."""
    tokens = [t.lower() for t in words(phrase)]
    if not tokens or any(t in _PRONOUN_WORDS or t in _LINKING for t in tokens):
        return False
    if not person:
        return True
    for i, token in enumerate(tokens[1:-1], 1):
        form = verb_form(token)
        if form and form[1] in ("base", "third") and not looks_like_person(" ".join(tokens[i:])):
            return False
    return True
