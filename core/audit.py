"""Audit log writes and reads: who did what to which thing, per team."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.orm import Session

from core.permissions import Actor, Permission, require
from db.models import AuditLog, User


class AuditEntry(BaseModel):
    id: int
    created_at: datetime
    actor_user_id: int | None
    actor_email: str | None
    action: str
    target_type: str | None
    target_id: str | None
    details: dict[str, Any]


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


def list_entries(db: Session, *, actor: Actor, limit: int = 200, action: str | None = None) -> list[AuditEntry]:
    """The team's newest entries first (audit:read)."""
    require(actor, Permission.AUDIT_READ)
    query = (
        select(AuditLog, User.email)
        .outerjoin(User, User.id == AuditLog.actor_user_id)
        .where(AuditLog.team_id == actor.team_id)
        .order_by(AuditLog.created_at.desc(), AuditLog.id.desc())
        .limit(max(1, min(limit, 1000)))
    )
    if action:
        query = query.where(AuditLog.action == action)
    return [
        AuditEntry(
            id=row.id,
            created_at=row.created_at,
            actor_user_id=row.actor_user_id,
            actor_email=email,
            action=row.action,
            target_type=row.target_type,
            target_id=row.target_id,
            details=row.details or {},
        )
        for row, email in db.execute(query).all()
    ]


def list_actions(db: Session, *, actor: Actor) -> list[str]:
    """The actions present in the team's log, for filtering it (audit:read)."""
    require(actor, Permission.AUDIT_READ)
    return list(
        db.scalars(
            select(AuditLog.action).where(AuditLog.team_id == actor.team_id).distinct().order_by(AuditLog.action)
        )
    )
