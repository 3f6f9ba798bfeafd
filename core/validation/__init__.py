"""The validation rubric (DESIGN §6): hard gates, artifact minimums, consistency, INCOSE text rules,
EARS and set checks over a PRD, scored into one report."""

from core.prd import PRDData
from core.validation import gates
from core.validation.context import Context
from core.validation.ears import classify as classify_ears
from core.validation.engine import RULES, validate
from core.validation.gates import gate_passes
from core.validation.model import (
    CategoryScore,
    CheckResult,
    EarsStatement,
    Finding,
    Report,
    ReportDiff,
    Span,
    diff,
)
from core.validation.text import text_problems
from core.validation.version import RUBRIC_VERSION

__all__ = [
    "RUBRIC_VERSION",
    "RULES",
    "CategoryScore",
    "CheckResult",
    "EarsStatement",
    "Finding",
    "Report",
    "ReportDiff",
    "Span",
    "classify_ears",
    "diff",
    "failing_gates",
    "gate_passes",
    "text_problems",
    "validate",
]


def failing_gates(data: PRDData, *, name: str | None = None) -> list[tuple[str, str]]:
    """(id, title) of each hard gate the data fails, in rubric order: what the assistant names
    before the artifacts are generated."""
    ctx = Context(data, name=name)
    return [(rule.id, rule.title) for rule in gates.RULES if rule.check(ctx)]
