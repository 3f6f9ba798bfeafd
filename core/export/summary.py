"""The latest validation run of a project, reduced to what a PRD shows."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from core.projects.schemas import ProjectRead
from core.validation.model import PASS_SCORE, CheckResult
from core.validation.runs import latest_of, project_fingerprint


class FailedCheck(BaseModel):
    """A failing check as the PRD lists it: which, how serious, how many items, how to fix it."""

    id: str
    title: str = ""
    severity: str = "warning"
    items: int = 0
    hint: str = ""

    @property
    def gate(self) -> bool:
        return self.severity == "error"


class ValidationSummary(BaseModel):
    score: int
    passed: bool | None  # the verdict; None when the run's report cannot be read
    gates_passed: bool | None = None
    passed_checks: int
    failed_checks: int
    pass_score: int = PASS_SCORE
    rubric_version: str = ""
    created_at: datetime | None = None
    up_to_date: bool = True  # the project's data and diagrams are as the run saw them
    failing: list[FailedCheck] = Field(default_factory=list)


def _failed(check: CheckResult) -> FailedCheck:
    return FailedCheck(
        id=check.id, title=check.title, severity=check.severity, items=len(check.findings), hint=check.hint
    )


def latest_validation(db: Session, *, project: ProjectRead) -> ValidationSummary | None:
    """The newest run's score, verdict and failing checks (hard gates first), or None before the
    first run. Internal: the export service has checked the actor and team already."""
    run = latest_of(db, project=project)
    if run is None:
        return None
    report = run.report
    failing = sorted(report.failing(), key=lambda c: c.severity != "error") if report else []
    return ValidationSummary(
        score=run.score,
        passed=report.passed if report else None,
        gates_passed=report.gates_passed if report else None,
        passed_checks=run.passed_checks,
        failed_checks=run.failed_checks,
        pass_score=report.pass_score if report else PASS_SCORE,
        rubric_version=run.rubric_version,
        created_at=run.created_at,
        up_to_date=run.input_hash == project_fingerprint(db, project=project),
        failing=[_failed(c) for c in failing],
    )
