"""Context diagram: the system in the middle, people and external systems around, labelled flows."""

from __future__ import annotations

from core.diagrams.base import (
    CONTEXT,
    TITLES,
    Canvas,
    Drawing,
    dot_document,
    external_systems,
    mentions,
    mermaid_document,
    name_key,
    quoted,
    summary,
)
from core.diagrams.escape import dot_html, mermaid_label
from core.prd import PRDData


def _human_flow(data: PRDData, name: str, role: str) -> str:
    key = name_key(name)
    names = [u.name for u in data.use_cases if name_key(u.actor) == key]
    return summary(names) if names else (role or "uses")


def _system_flow(data: PRDData, name: str) -> str:
    names = [u.name for u in data.use_cases if any(mentions(s, name) for s in u.steps)]
    names += [u.name for u in data.use_cases if name_key(u.actor) == name_key(name)]
    return summary(list(dict.fromkeys(names))) if names else "exchanges data"


def _system_node(c: Canvas, system: str, data: PRDData) -> tuple[str, str, str]:
    node = c.new_id()
    c.use("system name", system)
    parts = [f"<B>{dot_html(system)}</B>"]
    components = [x for x in data.system_boundaries.internal if x.strip()]
    for comp in components:
        c.use(f"internal component {quoted(comp)}", comp)
    if components:
        inner = "<BR/>".join(dot_html(x, 30) for x in components)
        parts.append(f'<FONT POINT-SIZE="9">{inner}</FONT>')
    dot = (
        f'{node} [label=<{"<BR/>".join(parts)}>, shape=box, style="rounded,filled", '
        f'fillcolor="#dbeafe", penwidth=2, margin="0.3,0.2"];'
    )
    text = system + ("\n" + "\n".join(components) if components else "")
    return node, dot, c.mermaid_node(node, text, "[[]]")


def generate(data: PRDData, system: str) -> list[Drawing]:
    """The context diagram of the whole project; none while nobody is around the system."""
    if not any(a.kind == "human" for a in data.actors) and not external_systems(data):
        return []
    c = Canvas()
    sys_id, sys_dot, sys_mmd = _system_node(c, system, data)
    c.dot.append(sys_dot)
    c.mermaid.append(sys_mmd)
    for actor in (a for a in data.actors if a.kind == "human"):
        node, flow = c.new_id(), _human_flow(data, actor.name, actor.role)
        c.use(f"actor {quoted(actor.name)}", actor.name)
        c.use(f"flow of actor {quoted(actor.name)}", flow)
        c.dot.append(f"{node} {c.dot_attrs(actor.name, shape='box', style='rounded')};")
        c.dot.append(f"{node} -> {sys_id} {c.dot_attrs(flow, 30)};")
        c.mermaid.append(c.mermaid_node(node, actor.name, "([])"))
        c.mermaid.append(f"{node} -->|{mermaid_label(flow, 30)}| {sys_id}")
    for name in external_systems(data):
        node, flow = c.new_id(), _system_flow(data, name)
        c.use(f"external system {quoted(name)}", name)
        c.use(f"flow of external system {quoted(name)}", flow)
        c.dot.append(f"{node} {c.dot_attrs(name, shape='box3d')};")
        c.dot.append(f"{sys_id} -> {node} {c.dot_attrs(flow, 30, dir='both')};")
        c.mermaid.append(c.mermaid_node(node, name, "[]"))
        c.mermaid.append(f"{sys_id} <-->|{mermaid_label(flow, 30)}| {node}")
    return [
        Drawing(
            type=CONTEXT,
            title=TITLES[CONTEXT],
            dot=dot_document("context", 'rankdir=LR, nodesep=0.5, ranksep=1.4, fontname="Helvetica"', c.dot),
            mermaid=mermaid_document("flowchart LR", c.mermaid),
            labels=c.labels,
        )
    ]
