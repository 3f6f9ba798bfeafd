"""Exporting a project's PRD: permission and team checks, an audit entry, artifacts → exported."""

from __future__ import annotations

from collections.abc import Callable

from pydantic import BaseModel
from sqlalchemy.orm import Session

from core import audit
from core.artifacts import current_diagrams, mark_exported
from core.export.html_page import ExportInfo, render_html
from core.export.markdown import render_markdown
from core.export.summary import latest_validation
from core.filenames import slug
from core.permissions import Actor, Permission, require
from core.prd import ProjectDocument
from core.projects import storage
from core.projects.schemas import ProjectRead
from core.projects.scope import project_in_team
from db.models import Team, User
from db.types import utcnow

# Each format's file extension and media type.
EXTENSIONS = {"markdown": ("md", "text/markdown"), "html": ("html", "text/html")}


class ExportedFile(BaseModel):
    filename: str
    media_type: str
    content: str


def filename_for(name: str, extension: str) -> str:
    """A safe file name from the project name ("prd" when nothing usable is left)."""
    return f"{slug(name, limit=60) or 'prd'}-prd.{extension}"


def _about(db: Session, project: ProjectRead) -> ExportInfo:
    """The title block's facts: the team, who created the project, its version and status, now."""
    author = db.get(User, project.created_by) if project.created_by else None
    return ExportInfo(
        team=db.get_one(Team, project.team_id).name,
        author=author.name if author else "",
        version=project.version,
        status=project.status,
        exported_at=utcnow(),
    )


def _export(db: Session, *, actor: Actor, project_id: int, fmt: str, render: Callable[..., str]) -> ExportedFile:
    require(actor, Permission.PROJECTS_READ)
    project = project_in_team(db, actor=actor, project_id=project_id)
    doc = ProjectDocument(name=project.name, vision=project.vision, data=storage.load(db, project_id=project.id).data)
    diagrams, digest = current_diagrams(db, project=project)
    extra = {"about": _about(db, project)} if fmt == "html" else {}
    content = render(doc, diagrams, latest_validation(db, project=project), **extra)
    moved = mark_exported(db, project=project, digest=digest)
    audit.log(
        db, actor, "project.exported", target=("project", project.id), details={"format": fmt, "artifacts": moved}
    )
    extension, media_type = EXTENSIONS[fmt]
    return ExportedFile(filename=filename_for(project.name, extension), media_type=media_type, content=content)


def export_markdown(db: Session, *, actor: Actor, project_id: int) -> ExportedFile:
    """The PRD as Markdown (projects:read); recorded in the audit log."""
    return _export(db, actor=actor, project_id=project_id, fmt="markdown", render=render_markdown)


def export_html(db: Session, *, actor: Actor, project_id: int) -> ExportedFile:
    """The PRD as one self-contained HTML file (projects:read); recorded in the audit log."""
    return _export(db, actor=actor, project_id=project_id, fmt="html", render=render_html)
