"""The latest validation run of a project, reduced to what a PRD shows."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, Field
from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import ValidationRun


class FailedCheck(BaseModel):
    check: str
    hint: str = ""


class ValidationSummary(BaseModel):
    score: int
    passed: int
    failed: int
    rubric_version: str = ""
    created_at: datetime | None = None
    failing: list[FailedCheck] = Field(default_factory=list)


def _failed(result: Any) -> FailedCheck | None:
    if not isinstance(result, dict):
        return None
    ok = result.get("passed", result.get("ok"))
    if ok is None:
        ok = str(result.get("status", "")).lower() in ("pass", "passed", "ok")
    if ok:
        return None
    name = " ".join(str(result.get(k, "")) for k in ("id", "title") if result.get(k)) or str(
        result.get("name", "check")
    )
    return FailedCheck(check=name, hint=str(result.get("hint") or result.get("fix") or ""))


def latest_validation(db: Session, *, project_id: int) -> ValidationSummary | None:
    """The newest run's score and failing checks, or None before the first run."""
    run = db.scalar(
        select(ValidationRun)
        .where(ValidationRun.project_id == project_id)
        .order_by(ValidationRun.created_at.desc(), ValidationRun.id.desc())
        .limit(1)
    )
    if run is None:
        return None
    failing = [f for f in (_failed(r) for r in run.results or []) if f is not None]
    return ValidationSummary(
        score=run.score,
        passed=run.passed,
        failed=run.failed,
        rubric_version=run.rubric_version,
        created_at=run.created_at,
        failing=failing,
    )
