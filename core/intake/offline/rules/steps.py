"""The steps of a use case: a numbered or bulleted flow under a name ('Booking flow:', 'To return a
bike:', a heading), 'first …, then …, finally …', or a sentence that walks through a task ('When a
customer orders, the kitchen confirms it, then a courier picks it up'). One list item is one step,
never split, and keeps who does it. Matching is here; `writer.write` turns the findings into data."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from core.intake.offline.language.clauses import parse_action
from core.intake.offline.language.phrases import use_case_name
from core.intake.offline.language.text import (
    clean,
    is_system_subject,
    looks_like_person,
    sentence_case,
    sentences,
    title_name,
    verb_form,
    words,
)
from core.intake.offline.rules import integrations
from core.intake.offline.rules.rulebook import Finding, Rule
from core.intake.offline.writer import Draft, write
from core.prd import normalise_name

_ITEM = re.compile(r"^\s*(?:(?P<num>\(?\d{1,2}[.)]|\(?[a-hA-H][.)]|step \d{1,2}[:.)]?)|(?P<dot>[-*•+]))\s+(?P<t>.+)$")
_FLOW_WORDS = re.compile(
    r"\b(?:(?:user |happy |main |basic |typical )?(?:flows?|steps?|process|procedure|workflow|journey|scenario|"
    r"walk-?through|sequence|path)|how (?:it|this|that) works|how (?:to|we|they|you))\b",
    re.I,
)
_GENERIC = re.compile(
    r"^(?:(?:so|ok|okay|well|sure)[, ]+)?(?:the |our |its )?(?:flow|steps?|process|procedure|sequence|order)"
    r"(?:\s+(?:is|are|goes|go|looks like|would be|will be)(?:\s+like this|\s+as follows)?)?$|^(?:it )?goes like this$",
    re.I,
)
_PURPOSE = re.compile(r"^(?:in order |how )?to\s+(?P<p>\w.+)$", re.I)
_WHEN = re.compile(r"^(?:when|whenever|once|after|as soon as)\s+(?P<p>.+)$", re.I)
_MARKER = re.compile(
    r"(?:^|(?<=[,;:])|(?<=\s))(?:and\s+)?(?:first(?:ly)?|then|next|after that|afterwards|finally|lastly|last)\b,?\s*",
    re.I,
)
_SEQ_SPLIT = re.compile(
    r"\s*(?:[,;]\s*(?:and\s+)?(?:then|next|after that|afterwards|finally|lastly)\b|\s+and (?:then|finally|lastly)\b|"
    r"\s+then\b(?=\s+(?:the|a|an|they|it|he|she|[a-z]+s)\b)|[,;]\s*(?:and\s+)?(?:second(?:ly)?|third(?:ly)?)\b)"
    r",?\s*|\s*(?:->|→|=>)\s*",
    re.I,
)
_INLINE_ITEM = re.compile(r"(?<=[:.;!?])[ \t]+(?=\(?\d{1,2}[.)]\s+[A-Za-z])|(?<=\w)[ \t]+(?=\(?[2-9][.)]\s+[A-Z])")
_LEAD = re.compile(r"^(?:first(?:ly)?|then|next|after that|afterwards|finally|lastly|and)\b,?\s*", re.I)


@dataclass
class Flow:
    """Steps read together, with the phrase that names their use case ('' when the text names none)."""

    label: str
    steps: list[str]
    trigger: str = ""
    context: str = ""  # the text just before a flow that names none: what it most likely belongs to
    source: list[str] = field(default_factory=list)  # the sentences it read, so nothing else reads them


def flow_label(label: str) -> str | None:
    """The phrase a flow's label names its use case by: 'Booking flow' -> 'Booking', 'To return a
    bike' -> 'return a bike', 'The steps are' -> ''; None when the label says no flow follows."""
    label = clean(label).rstrip(":").strip()
    if _NOT_FLOW.search(label):
        return None
    if _GENERIC.match(label):
        return ""
    m = _PURPOSE.match(label)
    if m and verb_form(m.group("p").split()[0]):
        return m.group("p")
    m = _WHEN.match(label)
    if m:
        return m.group("p")
    if _FLOW_WORDS.search(label) and len(words(label)) <= 8:
        phrase = _FLOW_WORDS.sub(" ", label)
        phrase = re.sub(r"^\s*(?:the|our|a|for|of|to)\s+|\s+(?:for|of|to|the)\s*$", "", phrase.strip(), flags=re.I)
        return clean(re.sub(r"\s+", " ", phrase))
    return None


