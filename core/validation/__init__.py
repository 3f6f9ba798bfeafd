"""The validation rubric (DESIGN §6): hard gates, artifact minimums, consistency, INCOSE text rules,
EARS and set checks over a PRD, scored into one report."""

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
    "gate_passes",
    "text_problems",
    "validate",
]
