"""The validation report (DESIGN §6): what a run stores as JSON, a page shows and the CLI prints."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field, computed_field

Category = Literal["gate", "artifact", "consistency", "text", "ears", "set"]
Severity = Literal["error", "warning"]
Pattern = Literal[
    "ubiquitous", "state-driven", "event-driven", "optional-feature", "unwanted-behaviour", "not-conforming"
]
CATEGORIES: tuple[Category, ...] = ("gate", "artifact", "consistency", "text", "ears", "set")
WEIGHTS: dict[str, int] = {"error": 3, "warning": 1}
PASS_SCORE = 95


class Span(BaseModel):
    """The characters [start, end) of the statement that break the rule, for highlighting."""

    start: int
    end: int
    text: str


class Finding(BaseModel):
    """One failing item of one check; `key` (check id + item) stays the same from run to run."""

    check: str
    item: str  # a stable path to the item, e.g. "use_cases/UC-3/steps/2"
    where: str  # the item as a person names it, e.g. "UC-3 'Place an order', step 2"
    detail: str = ""
    text: str = ""  # the offending statement, for text checks
    spans: list[Span] = Field(default_factory=list)

    @computed_field
    @property
    def key(self) -> str:
        return f"{self.check}:{self.item}"


class CheckResult(BaseModel):
    """One check of the rubric with its outcome, the failing items and how to fix them."""

    id: str
    title: str
    category: Category
    severity: Severity
    weight: int
    passed: bool
    hint: str
    why: str = ""
    findings: list[Finding] = Field(default_factory=list)


class CategoryScore(BaseModel):
    """Passed and total weight of one category, for the per-category chart."""

    category: Category
    passed_weight: int
    total_weight: int
    passed_checks: int
    total_checks: int


class EarsStatement(BaseModel):
    """The EARS pattern of one requirement statement; `closest` and `hint` when it conforms to none."""

    item: str
    where: str
    text: str
    pattern: Pattern
    closest: Pattern | None = None
    hint: str = ""


class Report(BaseModel):
    """A whole validation run; `model_dump(mode="json")` is what a run stores and `--json` prints."""

    version: str
    project: str = ""
    score: int
    passed: bool
    gates_passed: bool
    pass_score: int = PASS_SCORE
    passed_weight: int
    total_weight: int
    passed_checks: int
    failed_checks: int
    checks: list[CheckResult]
    categories: list[CategoryScore]
    ears: list[EarsStatement] = Field(default_factory=list)

    def findings(self) -> list[Finding]:
        return [f for c in self.checks for f in c.findings]

    def failing(self) -> list[CheckResult]:
        return [c for c in self.checks if not c.passed]

    def check(self, check_id: str) -> CheckResult | None:
        return next((c for c in self.checks if c.id == check_id), None)

    def explanation(self) -> str:
        """How the score was computed, in one sentence a page can show."""
        return (
            f"Score {self.score} = 100 × {self.passed_weight} passed weight / {self.total_weight} total weight "
            f"(errors weigh {WEIGHTS['error']}, warnings {WEIGHTS['warning']}); the PRD passes when every hard "
            f"gate passes and the score is at least {self.pass_score}."
        )


class ReportDiff(BaseModel):
    """What changed between two runs, by finding key."""

    new: list[Finding] = Field(default_factory=list)
    fixed: list[Finding] = Field(default_factory=list)
    still_failing: list[Finding] = Field(default_factory=list)


def diff(previous: Report | None, current: Report) -> ReportDiff:
    """Findings new since the previous run, fixed since it, and failing in both."""
    before = {f.key: f for f in previous.findings()} if previous else {}
    now = {f.key: f for f in current.findings()}
    return ReportDiff(
        new=[f for k, f in now.items() if k not in before],
        fixed=[f for k, f in before.items() if k not in now],
        still_failing=[f for k, f in now.items() if k in before],
    )