def strip_number(heading: str) -> str:
    """'UC-1: Book a room' -> 'Book a room'."""
    return re.sub(r"^\s*(?:uc|use case|feature|story)[\s-]*\d+[.:)]?\s*[-–:.]?\s*", "", heading, flags=re.I).strip()


def verb_like(label: str) -> bool:
    """'Signup', 'Booking a table', 'Return a bike', 'Bike rental': a label that names doing something."""
    tokens = [t.lower() for t in words(label)]
    first = verb_form(tokens[0]) if tokens else None
    last = verb_form(tokens[-1]) if tokens else None
    return bool(tokens) and bool(
        first
        and first[1] in ("base", "ing")
        or last
        and last[1] in ("ing", "base")
        and len(tokens) > 1
        or verb_of(tokens[-1])
    )


_NOT_FLOW = re.compile(
    r"\b(?:next steps?|action items?|to-?dos?|follow-?ups?|open (?:questions|issues|points)|milestones?|roadmap|"
    r"timeline|phases?|agenda|decisions?|risks?|notes?|questions?)\b",
    re.I,
)


def _names_task(label: str) -> bool:
    """A label over a list that can only be a task's steps: 'Checkout', 'Returning a book', 'Password reset'."""
    return task_label(label) and verb_like(label) and not _NOT_FLOW.search(label)


def task_label(label: str) -> bool:
    """A short heading that can name a task ('Checkout', 'Returning a book'), not a question, a list
    of things ('Entities', 'Goals') or a date."""
    from core.intake.offline.document import section_target

    label = clean(label)
    tokens = words(label)
    return (
        1 <= len(tokens) <= 6
        and not label.endswith("?")
        and not re.search(r"\d", label)
        and section_target(label) is None
    )


_SUBJECT_VERB = re.compile(r"^(?:the |a |an |our |each |every )?(?P<s>[a-z][\w-]*(?: [a-z][\w-]*)?) [a-z]+s\b", re.I)


def _clausal(item: str) -> bool:
    """'The rider docks the bike': someone named does something (a verb the lexicon lacks read from
    its place after a person or the product)."""
    tokens = [t.lower() for t in words(item)]
    if any((verb_form(t) or ("", ""))[1] == "third" for t in tokens[1:6]):
        return True
    m = _SUBJECT_VERB.match(clean(item))
    return bool(m and (looks_like_person(m.group("s")) or is_system_subject(m.group("s"))))


def step_like(item: str) -> bool:
    """'The rider scans the code', 'Scan the code': someone does something (not a question or a note)."""
    tokens = [t.lower() for t in words(item)]
    if not tokens or item.rstrip().endswith("?"):
        return False
    first = verb_form(tokens[0])
    if first and first[1] == "base":
        return True
    return any((verb_form(t) or ("", ""))[1] == "third" for t in tokens[1:6])


def _items(lines: list[str]) -> list[tuple[int, int, bool, list[str]]]:
    """Runs of list lines: (first line, end line, numbered, items), a wrapped line joined to its item."""
    runs, i = [], 0
    while i < len(lines):
        m = _ITEM.match(lines[i])
        if not m:
            i += 1
            continue
        start, numbered, items = i, bool(m.group("num")), [m.group("t")]
        i += 1
        while i < len(lines):
            n = _ITEM.match(lines[i])
            if n and bool(n.group("num")) == numbered:
                items.append(n.group("t"))
            elif lines[i].strip() and not n and lines[i][:1].isspace():
                items[-1] += " " + lines[i].strip()
            else:
                break
            i += 1
        runs.append((start, i, numbered, [clean(t) for t in items if clean(t)]))
    return runs


def _source(lines: list[str]) -> list[str]:
    return sentences("\n".join(lines))


