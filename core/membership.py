"""Who the signed-in user is in a team: the Actor every service call starts from."""

from __future__ import annotations

from pydantic import BaseModel
from sqlalchemy import select
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
    """The user's role in the team (or their first team); NotFound if they are not a member."""
    query = (
        select(TeamMember.team_id, TeamMember.role)
        .join(User, User.id == TeamMember.user_id)
        .where(TeamMember.user_id == user_id, User.is_active.is_(True))
    )
    if team_id is not None:
        query = query.where(TeamMember.team_id == team_id)
    row = db.execute(query.order_by(TeamMember.created_at, TeamMember.id).limit(1)).first()
    if row is None:
        raise NotFound("You are not a member of that team.")
    return Actor(user_id=user_id, team_id=row.team_id, role=Role(row.role))
