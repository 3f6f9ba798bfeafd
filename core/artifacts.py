"""Stored diagrams per project and type: versions, staleness, and draft → validated → exported."""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from typing import Any

from pydantic import BaseModel, Field
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from core.diagrams import PER_USE_CASE, TITLES, TYPES, DiagramSet, Drawing, generate_all
from core.diagrams.check import verify
from core.errors import Conflict, InvalidInput, NotFound
from core.permissions import Actor, Permission, require
from core.prd import PRDData
from core.projects import storage
from core.projects.schemas import ProjectRead
from core.projects.scope import project_in_team
from db.models import Artifact

DRAFT, VALIDATED, EXPORTED = "draft", "validated", "exported"


class ArtifactRead(BaseModel):
    """One stored version of a diagram type; `drawings` holds one per use case for sequence/activity."""

    id: int
    project_id: int
    type: str
    title: str
    version: int
    status: str
    data_hash: str
    stale: bool = False
    drawings: list[Drawing] = Field(default_factory=list)
    validation_errors: list[Any] = Field(default_factory=list)
    created_at: datetime


def _without_sources(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _without_sources(v) for k, v in value.items() if k != "source"}
    if isinstance(value, list):
        return [_without_sources(v) for v in value]
    return value


def data_hash(data: PRDData, system: str) -> str:
    """The fingerprint of what diagrams are drawn from; sources (who said it) do not count."""
    raw = json.dumps(
        {"system": system, "data": _without_sources(data.model_dump(mode="json"))}, sort_keys=True, ensure_ascii=False
    )
    return hashlib.sha256(raw.encode()).hexdigest()


def _content(artifact_type: str, drawings: list[Drawing], digest: str) -> dict[str, Any]:
    """What is stored; a type with nothing to draw yet keeps only the hash (the page says what to add)."""
    if artifact_type in PER_USE_CASE:
        items = [{"use_case_id": d.key, "title": d.title, "dot": d.dot, "mermaid": d.mermaid} for d in drawings]
        return {"data_hash": digest, "use_cases": items}
    if not drawings:
        return {"data_hash": digest}
    return {"data_hash": digest, "dot": drawings[0].dot, "mermaid": drawings[0].mermaid}


def _drawings(row: Artifact) -> list[Drawing]:
    content = row.content or {}
    if row.type in PER_USE_CASE:
        return [
            Drawing(
                type=row.type,
                key=i.get("use_case_id", ""),
                title=i.get("title", ""),
                dot=i["dot"],
                mermaid=i["mermaid"],
            )
            for i in content.get("use_cases", [])
        ]
    if not content.get("dot"):
        return []
    return [Drawing(type=row.type, title=TITLES[row.type], dot=content["dot"], mermaid=content.get("mermaid", ""))]


def _read(row: Artifact, current_hash: str | None = None) -> ArtifactRead:
    digest = (row.content or {}).get("data_hash", "")
    return ArtifactRead(
        id=row.id,
        project_id=row.project_id,
        type=row.type,
        title=TITLES[row.type],
        version=row.version,
        status=row.status,
        data_hash=digest,
        stale=current_hash is not None and digest != current_hash,
        drawings=_drawings(row),
        validation_errors=list(row.validation_errors or []),
        created_at=row.created_at,
    )


def _types(types: list[str] | tuple[str, ...] | None) -> list[str]:
    chosen = list(dict.fromkeys(types or TYPES))
    unknown = [t for t in chosen if t not in TYPES]
    if unknown:
        raise InvalidInput(f"Unknown diagram type: {', '.join(unknown)}.", {"types": ", ".join(unknown)})
    return chosen


def current_diagrams(db: Session, *, project: ProjectRead, types: list[str] | None = None) -> tuple[DiagramSet, str]:
    """Diagrams drawn fresh from the project's data (checked to parse), with the data's hash."""
    data = storage.load(db, project_id=project.id).data
    diagrams = generate_all(data, system=project.name, types=types)
    verify(diagrams.all())
    return diagrams, data_hash(data, project.name)


def generate(db: Session, *, actor: Actor, project_id: int, types: list[str] | None = None) -> list[ArtifactRead]:
    """Draw the requested types (all five by default) and store each that changed as a new draft
    version; a type whose newest version already shows exactly this drawing is left as it is
    (its status kept) and is not in the result."""
    require(actor, Permission.PROJECTS_UPDATE)
    project = project_in_team(db, actor=actor, project_id=project_id)
    chosen = _types(types)
    diagrams, digest = current_diagrams(db, project=project, types=chosen)
    newest = {row.type: row for row in _current_rows(db, project.id)}
    rows = []
    try:
        with db.begin_nested():
            for artifact_type in chosen:
                content = _content(artifact_type, diagrams.of(artifact_type), digest)
                previous = newest.get(artifact_type)
                if previous is not None and previous.content == content:
                    continue
                row = Artifact(
                    project_id=project.id,
                    type=artifact_type,
                    content=content,
                    status=DRAFT,
                    version=(previous.version if previous else 0) + 1,
                )
                db.add(row)
                rows.append(row)
            db.flush()
    except IntegrityError:
        raise Conflict("Someone generated these diagrams at the same moment. Try again.") from None
    return [_read(row, digest) for row in rows]