def list_flows(text: str, heading: str | None = None, *, answer: bool = False) -> list[Flow]:
    """Numbered or bulleted runs under a flow label, or under a task heading when the items are steps;
    in an answer to 'walk me through it' any list of steps counts."""
    lines = _INLINE_ITEM.sub("\n", text.replace("\r", "\n")).split("\n")
    found = []
    for start, end, numbered, items in _items(lines):
        before = next((j for j in range(start - 1, -1, -1) if lines[j].strip()), None)
        label_line = lines[before].strip() if before is not None else ""
        steps = sum(1 for t in items if step_like(t))
        if len(items) < 2 or steps * 2 < len(items):
            continue
        if label_line.endswith(":"):
            head, _, _ = label_line.rpartition(":")
            label = flow_label(head.split(". ")[-1])
            if label is None and answer:
                label = clean(head) if task_label(head) else ""
            if label is None and _names_task(head) and (numbered or all(_clausal(t) for t in items)):
                label = clean(head)
            if label is not None:
                found.append(Flow(label, items, source=_source(lines[before:end])))
                continue
        if before is None and heading is not None:
            label = flow_label(heading)
            if label is None and _names_task(heading) and (numbered or all(_clausal(t) for t in items)):
                label = clean(heading)
            if label is not None:
                found.append(Flow(label, items, source=_source(lines[start:end])))
                continue
        if answer:
            found.append(Flow("", items, context=label_line, source=_source(lines[start:end])))
    return found


def carry_subject(steps: list[str]) -> list[str]:
    """'The patient picks a doctor, then chooses a slot' -> the second step says the patient too."""
    out, subject = [], ""
    for step in steps:
        tokens = step.split()
        form = verb_form(tokens[0]) if tokens else None
        if form and form[1] == "third" and subject:
            step = f"{subject} {step}"
        else:
            verb_at = next((i for i, t in enumerate(tokens[:6]) if (verb_form(t) or ("", ""))[1] == "third"), 0)
            subject = " ".join(tokens[:verb_at]) if verb_at and not verb_form(tokens[0]) else subject
        out.append(sentence_case(step))
    return out


def split_sequence(sentence: str) -> list[str]:
    """'A, then B and finally C' -> [A, B, C]; a comma or an 'and' alone never cuts a step."""
    parts = [_LEAD.sub("", p).strip() for p in _SEQ_SPLIT.split(_LEAD.sub("", clean(sentence))) if p and p.strip()]
    return [p for p in parts if words(p)]


def sequence(sentence: str, *, least: int = 2) -> Flow | None:
    """'[Label:] first A, then B, finally C', 'A -> B -> C' or 'When X, A, then B and finally C'."""
    text = clean(sentence)
    label, colon, body = text.partition(":")
    named = flow_label(label) if colon and len(words(label)) <= 8 else None
    if colon and named is None and _names_task(label):
        named = clean(label)
    body = body.strip() if named is not None else text
    trigger = ""
    when = _WHEN.match(body)
    if when and "," in when.group("p"):
        trigger, body = (p.strip() for p in when.group("p").split(",", 1))
    markers = len(_MARKER.findall(body)) + len(re.findall(r"->|→|=>", body))
    parts = split_sequence(body)
    if trigger and markers >= 1 and parts:
        steps = carry_subject([trigger, *parts])
        return Flow(named or trigger, steps, trigger=sentence_case(trigger), source=[sentence])
    if len(parts) >= 2 and (markers >= least or named is not None and markers >= 1):
        return Flow(named or "", carry_subject(parts), source=[sentence])
    clauses = [c for c in re.split(r"\s*[,;]\s*(?:and\s+)?|\s+and\s+", body) if c]
    if named is not None and len(clauses) >= 2 and all(_clausal(c) for c in clauses):
        return Flow(named, [sentence_case(c) for c in clauses], source=[sentence])
    return None


def narrative_flows(text: str, *, least: int = 2) -> list[Flow]:
    """Every sentence of a text that walks through a task step by step (`least` order words)."""
    found, previous = [], ""
    for s in sentences(text):
        flow = sequence(s, least=least)
        if flow:
            flow.context = previous
            found.append(flow)
        previous = s
    return found


def flows(text: str, heading: str | None = None, *, answer: bool = False) -> list[Flow]:
    """The lists and the walked-through sentences of a text, in order; nothing read twice."""
    listed = list_flows(text, heading, answer=answer)
    taken = {s for f in listed for s in f.source}
    rest = "\n".join(line for line in text.split("\n") if clean(line) not in taken)
    if answer:
        return listed
    return listed + [f for f in narrative_flows(rest) if not set(f.source) & taken]


_NOUN_VERBS = {
    "checkout": "check out",
    "signup": "sign up",
    "sign-up": "sign up",
    "login": "log in",
    "logout": "log out",
}
_INTRANSITIVE = frozenset(["check out", "sign up", "log in", "log out", "register", "sign in", "onboard", "enrol"])


