"""Teams and their members: who is in the team, with which role, under the rules of DESIGN §4."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field, ValidationError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core import audit
from core.billing import limits_for
from core.errors import Conflict, InvalidInput, NotFound, pydantic_message
from core.names import visible_name
from core.permissions import (
    Actor,
    Permission,
    Role,
    check_not_yourself,
    check_removal,
    check_role_change,
    may_change_member,
    may_grant,
    require,
)
from db.models import Invitation, Team, TeamMember, User
from db.types import utcnow

LAST_OWNER = "The team needs at least one owner: make someone else owner first."
LAST_OWNER_LEAVING = "You are the team's last owner: make someone else owner before you leave."


class TeamRead(BaseModel):
    id: int
    name: str
    plan: str
    members: int
    pending_invitations: int
    seat_limit: int

    @property
    def seats_used(self) -> int:
        """Pending invitations hold a seat until they are accepted, revoked or expire."""
        return self.members + self.pending_invitations


class MemberRead(BaseModel):
    user_id: int
    name: str
    email: str
    role: Role
    joined: datetime
    is_you: bool = False
    can_change_role: bool = False  # whether the acting member may change this member's role
    can_remove: bool = False


class TeamName(BaseModel):
    name: str = Field(min_length=1, max_length=255)


def assignable_roles(actor: Actor) -> list[Role]:
    """Roles the actor may grant: admins cannot hand out the owner role."""
    return [r for r in Role if may_grant(actor, r)]


def get_team(db: Session, *, actor: Actor) -> TeamRead:
    """The actor's team with its plan and seat usage; any member may see it."""
    team = db.get(Team, actor.team_id)
    if team is None:
        raise NotFound("Team not found.")
    return TeamRead(
        id=team.id,
        name=team.name,
        plan=team.plan,
        members=count_members(db, team_id=team.id),
        pending_invitations=count_pending_invitations(db, team_id=team.id),
        seat_limit=limits_for(team.plan).seats,
    )


def count_members(db: Session, *, team_id: int) -> int:
    return db.scalar(select(func.count()).select_from(TeamMember).where(TeamMember.team_id == team_id)) or 0


def count_pending_invitations(db: Session, *, team_id: int, exclude_email: str | None = None) -> int:
    """Invitations still usable: not accepted, not revoked, not expired."""
    query = (
        select(func.count())
        .select_from(Invitation)
        .where(
            Invitation.team_id == team_id,
            Invitation.accepted_at.is_(None),
            Invitation.revoked_at.is_(None),
            Invitation.expires_at > utcnow(),
        )
    )
    if exclude_email is not None:
        query = query.where(Invitation.email != exclude_email)
    return db.scalar(query) or 0


def list_members(db: Session, *, actor: Actor) -> list[MemberRead]:
    """The team's members, owners first, with what the actor may do to each (team:manage)."""
    require(actor, Permission.TEAM_MANAGE)
    rows = db.execute(
        select(TeamMember, User.name, User.email)
        .join(User, User.id == TeamMember.user_id)
        .where(TeamMember.team_id == actor.team_id)
        .order_by(TeamMember.created_at, TeamMember.id)
    ).all()
    order = list(Role)
    members = [_to_read(actor, m, name=name, email=email) for m, name, email in rows]
    return sorted(members, key=lambda m: order.index(m.role))


def _get_member(db: Session, *, team_id: int, user_id: int) -> TeamMember:
    member = db.scalar(select(TeamMember).where(TeamMember.team_id == team_id, TeamMember.user_id == user_id))
    if member is None:
        raise NotFound("That person is not a member of this team.")
    return member


def _other_owners(db: Session, *, team_id: int, user_id: int) -> int:
    """Owners besides `user_id`, counted under the team row's lock: two owner changes in one team
    queue behind each other, so they cannot both pass the check (nor deadlock on member rows)."""
    db.execute(select(Team.id).where(Team.id == team_id).with_for_update())
    return (
        db.scalar(
            select(func.count(TeamMember.id)).where(
                TeamMember.team_id == team_id, TeamMember.role == Role.OWNER, TeamMember.user_id != user_id
            )
        )
        or 0
    )


