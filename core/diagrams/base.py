"""What every generator returns, and the small helpers they share."""

from __future__ import annotations

import re
from collections.abc import Iterable

from pydantic import BaseModel, Field

from core.diagrams.escape import dot_label, mermaid_label
from core.prd import PRDData, normalise_name

CONTEXT = "context_diagram"
USE_CASE = "use_case"
CLASS = "class_diagram"
SEQUENCE = "sequence_diagram"
ACTIVITY = "activity_diagram"
TYPES = (CONTEXT, USE_CASE, CLASS, SEQUENCE, ACTIVITY)
PER_USE_CASE = (SEQUENCE, ACTIVITY)
# Mermaid refuses longer text by default ("Maximum text size in diagram exceeded").
MERMAID_MAX_TEXT = 50_000
TITLES = {
    CONTEXT: "Context diagram",
    USE_CASE: "Use case diagram",
    CLASS: "Class diagram",
    SEQUENCE: "Sequence diagram",
    ACTIVITY: "Activity diagram",
}

NOTHING_TO_DRAW = {
    CONTEXT: "Nothing to draw yet: add actors or external systems on the Project data page, then regenerate.",
    USE_CASE: "Nothing to draw yet: add use cases on the Project data page, then regenerate.",
    CLASS: "Nothing to draw yet: add data entities on the Project data page, then regenerate.",
    SEQUENCE: "No use case has steps yet: add steps on the Project data page, then regenerate.",
    ACTIVITY: "No use case has steps yet: add steps on the Project data page, then regenerate.",
}

DOT_DEFAULTS = (
    '  node [fontname="Helvetica", fontsize=11];\n  edge [fontname="Helvetica", fontsize=10, color="#475569"];\n'
)


class LabelUse(BaseModel):
    """One user text drawn in a diagram, with the item it came from (to name it on failure)."""

    item: str
    text: str


class Drawing(BaseModel):
    """One diagram as DOT and Mermaid; `key` is the use case id for per-use-case diagrams."""

    type: str
    key: str = ""
    title: str
    dot: str
    mermaid: str
    labels: list[LabelUse] = Field(default_factory=list, exclude=True)

    @property
    def mermaid_too_large(self) -> bool:
        """Mermaid renderers refuse this text at their default size limit (the DOT is complete)."""
        return len(self.mermaid) > MERMAID_MAX_TEXT


def too_large_note(drawing: Drawing) -> str:
    """Why a diagram's Mermaid text will not render (callers say where the complete drawing is)."""
    return (
        f"Its Mermaid text is {len(drawing.mermaid):,} characters, more than the {MERMAID_MAX_TEXT:,} that "
        "Mermaid renderers accept by default, so they show an error instead of the diagram."
    )


class Canvas:
    """Collects nodes and edges for both languages with generated ids, never user text."""

    def __init__(self) -> None:
        self.count = 0
        self.dot: list[str] = []
        self.mermaid: list[str] = []
        self.labels: list[LabelUse] = []

    def new_id(self) -> str:
        self.count += 1
        return f"n{self.count}"

    def use(self, item: str, text: str) -> None:
        self.labels.append(LabelUse(item=item, text=text))

    def dot_attrs(self, label: str, width: int = 40, **attrs: str) -> str:
        """An attribute list with an escaped label and trusted attributes."""
        parts = [f"label={dot_label(label, width)}"] + [f"{k}={v}" for k, v in attrs.items()]
        return "[" + ", ".join(parts) + "]"

    def mermaid_node(self, node_id: str, text: str, shape: str = "[]") -> str:
        """`n1["text"]` with the opening and closing of `shape`, e.g. "([])" or "{}"."""
        half = len(shape) // 2
        return f"{node_id}{shape[:half]}{mermaid_label(text)}{shape[half:]}"


def q(value: str) -> str:
    """A trusted attribute value (colours, styles) as a DOT string."""
    return f'"{value}"'


def dot_document(kind: str, graph_attrs: str, body: Iterable[str]) -> str:
    lines = [f"digraph {kind} {{", f"  graph [{graph_attrs}];", DOT_DEFAULTS.rstrip("\n")]
    lines.extend(f"  {line}" for line in body)
    lines.append("}")
    return "\n".join(lines) + "\n"


def mermaid_document(header: str, body: Iterable[str]) -> str:
    return "\n".join([header, *(f"  {line}" for line in body)]) + "\n"


def external_systems(data: PRDData) -> list[str]:
    """External systems: actors of that kind and the boundary's external list, once each."""
    names = [a.name for a in data.actors if a.kind == "external_system"]
    names += list(data.system_boundaries.external)
    return unique(names)


NAME_LIMIT = 60


def quoted(name: str) -> str:
    """A name as messages show it: on one line, in quotes, cut after 60 characters."""
    flat = " ".join(name.split())
    return f"'{flat[:NAME_LIMIT]}…'" if len(flat) > NAME_LIMIT else f"'{flat}'"


def name_key(name: str) -> str:
    """What two names are matched by; names of punctuation or emoji only keep their own text."""
    return normalise_name(name) or name.strip()


def unique(names: Iterable[str]) -> list[str]:
    """Names in first-seen order, deduplicated by their normalised form, blanks dropped."""
    seen: set[str] = set()
    out: list[str] = []
    for name in names:
        key = name_key(name)
        if name.strip() and key not in seen:
            seen.add(key)
            out.append(name.strip())
    return out


def mentions(text: str, name: str) -> bool:
    """Whether `text` names `name` as whole words, ignoring case."""
    name = name.strip()
    if not name:
        return False
    return re.search(r"(?<!\w)" + re.escape(name.casefold()) + r"(?!\w)", text.casefold()) is not None


def summary(names: list[str], limit: int = 3) -> str:
    """ "a, b, c +2 more" for an edge label listing several things."""
    shown = ", ".join(names[:limit])
    return shown + (f" +{len(names) - limit} more" if len(names) > limit else "")
