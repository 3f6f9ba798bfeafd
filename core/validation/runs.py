"""Validation runs of a project: run the rubric over its data and diagrams, store the report, and
read the latest run, the history and what changed since the previous one.

A run stores one validation_runs row whose `results` is the report (`Report.model_dump`) plus
`input_hash`, the fingerprint of what was validated, so running again on an unchanged project
stores nothing new."""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ValidationError
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from core import audit
from core.artifacts import ArtifactRead, current_artifacts, data_hash, record_validation
from core.permissions import Actor, Permission, require
from core.prd import PRDData
from core.projects import storage
from core.projects.schemas import ProjectRead
from core.projects.scope import project_in_team
from core.validation.engine import RULES, validate
from core.validation.model import Report, ReportDiff, diff
from core.validation.version import RUBRIC_VERSION
from db.models import Project, ValidationRun

HISTORY_RUNS = 100  # runs the score history shows, newest last
ARTIFACT_OF = {r.id: r.artifact for r in RULES if r.artifact}


class RunRead(BaseModel):
    """One stored run; `report` is None when it was stored in a shape this version cannot read."""

    id: int
    project_id: int
    created_at: datetime
    score: int
    passed: bool | None  # the verdict: every hard gate and a score of at least 95
    passed_checks: int
    failed_checks: int
    rubric_version: str
    input_hash: str | None = None  # what the run read (see `input_hash`)
    report: Report | None = None


class RunPoint(BaseModel):
    """A run as the score history chart plots it."""

    id: int
    created_at: datetime
    score: int
    passed: bool | None
    rubric_version: str


class RunOutcome(BaseModel):
    """What pressing "Run validation" did: a new run, or none because nothing changed."""

    run: RunRead
    created: bool
    changes: ReportDiff | None  # since the run before `run`; None when there is none
    validated: list[str]  # artifact types moved to validated by this run
    message: str


class ValidationView(BaseModel):
    """Everything the validation page shows for one project, read in one call."""

    project_id: int
    project_name: str
    latest: RunRead | None
    previous_score: int | None
    changes: ReportDiff | None
    history: list[RunPoint]
    up_to_date: bool  # the latest run saw the project's data and diagrams as they are now


def input_hash(*, name: str, data: PRDData, artifacts: list[ArtifactRead]) -> str:
    """The fingerprint of what a run reads: the rubric, the system's name, the data (with its
    sources, which HG10 checks) and the current diagram versions."""
    raw = json.dumps(
        {
            "rubric": RUBRIC_VERSION,
            "name": name,
            "data": data.model_dump(mode="json"),
            "artifacts": sorted([a.type, a.id] for a in artifacts),
        },
        sort_keys=True,
        ensure_ascii=False,
    )
    return hashlib.sha256(raw.encode()).hexdigest()


def stored_report(results: Any) -> Report | None:
    """The report a run stored, or None for a shape this version does not read."""
    if not isinstance(results, dict):
        return None
    try:
        return Report.model_validate(results)
    except ValidationError:
        return None


def _fingerprint_of(row: ValidationRun) -> str | None:
    return row.results.get("input_hash") if isinstance(row.results, dict) else None


def _read(row: ValidationRun) -> RunRead:
    report = stored_report(row.results)
    return RunRead(
        id=row.id,
        project_id=row.project_id,
        created_at=row.created_at,
        score=row.score,
        passed=report.passed if report else None,
        passed_checks=row.passed,
        failed_checks=row.failed,
        rubric_version=row.rubric_version,
        input_hash=_fingerprint_of(row),
        report=report,
    )


def _newest(db: Session, project_id: int, count: int) -> list[ValidationRun]:
    return list(
        db.scalars(
            select(ValidationRun)
            .where(ValidationRun.project_id == project_id)
            .order_by(ValidationRun.id.desc())
            .limit(count)
        )
    )


def _changes(rows: list[ValidationRun]) -> ReportDiff | None:
    """What changed from the second newest run to the newest (rows newest first)."""
    if len(rows) < 2:
        return None
    current, previous = stored_report(rows[0].results), stored_report(rows[1].results)
    return diff(previous, current) if current else None


def _current(db: Session, project: ProjectRead) -> tuple[PRDData, list[ArtifactRead], str, str]:
    """The data, the current diagrams, the data's hash (for staleness) and the run's input hash."""
    data = storage.load(db, project_id=project.id).data
    digest = data_hash(data, project.name)
    arts = current_artifacts(db, project=project, digest=digest)
    return data, arts, digest, input_hash(name=project.name, data=data, artifacts=arts)


def _artifact_errors(report: Report) -> dict[str, list[dict[str, Any]]]:
    """The failing artifact checks by diagram type, one entry per failing item."""
    out: dict[str, list[dict[str, Any]]] = {}
    for check in report.failing():
        kind = ARTIFACT_OF.get(check.id)
        if kind is None:
            continue
        out.setdefault(kind, []).extend(
            {
                "key": f.key,
                "check": check.id,
                "title": check.title,
                "severity": check.severity,
                "where": f.where,
                "detail": f.detail,
                "hint": check.hint,
            }
            for f in check.findings
        )
    return out


