"""The team's validation overview: every project's latest score and verdict, for reviewers."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from pydantic import BaseModel
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core.permissions import Actor, Permission, require
from core.projects.schemas import WORK_STATUSES
from db.models import PROJECT_STATUSES, Project, ValidationRun


class ProjectScore(BaseModel):
    """One project's latest validation; score and verdict are None before its first run."""

    project_id: int
    name: str
    status: str
    score: int | None
    passed: bool | None
    passed_checks: int | None
    failed_checks: int | None
    validated_at: datetime | None


def team_scores(db: Session, *, actor: Actor, statuses: Iterable[str] | None = None) -> list[ProjectScore]:
    """The team's projects with their latest run, by name, in one query (projects:read); `statuses`
    narrows them (default: every status but archived)."""
    require(actor, Permission.PROJECTS_READ)
    chosen = [s for s in (WORK_STATUSES if statuses is None else statuses) if s in PROJECT_STATUSES]
    latest = (
        select(ValidationRun.project_id, func.max(ValidationRun.id).label("run_id"))
        .join(Project, Project.id == ValidationRun.project_id)
        .where(Project.team_id == actor.team_id)
        .group_by(ValidationRun.project_id)
        .subquery()
    )
    rows = db.execute(
        select(
            Project.id,
            Project.name,
            Project.status,
            Project.validation_score,
            Project.validation_passed,
            Project.validation_failed,
            ValidationRun.created_at,
            ValidationRun.results["passed"].as_boolean(),
        )
        .outerjoin(latest, latest.c.project_id == Project.id)
        .outerjoin(ValidationRun, ValidationRun.id == latest.c.run_id)
        .where(Project.team_id == actor.team_id, Project.status.in_(chosen))
        .order_by(func.lower(Project.name), Project.id)
    ).all()
    return [
        ProjectScore(
            project_id=pid,
            name=name,
            status=status,
            score=score,
            passed=passed if at is not None else None,
            passed_checks=ok,
            failed_checks=failed,
            validated_at=at,
        )
        for pid, name, status, score, ok, failed, at, passed in rows
    ]