def _ensure_not_last_owner(db: Session, member: TeamMember, message: str = LAST_OWNER) -> None:
    """The last owner cannot leave, be removed or be demoted: the one place this is checked."""
    if member.role == Role.OWNER and _other_owners(db, team_id=member.team_id, user_id=member.user_id) == 0:
        raise Conflict(message)


def _parse_role(role: Role | str) -> Role:
    try:
        return Role(role)
    except ValueError:
        raise InvalidInput(f"Unknown role {role!r}: choose one of {', '.join(Role)}.") from None


def change_role(db: Session, *, actor: Actor, user_id: int, role: Role | str) -> MemberRead:
    """Give a member another role; admins cannot touch owners, nobody changes their own role.
    The checks run in this order, so the last owner trying to step down hears why they cannot."""
    require(actor, Permission.TEAM_MANAGE)
    new_role = _parse_role(role)
    member = _get_member(db, team_id=actor.team_id, user_id=user_id)
    old_role = Role(member.role)
    check_role_change(actor, target_role=old_role, new_role=new_role)
    if new_role != old_role:
        _ensure_not_last_owner(db, member)
    check_not_yourself(actor, user_id=user_id)
    if new_role != old_role:
        member.role = new_role.value
        db.flush()
        audit.log(
            db,
            actor,
            "member.role_changed",
            target=("user", user_id),
            details={"old": old_role.value, "new": new_role.value},
        )
    return _member_read(db, actor=actor, member=member)


def _member_read(db: Session, *, actor: Actor, member: TeamMember) -> MemberRead:
    user = db.get(User, member.user_id)
    return _to_read(actor, member, name=user.name, email=user.email)


def _to_read(actor: Actor, member: TeamMember, *, name: str, email: str) -> MemberRead:
    touchable = may_change_member(actor, user_id=member.user_id, role=Role(member.role))
    return MemberRead(
        user_id=member.user_id,
        name=name,
        email=email,
        role=Role(member.role),
        joined=member.created_at,
        is_you=member.user_id == actor.user_id,
        can_change_role=touchable,
        can_remove=touchable,
    )


def remove_member(db: Session, *, actor: Actor, user_id: int) -> None:
    """Take someone out of the team; admins cannot remove owners and the last owner stays."""
    require(actor, Permission.TEAM_MANAGE)
    member = _get_member(db, team_id=actor.team_id, user_id=user_id)
    check_removal(actor, target_role=Role(member.role))
    _ensure_not_last_owner(db, member)
    check_not_yourself(actor, user_id=user_id, removing=True)
    details = {"role": member.role, "email": db.get(User, user_id).email}
    db.delete(member)
    db.flush()
    audit.log(db, actor, "member.removed", target=("user", user_id), details=details)


def leave_team(db: Session, *, actor: Actor) -> None:
    """Leave the actor's team; any member may, except the last owner."""
    member = _get_member(db, team_id=actor.team_id, user_id=actor.user_id)
    _ensure_not_last_owner(db, member, LAST_OWNER_LEAVING)
    role = member.role
    db.delete(member)
    db.flush()
    audit.log(db, actor, "member.left", target=("user", actor.user_id), details={"role": role})


def rename_team(db: Session, *, actor: Actor, name: str) -> TeamRead:
    """Rename the team (team:manage)."""
    require(actor, Permission.TEAM_MANAGE)
    try:
        new_name = TeamName(name=visible_name(name or "")).name
    except ValidationError as exc:
        raise pydantic_message(exc) from None
    team = db.get(Team, actor.team_id)
    if team is None:
        raise NotFound("Team not found.")
    old_name, team.name = team.name, new_name
    db.flush()
    if old_name != new_name:
        audit.log(db, actor, "team.renamed", target=("team", team.id), details={"old": old_name, "new": new_name})
    return get_team(db, actor=actor)
