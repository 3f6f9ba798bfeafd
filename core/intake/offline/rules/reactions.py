"""Steps from prose that says how the product answers what someone does: 'Patients schedule
appointments, and the system prevents overlaps', '…; the system then notifies both', 'The system
notifies users upon appointment creation or cancellation'. Each gives the use case it answers two
steps or more: who does what, then what the product does. Run over the whole text once the
sections are read, so the use cases exist; a use case that already has steps keeps them."""

from __future__ import annotations

import re

from core.intake.offline.language.clauses import parse_action
from core.intake.offline.language.text import clean, sentence_case, sentences, singular, split_list, verb_form, words
from core.intake.offline.rules import steps
from core.intake.offline.rules.rulebook import Finding, Rule
from core.intake.offline.writer import Draft, write
from core.prd import normalise_name

WHOLE_TEXT_ORDER = 80
_SYSTEM = r"(?:the |our |this )?(?:system|app|application|platform|portal|website|site|service|tool|software)"
_MODALS = r"(?:(?:should|will|must|shall|can|would|may|then|automatically|also|immediately|instantly|always)\s+)*"
_REACTION = re.compile(rf"(?:[;,]\s*(?:and\s+|while\s+)?|\s+and\s+)(?P<r>{_SYSTEM}\s+{_MODALS}[a-z]+\b.*)$", re.I)
_FOLLOWS = re.compile(rf"^{_SYSTEM}\s+(?:\w+\s+){{0,2}}?(?:then|afterwards|in response|in turn)\b", re.I)
_UPON = re.compile(
    r"^(?P<r>.+?)\s+(?:upon|after|when|whenever|once|as soon as)\s+(?P<e>[^.;]+?)(?:[;.]|$)",
    re.I,
)
_PASSIVE = re.compile(
    r"^(?P<obj>(?:an?\s+|the\s+)?[\w\s()-]{2,40}?)\s+(?:should|will|must|shall|can|are|is)\s+(?:be\s+)?"
    r"(?P<verb>[a-z]+ed|sent|held|made|given|shown)\s+(?P<rest>.*)$",
    re.I,
)


_NOTICE = r"(?:[\w/-]+\s+){0,3}?(?:notifications?|alerts?|reminders?|e-?mails?|messages?|texts?|confirmations?)"
_RECEIVES = re.compile(
    rf"^(?P<who>[\w\s]{{2,40}}?)\s+{_MODALS}(?:receives?|gets?)\s+(?P<what>{_NOTICE})\s+"
    r"(?:for|about|regarding|of|on|with)\s+(?P<e>[^;]+)$",
    re.I,
)
_SENDS = re.compile(
    rf"^(?P<r>{_SYSTEM}\s+{_MODALS}(?:sends?|issues?)\s+{_NOTICE}(?:\s+to\s+[\w\s]{{2,40}}?)?)\s+"
    r"(?:for|about|regarding|of|on)\s+(?P<e>[^;]+)$",
    re.I,
)


def _third(base: str) -> str:
    if re.search(r"[^aeiou]y$", base):
        return base[:-1] + "ies"
    if base.endswith(("s", "x", "z", "ch", "sh", "o")):
        return base + "es"
    return base + "s"


def system_step(clause: str) -> str:
    """'the system should then notify both users' -> 'The system notifies both users'; a passive
    'notifications should be sent to X' -> 'The system sends notifications to X'; '' otherwise."""
    clause = clean(clause)
    m = re.match(rf"^(?P<s>{_SYSTEM})\s+{_MODALS}(?P<v>[a-z]+)\b(?P<rest>.*)$", clause, re.I)
    if m:
        form = verb_form(m.group("v"))
        if not form or form[0] in {"be", "have", "support", "allow", "provide", "include", "need"}:
            return ""
        verb = m.group("v") if form[1] == "third" else _third(form[0])
        return sentence_case(f"{m.group('s')} {verb}{m.group('rest')}")
    p = _PASSIVE.match(clause)
    form = verb_form(p.group("verb")) if p else None
    if p and form and form[1] == "past" and form[0] not in {"be", "have", "base", "link", "store"}:
        obj = re.sub(r"\s*\([^)]*\)", "", p.group("obj"))
        return f"The system {_third(form[0])} {obj.strip().lower()} {p.group('rest')}".strip()
    return ""


def _does(actor: str, name: str) -> str:
    """'Patient', 'Schedule appointments' -> 'Patient schedules appointments'."""
    tokens = name.split()
    form = verb_form(tokens[0]) if tokens else None
    if not form:
        return ""
    rest = " ".join(tokens[1:])
    return f"{actor or 'The user'} {_third(form[0])}{' ' + rest if rest else ''}"


_FILLER = frozenset(["they", "are", "is", "the", "a", "an", "their", "any", "new", "upcoming", "his", "her", "its"])