def _current_rows(db: Session, project_id: int) -> list[Artifact]:
    latest = (
        select(Artifact.type, func.max(Artifact.version).label("version"))
        .where(Artifact.project_id == project_id)
        .group_by(Artifact.type)
        .subquery()
    )
    rows = db.scalars(
        select(Artifact)
        .join(latest, (Artifact.type == latest.c.type) & (Artifact.version == latest.c.version))
        .where(Artifact.project_id == project_id)
    ).all()
    return sorted(rows, key=lambda r: TYPES.index(r.type))


def list_current(db: Session, *, actor: Actor, project_id: int) -> list[ArtifactRead]:
    """The newest version of each type, marked stale when the data changed since it was drawn."""
    require(actor, Permission.PROJECTS_READ)
    project = project_in_team(db, actor=actor, project_id=project_id)
    digest = data_hash(storage.load(db, project_id=project.id).data, project.name)
    return [_read(row, digest) for row in _current_rows(db, project.id)]


def get_versions(db: Session, *, actor: Actor, project_id: int, artifact_type: str) -> list[ArtifactRead]:
    """Every stored version of one type, newest first, for comparison."""
    require(actor, Permission.PROJECTS_READ)
    project = project_in_team(db, actor=actor, project_id=project_id)
    (artifact_type,) = _types([artifact_type])
    digest = data_hash(storage.load(db, project_id=project.id).data, project.name)
    rows = db.scalars(
        select(Artifact)
        .where(Artifact.project_id == project.id, Artifact.type == artifact_type)
        .order_by(Artifact.version.desc())
    ).all()
    return [_read(row, digest) for row in rows]


def mark_validated(db: Session, *, actor: Actor, project_id: int, artifact_type: str) -> ArtifactRead:
    """A validation run found no error for this type: its current draft becomes validated."""
    require(actor, Permission.PROJECTS_UPDATE)
    project = project_in_team(db, actor=actor, project_id=project_id)
    (artifact_type,) = _types([artifact_type])
    row = next((r for r in _current_rows(db, project.id) if r.type == artifact_type), None)
    if row is None:
        raise NotFound(f"No {TITLES[artifact_type].lower()} has been generated yet.")
    digest = data_hash(storage.load(db, project_id=project.id).data, project.name)
    if (row.content or {}).get("data_hash") != digest:
        raise Conflict(f"The {TITLES[artifact_type].lower()} is older than the project data: regenerate first.")
    if row.status == DRAFT:
        row.status = VALIDATED
        row.validation_errors = []
        db.flush()
    return _read(row, digest)


def mark_exported(db: Session, *, project: ProjectRead, digest: str) -> list[str]:
    """After an export: the current, up-to-date artifacts become exported; returns their types.
    Internal: the export service has checked the actor and team already."""
    moved = []
    for row in _current_rows(db, project.id):
        if (row.content or {}).get("data_hash") == digest:
            row.status = EXPORTED
            moved.append(row.type)
    db.flush()
    return moved


def current_artifacts(db: Session, *, project: ProjectRead, digest: str) -> list[ArtifactRead]:
    """The newest version of each type, stale when drawn from other data than `digest`.
    Internal: a validation run has checked the actor and team already."""
    return [_read(row, digest) for row in _current_rows(db, project.id)]


def record_validation(db: Session, *, project: ProjectRead, digest: str, errors: dict[str, list[Any]]) -> list[str]:
    """After a validation run: each current artifact keeps the failing checks of its type; an
    up-to-date draft with a drawing and none of them becomes validated, a validated one with some
    goes back to draft (stale and exported ones keep their status). Returns the types validated.
    Internal: the run has checked the actor and team already."""
    moved = []
    for row in _current_rows(db, project.id):
        found = errors.get(row.type, [])
        row.validation_errors = found
        fresh = (row.content or {}).get("data_hash") == digest
        if found and row.status == VALIDATED:
            row.status = DRAFT
        elif not found and fresh and row.status == DRAFT and _drawings(row):
            row.status = VALIDATED
            moved.append(row.type)
    db.flush()
    return moved
