"""The data layer under a project's extracted data: load and store its row by project id, with
optimistic locking, and no permission or team check of its own.

Who may call `load` and `store`: core flows that have already checked the actor's permission
and found the project through core/projects/scope.py (projects/data.py, artifacts.py,
export/service.py, intake/service.py, intake/steering.py, intake/conversation.py), and tests and
benchmarks arranging data. Pages and ui/ read and save through core/projects/data.py
(get_project_data, save_project_data); they may import the `StoredData` model from here."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from core.completeness import assess
from core.errors import Conflict, NotFound
from core.prd import IntakeState, PRDData
from db.models import ProjectData
from db.types import utcnow


class StoredData(BaseModel):
    """A project's data as stored, with the version a later save must name."""

    project_id: int
    data: PRDData
    intake: IntakeState
    completeness: int
    version: int
    last_extracted_at: datetime | None
    updated_at: datetime


def _to_model(row: ProjectData) -> StoredData:
    data = PRDData.model_validate(
        {
            "actors": row.actors or [],
            "use_cases": row.use_cases or [],
            "system_boundaries": row.system_boundaries or {},
            "data_entities": row.data_entities or [],
            "problem_statement": row.problem_statement or {},
            "goals": row.goals or [],
            "constraints": row.constraints or {},
            "nfrs": row.nfrs or [],
        }
    )
    return StoredData(
        project_id=row.project_id,
        data=data,
        intake=IntakeState.model_validate(row.intake_state or {}),
        completeness=row.completeness,
        version=row.version,
        last_extracted_at=row.last_extracted_at,
        updated_at=row.updated_at,
    )


def load(db: Session, *, project_id: int) -> StoredData:
    row = db.scalar(select(ProjectData).where(ProjectData.project_id == project_id))
    if row is None:
        raise NotFound("Project not found.")
    return _to_model(row)


def store(
    db: Session,
    *,
    project_id: int,
    data: PRDData,
    expected_version: int,
    intake: IntakeState | None = None,
    extracted: bool = False,
) -> StoredData:
    """Save if nobody saved since `expected_version`; otherwise Conflict carrying their version."""
    values = {
        "actors": [a.model_dump(mode="json") for a in data.actors],
        "use_cases": [u.model_dump(mode="json") for u in data.use_cases],
        "system_boundaries": data.system_boundaries.model_dump(mode="json"),
        "data_entities": [e.model_dump(mode="json") for e in data.data_entities],
        "problem_statement": data.problem_statement.model_dump(mode="json"),
        "goals": [g.model_dump(mode="json") for g in data.goals],
        "constraints": data.constraints.model_dump(mode="json"),
        "nfrs": [n.model_dump(mode="json") for n in data.nfrs],
        "completeness": assess(data).score,
        "version": ProjectData.version + 1,
        "updated_at": utcnow(),
    }
    if intake is not None:
        values["intake_state"] = intake.model_dump(mode="json")
    if extracted:
        values["last_extracted_at"] = utcnow()
    result = db.execute(
        update(ProjectData)
        .where(ProjectData.project_id == project_id, ProjectData.version == expected_version)
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        current = load(db, project_id=project_id)
        raise Conflict(
            "Someone else saved this project's data since you opened it. "
            "Their version is shown; re-apply your change to it.",
            current=current,
        )
    db.expire_all()
    return load(db, project_id=project_id)
