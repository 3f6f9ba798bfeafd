"""Invitations: a link with a random token (only its hash is stored) that lets one email join a team."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta
from urllib.parse import parse_qs, urlparse

from pydantic import BaseModel, EmailStr, ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from core import audit, mail
from core.billing import check_acceptance_seat, check_invitation_seat
from core.config import Settings
from core.errors import InvalidInput, NotFound, PermissionDenied, pydantic_message
from core.permissions import Actor, Permission, Role, check_invitation, require
from core.teams import (
    MemberRead,
    TeamRead,
    count_members,
    count_pending_invitations,
    get_team,
    list_members,
)
from db.models import Invitation, Team, TeamMember, User
from db.types import utcnow

INVITATION_TTL = timedelta(days=7)
INVALID_LINK = "This invitation link is not valid: check that you copied all of it, or ask for a new one."


class InvitationInput(BaseModel):
    email: EmailStr
    role: Role


class InvitationCreated(BaseModel):
    id: int
    email: str
    role: Role
    expires_at: datetime
    token: str  # shown once, in the link to share; only its hash is stored


class InvitationRead(BaseModel):
    id: int
    email: str
    role: Role
    status: str  # pending, expired, accepted or revoked
    invited_by: str | None
    created_at: datetime
    expires_at: datetime


class InvitationPreview(BaseModel):
    """What an invitation link offers, for the page it opens: the team, the role, who invited."""

    team: str
    role: Role
    inviter: str | None
    email: str
    expires_at: datetime


class TeamOverview(BaseModel):
    """Everything the team page shows, read in one transaction."""

    team: TeamRead
    members: list[MemberRead]
    invitations: list[InvitationRead]


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def token_from_link(text: str) -> str:
    """Accept a pasted link (…?invite=TOKEN) or the bare token."""
    text = (text or "").strip()
    if "invite=" in text:
        values = parse_qs(urlparse(text).query or text.split("?", 1)[-1]).get("invite")
        return values[0].strip() if values else ""
    return text


def _status(inv: Invitation, now: datetime) -> str:
    if inv.revoked_at is not None:
        return "revoked"
    if inv.accepted_at is not None:
        return "accepted"
    return "expired" if inv.expires_at <= now else "pending"


def _lock_team(db: Session, team_id: int) -> Team:
    """Lock the team row so two invitations or acceptances cannot both take the last seat."""
    team = db.scalar(select(Team).where(Team.id == team_id).with_for_update())
    if team is None:
        raise NotFound("Team not found.")
    return team


def _validate(email: str, role: Role | str) -> InvitationInput:
    try:
        return InvitationInput(email=(email or "").strip(), role=role)
    except ValidationError as exc:
        raise pydantic_message(exc) from None


def create_invitation(db: Session, *, actor: Actor, email: str, role: Role | str) -> InvitationCreated:
    """Invite an email with a role; a pending seat is held until it is accepted, revoked or expires."""
    require(actor, Permission.TEAM_MANAGE)
    data = _validate(email, role)
    email = str(data.email).lower()
    check_invitation(actor, role=data.role)
    team = _lock_team(db, actor.team_id)
    if _is_member(db, team_id=team.id, email=email):
        raise InvalidInput(f"{email} is already a member of this team.")
    _ensure_seat_for_invitation(db, actor=actor, team=team, email=email)
    _revoke_pending_for(db, actor=actor, email=email)
    token = secrets.token_urlsafe(32)
    inv = Invitation(
        team_id=team.id,
        email=email,
        role=data.role.value,
        token_hash=hash_token(token),
        invited_by=actor.user_id,
        expires_at=utcnow() + INVITATION_TTL,
    )
    db.add(inv)
    db.flush()
    audit.log(
        db, actor, "invitation.created", target=("invitation", inv.id), details={"email": email, "role": inv.role}
    )
    return InvitationCreated(id=inv.id, email=email, role=data.role, expires_at=inv.expires_at, token=token)


def email_invitation(db: Session, *, actor: Actor, created: InvitationCreated, link: str, settings: Settings) -> None:
    """Mail the invitation link to the invited address: which team, which role, who invited (team:manage)."""
    require(actor, Permission.TEAM_MANAGE)
    team = get_team(db, actor=actor)
    inviter = db.get_one(User, actor.user_id)
    subject, body = mail.invitation_message(
        team=team.name,
        role=created.role.value,
        inviter=inviter.name,
        inviter_email=inviter.email,
        invitee=created.email,
        link=link,
        expires_at=created.expires_at,
    )
    mail.send(settings, to=created.email, subject=subject, body=body)


def _ensure_seat_for_invitation(db: Session, *, actor: Actor, team: Team, email: str) -> None:
    """Members plus pending invitations (not counting the one this replaces) stay within the plan."""
    members = count_members(db, team_id=team.id)
    pending = count_pending_invitations(db, team_id=team.id, exclude_email=email)
    check_invitation_seat(db, actor=actor, team=team, members=members, pending=pending)


def _is_member(db: Session, *, team_id: int, email: str) -> bool:
    found = db.scalar(
        select(TeamMember.id)
        .join(User, User.id == TeamMember.user_id)
        .where(TeamMember.team_id == team_id, User.email == email)
    )
    return found is not None


def _revoke_pending_for(db: Session, *, actor: Actor, email: str) -> None:
    """A new invitation replaces the email's pending one, so only the newest link works."""
    pending = db.scalars(
        select(Invitation).where(
            Invitation.team_id == actor.team_id,
            Invitation.email == email,
            Invitation.accepted_at.is_(None),
            Invitation.revoked_at.is_(None),
            Invitation.expires_at > utcnow(),
        )
    ).all()
    for inv in pending:
        _revoke(db, actor=actor, inv=inv, reason="replaced")


