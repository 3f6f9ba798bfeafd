"""Verb phrases into use-case names: 'pick up and deliver parcels' -> 'Pick up parcels', 'Deliver parcels'."""

from __future__ import annotations

import re

from core.intake.offline.language.pronouns import OBJECT_END
from core.intake.offline.language.text import clean, is_ambiguous_verb, sentence_case, verb_form, words

_TAIL_OUTCOME = re.compile(
    r",?\s+(?:so\s+that|so\s+they|so(?=\s+(?:\w+\s+){1,3}(?:can|could|will|would|may|are able|is able)\b)"
    r"|in order to|to make sure|to ensure)\s+(?P<o>.+)$",
    re.IGNORECASE,
)
_TAIL_TRIGGER = re.compile(
    r",?\s+(?P<t>(?:when|whenever|once|as soon as|after|(?:every|each)\s+(?:time|day|morning|evening|night|week|month|"
    r"hour|monday|friday|\d+))\s+.+)$",
    re.IGNORECASE,
)
_CUT_NAME = re.compile(
    r"\s+(?:because|since|while|which|where|if|unless|e\.g\.|for example|such as|via|through|using|with the help of|"
    r"in real time|\d+\s+(?:minutes?|hours?|days?|weeks?)|before(?=\s+\w)|within|every (?:day|week|month|"
    r"morning|evening|night|\d+)|each (?:day|week|month|morning|evening))\b.*$",
    re.IGNORECASE,
)
_TIME_TRIGGER = re.compile(
    r"\b(?:\d+\s+(?:minutes?|hours?|days?|weeks?)\s+(?:before|after)\s+[\w\s']{3,40}|every\s+(?:day|morning|evening|night|"
    r"week|month|monday|friday|\d+\s+\w+)|each\s+(?:day|morning|evening|night|week|month)|at the end of (?:the|"
    r"each) \w+)",
    re.IGNORECASE,
)
_LEADING_MODAL = re.compile(
    r"^(?:(?:can|could|must|should|will|may|might|also|then|shall|need to|needs to|only|just|mainly|"
    r"mostly|usually|often|sometimes|always|first|"
    r"be able to)\s+)+(?=\w)",
    re.IGNORECASE,
)
_INTRANSITIVE = frozenset(
    {
        "check out",
        "log in",
        "log out",
        "sign in",
        "sign up",
        "sign out",
        "opt in",
        "opt out",
        "register",
        "checkout",
        "log on",
        "log off",
        "subscribe",
        "unsubscribe",
    }
)
_PRONOUN_OBJECT = re.compile(r"\b(them|it|those|these)\s*$", re.IGNORECASE)


NOT_ACTIONS = frozenset(
    [
        "integrate",
        "connect",
        "interface",
        "comply",
        "run",
        "work",
        "be",
        "have",
        "need",
        "want",
        "cost",
        "include",
        "contain",
        "use",
        "is",
        "are",
        "was",
        "were",
    ]
)


def verb_phrases(rest: str, *, modal: bool = True, people: bool = False) -> list[tuple[str, str, str]]:
    """'approve orders, review stock and export reports' -> one (name, trigger, outcome) each."""
    rest = clean(rest)
    outcome = trigger = ""
    m = _TAIL_OUTCOME.search(rest)
    if m:
        rest, outcome = rest[: m.start()], sentence_case(m.group("o"))
    rest = _EXCEPT.sub("", rest)
    m = _TAIL_TRIGGER.search(rest)
    if m:
        said, goes_on = _trigger_end(m.group("t"))
        rest = rest[: m.start()] + (f", {goes_on}" if goes_on else "")
        said = re.sub(r"^(?:when|whenever|once|as soon as)\s+", "", said, flags=re.I)
        trigger = "" if goes_on else sentence_case(said)
    rest = re.sub(
        r"^(?:(?:needs?|wants?|has|have|is able|are able|would like|get|gets) to\s+|be able to\s+)+",
        "",
        rest,
        flags=re.I,
    )
    fragments = _fragments(rest, first_is_verb=modal)
    found = [
        (n, _timed(f))
        for n, f in zip(_share_objects(fragments), fragments, strict=False)
        if n and not _not_an_action(n, people=people)
    ]
    return [
        (name, trigger if i == len(found) - 1 and trigger else timed, outcome) for i, (name, timed) in enumerate(found)
    ]


