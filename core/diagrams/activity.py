"""Activity diagram per use case: start → steps → end; a step saying "if …" is a decision."""

from __future__ import annotations

import re

from pydantic import BaseModel

from core.diagrams.base import ACTIVITY, Canvas, Drawing, dot_document, mermaid_document, q, quoted
from core.prd import PRDData, UseCase

_IF = re.compile(r"(?<!\w)if(?!\w)", re.IGNORECASE)
_THEN = re.compile(r",\s*(?:then\s+)?|\s+then\s+", re.IGNORECASE)


class Step(BaseModel):
    """An action, or a decision: when `condition` holds, `action` (if any) runs first."""

    action: str = ""
    condition: str = ""


def parse_step(text: str) -> Step:
    """ "If the card is declined, show an error" → decision; "Retry if it fails" → decision too."""
    text = text.strip()
    match = _IF.search(text)
    if match is None:
        return Step(action=text)
    before, after = text[: match.start()].strip(" ,;"), text[match.end() :].strip()
    if before:
        return Step(action=before, condition=after.rstrip(" .?!"))
    split = _THEN.search(after)
    if split is None:
        return Step(condition=after.rstrip(" .?!"))
    return Step(condition=after[: split.start()].strip(), action=after[split.end() :].strip())


def _node(c: Canvas, text: str, item: str, dot: dict[str, str], shape: str) -> str:
    node = c.new_id()
    c.use(item, text)
    c.dot.append(f"{node} {c.dot_attrs(text, 32, **dot)};")
    c.mermaid.append(c.mermaid_node(node, text, shape))
    return node


def _edge(c: Canvas, a: str, b: str, label: str = "") -> None:
    c.dot.append(f"{a} -> {b}" + (f' [label="{label}"]' if label else "") + ";")
    c.mermaid.append(f"{a} -->" + (f"|{label}|" if label else "") + f" {b}")


ACTION = {"shape": "box", "style": q("rounded,filled"), "fillcolor": q("#ecfccb")}
DECISION = {"shape": "diamond", "style": "filled", "fillcolor": q("#fef3c7")}


def generate_one(uc: UseCase, data: PRDData | None = None, system: str = "") -> Drawing:
    """The activity diagram of one use case's steps."""
    c = Canvas()
    start, end = c.new_id(), c.new_id()
    c.dot.append(f'{start} [label="", shape=circle, style=filled, fillcolor=black, width=0.25];')
    c.dot.append(f'{end} [label="", shape=doublecircle, style=filled, fillcolor=black, width=0.2];')
    c.mermaid += [f'{start}(("Start"))', f'{end}((("End")))']
    pending: list[tuple[str, str]] = [(start, "")]  # (node, edge label) waiting for the next node
    for n, text in enumerate((s for s in uc.steps if s.strip()), start=1):
        step = parse_step(text)
        item = f"step {n} of use case {quoted(uc.name)}"
        if not step.condition:
            node = _node(c, step.action, item, ACTION, "([])")
            for src, label in pending:
                _edge(c, src, node, label)
            pending = [(node, "")]
            continue
        decision = _node(c, step.condition.rstrip("?") + "?", item, DECISION, "{}")
        for src, label in pending:
            _edge(c, src, decision, label)
        if step.action:
            action = _node(c, step.action, item, ACTION, "([])")
            _edge(c, decision, action, "yes")
            pending = [(action, ""), (decision, "no")]
        else:
            _edge(c, decision, end, "no")
            pending = [(decision, "yes")]
    for src, label in pending:
        _edge(c, src, end, label)
    return Drawing(
        type=ACTIVITY,
        key=uc.id or uc.name,
        title=f"{uc.id} {uc.name}".strip(),
        dot=dot_document("activity", 'rankdir=TB, nodesep=0.5, ranksep=0.4, fontname="Helvetica"', c.dot),
        mermaid=mermaid_document("flowchart TD", c.mermaid),
        labels=c.labels,
    )


def generate(data: PRDData, system: str = "") -> list[Drawing]:
    """One activity diagram per use case that has steps."""
    return [generate_one(uc, data, system) for uc in data.use_cases if any(s.strip() for s in uc.steps)]