def _events(text: str) -> list[tuple[str, str]]:
    """'appointment creation, confirmation, or cancellation' -> [(create, appointment), (confirm, …), …]."""
    found, thing = [], ""
    for item in split_list(text):
        tokens = [singular(t.lower()) for t in words(item) if t.lower() not in _FILLER]
        if not tokens:
            continue
        if len(tokens) > 5:
            continue
        first = verb_form(tokens[0])
        last = steps.verb_of(tokens[-1]) or (verb_form(tokens[-1]) or ("", ""))[0] if len(tokens) > 1 else ""
        last = "" if {"via", "to", "with", "for", "by", "from"} & set(tokens) else last or steps.verb_of(tokens[-1])
        if last and not (last == "confirm" and first and first[1] == "ing"):  # a booking's confirmation answers it
            thing = " ".join(tokens[:-1]) or thing
            found.append((last, thing))
        elif first and first[1] in ("past", "ing"):
            found.append((first[0], " ".join(t for t in tokens[1:4] if not verb_form(t) and not steps.verb_of(t))))
    return found


def _reaction(sentence: str, previous: str) -> tuple[str, str, str] | None:
    """(what someone does, how the product answers, 'or' when they are alternatives), else None."""
    m = _REACTION.search(sentence)
    if m and system_step(m.group("r")):
        return sentence[: m.start()], system_step(m.group("r")), ""
    if previous and _FOLLOWS.match(sentence) and system_step(re.sub(r"\b(?:then|afterwards)\s+", "", sentence)):
        return previous, system_step(re.sub(r"\b(?:then|afterwards)\s+", "", sentence)), ""
    u = _UPON.match(sentence)
    if u and system_step(u.group("r")):
        return u.group("e"), system_step(u.group("r")), "event"
    r = _RECEIVES.match(clean(sentence))
    if r:
        what, who = (x[:1].lower() + x[1:] for x in (r.group("what"), r.group("who")))
        return r.group("e"), f"The system sends {what} to {who}", "event"
    r = _SENDS.match(clean(sentence))
    if r and system_step(r.group("r")):
        return r.group("e"), system_step(r.group("r")), "event"
    return None


def acted_part(sentence: str, known: set[str] = frozenset()) -> str:
    """'Tenants can report a repair, and the system then notifies the landlord' -> 'Tenants can report
    a repair': the part a person does, to be read on its own so the product's answer names no use case."""
    m = _REACTION.search(sentence)
    if not m or not system_step(m.group("r")):
        return ""
    action = parse_action(sentence[: m.start()], set(known))
    return sentence[: m.start()] if action and action.subjects else ""


def _owners(draft: Draft, acted: str, kind: str) -> list[tuple[str, list[str]]]:
    """The use cases a clause of actions names, each with its steps before the product answers."""
    known = list(steps.use_cases_of(draft))
    if kind == "event":
        return [(n, [_does(a, n)]) for verb, thing in _events(acted) for n, a in known if _is(n, verb, thing)][:3]
    action = parse_action(acted, set(draft.known_actor_names()))
    if not action or not action.subjects or not action.phrases:
        return []
    actor = draft.resolve_actor(action.subjects[0]) or draft.actor(action.subjects[0])
    said = [n for n, _, _ in action.phrases]
    matched = [next((n for n, _ in known if steps.same_task(s, n)), "") for s in said]
    if re.search(r"\bor\b", action.rest):
        return [(n, [_does(actor, s)]) for s, n in zip(said, matched, strict=True) if n]
    return [(matched[-1], [_does(actor, s) for s in said])] if matched[-1] else []


def _is(name: str, verb: str, thing: str) -> bool:
    form = verb_form(name.split()[0]) if name.split() else None
    return bool(form and form[0] == verb) and (not thing or bool(set(steps.stems(thing)) & set(steps.stems(name))))


def read_whole_text(draft: Draft, text: str) -> None:
    """Every sentence where the product answers what someone does gives that use case its steps."""
    previous = ""
    for s in sentences(text):
        read = _reaction(s, previous)
        previous = s
        if not read:
            continue
        acted, answer, kind = read
        for name, done in _owners(draft, acted, kind):
            current = draft.use_cases.get(normalise_name(name), {}).get("steps") or next(
                (u.steps for u in draft.data.use_cases if u.name == name), []
            )
            if not current and all(done):
                write(draft, [Finding("step", x, {"use_case": name}, "ST3") for x in [*done, answer]])


def _reads(sentence: str) -> list[Finding]:
    read = _reaction(sentence, "")
    return [Finding("step", read[1], {"use_case": ""})] if read else []


RULES = (
    Rule(
        "ST3",
        "What the product does in answer to someone's action is the next step of that use case.",
        "Patients can schedule appointments, and the system should then notify the doctor",
        "The system notifies the doctor",
        "Patients can schedule appointments and cancel them.",
        _reads,
    ),
)
