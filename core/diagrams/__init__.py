"""The five diagrams of DESIGN §7, drawn from project data only, as DOT and Mermaid."""

from __future__ import annotations

from pydantic import BaseModel, Field

from core.diagrams import activity, class_diagram, context, sequence, use_case
from core.diagrams.base import (
    ACTIVITY,
    CLASS,
    CONTEXT,
    PER_USE_CASE,
    SEQUENCE,
    TITLES,
    TYPES,
    USE_CASE,
    Drawing,
    LabelUse,
)
from core.prd import PRDData

DEFAULT_SYSTEM = "System"
GENERATORS = {
    CONTEXT: context.generate,
    USE_CASE: use_case.generate,
    CLASS: class_diagram.generate,
    SEQUENCE: sequence.generate,
    ACTIVITY: activity.generate,
}


class DiagramSet(BaseModel):
    """Every drawing of a project, by artifact type (sequence and activity: one per use case)."""

    drawings: dict[str, list[Drawing]] = Field(default_factory=dict)

    def all(self) -> list[Drawing]:
        return [d for t in TYPES for d in self.drawings.get(t, [])]

    def of(self, artifact_type: str) -> list[Drawing]:
        return self.drawings.get(artifact_type, [])


def generate(data: PRDData, artifact_type: str, system: str = DEFAULT_SYSTEM) -> list[Drawing]:
    """The drawings of one type; the same data always gives the same text."""
    result = GENERATORS[artifact_type](data, system.strip() or DEFAULT_SYSTEM)
    return result if isinstance(result, list) else [result]


def generate_all(
    data: PRDData, *, system: str = DEFAULT_SYSTEM, types: list[str] | tuple[str, ...] | None = None
) -> DiagramSet:
    """The drawings of every requested type (all five by default)."""
    return DiagramSet(drawings={t: generate(data, t, system) for t in (types or TYPES)})


__all__ = [
    "ACTIVITY",
    "CLASS",
    "CONTEXT",
    "PER_USE_CASE",
    "SEQUENCE",
    "TITLES",
    "TYPES",
    "USE_CASE",
    "DiagramSet",
    "Drawing",
    "LabelUse",
    "generate",
    "generate_all",
]