def verb_of(noun: str) -> str:
    """'checkout' -> 'check out', 'registration' -> 'register', 'approval' -> 'approve', 'payment' -> 'pay'."""
    w = noun.lower()
    if w in _NOUN_VERBS:
        return _NOUN_VERBS[w]
    stems = {
        "ission": ("it",),
        "ration": ("er",),
        "ation": ("e", ""),
        "ion": ("", "e"),
        "al": ("e", ""),
        "ment": ("",),
        "ery": ("er",),
    }
    for suffix, ends in stems.items():
        if w.endswith(suffix) and len(w) > len(suffix) + 2:
            stem = w[: -len(suffix)]
            stem = stem[:-1] if len(stem) > 3 and stem[-1] == stem[-2] else stem
            for end in ends:
                form = verb_form(stem + end)
                if form and form[1] == "base":
                    return form[0]
    return ""


def name_of(phrase: str, steps: list[str] = ()) -> str:
    """The use-case name a flow's phrase gives: 'Booking a table' -> 'Book a table', 'Bike rental' ->
    'Rent bike', 'a rider returns a bike' -> 'Return a bike'; a lone verb takes the thing its steps name most."""
    name = _name(clean(phrase))
    if len(name.split()) == 1 and name.lower() not in _INTRANSITIVE and steps:
        thing = _main_thing(steps)
        name = f"{name} {'an' if thing[:1] in 'aeiou' else 'a'} {thing}" if thing else name
    return name


def _main_thing(steps: list[str]) -> str:
    """The noun the steps name most often after a determiner ('the bike' twice -> 'bike')."""
    counts: dict[str, int] = {}
    for step in steps:
        for m in re.finditer(r"\b(?:the|a|an|their|its|your|his|her)\s+([a-z][a-z-]+)\b(?!\s+[a-z]+s\b)", step.lower()):
            noun = m.group(1)
            if not verb_form(noun) or verb_form(noun)[1] == "base":
                counts[noun] = counts.get(noun, 0) + 1
    best = max(counts.items(), key=lambda kv: kv[1], default=("", 0))
    return best[0] if best[1] >= 2 else ""


def _name(phrase: str) -> str:
    action = parse_action(phrase, set())
    if action and action.phrases and not action.by_system:
        return action.phrases[0][0]
    tokens = phrase.split()
    if not tokens:
        return ""
    first, last = verb_form(tokens[0]), verb_form(tokens[-1])
    if first and first[1] in ("base", "ing"):
        return use_case_name(phrase)
    if last and last[1] == "ing" and len(tokens) > 1:
        return use_case_name(" ".join([last[0], *(t.lower() for t in tokens[:-1])]))
    verb = verb_of(tokens[-1])
    if verb:
        return sentence_case(" ".join([verb, *(t.lower() for t in tokens[:-1])]))
    return sentence_case(phrase)


def doer(step: str) -> str:
    """Who a step says does it ('The courier scans the parcel' -> 'The courier'), else ''."""
    action = parse_action(step, set())
    return action.subjects[0] if action and action.subjects else ""


def findings(flow: Flow, use_case: str, *, actor: str = "", new: bool = False) -> list[Finding]:
    """A use case (when the flow makes one) and one step finding per step, in order."""
    out = []
    if new:
        fields = {k: v for k, v in (("actor", actor), ("trigger", flow.trigger)) if v}
        out.append(Finding("use_case", use_case, fields, "ST0"))
    return out + [Finding("step", s, {"use_case": use_case}, "ST0") for s in flow.steps]


def _listed(text: str) -> list[Finding]:
    return [Finding("step", s, {"use_case": name_of(f.label, f.steps)}) for f in list_flows(text) for s in f.steps]


def _walked(text: str) -> list[Finding]:
    flow = sequence(text)
    return [Finding("step", s, {"use_case": name_of(flow.label, flow.steps)}) for s in flow.steps] if flow else []


RULES = (
    Rule(
        "ST1",
        "A list under a flow's name is that use case's steps, one item a step, not a use case each.",
        "To return a bike:\n1. The rider docks the bike, and the lock closes\n2. The system stops the timer",
        "The rider docks the bike, and the lock closes",
        "Features:\n- Bike rental\n- Monthly passes",
        _listed,
    ),
    Rule(
        "ST2",
        "'first …, then …, finally …' and 'when X, A, then B' walk through one task in order.",
        "When a customer orders, the kitchen confirms it, then a courier picks it up",
        "A courier picks it up",
        "Customers order food and couriers deliver it.",
        _walked,
    ),
)