def _lock(db: Session, project_id: int) -> None:
    """Runs of one project queue on its row, so two at once cannot both store the same run."""
    db.execute(select(Project.id).where(Project.id == project_id).with_for_update())


def run_validation(db: Session, *, actor: Actor, project_id: int) -> RunOutcome:
    """Validate the project's data and current diagrams (projects:update): store the run, update
    the project's score and counts and the diagrams' errors and statuses; audited. An unchanged
    project (same data, diagrams and rubric as the latest run) stores nothing and says so."""
    require(actor, Permission.PROJECTS_UPDATE)
    project = project_in_team(db, actor=actor, project_id=project_id)
    _lock(db, project.id)
    data, arts, digest, fingerprint = _current(db, project)
    newest = _newest(db, project.id, 2)
    if newest and _fingerprint_of(newest[0]) == fingerprint:
        return RunOutcome(
            run=_read(newest[0]),
            created=False,
            changes=_changes(newest),
            validated=[],
            message=f"Nothing changed since the last run ({newest[0].created_at:%Y-%m-%d %H:%M} UTC): "
            "same data, same diagrams, same rubric. Its result stands; no new run was stored.",
        )
    report = validate(data, name=project.name, artifacts=[d for a in arts for d in a.drawings])
    row = ValidationRun(
        project_id=project.id,
        score=report.score,
        passed=report.passed_checks,
        failed=report.failed_checks,
        results={**report.model_dump(mode="json"), "input_hash": fingerprint},
        rubric_version=report.version,
    )
    db.add(row)
    db.flush()
    db.execute(
        update(Project)
        .where(Project.id == project.id, Project.team_id == actor.team_id)
        .values(
            validation_score=report.score,
            validation_passed=report.passed_checks,
            validation_failed=report.failed_checks,
        )
        .execution_options(synchronize_session=False)
    )
    validated = record_validation(db, project=project, digest=digest, errors=_artifact_errors(report))
    previous = stored_report(newest[0].results) if newest else None
    audit.log(
        db,
        actor,
        "project.validated",
        target=("project", project.id),
        details={
            "run_id": row.id,
            "score": report.score,
            "passed": report.passed,
            "rubric_version": report.version,
            "validated": validated,
        },
    )
    verdict = "passes" if report.passed else "does not pass yet"
    return RunOutcome(
        run=_read(row),
        created=True,
        changes=diff(previous, report) if newest else None,
        validated=validated,
        message=f"Validated: score {report.score}/100, the PRD {verdict}.",
    )


def latest_of(db: Session, *, project: ProjectRead) -> RunRead | None:
    """The newest run. Internal: for core flows that have checked the actor and team (export)."""
    rows = _newest(db, project.id, 1)
    return _read(rows[0]) if rows else None


def project_fingerprint(db: Session, *, project: ProjectRead) -> str:
    """The input hash a run of the project as it is now would store. Internal, like `latest_of`."""
    return _current(db, project)[3]


def latest_run(db: Session, *, actor: Actor, project_id: int) -> RunRead | None:
    """The project's newest run (projects:read), or None before the first."""
    require(actor, Permission.PROJECTS_READ)
    return latest_of(db, project=project_in_team(db, actor=actor, project_id=project_id))


def _history(db: Session, project_id: int, limit: int) -> list[RunPoint]:
    rows = db.execute(
        select(
            ValidationRun.id,
            ValidationRun.created_at,
            ValidationRun.score,
            ValidationRun.rubric_version,
            ValidationRun.results["passed"].as_boolean(),
        )
        .where(ValidationRun.project_id == project_id)
        .order_by(ValidationRun.id.desc())
        .limit(limit)
    ).all()
    return [
        RunPoint(id=i, created_at=at, score=score, passed=passed, rubric_version=version)
        for i, at, score, version, passed in reversed(rows)
    ]


def run_history(db: Session, *, actor: Actor, project_id: int, limit: int = HISTORY_RUNS) -> list[RunPoint]:
    """The project's runs oldest first, the newest `limit` of them (projects:read)."""
    require(actor, Permission.PROJECTS_READ)
    project = project_in_team(db, actor=actor, project_id=project_id)
    return _history(db, project.id, limit)


def changes_since_previous(db: Session, *, actor: Actor, project_id: int) -> ReportDiff | None:
    """New, fixed and still failing findings of the newest run against the one before (projects:read)."""
    require(actor, Permission.PROJECTS_READ)
    project = project_in_team(db, actor=actor, project_id=project_id)
    return _changes(_newest(db, project.id, 2))


def validation_view(db: Session, *, actor: Actor, project_id: int) -> ValidationView:
    """The latest run with what changed since the previous one, the history, and whether the
    project changed since the latest run (projects:read)."""
    require(actor, Permission.PROJECTS_READ)
    project = project_in_team(db, actor=actor, project_id=project_id)
    newest = _newest(db, project.id, 2)
    fingerprint = _current(db, project)[3]
    return ValidationView(
        project_id=project.id,
        project_name=project.name,
        latest=_read(newest[0]) if newest else None,
        previous_score=newest[1].score if len(newest) > 1 else None,
        changes=_changes(newest),
        history=_history(db, project.id, HISTORY_RUNS),
        up_to_date=bool(newest) and _fingerprint_of(newest[0]) == fingerprint,
    )
