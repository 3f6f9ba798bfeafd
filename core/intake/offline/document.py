"""A whole requirements text or meeting notes, read section by section under its headings."""

from __future__ import annotations

import re
from collections.abc import Callable

from core.intake.offline.language.hedges import describes_today
from core.intake.offline.language.text import clean, sentences, words
from core.intake.offline.rules import reactions, steps
from core.intake.offline.rules.actions import read_sentence
from core.intake.offline.rules.claims import claim
from core.intake.offline.rules.rulebook import whole_text_readers
from core.intake.offline.writer import Draft
from core.prd import PRDData

# Heading words -> the question target whose reader fits the section; first match wins.
_HEADINGS = (
    (r"out of scope|non[- ]goals?|not in scope|excluded|later|future|phase 2", "system_boundaries.out_of_scope"),
    (r"\bscope\b|\bmvp\b|first release|release 1|\bv1\b", "system_boundaries.in_scope"),
    (r"integrations?|external|third[- ]party|interfaces|dependencies", "system_boundaries.external"),
    (r"permissions?|access|roles and rights", "actors.permissions"),
    (r"users?|actors?|personas?|roles?|stakeholders?|audience|who", "actors"),
    (r"non[- ]functional|nfrs?|performance|quality|security|reliability|availability|scalability", "nfrs.performance"),
    (
        r"features?|requirements?|functional|user stories|stories|use cases?|capabilit|functionality|workflows?|"
        r"what it does|tasks",
        "use_cases",
    ),
    (r"components?|architecture|system parts|modules", "system_boundaries.internal"),
    (r"data|entities|model|domain|objects|records", "data_entities"),
    (r"technical constraints?|tech stack|technology|platforms?", "constraints.technical"),
    (r"constraints?|assumptions|limitations|budget|timeline|compliance", "constraints.business"),
    (r"goals?|success|metrics?|kpis?|objectives|outcomes|measures", "goals"),
    (r"problem|background|vision|overview|summary|introduction|context|why|purpose", "problem_statement"),
)
_MD_HEADING = re.compile(
    r"^\s{0,3}(?:#{1,6}\s+(?P<h>.+?)\s*#*\s*$|\*\*(?P<b>[^*]{2,60})\*\*:?\s*$|__(?P<u>[^_]{2,60})__:?\s*$)"
)
_COLON_HEADING = re.compile(r"^\s*(?P<h>[A-Za-z][\w /&'-]{1,40}):\s*$")
_UNDERLINE = re.compile(r"^\s*(?:=+|-{3,})\s*$")


def section_target(heading: str) -> str | None:
    low = heading.lower()
    for pattern, target in _HEADINGS:
        if re.search(pattern, low):
            return target
    return None


def _heading(line: str, following: str) -> str | None:
    m = _MD_HEADING.match(line) or _COLON_HEADING.match(line)
    if m:
        return next(g for g in m.groups() if g)
    if following and _UNDERLINE.match(following) and line.strip():
        return line.strip()
    stripped = line.strip()
    if stripped.isupper() and 1 <= len(words(stripped)) <= 5:
        return stripped
    return None