# ---- which use case a flow belongs to ------------------------------------------------------


def stems(text: str) -> set[str]:
    out = set()
    for w in words(text.lower()):
        form = verb_form(w)
        out.add(form[0] if form else normalise_name(w))
    return out - _STOP


_STOP = frozenset(
    [
        "a",
        "an",
        "the",
        "to",
        "of",
        "and",
        "or",
        "it",
        "its",
        "when",
        "with",
        "for",
        "their",
        "is",
        "from",
        "on",
        "in",
        "at",
        "by",
        "system",
        "app",
        "they",
        "them",
        "this",
        "that",
        "then",
        "first",
        "next",
        "finally",
        "user",
        "users",
    ]
)


def _score(phrase: str, name: str, *, things: bool = False) -> float:
    """How much a phrase talks about a use case; with `things`, it must share two words, one a thing
    (steps that merely mention 'the walker' are not about 'Rate the walker')."""
    said, named = stems(phrase), stems(name)
    shared = said & named
    verb = verb_form(name.split()[0].lower()) if name.split() else None
    if not shared or things and (len(shared) < 2 or not shared - {verb[0] if verb else ""}):
        return 0.0
    return (len(shared) + (1.0 if verb and verb[0] in said else 0.0)) / (len(named) + 1)


def use_cases_of(draft: Draft) -> list[tuple[str, str]]:
    """(name, actor) of every use case known so far, the project's first."""
    found = [(u.name, u.actor) for u in draft.data.use_cases]
    found += [(u["name"], u.get("actor", "")) for u in draft.use_cases.values()]
    return list(dict(found).items())


def best_match(
    draft: Draft, phrase: str, *, least: float = 0.0, doer: str = "", things: bool = False, among: list | None = None
) -> str:
    """The use case a phrase talks about, by shared words and verb ('Booking' ~ 'Book a table'),
    one done by `doer` preferred; only those `among` when given."""
    who = normalise_name(draft.resolve_actor(title_name(doer)) or title_name(doer)) if doer else ""
    scored = []
    for i, (name, actor) in enumerate(use_cases_of(draft)):
        if among is not None and name not in among:
            continue
        score = _score(phrase, name, things=things)
        scored.append((score + (0.25 if score and who and normalise_name(actor) == who else 0), -i, name))
    best = max(scored, default=(0.0, 0, ""))
    return best[2] if best[0] > least else ""


def same_task(named: str, name: str) -> bool:
    """'Book a bike' names 'Book bikes at a station' (same verb) but not 'Rent a bike'."""
    a, b = (verb_form(n.split()[0].lower()) if n.split() else None for n in (named, name))
    return bool(a and b and a[0] == b[0]) or stems(named) <= stems(name)


def _target(draft: Draft, flow: Flow, named: str, doer_: str, asked_about: str) -> str:
    if named:
        same = [n for n, _ in use_cases_of(draft) if same_task(named, n)]
        return max(same, key=lambda n: _score(named, n), default="")
    who = normalise_name(draft.resolve_actor(title_name(doer_))) if doer_ else ""
    theirs = [n for n, actor in use_cases_of(draft) if who and normalise_name(actor) == who]
    return (
        asked_about
        or best_match(draft, " ".join([flow.context, *flow.steps]), least=0.3, things=True, among=theirs or None)
        or best_match(draft, flow.context, doer=doer_)
        or next(iter(theirs), "")
        or next((n for n, _ in reversed(use_cases_of(draft))), "")
    )


def attach(draft: Draft, flow: Flow, *, asked_about: str = "") -> str:
    """Write a flow's steps onto the use case it names, else the one asked about, else the one the
    text around it and its steps talk about, else the one mentioned last; a named flow with no
    matching use case makes one. Returns the use case's name."""
    people = [p for p in (doer(s) for s in flow.steps) if p]
    named = name_of(flow.label, flow.steps) if flow.label else ""
    target = _target(draft, flow, named, people[0] if people else "", asked_about)
    actor = draft.actor(people[0]) if people and not target else ""
    for person in dict.fromkeys(people):
        draft.actor(person)
    for step in flow.steps:
        integrations.integrations(draft, step)
    name = target or named
    if not name:
        return ""
    write(draft, findings(flow, name, actor=actor or draft.fallback_actor, new=not target))
    item = draft.use_cases.get(normalise_name(name), {})
    if flow.trigger and not item.get("trigger") and not draft.existing_use_case(name):
        item["trigger"] = flow.trigger
    return name
