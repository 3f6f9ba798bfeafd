"""Who does what: 'Drivers scan parcels', 'Managers must approve orders', user stories."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from core.intake.pronouns import OBJECT_END
from core.intake.textutil import (
    clean,
    is_ambiguous_verb,
    is_plural,
    is_system_subject,
    looks_like_person,
    sentence_case,
    split_list,
    verb_form,
    words,
)

_MODALS = (
    ("would like to", "could"), ("wants to", "should"), ("want to", "should"), ("needs to", "must"),
    ("need to", "must"), ("has to", "must"), ("have to", "must"), ("is able to", "should"),
    ("are able to", "should"), ("gets to", "should"), ("get to", "should"), ("must", "must"),
    ("shall", "must"), ("should", "should"), ("could", "could"), ("can", "should"),
    ("may", "could"), ("might", "could"), ("will", "should"),
)
_MODAL_RE = re.compile(
    r"^(?P<subj>.+?)\s+(?P<modal>" + "|".join(re.escape(m) for m, _ in _MODALS) + r")\s+"
    r"(?:(?:also|only|easily|quickly|then|now|be able to|be allowed to)\s+)*(?P<rest>.+)$",
    re.IGNORECASE,
)
_NEGATIVE = re.compile(r"\b(?:cannot|can't|can not|must not|mustn't|should not|shouldn't|won't|will not|may not|"
                       r"don't|doesn't|do not|does not|never|no longer)\b", re.IGNORECASE)
_LETS_RE = re.compile(r"\b(?:lets?|allows?|enables?|helps?|permits?)\s+(?P<tail>.+)$", re.IGNORECASE)
_LEAD_TRIGGER = re.compile(
    r"^(?P<t>(?:when|whenever|once|after|as soon as|if|every|each|at the end of|at the start of|before)\b[^,]{3,120}),\s*(?P<rest>.+)$",
    re.IGNORECASE,
)
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
    r"in real time|\d+\s+(?:minutes?|hours?|days?|weeks?)|before|within|every (?:day|week|month|morning|evening|night|\d+)|each (?:day|week|month|morning|evening))\b.*$",
    re.IGNORECASE,
)
_TIME_TRIGGER = re.compile(
    r"\b(?:\d+\s+(?:minutes?|hours?|days?|weeks?)\s+(?:before|after)\s+[\w\s']{3,40}|every\s+(?:day|morning|evening|night|"
    r"week|month|monday|friday|\d+\s+\w+)|each\s+(?:day|morning|evening|night|week|month)|at the end of (?:the|each) \w+)",
    re.IGNORECASE,
)
_LEADING_MODAL = re.compile(r"^(?:(?:can|could|must|should|will|may|might|also|then|shall|need to|needs to|only|just|mainly|"
                            r"mostly|usually|often|sometimes|always|first|"
                            r"be able to)\s+)+(?=\w)", re.IGNORECASE)
_INTRANSITIVE = frozenset({"check out", "log in", "log out", "sign in", "sign up", "sign out", "opt in", "opt out",
                           "register", "checkout", "log on", "log off", "subscribe", "unsubscribe"})
_CONNECTOR = re.compile(r"^(?:and|then|also|so|but|plus|finally|next|additionally|or)\s+", re.IGNORECASE)
_PRONOUN_OBJECT = re.compile(r"\b(them|it|those|these)\s*$", re.IGNORECASE)


NOT_ACTIONS = frozenset("integrate connect interface comply run work be have need want cost include contain use "
                         "is are was were".split())
_AUXILIARY = frozenset("can could should would will do does did is are may might must shall what how why who which "
                       "when where if".split())


@dataclass
class Action:
    """A subject (people, or the product itself) doing one or more things."""

    subjects: list[str]
    rest: str
    priority: str | None = None
    trigger: str = ""
    by_system: bool = False
    phrases: list[tuple[str, str, str]] = field(default_factory=list)  # (name, trigger, outcome)


def _people(subject: str, known: set[str]) -> list[str] | None:
    subject = re.sub(r"^(?:(?:only|also|both|all|even|then|and)\s+)+|(?:\s+(?:only|also|just|then|now|both|all|too))+$", "",
                     clean(subject), flags=re.I)
    if subject.split()[:1] and subject.split()[0].lower() in _AUXILIARY:
        return None
    parts = split_list(subject)
    if parts and all(looks_like_person(p, known) for p in parts):
        return parts
    return None


def _with_trigger(sentence: str) -> tuple[str, str]:
    m = _LEAD_TRIGGER.match(sentence)
    if not m:
        return sentence, ""
    trigger = re.sub(r"^(?:when|whenever|once|as soon as|if)\s+", "", m.group("t"), flags=re.I)
    return m.group("rest"), sentence_case(trigger)


def parse_action(sentence: str, known: set[str]) -> Action | None:
    """Read 'X can/must Y', 'lets X Y' or 'X does Y'; None when no person or product acts."""
    sentence, trigger = _with_trigger(_CONNECTOR.sub("", clean(sentence)))
    head = re.split(r"\b(?:if|unless|because|since|when|whenever|so that|even if)\b", sentence.split(",")[0], flags=re.I)[0]
    if _NEGATIVE.search(head) or len(sentence) > 600:
        return None
    action = _modal(sentence, known) or _lets(sentence, known) or _plain(sentence, known)
    if action and action.rest:
        action.trigger = action.trigger or trigger
        action.phrases = verb_phrases(action.rest, modal=action.priority is not None)
        return action if action.phrases else None
    return None


def parse_actions(sentence: str, known: set[str]) -> list[Action]:
    """Every action of a sentence: 'drivers scan parcels and dispatchers plan routes' gives two."""
    actions = []
    for clause in split_clauses(sentence, known):
        action = parse_action(clause, known)
        if action:
            actions.append(action)
    return actions


def split_clauses(sentence: str, known: set[str]) -> list[str]:
    """Split where a new person starts doing something, only after a clause that already acts."""
    parts = re.split(r"(,(?!\d{3})\s*(?:and|but|while|whereas)?\s*|\s+(?:and|but|while|whereas)\s+|;\s*)", clean(sentence))
    out = [parts[0]]
    for sep, chunk in zip(parts[1::2], parts[2::2]):
        new = _modal(chunk, known) or _plain(chunk, known)
        if new and new.subjects and parse_action(out[-1], known):
            out.append(chunk)
        else:
            out[-1] += sep + chunk
    return out


def _modal(sentence: str, known: set[str]) -> Action | None:
    m = _MODAL_RE.match(sentence)
    if not m or m.group("rest").lower().startswith(("be ", "not ", "have ", "has ")):
        return None
    priority = dict(_MODALS)[m.group("modal").lower()]
    people = _people(m.group("subj"), known)
    if people:
        return Action(people, m.group("rest"), priority)
    if is_system_subject(m.group("subj")):
        return Action([], m.group("rest"), priority, by_system=True)
    return None


def _lets(sentence: str, known: set[str]) -> Action | None:
    m = _LETS_RE.search(sentence)
    if not m:
        return None
    tokens = m.group("tail").split()
    for i in range(1, min(len(tokens), 7)):
        token = tokens[i].lower()
        if token == "to" and i + 1 < len(tokens):
            people = _people(" ".join(tokens[:i]), known)
            return Action(people, " ".join(tokens[i + 1 :])) if people else None
        form = verb_form(token.strip(",."))
        if form and form[1] == "base":
            people = _people(" ".join(tokens[:i]), known)
            return Action(people, " ".join(tokens[i:])) if people else None
    return None


def _plain(sentence: str, known: set[str]) -> Action | None:
    head, sep, tail = sentence.partition(":")
    if sep and len(head) < 40 and tail.strip():
        people = _people(head, known)
        if people:
            return Action(people, re.sub(r"^(?:they|he|she|who)\s+", "", tail.strip(), flags=re.I))
        sentence = tail.strip()
    tokens = sentence.split()
    for i in range(1, min(len(tokens) - 1, 6) + 1):
        token = tokens[i].strip(",.;:").lower()
        form = verb_form(token)
        subject = " ".join(tokens[:i])
        if form and (subject.lower().endswith((" and", " or", ",")) or _subject_goes_on(tokens, i)):
            continue
        if form and form[1] in ("base", "third"):
            people = _people(subject, known)
            if people:
                rest = " ".join(tokens[i:])
                return Action(people, re.sub(r"^(\w+)\s+(?:it|the \w+|this \w+)\s+to\s+", "", rest) if form[0] == "use" else rest)
            if is_system_subject(subject) and (form[1] == "third" or subject.lower() in {"we", "you", "i"}):
                return Action([], " ".join(tokens[i:]), by_system=True)
            return None
    return None


def _subject_goes_on(tokens: list[str], i: int) -> bool:
    """'Support agents answer tickets': 'support' is part of the subject, not its verb."""
    before = tokens[i - 1].lower()
    if is_plural(before) and looks_like_person(before):
        return False
    for k in (1, 2):
        head = tokens[i:i + k]
        after = tokens[i + k].strip(",.;:").lower() if i + k < len(tokens) else ""
        if len(head) == k and len(head[-1]) > 3 and not re.search(r"[,.;:]", head[-1]) and looks_like_person(" ".join(head)) and (not after or verb_form(after)):
            return True
    return False


def verb_phrases(rest: str, *, modal: bool = True) -> list[tuple[str, str, str]]:
    """'approve orders, review stock and export reports' -> one (name, trigger, outcome) each."""
    rest = clean(rest)
    outcome = trigger = ""
    m = _TAIL_OUTCOME.search(rest)
    if m:
        rest, outcome = rest[: m.start()], sentence_case(m.group("o"))
    m = _TAIL_TRIGGER.search(rest)
    if m:
        rest = rest[: m.start()]
        trigger = sentence_case(re.sub(r"^(?:when|whenever|once|as soon as)\s+", "", m.group("t"), flags=re.I))
    rest = re.sub(r"^(?:(?:needs?|wants?|has|have|is able|are able|would like|get|gets) to\s+|be able to\s+)+", "", rest, flags=re.I)
    fragments = _fragments(rest, first_is_verb=modal)
    found = [(n, _timed(f)) for n, f in zip(_share_objects(fragments), fragments) if n and not _not_an_action(n)]
    return [(name, trigger if i == len(found) - 1 and trigger else timed, outcome) for i, (name, timed) in enumerate(found)]


def _timed(tokens: list[str]) -> str:
    m = _TIME_TRIGGER.search(" ".join(tokens))
    return sentence_case(m.group(0)) if m else ""


def _not_an_action(name: str) -> bool:
    form = verb_form(name.split()[0].lower())
    return (form[0] if form else name.split()[0].lower()) in NOT_ACTIONS


def _fragments(rest: str, *, first_is_verb: bool) -> list[list[str]]:
    """Split on commas and 'and'; a part that does not start with a verb stays with the one before."""
    parts = [p for p in re.split(r"\s*(?:,(?!\d{3})|;)\s*(?:and\s+|or\s+|then\s+)?|\s+(?:and|or|and then|then)\s+", rest) if p]
    out: list[list[str]] = []
    kind = None
    for part in parts:
        part = _LEADING_MODAL.sub("", part)
        tokens = part.split()
        form = verb_form(tokens[0].lower()) if tokens else None
        starts = bool(form) and form[1] != "past" and (kind is None or form[1] == kind or form[1] == "base")
        if form and is_ambiguous_verb(form[0]) and len(tokens) == 1 and out:
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
        if not obj and later and len(tokens) <= 2 and not pronoun and not bare:
            tokens = tokens + later.split()
        spot = next((j for j in (1, 2) if j < len(tokens) and tokens[j].lower() in {"them", "it", "those", "these"}), 0)
        if last_object and spot:
            tokens = [*tokens[:spot], *last_object.split(), *tokens[spot + 1 :]]
        name = use_case_name(" ".join(tokens))
        last_object = obj or last_object
        names.append(name)
    return names


def _object(tokens: list[str]) -> str:
    rest = [t for t in tokens[1:] if t.lower() not in {"up", "in", "out", "off", "on", "down", "back"}]
    text = re.sub(r"^(?:their|his|her|my|your|our)\s+", "", OBJECT_END.sub("", " ".join(rest)), flags=re.I)
    return "" if not rest or _PRONOUN_OBJECT.fullmatch(text) else text


def use_case_name(phrase: str) -> str:
    """A verb phrase in the base form, capitalised, at most eight words ('scans parcels' -> 'Scan parcels')."""
    tokens = _CUT_NAME.sub("", clean(phrase)).split()
    if not tokens:
        return ""
    form = verb_form(tokens[0].lower())
    if form:
        tokens[0] = form[0]
    elif tokens[0].lower().endswith("s") and len(tokens[0]) > 3 and not tokens[0].lower().endswith("ss"):
        tokens[0] = tokens[0][:-1]
    tokens = [t for t in tokens if t.lower() not in {"etc", "etc."}][:8]
    while tokens and tokens[-1].lower() in {"and", "or", "the", "a", "an", "to", "of", "for", "with", "their", "its",
                                            "via", "by", "at", "from", "through", "using"}:
        tokens.pop()
    name = " ".join(tokens).strip(" ,.;:")
    return name[:1].upper() + name[1:] if name and words(name) else ""
