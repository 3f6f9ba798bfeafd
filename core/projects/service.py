"""Projects: create, list, read, edit, status, archive and delete, scoped to the actor's team."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel, ValidationError
from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.orm import Session

from core import audit
from core.billing import check_project_room
from core.errors import Conflict, InvalidInput, pydantic_message
from core.permissions import Actor, Permission, require
from core.projects.schemas import ARCHIVED, WORK_STATUSES, ProjectCreate, ProjectRead, ProjectUpdate
from core.projects.scope import project_in_team, team_projects, to_read
from db.models import Project, ProjectData
from db.types import utcnow


def _parse(model: type[BaseModel], data: Any, fields: dict[str, Any]) -> Any:
    """Validate raw input at the boundary; bad input becomes InvalidInput with clear messages."""
    if isinstance(data, model) and not fields:
        return data
    if data is not None and not isinstance(data, (Mapping, BaseModel)):
        raise InvalidInput(f"Expected the fields of {model.__name__}, got {type(data).__name__}.")
    raw = dict(data.model_dump(exclude_unset=True) if isinstance(data, BaseModel) else data or {})
    raw.update(fields)
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        raise pydantic_message(exc) from exc


def _check_room(db: Session, actor: Actor) -> None:
    """Refuse when the plan's project limit is reached (the team row locked); archived projects do not count."""
    check_project_room(db, actor=actor)


def _change(db: Session, actor: Actor, project_id: int, values: dict[str, Any], version: int | None = None) -> None:
    """Update one project of the team, bumping its version; Conflict if `version` is stale."""
    query = update(Project).where(Project.id == project_id, Project.team_id == actor.team_id)
    if version is not None:
        query = query.where(Project.version == version)
    values = {**values, "version": Project.version + 1, "updated_at": utcnow()}
    result = db.execute(query.values(**values).execution_options(synchronize_session=False))
    if result.rowcount == 1:
        return
    current = project_in_team(db, actor=actor, project_id=project_id)  # NotFound when it is gone or another team's
    raise Conflict(
        "Someone else changed this project since you opened it. Their version is shown; apply your change to it again.",
        current=current,
    )


def create_project(
    db: Session, *, actor: Actor, data: ProjectCreate | Mapping | None = None, **fields: Any
) -> ProjectRead:
    """A new project with an empty data row, within the plan's project limit."""
    require(actor, Permission.PROJECTS_CREATE)
    payload: ProjectCreate = _parse(ProjectCreate, data, fields)
    _check_room(db, actor)
    project = Project(team_id=actor.team_id, name=payload.name, vision=payload.vision, created_by=actor.user_id)
    db.add(project)
    db.flush()
    db.add(ProjectData(project_id=project.id))
    db.flush()
    audit.log(db, actor, "project.created", target=("project", project.id), details={"name": project.name})
    return project_in_team(db, actor=actor, project_id=project.id)


def list_projects(
    db: Session, *, actor: Actor, include_archived: bool = False, search: str | None = None
) -> list[ProjectRead]:
    """The team's projects, most recently updated first, optionally filtered by name or vision."""
    require(actor, Permission.PROJECTS_READ)
    query = team_projects(actor)
    if not include_archived:
        query = query.where(Project.status != ARCHIVED)
    term = (search or "").strip().lower()
    if term:
        query = query.where(
            or_(
                func.lower(Project.name).contains(term, autoescape=True),
                func.lower(Project.vision).contains(term, autoescape=True),
            )
        )
    rows = db.execute(query.order_by(Project.updated_at.desc(), Project.id.desc())).all()
    return [to_read(project, completeness) for project, completeness in rows]


def get_project(db: Session, *, actor: Actor, project_id: int) -> ProjectRead:
    """One project of the actor's team; another team's is NotFound."""
    require(actor, Permission.PROJECTS_READ)
    return project_in_team(db, actor=actor, project_id=project_id)


