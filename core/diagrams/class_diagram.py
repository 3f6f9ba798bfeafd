"""Class diagram: entities as records with their attributes, relationships with multiplicity."""

from __future__ import annotations

from core.diagrams.base import CLASS, TITLES, Canvas, Drawing, dot_document, mermaid_document, name_key, quoted
from core.diagrams.escape import (
    CLASS_TEXT,
    RELATION,
    display_lines,
    dot_html,
    dot_label,
    mermaid_inline,
)
from core.prd import DataEntity, PRDData

MULTIPLICITY = {
    "one_to_one": ("1", "1"),
    "one_to_many": ("1", "*"),
    "many_to_one": ("*", "1"),
    "many_to_many": ("*", "*"),
}
# How each kind of link is drawn: DOT arrow ends, the Mermaid link, and whether multiplicities show.
# Generalization points from the subclass to a hollow triangle on its parent; composition and
# aggregation put a filled or hollow diamond on the whole.
LINKS = {
    "association": ("arrowhead=vee", "-->", True),
    "aggregation": ("dir=both, arrowtail=odiamond, arrowhead=none", "o--", True),
    "composition": ("dir=both, arrowtail=diamond, arrowhead=none", "*--", True),
    "generalization": ("arrowhead=empty", "--|>", False),
}
LARGE = 60
TABLE = '<TABLE BORDER="0" CELLBORDER="1" CELLSPACING="0" CELLPADDING="4">'


def _dot_record(entity: DataEntity) -> str:
    head = f'<TR><TD BGCOLOR="#e0e7ff"><B>{dot_html(entity.name, 30)}</B></TD></TR>'
    attrs = "<BR/>".join(dot_html(a, 40) for a in entity.attributes if display_lines(a))
    body = f'<TR><TD ALIGN="LEFT" BALIGN="LEFT">{attrs or "&#160;"}</TD></TR>'
    return f"<{TABLE}{head}{body}</TABLE>>"


def _class_label(name: str) -> str:
    """A quoted class name on one line: Mermaid reads a class name with line breaks as Markdown."""
    return f'"{mermaid_inline(name, CLASS_TEXT) or "#32;"}"'


def _entity(c: Canvas, entity: DataEntity) -> str:
    node = c.new_id()
    c.use(f"entity {quoted(entity.name)}", entity.name)
    for attr in entity.attributes:
        c.use(f"attribute {quoted(attr)} of entity {quoted(entity.name)}", attr)
    c.dot.append(f"{node} [label={_dot_record(entity)}, shape=plain];")
    members = [m for m in (mermaid_inline(a) for a in entity.attributes) if m]
    if members:
        c.mermaid.append(f"class {node}[{_class_label(entity.name)}] {{")
        c.mermaid.extend(f"  {m}" for m in members)
        c.mermaid.append("}")
    else:
        c.mermaid.append(f"class {node}[{_class_label(entity.name)}]")
    return node


def _missing_target(c: Canvas, name: str) -> str:
    """A dashed box for a relationship target that is not a defined entity."""
    node = c.new_id()
    c.use(f"relationship target {quoted(name)}", name)
    c.dot.append(f"{node} {c.dot_attrs(name, 30, shape='box', style='dashed')};")
    c.mermaid.append(f"class {node}[{_class_label(name)}]")
    return node


def _dot_edge(source: str, target: str, label: str, link: str, tail: str, head: str) -> str:
    ends, _, counted = LINKS[link]
    counts = f'taillabel="{tail}", headlabel="{head}", labeldistance=1.6, labelangle=35, ' if counted else ""
    return f"{source} -> {target} [label={dot_label(label, 30)}, {counts}{ends}];"


def _mermaid_edge(source: str, target: str, label: str, link: str, tail: str, head: str) -> str:
    _, arrow, counted = LINKS[link]
    text = mermaid_inline(label, RELATION) or "#32;"
    if not counted:
        return f"{source} {arrow} {target} : {text}"
    return f'{source} "{tail}" {arrow} "{head}" {target} : {text}'


def generate(data: PRDData, system: str = "") -> list[Drawing]:
    """The class diagram of the project's data entities; none before there is an entity."""
    if not data.data_entities:
        return []
    c = Canvas()
    ids: dict[str, str] = {}
    for entity in data.data_entities:
        if name_key(entity.name) not in ids:
            ids[name_key(entity.name)] = _entity(c, entity)
    edges: list[tuple[str, str, str, str, str, str]] = []
    for entity in data.data_entities:
        source = ids[name_key(entity.name)]
        for rel in entity.relationships:
            key = name_key(rel.target)
            if key not in ids:
                ids[key] = _missing_target(c, rel.target)
            label = rel.label or ("is a" if rel.type == "generalization" else rel.kind.replace("_", " "))
            c.use(f"relationship {quoted(label)} of entity {quoted(entity.name)}", label)
            edges.append((source, ids[key], label, rel.type, *MULTIPLICITY[rel.kind]))
    for source, target, label, link, tail, head in edges:
        c.dot.append(_dot_edge(source, target, label, link, tail, head))
        c.mermaid.append(_mermaid_edge(source, target, label, link, tail, head))
    layout = 'rankdir=LR, nodesep=0.5, ranksep=1.0, fontname="Helvetica"'
    if len(ids) > LARGE or len(edges) > LARGE:
        layout += ", nslimit=1, nslimit1=1, splines=line"  # keeps Graphviz to seconds on big models
    return [
        Drawing(
            type=CLASS,
            title=TITLES[CLASS],
            dot=dot_document("class_diagram", layout, c.dot),
            mermaid=mermaid_document("classDiagram", c.mermaid),
            labels=c.labels,
        )
    ]