def sections(text: str, *, keep_empty: bool = False) -> list[tuple[str | None, str]]:
    """(heading or None, body) in document order; a heading with nothing under it only when asked."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    out: list[tuple[str | None, list[str]]] = [(None, [])]
    for i, line in enumerate(lines):
        if _UNDERLINE.match(line) and i and out[-1][0] == lines[i - 1].strip():
            continue
        heading = _heading(line, lines[i + 1] if i + 1 < len(lines) else "")
        if heading:
            out.append((heading, []))
        else:
            out[-1][1].append(line)
    return [(h, "\n".join(body)) for h, body in out if keep_empty or "\n".join(body).strip()]


def _paragraphs(text: str):
    """(raw block, prose) of each paragraph of plain prose, in order."""
    for block in re.split(r"\n\s*\n", text):
        lines = [ln for ln in block.strip().split("\n") if ln.strip()]
        if not lines or any(re.match(r"^\s*(?:[-*•+]|\d+[.)]|#)", ln) for ln in lines):
            continue
        prose = clean(" ".join(lines))
        if len(words(prose)) >= 8 and not prose.endswith(":"):
            yield block, prose


_LABEL = re.compile(r"^[A-Z][\w ]{0,25}:\s")


def _problem_sentences(prose: str) -> list[str]:
    """The sentences of an opening paragraph that state the problem: all of them when today's pain
    outweighs what people do; else only the pain and the plain prose, never a list of actions."""
    scratch = Draft(PRDData(), None)
    said = [(s, describes_today(s), claim(scratch, s, None)) for s in sentences(prose)]
    pain = sum(1 for _, today, _ in said if today)
    other = sum(1 for _, today, kind in said if kind and kind != "problem" and not today)
    if pain and pain >= other:
        return [s for s, _, _ in said]
    first_act = next(
        (i for i, (_, today, kind) in enumerate(said) if kind and kind != "problem" and not today), len(said)
    )
    return [s for i, (s, today, kind) in enumerate(said) if today or i < first_act and not kind]


def _opening_problem(parts: list, targets: list) -> list[str]:
    """The problem sentences of the first prose paragraph before any known section."""
    for (_, body), target in zip(parts, targets, strict=False):
        if target is not None:
            return []
        for _, prose in _paragraphs(body):
            return [] if _LABEL.match(prose) else _problem_sentences(prose)
    return []


def _flows(text: str) -> list[steps.Flow]:
    """The flows of every section, a heading naming a task ('Checkout') or a flow ('Booking flow')
    counting as their label; a list under 'Features' stays a list of use cases. A flow that names
    no use case ('Main flow:') belongs to the task heading above it ('UC-1: Book a room')."""
    found, task = [], ""
    for heading, body in sections(text, keep_empty=True):
        target = section_target(heading) if heading else None
        named = heading if heading and (target is None or steps.flow_label(heading) is not None) else None
        bare = steps.strip_number(heading or "")
        if heading and steps.flow_label(heading) is None:
            task = bare if target is None and steps.task_label(bare) else ""
        for flow in steps.flows(body, named):
            flow.context = flow.context or (heading or "")
            if not flow.label and task:
                flow.label, task = task, ""
            elif flow.label:
                task = ""
            found.append(flow)
    return found


def _answered(draft: Draft, text: str) -> list[str]:
    """Sentences where the product answers someone ('…, and the system then notifies the landlord'):
    only the person's part is read as a use case; `reactions` makes the answer its next step."""
    found = []
    for sentence in sentences(text):
        acted = "" if sentence in draft.consumed else reactions.acted_part(sentence, set(draft.known_actor_names()))
        if acted:
            draft.consumed.add(sentence)
            found.append(acted)
    return found


def read_document(draft: Draft, text: str, read_section: Callable[[Draft, str, str | None], None]) -> None:
    """Read each section with the reader its heading calls for; sentences about today's pain make
    the problem when no section states it. Scope comes only from what the text says about scope."""
    parts = sections(text)
    targets = [section_target(h) if h else None for h, _ in parts]
    if "problem_statement" not in targets and not draft.data.problem_statement.text:
        for sentence in _opening_problem(parts, targets):
            draft.add_problem(sentence)
            draft.consumed.add(sentence)
    flows = _flows(text)
    for flow in flows:
        draft.consumed.update(flow.source)
    answered = _answered(draft, text)
    ordered = sorted(range(len(parts)), key=lambda i: (targets[i] not in ("actors", "problem_statement"), i))
    for i in ordered:
        read_section(draft, parts[i][1], targets[i])
    for acted in answered:
        read_sentence(draft, acted)
    for flow in flows:
        steps.attach(draft, flow)
    for read_whole in whole_text_readers():
        read_whole(draft, text)
    humans = draft.human_actors()
    for item in draft.use_cases.values():
        if not item.get("actor") and humans:
            item["actor"] = humans[0]