_EXCEPT = re.compile(r",?\s+but\s+(?:only|not|never|just|without|except|rarely|mostly)\b.*$", re.I)
_GOES_ON = re.compile(r"(?:,\s*(?:and\s+)?|\s+and\s+(?:then\s+)?)(?=(?P<verb>[a-z]+)\s+\S)", re.I)


def _trigger_end(trigger: str) -> tuple[str, str]:
    """'when someone calls in sick and answer questions' -> the trigger, and 'answer questions' going on
    with the list of things done (a base verb after 'and', where the trigger's own verb was not one)."""
    for m in _GOES_ON.finditer(trigger):
        form = verb_form(m.group("verb"))
        after = trigger[m.end() :].split()[1:2]
        plain = form and (
            not is_ambiguous_verb(form[0]) or after and re.match(r"(?:the|a|an|their|[a-z]+s)$", after[0])
        )
        if plain and form[1] == "base" and m.start() > 8:
            return trigger[: m.start()], trigger[m.end() :]
    return trigger, ""


def _timed(tokens: list[str]) -> str:
    m = _TIME_TRIGGER.search(" ".join(tokens))
    return sentence_case(m.group(0)) if m else ""


_PEOPLE_DO = frozenset(["run"])  # 'technicians run the assays', not 'it runs on AWS'
_BARE = frozenset(["look", "go", "come", "sit", "stay", "live", "work", "wait", "be", "harvest", "know"])


def _not_an_action(name: str, *, people: bool = False) -> bool:
    tokens = name.split()
    form = verb_form(tokens[0].lower())
    base = form[0] if form else tokens[0].lower()
    if len(tokens) == 1 and base in _BARE:
        return True
    return base in NOT_ACTIONS and not (people and base in _PEOPLE_DO)


def _fragments(rest: str, *, first_is_verb: bool) -> list[list[str]]:
    """Split on commas and 'and'; a part that does not start with a verb stays with the one before."""
    parts = [
        p
        for p in re.split(r"\s*(?:,(?!\d{3})|;)\s*(?:and\s+|or\s+|then\s+)?|\s+(?:and|or|and then|then)\s+", rest)
        if p
    ]
    out: list[list[str]] = []
    kind = None
    for part in parts:
        part = _LEADING_MODAL.sub("", part)
        tokens = part.split()
        form = verb_form(tokens[0].lower()) if tokens else None
        starts = bool(form) and form[1] != "past" and (kind is None or form[1] == kind or form[1] == "base")
        if form and is_ambiguous_verb(form[0]) and len(tokens) == 1 and out or _channel_list(out, tokens):
            starts = False
        if not out and (starts or first_is_verb):
            out.append(tokens)
            kind = form[1] if form else None
        elif starts:
            out.append(tokens)
        elif out:
            out[-1] = out[-1] + ["and", *tokens]
    return out


def _share_objects(fragments: list[list[str]]) -> list[str]:
    """'pick up and deliver parcels' -> 'Pick up parcels', 'Deliver parcels'; 'cancel them' reuses the object."""
    names: list[str] = []
    objects = [_object(f) for f in fragments]
    last_object = ""
    for i, tokens in enumerate(fragments):
        obj = objects[i]
        later = next((o for o in objects[i + 1 :] if o), "")
        pronoun = any(t.lower() in {"them", "it", "those", "these"} for t in tokens)
        bare = " ".join(tokens).lower() in _INTRANSITIVE
        receiving = i + 1 < len(fragments) and fragments[i + 1][0].lower() in _RECEIVING
        if not obj and receiving and last_object and len(tokens) <= 2 and not pronoun and not bare:
            tokens = tokens + last_object.split()
        elif not obj and later and len(tokens) <= 2 and not pronoun and not bare and not receiving:
            tokens = tokens + later.split()
        spot = next((j for j in (1, 2) if j < len(tokens) and tokens[j].lower() in {"them", "it", "those", "these"}), 0)
        if last_object and spot:
            tokens = [*tokens[:spot], *last_object.split(), *tokens[spot + 1 :]]
        name = use_case_name(" ".join(tokens))
        last_object = obj or last_object
        names.append(name)
    return names


