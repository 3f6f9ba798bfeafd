"""Sequence diagram per use case: actor → system → external systems, one message per step."""

from __future__ import annotations

import re
from itertools import pairwise

from core.diagrams.base import (
    SEQUENCE,
    Canvas,
    Drawing,
    dot_document,
    external_systems,
    mentions,
    mermaid_document,
    name_key,
    q,
    quoted,
)
from core.diagrams.escape import SEQUENCE_TEXT, dot_label, mermaid_text
from core.prd import PRDData, UseCase

REPLY_VERBS = {
    "show",
    "shows",
    "display",
    "displays",
    "return",
    "returns",
    "notify",
    "notifies",
    "send",
    "sends",
    "confirm",
    "confirms",
    "email",
    "emails",
    "present",
    "presents",
    "redirect",
    "redirects",
    "inform",
    "informs",
    "respond",
    "responds",
    "reply",
    "replies",
}
SELF_VERBS = {
    "validate",
    "validates",
    "check",
    "checks",
    "calculate",
    "calculates",
    "store",
    "stores",
    "save",
    "saves",
    "create",
    "creates",
    "update",
    "updates",
    "generate",
    "generates",
    "record",
    "records",
    "verify",
    "verifies",
    "compute",
    "computes",
    "process",
    "processes",
    "log",
    "logs",
    "assign",
    "assigns",
    "reserve",
    "reserves",
    "schedule",
    "schedules",
}
_WORD = re.compile(r"[^\W\d_]+")


def _first_verb(step: str, system: str) -> str:
    text = step.strip().casefold()
    if text.startswith("if ") and "," in text:
        text = text.split(",", 1)[1].strip()
    for subject in (system.casefold(), "the system", "system"):
        if subject and text.startswith(subject):
            text = text[len(subject) :]
            break
    match = _WORD.search(text)
    return match.group(0) if match else ""


def message(step: str, system: str, externals: list[str]) -> tuple[int, int, bool]:
    """(sender, receiver, is_reply) for one step: 0 is the actor, 1 the system, 2.. externals."""
    for i, ext in enumerate(externals):
        if step.strip().casefold().startswith(ext.casefold()):
            return 2 + i, 1, True
        if mentions(step, ext):
            return 1, 2 + i, False
    verb = _first_verb(step, system)
    if verb in REPLY_VERBS:
        return 1, 0, True
    if verb in SELF_VERBS:
        return 1, 1, False
    return 0, 1, False


def _participants(uc: UseCase, data: PRDData, system: str) -> tuple[str, list[str]]:
    actor = uc.actor.strip() or "User"
    taken = {name_key(actor), name_key(system)}
    externals = [e for e in external_systems(data) if name_key(e) not in taken]
    used = [e for e in externals if any(mentions(s, e) for s in uc.steps)]
    return actor, used


def _lifelines(c: Canvas, ids: list[str], rows: int) -> list[list[str]]:
    """Invisible points down each participant's dashed lifeline, one per message row."""
    points = [[c.new_id() for _ in range(rows + 1)] for _ in ids]
    for j, (head, column) in enumerate(zip(ids, points, strict=True)):
        c.dot.append(" ".join(f"{p} [group=g{j}];" for p in [head, *column]))
        c.dot.append(
            f"{head} -> {' -> '.join(column)} [arrowhead=none, style=dashed, weight=100, color={q('#94a3b8')}];"
        )
    for row in range(rows + 1):
        c.dot.append("{rank=same; " + " ".join(col[row] for col in points) + "}")
        if len(points) > 1:
            c.dot.append(" -> ".join(col[row] for col in points) + " [style=invis];")
    return points


def _message_edges(points: list[list[str]], row: int, a: int, b: int, label: str, reply: bool) -> list[str]:
    """A message as flat edges between neighbouring lifelines, labelled on the first one
    (Graphviz 2.43 corrupts memory on a labelled flat edge that passes over a node)."""
    style = ", style=dashed" if reply else ""
    step = 1 if b >= a else -1
    cols = [a] if a == b else list(range(a, b + step, step))
    hops = list(pairwise(cols)) or [(a, a)]
    edges = []
    for i, (x, y) in enumerate(hops):
        attrs = [f"label={dot_label(label, 36)}"] if i == 0 else []
        attrs += ["constraint=false"] + ([] if i == len(hops) - 1 else ["arrowhead=none"])
        edges.append(f"{points[x][row]} -> {points[y][row]} [{', '.join(attrs)}{style}];")
    return edges


def generate_one(uc: UseCase, data: PRDData, system: str) -> Drawing:
    """The sequence diagram of one use case's steps."""
    c = Canvas()
    actor, externals = _participants(uc, data, system)
    names = [actor, system, *externals]
    ids = [c.new_id() for _ in names]
    is_person = all(a.kind == "human" for a in data.actors if name_key(a.name) == name_key(actor))
    for i, (node, name) in enumerate(zip(ids, names, strict=True)):
        c.use(f"participant {quoted(name)}" if i != 1 else "system name", name)
        c.dot.append(f"{node} {c.dot_attrs(name, 24, shape='box', style=q('rounded,filled'), fillcolor=q('#e0f2fe'))};")
        kind = "actor" if i == 0 and is_person else "participant"
        c.mermaid.append(f"{kind} {node} as {mermaid_text(name, 24, SEQUENCE_TEXT) or '#32;'}")
    c.dot.append("{rank=same; " + " ".join(ids) + "}")
    c.dot.append(f"{' -> '.join(ids)} [style=invis];" if len(ids) > 1 else "")
    steps = [s for s in uc.steps if s.strip()]
    c.dot.append('node [shape=point, width=0.01, height=0.01, style=invis, label=""];')
    points = _lifelines(c, ids, len(steps))
    for row, step in enumerate(steps, start=1):
        a, b, reply = message(step, system, externals)
        c.use(f"step {row} of use case {quoted(uc.name)}", step)
        c.dot.extend(_message_edges(points, row, a, b, f"{row}. {step}", reply))
        arrow = "-->>" if reply else "->>"
        c.mermaid.append(f"{ids[a]}{arrow}{ids[b]}: {mermaid_text(step, 50, SEQUENCE_TEXT) or '#32;'}")
    return Drawing(
        type=SEQUENCE,
        key=uc.id or uc.name,
        title=f"{uc.id} {uc.name}".strip(),
        dot=dot_document(
            "sequence",
            'rankdir=TB, splines=true, nodesep=1.6, ranksep=0.45, fontname="Helvetica"',
            [x for x in c.dot if x],
        ),
        mermaid=mermaid_document("sequenceDiagram\n  autonumber", c.mermaid),
        labels=c.labels,
    )


def generate(data: PRDData, system: str) -> list[Drawing]:
    """One sequence diagram per use case that has steps."""
    return [generate_one(uc, data, system) for uc in data.use_cases if any(s.strip() for s in uc.steps)]
