"""Password reset: a one-time link (only its hash is stored) that sets a new password within an hour.

The link reaches its owner by email when SMTP_URL is set; otherwise an owner or admin makes it on
the Team page, or whoever runs the server with `python -m core reset-link EMAIL`.
"""

from __future__ import annotations

import contextlib
import hashlib
import secrets
from datetime import datetime, timedelta

from pydantic import BaseModel
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from core import audit, mail
from core.accounts import UserRead, _audit_on_teams, _hash, _read, password_problem
from core.config import Settings
from core.errors import InvalidInput, NotFound, PermissionDenied
from core.permissions import Actor, Permission, Role, require
from db.models import PasswordReset, TeamMember, User
from db.types import utcnow

RESET_TTL = timedelta(hours=1)
RESEND_AFTER = timedelta(minutes=1)
RESET_PATH = "reset"
RESET_SENT = (
    "If an account uses this address, a link to choose a new password is on its way to it. "
    "The link works once, for one hour; check your spam folder if it does not arrive."
)
INVALID_RESET = "This password reset link is not valid: check that you copied all of it, or ask for a new one."


class ResetLink(BaseModel):
    email: str
    token: str  # shown or mailed once; only its hash is stored
    expires_at: datetime


def _hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def reset_url(base_url: str, token: str) -> str:
    """The reset page's address with the token, under the app's address."""
    return f"{base_url.rstrip('/')}/{RESET_PATH}?reset={token}"


def _active_user(db: Session, email: str) -> User | None:
    email = (email or "").strip().lower()
    user = db.scalar(select(User).where(User.email == email)) if email else None
    return user if user is not None and user.is_active else None


def _issue(db: Session, user: User, *, created_by: int | None) -> ResetLink:
    """A new link; the user's earlier unused links stop working, so only the newest one does."""
    now = utcnow()
    db.execute(
        update(PasswordReset)
        .where(PasswordReset.user_id == user.id, PasswordReset.used_at.is_(None))
        .values(used_at=now, updated_at=now)
    )
    token = secrets.token_urlsafe(32)
    row = PasswordReset(user_id=user.id, token_hash=_hash_token(token), expires_at=now + RESET_TTL)
    row.created_by = created_by
    db.add(row)
    db.flush()
    return ResetLink(email=user.email, token=token, expires_at=row.expires_at)


def request_reset(db: Session, *, email: str, base_url: str, settings: Settings) -> str:
    """The sign-in page's "Forgot password?": mail a link if the address has an account; same answer either way."""
    user = _active_user(db, email)
    if user is None or not settings.email_enabled or _just_mailed(db, user.id):
        return RESET_SENT
    link = _issue(db, user, created_by=None)
    _audit_on_teams(db, user, "account.password_reset_requested", {"email": user.email})
    subject, body = mail.reset_message(email=user.email, link=reset_url(base_url, link.token))
    # A failure is logged by send(); saying so would tell the asker that the address has an account.
    with contextlib.suppress(mail.MailNotSent):
        mail.send(settings, to=user.email, subject=subject, body=body)
    return RESET_SENT


def _just_mailed(db: Session, user_id: int) -> bool:
    """A link mailed in the last minute is still on its way: the form cannot be used to flood a mailbox."""
    since = utcnow() - RESEND_AFTER
    recent = select(PasswordReset.id).where(
        PasswordReset.user_id == user_id, PasswordReset.created_by.is_(None), PasswordReset.created_at > since
    )
    return db.scalar(recent.limit(1)) is not None


def make_reset_link(db: Session, *, actor: Actor, user_id: int) -> ResetLink:
    """An owner or admin makes a reset link for a member of the team, to hand over themselves (team:manage)."""
    require(actor, Permission.TEAM_MANAGE)
    role = db.scalar(select(TeamMember.role).where(TeamMember.team_id == actor.team_id, TeamMember.user_id == user_id))
    if role is None:
        raise NotFound("That person is not a member of this team.")
    if user_id == actor.user_id:
        raise InvalidInput("Change your own password on the Account page.")
    if role == Role.OWNER.value and actor.role != Role.OWNER:
        raise PermissionDenied("Only an owner can make a password reset link for an owner.")
    user = db.get_one(User, user_id)
    other_teams = select(TeamMember.id).where(TeamMember.user_id == user_id, TeamMember.team_id != actor.team_id)
    if db.scalar(other_teams.limit(1)) is not None:
        raise PermissionDenied(
            f"{user.email} also belongs to another team, whose projects the link would open too: "
            "ask whoever runs the server for a link (python -m core reset-link)."
        )
    link = _issue(db, user, created_by=actor.user_id)
    audit.log(db, actor, "account.reset_link_created", target=("user", user.id), details={"email": user.email})
    return link


def operator_reset_link(db: Session, *, email: str) -> ResetLink:
    """The command line's link for whoever runs the server, who can already read the database."""
    user = _active_user(db, email)
    if user is None:
        raise NotFound(f"No active account uses {email.strip()}.")
    link = _issue(db, user, created_by=None)
    _audit_on_teams(db, user, "account.reset_link_created", {"email": user.email, "by": "operator"})
    return link


def _usable(db: Session, token: str) -> PasswordReset:
    """The link's row, locked; each reason a link no longer works gets its own message."""
    token = (token or "").strip()
    row = db.scalar(select(PasswordReset).where(PasswordReset.token_hash == _hash_token(token)).with_for_update())
    if not token or row is None:
        raise InvalidInput(INVALID_RESET)
    if row.used_at is not None:
        raise InvalidInput("This password reset link was already used, or a newer one was made: ask for a new one.")
    if row.expires_at <= utcnow():
        raise InvalidInput("This password reset link has expired (links work for one hour): ask for a new one.")
    return row


def reset_target(db: Session, *, token: str) -> str:
    """The email of the account a working link resets, for the reset page to name."""
    row = _usable(db, token)
    user = db.get(User, row.user_id)
    if user is None or not user.is_active:
        raise InvalidInput(INVALID_RESET)
    return user.email


def reset_password(db: Session, *, token: str, new_password: str, repeat: str) -> UserRead:
    """Set the new password, use up the link and end every session that began before now."""
    row = _usable(db, token)
    user = db.get(User, row.user_id)
    if user is None or not user.is_active:
        raise InvalidInput(INVALID_RESET)
    problems = [p for p in (password_problem(new_password or ""),) if p]
    if new_password != repeat:
        problems.append("The two passwords do not match.")
    if problems:
        raise InvalidInput(" ".join(problems))
    now = utcnow()
    user.password_hash = _hash(new_password)
    user.sessions_valid_after = now
    user.failed_logins, user.locked_until = 0, None  # whoever holds the link proved they own the address
    row.used_at = now
    db.flush()
    _audit_on_teams(db, user, "account.password_reset", {"email": user.email})
    return _read(user)