def update_project(
    db: Session,
    *,
    actor: Actor,
    project_id: int,
    data: ProjectUpdate | Mapping | None = None,
    **fields: Any,
) -> ProjectRead:
    """Rename or re-describe a project, refused if someone else saved it in between."""
    require(actor, Permission.PROJECTS_UPDATE)
    payload: ProjectUpdate = _parse(ProjectUpdate, data, fields)
    values = payload.model_dump(include={"name", "vision"}, exclude_none=True)
    before = project_in_team(db, actor=actor, project_id=project_id)
    changed = sorted(k for k, v in values.items() if getattr(before, k) != v)
    if not changed and before.version == payload.expected_version:
        return before
    _change(db, actor, project_id, values, version=payload.expected_version)
    target = ("project", project_id)
    if "name" in changed:  # the old name is what a reader of the log needs to recognise it
        audit.log(db, actor, "project.renamed", target=target, details={"old": before.name, "new": values["name"]})
    if changed != ["name"]:
        audit.log(db, actor, "project.updated", target=target, details={"fields": [f for f in changed if f != "name"]})
    return project_in_team(db, actor=actor, project_id=project_id)


def set_status(db: Session, *, actor: Actor, project_id: int, status: str) -> ProjectRead:
    """Move a project along intake → in progress → validation → completed."""
    require(actor, Permission.PROJECTS_UPDATE)
    if status == ARCHIVED:
        raise InvalidInput("Use archive to archive a project.", {"status": "use archive"})
    if status not in WORK_STATUSES:
        raise InvalidInput(
            f"Unknown status {status!r}; choose one of {', '.join(WORK_STATUSES)}.",
            {"status": "unknown status"},
        )
    before = project_in_team(db, actor=actor, project_id=project_id)
    if before.archived:
        raise InvalidInput("Restore the project before changing its status.")
    if before.status == status:
        return before
    _change(db, actor, project_id, {"status": status})
    audit.log(
        db,
        actor,
        "project.status_changed",
        target=("project", project_id),
        details={"from": before.status, "to": status},
    )
    return project_in_team(db, actor=actor, project_id=project_id)


def archive_project(db: Session, *, actor: Actor, project_id: int) -> ProjectRead:
    """Hide a project from the lists and free its plan slot, keeping all its data."""
    require(actor, Permission.PROJECTS_UPDATE)
    before = project_in_team(db, actor=actor, project_id=project_id)
    if before.archived:
        return before
    _change(db, actor, project_id, {"status": ARCHIVED, "status_before_archive": before.status})
    audit.log(db, actor, "project.archived", target=("project", project_id), details={"previous_status": before.status})
    return project_in_team(db, actor=actor, project_id=project_id)


def _status_before_archive(db: Session, actor: Actor, project_id: int) -> str:
    """The status the project had when it was archived (intake when unknown)."""
    previous = db.scalar(
        select(Project.status_before_archive).where(Project.id == project_id, Project.team_id == actor.team_id)
    )
    return previous if previous in WORK_STATUSES else WORK_STATUSES[0]


def restore_project(db: Session, *, actor: Actor, project_id: int) -> ProjectRead:
    """Bring an archived project back to the status it had, if the plan has room for it."""
    require(actor, Permission.PROJECTS_UPDATE)
    before = project_in_team(db, actor=actor, project_id=project_id)
    if not before.archived:
        return before
    _check_room(db, actor)
    status = _status_before_archive(db, actor, project_id)
    _change(db, actor, project_id, {"status": status, "status_before_archive": None})
    audit.log(db, actor, "project.restored", target=("project", project_id), details={"status": status})
    return project_in_team(db, actor=actor, project_id=project_id)


def delete_project(db: Session, *, actor: Actor, project_id: int, confirm_name: str) -> None:
    """Delete a project and everything under it, once its name has been typed to confirm."""
    require(actor, Permission.PROJECTS_DELETE)
    project = project_in_team(db, actor=actor, project_id=project_id)
    if (confirm_name or "").strip() != project.name:
        raise InvalidInput(
            "Type the project's name exactly to confirm the deletion.",
            {"confirm_name": "does not match the project name"},
        )
    db.execute(
        delete(Project)
        .where(Project.id == project_id, Project.team_id == actor.team_id)
        .execution_options(synchronize_session="fetch")
    )
    db.expire_all()  # its data, messages and artifacts went with it (ON DELETE CASCADE)
    audit.log(db, actor, "project.deleted", target=("project", project_id), details={"name": project.name})
