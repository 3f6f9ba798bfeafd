"""Audit log writes and reads: who did what to which thing, per team."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.orm import Session

from core.audit_phrases import sentence
from core.permissions import Actor, Permission, require
from db.models import AuditLog, Project, Team, User


class AuditEntry(BaseModel):
    id: int
    created_at: datetime
    actor_user_id: int | None
    actor_email: str | None
    action: str
    target_type: str | None
    target_id: str | None
    details: dict[str, Any]
    actor_name: str  # the doer's name now, "The system" for events nobody did
    target: str  # what it was done to, by name
    sentence: str  # the entry as one readable sentence


class AuditPerson(BaseModel):
    user_id: int
    name: str


Target = tuple[str, int | str]  # what was acted on: ("project", 7), ("user", 3), ("invitation", 12)


def log(
    db: Session,
    actor: Actor,
    action: str,
    *,
    target: Target | None = None,
    details: dict[str, Any] | None = None,
) -> None:
    """Record what the acting member did, in their team: the entry every service writes."""
    target_type, target_id = target if target is not None else (None, None)
    record(
        db,
        action=action,
        team_id=actor.team_id,
        actor_user_id=actor.user_id,
        target_type=target_type,
        target_id=target_id,
        details=details,
    )


def record(
    db: Session,
    *,
    action: str,
    team_id: int | None,
    actor_user_id: int | None,
    target_type: str | None = None,
    target_id: str | int | None = None,
    details: dict[str, Any] | None = None,
) -> None:
    """Add an entry in the caller's transaction, so it commits or rolls back with the action.
    By ids, for events with no acting member: sign-in failures, lockouts, sign-up, accepting an
    invitation before one is a member. Services with an Actor call `log`."""
    db.add(
        AuditLog(
            team_id=team_id,
            actor_user_id=actor_user_id,
            action=action,
            target_type=target_type,
            target_id=None if target_id is None else str(target_id),
            details=details or {},
        )
    )
    db.flush()


def list_entries(
    db: Session,
    *,
    actor: Actor,
    limit: int = 200,
    action: str | None = None,
    actions: Sequence[str] = (),
    people: Sequence[int] = (),
) -> list[AuditEntry]:
    """The team's newest entries first, each as a sentence, filtered by action and by who did it (audit:read)."""
    require(actor, Permission.AUDIT_READ)
    query = (
        select(AuditLog, User.email, User.name)
        .outerjoin(User, User.id == AuditLog.actor_user_id)
        .where(AuditLog.team_id == actor.team_id)
        .order_by(AuditLog.created_at.desc(), AuditLog.id.desc())
        .limit(max(1, min(limit, 1000)))
    )
    wanted = [*actions, *([action] if action else [])]
    if wanted:
        query = query.where(AuditLog.action.in_(wanted))
    if people:
        query = query.where(AuditLog.actor_user_id.in_(list(people)))
    rows = db.execute(query).all()
    names = _current_names(db, actor, [row for row, _, _ in rows])
    return [_entry(row, email, name, names) for row, email, name in rows]


def _current_names(db: Session, actor: Actor, rows: list[AuditLog]) -> dict[tuple[str, str], str]:
    """The names the entries' targets have now, one query per kind of target for the whole page."""
    ids: dict[str, set[int]] = {"project": set(), "user": set()}
    for row in rows:
        if row.target_type in ids and row.target_id and row.target_id.isdigit():
            ids[row.target_type].add(int(row.target_id))
    names: dict[tuple[str, str], str] = {}
    if ids["project"]:
        found = db.execute(
            select(Project.id, Project.name).where(Project.team_id == actor.team_id, Project.id.in_(ids["project"]))
        )
        names.update({("project", str(i)): name for i, name in found})
    if ids["user"]:
        found = db.execute(select(User.id, User.name).where(User.id.in_(ids["user"])))
        names.update({("user", str(i)): name for i, name in found})
    team_name = db.scalar(select(Team.name).where(Team.id == actor.team_id))
    names[("team", str(actor.team_id))] = team_name or ""
    return names


def _target_names(row: AuditLog, names: dict[tuple[str, str], str]) -> dict[str, str]:
    """The target as it reads in a sentence: its current name, else the one recorded, else "deleted"."""
    details = row.details or {}
    current = names.get((row.target_type or "", row.target_id or ""))
    recorded = details.get("name") if isinstance(details.get("name"), str) else None
    project = f"the project “{current or recorded}”" if current or recorded else "a deleted project"
    user = current or details.get("email") or "a former member"
    team = f"the team “{current}”" if current else "the team"
    by_type = {"project": project, "user": str(user), "team": team}
    target = by_type.get(row.target_type or "", details.get("email") or "")
    return {"project": project, "user": str(user), "team": team, "target": str(target)}


def _entry(row: AuditLog, email: str | None, name: str | None, names: dict[tuple[str, str], str]) -> AuditEntry:
    person = name or email or ("The system" if row.actor_user_id is None else "A former member")
    targets = _target_names(row, names)
    details = row.details or {}
    return AuditEntry(
        id=row.id,
        created_at=row.created_at,
        actor_user_id=row.actor_user_id,
        actor_email=email,
        actor_name=person,
        action=row.action,
        target_type=row.target_type,
        target_id=row.target_id,
        target=targets["target"],
        sentence=sentence(row.action, {"actor": person, **targets}, details),
        details=details,
    )


def list_actions(db: Session, *, actor: Actor) -> list[str]:
    """The actions present in the team's log, for filtering it (audit:read)."""
    require(actor, Permission.AUDIT_READ)
    return list(
        db.scalars(
            select(AuditLog.action).where(AuditLog.team_id == actor.team_id).distinct().order_by(AuditLog.action)
        )
    )


def list_people(db: Session, *, actor: Actor) -> list[AuditPerson]:
    """Who appears as the doer in the team's log, by name, for filtering it (audit:read)."""
    require(actor, Permission.AUDIT_READ)
    query = (
        select(User.id, User.name, User.email)
        .where(User.id.in_(select(AuditLog.actor_user_id).where(AuditLog.team_id == actor.team_id)))
        .order_by(User.name, User.email)
    )
    return [AuditPerson(user_id=i, name=name or email) for i, name, email in db.execute(query)]