def _revoke(db: Session, *, actor: Actor, inv: Invitation, reason: str) -> None:
    inv.revoked_at = utcnow()
    db.flush()
    audit.log(
        db,
        actor,
        "invitation.revoked",
        target=("invitation", inv.id),
        details={"email": inv.email, "role": inv.role, "reason": reason},
    )


def list_invitations(db: Session, *, actor: Actor) -> list[InvitationRead]:
    """The team's invitations, newest first, each with its status (team:manage)."""
    require(actor, Permission.TEAM_MANAGE)
    now = utcnow()
    rows = db.execute(
        select(Invitation, User.email)
        .outerjoin(User, User.id == Invitation.invited_by)
        .where(Invitation.team_id == actor.team_id)
        .order_by(Invitation.created_at.desc(), Invitation.id.desc())
    ).all()
    return [
        InvitationRead(
            id=inv.id,
            email=inv.email,
            role=Role(inv.role),
            status=_status(inv, now),
            invited_by=inviter,
            created_at=inv.created_at,
            expires_at=inv.expires_at,
        )
        for inv, inviter in rows
    ]


def revoke_invitation(db: Session, *, actor: Actor, invitation_id: int) -> None:
    """Make a pending invitation's link stop working (team:manage)."""
    require(actor, Permission.TEAM_MANAGE)
    inv = db.scalar(select(Invitation).where(Invitation.id == invitation_id, Invitation.team_id == actor.team_id))
    if inv is None:
        raise NotFound("Invitation not found.")
    status = _status(inv, utcnow())
    if status != "pending":
        raise InvalidInput(f"This invitation is {status}: only a pending invitation can be revoked.")
    _revoke(db, actor=actor, inv=inv, reason="revoked")


def accept_invitation(db: Session, *, user_id: int, token: str) -> int:
    """Join the invitation's team with its role; returns the team id."""
    token = token_from_link(token)
    if not token:
        raise InvalidInput("Paste the invitation link or its token.")
    inv = db.scalar(select(Invitation).where(Invitation.token_hash == hash_token(token)).with_for_update())
    if inv is None:
        raise NotFound(INVALID_LINK)
    _check_usable(inv)
    _check_invitee(db, inv=inv, user_id=user_id)
    team = _lock_team(db, inv.team_id)
    if db.scalar(select(TeamMember.id).where(TeamMember.team_id == team.id, TeamMember.user_id == user_id)):
        raise InvalidInput(f"You are already a member of {team.name}.")
    check_acceptance_seat(db, team=team, members=count_members(db, team_id=team.id))
    db.add(TeamMember(team_id=team.id, user_id=user_id, role=inv.role))
    inv.accepted_at = utcnow()
    db.flush()
    audit.record(
        db,
        action="invitation.accepted",
        team_id=team.id,
        actor_user_id=user_id,
        target_type="invitation",
        target_id=inv.id,
        details={"email": inv.email, "role": inv.role},
    )
    return team.id


def preview_invitation(db: Session, *, token: str) -> InvitationPreview:
    """The invitation a working link holds; the link's token is the only credential, as when accepting it."""
    token = token_from_link(token)
    inv = db.scalar(select(Invitation).where(Invitation.token_hash == hash_token(token))) if token else None
    if inv is None:
        raise NotFound(INVALID_LINK)
    _check_usable(inv)
    team = db.get_one(Team, inv.team_id)
    inviter = db.get(User, inv.invited_by) if inv.invited_by else None
    return InvitationPreview(
        team=team.name,
        role=Role(inv.role),
        inviter=f"{inviter.name} ({inviter.email})" if inviter else None,
        email=inv.email,
        expires_at=inv.expires_at,
    )


def _check_invitee(db: Session, *, inv: Invitation, user_id: int) -> None:
    """Only the invited address may use the link, whoever else it was forwarded to."""
    user = db.get(User, user_id)
    if user is None or not user.is_active:
        raise NotFound("Your account was not found.")
    if user.email.lower() != inv.email.lower():
        raise PermissionDenied(
            f"This invitation is for {_mask(inv.email)}; you are signed in as {user.email}. "
            "Sign in with the invited address to accept it."
        )


def _check_usable(inv: Invitation) -> None:
    """Each reason a link no longer works gets its own message."""
    if inv.revoked_at is not None:
        raise InvalidInput("This invitation was revoked: ask the team for a new one.")
    if inv.accepted_at is not None:
        raise InvalidInput("This invitation has already been used.")
    if inv.expires_at <= utcnow():
        raise InvalidInput(
            f"This invitation expired on {inv.expires_at:%Y-%m-%d %H:%M} UTC: ask the team for a new one."
        )


def _mask(email: str) -> str:
    """Enough of the invited address to recognise it, without handing it to whoever holds the link."""
    local, _, domain = email.partition("@")
    return f"{local[:1]}***@{domain}"


def team_overview(db: Session, *, actor: Actor) -> TeamOverview:
    """The team page's data: the team, its members and its invitations (team:manage)."""
    require(actor, Permission.TEAM_MANAGE)
    return TeamOverview(
        team=get_team(db, actor=actor),
        members=list_members(db, actor=actor),
        invitations=list_invitations(db, actor=actor),
    )
