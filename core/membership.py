"""Who the signed-in user is in a team: the Actor every service call starts from."""

from __future__ import annotations

from datetime import UTC, datetime

from pydantic import BaseModel
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from core.errors import NotFound
from core.permissions import Actor, Role
from db.models import Team, TeamMember, User


class Membership(BaseModel):
    team_id: int
    team_name: str
    role: Role
    plan: str


def list_memberships(db: Session, *, user_id: int) -> list[Membership]:
    """The teams a user belongs to, oldest membership first (the personal team)."""
    rows = db.execute(
        select(TeamMember.team_id, Team.name, TeamMember.role, Team.plan)
        .join(Team, Team.id == TeamMember.team_id)
        .where(TeamMember.user_id == user_id)
        .order_by(TeamMember.created_at, TeamMember.id)
    ).all()
    return [Membership(team_id=t, team_name=n, role=Role(r), plan=p) for t, n, r, p in rows]


def resolve_actor(db: Session, *, user_id: int, team_id: int | None) -> Actor:
    """The user's role in the team (or the team they used last, else their first); NotFound if
    they are not a member."""
    query = (
        select(TeamMember.team_id, TeamMember.role)
        .join(User, User.id == TeamMember.user_id)
        .where(TeamMember.user_id == user_id, User.is_active.is_(True))
    )
    if team_id is not None:
        query = query.where(TeamMember.team_id == team_id)
    latest_first = TeamMember.last_used_at.is_(None), TeamMember.last_used_at.desc()
    row = db.execute(query.order_by(*latest_first, TeamMember.created_at, TeamMember.id).limit(1)).first()
    if row is None:
        raise NotFound("You are not a member of that team.")
    return Actor(user_id=user_id, team_id=row.team_id, role=Role(row.role))


def mark_used(db: Session, *, actor: Actor) -> None:
    """Remember the team this member works in now, so a new tab opens it next time."""
    db.execute(
        update(TeamMember)
        .where(TeamMember.team_id == actor.team_id, TeamMember.user_id == actor.user_id)
        .values(last_used_at=datetime.now(UTC))
    )