_RECEIVING = frozenset(["receive", "receives", "get", "gets", "obtain", "obtains"])
_CHANNELS = frozenset(
    ["sms", "text", "push", "email", "e-mail", "in-app", "whatsapp", "slack", "phone", "mobile", "web"]
)


def _channel_list(out: list[list[str]], tokens: list[str]) -> bool:
    """'get SMS and email notifications': 'email' names a channel here, not a second action."""
    return (
        bool(out)
        and len(out[-1]) == 2
        and out[-1][-1].lower() in _CHANNELS
        and len(tokens) >= 2
        and tokens[0].lower() in _CHANNELS
        and not verb_form(tokens[1].lower())
    )


def _object(tokens: list[str]) -> str:
    rest = tokens[1:]
    if rest and rest[0].lower() in {"up", "in", "out", "off", "on", "down", "back"}:
        rest = rest[1:]
    text = OBJECT_END.sub("", " " + " ".join(rest)).strip()
    text = re.sub(r"^(?:their|his|her|my|your|our)\s+", "", text, flags=re.I)
    return "" if not rest or _PRONOUN_OBJECT.fullmatch(text) else text


_ASKING = frozenset(["which", "where", "what", "how", "who", "whether", "when"])
_BOUNDARY = frozenset(
    ["and", "or", "at", "on", "in", "with", "from", "to", "for", "by", "via", "into", "during", "across", "per"]
    + ["about", "after", "before", "between"]
)


def _whole_phrase(tokens: list[str], limit: int = 8) -> list[str]:
    """At most `limit` words, cut before a trailing 'and ...' or prepositional phrase, never inside one."""
    if len(tokens) <= limit:
        return tokens
    cuts = [i for i in range(2, limit + 1) if tokens[i].lower() in _BOUNDARY]
    return tokens[: cuts[-1]] if cuts else tokens[:limit]


def use_case_name(phrase: str) -> str:
    """A verb phrase in the base form, capitalised, at most eight words ('scans parcels' -> 'Scan parcels')."""
    tokens = _CUT_NAME.sub("", clean(phrase)).split()
    whole = clean(phrase).split()
    if len(tokens) == 1 and len(whole) > 2 and whole[1].lower() in _ASKING:
        tokens = whole  # 'see which tables are free', 'record who received each bag': the question is the object
    if not tokens:
        return ""
    form = verb_form(tokens[0].lower())
    if form:
        tokens[0] = form[0]
        if form[0] == "get" and re.search(
            r"\b(?:notifications?|reminders?|alerts?|updates?|messages?|texts?|emails?|SMS)\b",
            " ".join(tokens[1:4]),
            re.I,
        ):
            tokens[0] = "receive"
    elif tokens[0].lower().endswith("s") and len(tokens[0]) > 3 and not tokens[0].lower().endswith("ss"):
        tokens[0] = tokens[0][:-1]
    tokens = _whole_phrase([t for t in tokens if t.lower() not in {"etc", "etc."}])
    while tokens and tokens[-1].lower() in {
        "and",
        "or",
        "the",
        "a",
        "an",
        "to",
        "of",
        "for",
        "with",
        "their",
        "its",
        "via",
        "by",
        "at",
        "from",
        "through",
        "using",
    }:
        tokens.pop()
    name = " ".join(tokens).strip(" ,.;:")
    return name[:1].upper() + name[1:] if name and words(name) else ""
