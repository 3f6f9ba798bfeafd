"""Use case diagram: actors outside a system-boundary cluster that holds the use cases."""

from __future__ import annotations

from core.diagrams.base import (
    TITLES,
    USE_CASE,
    Canvas,
    Drawing,
    dot_document,
    mentions,
    mermaid_document,
    name_key,
    q,
    quoted,
    unique,
)
from core.diagrams.escape import dot_label, mermaid_label
from core.prd import PRDData, UseCase


def _actor_nodes(c: Canvas, data: PRDData) -> dict[str, str]:
    """One node per defined actor, plus one (dashed) per use-case actor nobody defined."""
    ids: dict[str, str] = {}
    kinds: dict[str, str] = {}
    for a in data.actors:
        kinds.setdefault(name_key(a.name), a.kind)
    for name in unique([a.name for a in data.actors] + [u.actor for u in data.use_cases]):
        node = ids.setdefault(name_key(name), c.new_id())
        kind = kinds.get(name_key(name))
        c.use(f"actor {quoted(name)}", name)
        style = "rounded" if kind == "human" else ("rounded,dashed" if kind is None else "solid")
        shape = "box3d" if kind == "external_system" else "box"
        c.dot.append(f"{node} {c.dot_attrs(name, shape=shape, style=q(style))};")
        c.mermaid.append(c.mermaid_node(node, name, "([])" if kind != "external_system" else "[]"))
    return ids


def _secondary(data: PRDData, uc: UseCase) -> list[str]:
    """External-system actors a use case's steps name (drawn on the far side of the boundary)."""
    primary = name_key(uc.actor)
    return [
        a.name
        for a in data.actors
        if a.kind == "external_system"
        and name_key(a.name) != primary
        and any(mentions(step, a.name) for step in uc.steps)
    ]


def generate(data: PRDData, system: str) -> list[Drawing]:
    """The use case diagram of the whole project; none before there is a use case."""
    if not data.use_cases:
        return []
    c = Canvas()
    actors = _actor_nodes(c, data)
    cluster = c.new_id()
    c.use("system name", system)
    c.dot.append(f"subgraph cluster_{cluster} {{")
    c.dot.append(f'  label={dot_label(system)}; style="rounded"; color="#2563eb"; fontname="Helvetica";')
    c.mermaid.append(f"subgraph {cluster}[{mermaid_label(system)}]")
    edges_dot: list[str] = []
    edges_mmd: list[str] = []
    for uc in data.use_cases:
        node = c.new_id()
        text = f"{uc.id}: {uc.name}" if uc.id else uc.name
        c.use(f"use case {quoted(uc.name)}", text)
        c.dot.append(f"  {node} {c.dot_attrs(text, 28, shape='ellipse', style='filled', fillcolor=q('#fef9c3'))};")
        c.mermaid.append(f"  {c.mermaid_node(node, text, '([])')}")
        actor = actors.get(name_key(uc.actor)) if uc.actor.strip() else None
        if actor:
            edges_dot.append(f"{actor} -> {node} [dir=none];")
            edges_mmd.append(f"{actor} --- {node}")
        for name in _secondary(data, uc):
            edges_dot.append(f"{node} -> {actors[name_key(name)]} [dir=none, style=dashed];")
            edges_mmd.append(f"{node} -.- {actors[name_key(name)]}")
    c.dot.append("}")
    c.mermaid.append("end")
    c.dot.extend(edges_dot)
    c.mermaid.extend(edges_mmd)
    return [
        Drawing(
            type=USE_CASE,
            title=TITLES[USE_CASE],
            dot=dot_document("use_case", 'rankdir=LR, nodesep=0.4, ranksep=1.2, fontname="Helvetica"', c.dot),
            mermaid=mermaid_document("flowchart LR", c.mermaid),
            labels=c.labels,
        )
    ]
