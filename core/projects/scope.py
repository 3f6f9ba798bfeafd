"""The one team-scoped project lookup: to an actor, another team's project does not exist.

Every service that starts from a project id finds the project here, so "not found, never
forbidden" is decided once. The lookup checks no permission: callers `require()` theirs first.
"""

from __future__ import annotations

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from core.errors import NotFound
from core.permissions import Actor
from core.projects.schemas import ProjectRead
from db.models import Project, ProjectData

NOT_FOUND = "Project not found."


def team_projects(actor: Actor) -> Select:
    """The actor's team's projects with their completeness, in one query."""
    return (
        select(Project, func.coalesce(ProjectData.completeness, 0))
        .outerjoin(ProjectData, ProjectData.project_id == Project.id)
        .where(Project.team_id == actor.team_id)
        .execution_options(populate_existing=True)
    )


def to_read(project: Project, completeness: int) -> ProjectRead:
    """A row of `team_projects` as the read model."""
    return ProjectRead(
        completeness=completeness,
        **{f: getattr(project, f) for f in ProjectRead.model_fields if f != "completeness"},
    )


def project_in_team(db: Session, *, actor: Actor, project_id: int) -> ProjectRead:
    """The project if it belongs to the actor's team; NotFound otherwise (never "forbidden")."""
    row = db.execute(team_projects(actor).where(Project.id == project_id)).first()
    if row is None:
        raise NotFound(NOT_FOUND)
    return to_read(*row)
