"""Users, passwords, sign-up, sign-in with lockout, and the server-side session cut-off."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import bcrypt
from pydantic import BaseModel, EmailStr, Field, ValidationError, field_validator
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from core import audit, unknown_sign_ins
from core.config import get_settings
from core.errors import AccountLocked, Conflict, InvalidInput, NotFound, pydantic_message
from core.names import visible_or_none
from db.models import Team, TeamMember, User
from db.types import utcnow

MIN_PASSWORD_CHARS = 10
MAX_PASSWORD_BYTES = 72  # bcrypt refuses longer input
MAX_FAILED_SIGN_INS = 5
LOCKOUT = timedelta(minutes=15)
BCRYPT_ROUNDS = 12
WRONG_CREDENTIALS = "Wrong email or password."
EMAIL_TAKEN = "An account with this email exists: sign in instead."


class UserRead(BaseModel):
    id: int
    email: str
    name: str
    is_active: bool
    last_login_at: datetime | None
    created_at: datetime


def password_problem(password: str) -> str | None:
    """Why a new password is refused (None when it is fine): one rule for every form."""
    if len(password) < MIN_PASSWORD_CHARS:
        return f"The password must be at least {MIN_PASSWORD_CHARS} characters long."
    if len(password.encode("utf-8")) > MAX_PASSWORD_BYTES:
        return (
            f"The password must be at most {MAX_PASSWORD_BYTES} bytes "
            "(about 72 letters; accented letters and emoji count as 2–4)."
        )
    return None


def _check_new_password(value: str) -> str:
    problem = password_problem(value)
    if problem:
        raise ValueError(problem)
    return value


class NameInput(BaseModel):
    name: str = Field(min_length=1, max_length=255)

    @field_validator("name", mode="before")
    @classmethod
    def _strip(cls, value: object) -> object:
        return visible_or_none(value)


class AccountInput(NameInput):
    email: EmailStr = Field(max_length=320)

    @field_validator("email", mode="before")
    @classmethod
    def _clean_email(cls, value: object) -> object:
        return value.strip() if isinstance(value, str) else value


class SignUpInput(AccountInput):
    password: str

    @field_validator("password")
    @classmethod
    def _password_rule(cls, value: str) -> str:
        return _check_new_password(value)


class PasswordChangeInput(BaseModel):
    current_password: str
    new_password: str

    @field_validator("new_password")
    @classmethod
    def _password_rule(cls, value: str) -> str:
        return _check_new_password(value)


# What a person is told about a field, instead of pydantic's "name: String should have…".
FIELD_MESSAGES = {
    "name": "Please enter your name (at most 255 characters).",
    "email": "Please enter a valid email address.",
}


def _describe(field: str, err: dict) -> str | None:
    """Our sentence for the field; for an email, with the validator's reason (a missing @, …)."""
    reason = (err.get("ctx") or {}).get("reason")
    if field == "email" and reason:
        return f"{FIELD_MESSAGES['email']} {reason}"
    return FIELD_MESSAGES.get(field)


def sign_up_problems(db: Session, *, name: str, email: str, password: str, repeat: str) -> list[str]:
    """Every reason a sign-up would be refused, in form order, so the form can show them all at once."""
    refused: dict[str, str] = {}
    try:
        AccountInput(name=name, email=email)
    except ValidationError as exc:
        refused = _human_message(exc).errors
    problems = list(dict.fromkeys(refused.values()))
    if "email" not in refused and email_taken(db, email=email):
        problems.append(EMAIL_TAKEN)
    if not password and not repeat:
        problems.append("Please enter the password twice.")
    elif problem := password_problem(password):
        problems.append(problem)
    if password != repeat and (password or repeat):
        problems.append("The two passwords do not match.")
    return problems


def _parse(model: type[BaseModel], **values: object) -> BaseModel:
    try:
        return model(**values)
    except ValidationError as exc:
        raise _human_message(exc) from None


def _human_message(exc: ValidationError) -> InvalidInput:
    """One plain sentence per field, with no field names or pydantic wording."""
    return pydantic_message(exc, describe=_describe, sentences=True)


def _hash(password: str) -> str:
    return bcrypt.hashpw(password.encode("utf-8"), bcrypt.gensalt(rounds=BCRYPT_ROUNDS)).decode()


def _matches(password: str, password_hash: str) -> bool:
    raw = password.encode("utf-8")
    if len(raw) > MAX_PASSWORD_BYTES:
        return False  # no stored password is this long, and bcrypt 5 refuses it
    return bcrypt.checkpw(raw, password_hash.encode())


@lru_cache(maxsize=4)
def _dummy_hash(rounds: int) -> str:
    return bcrypt.hashpw(b"never-a-real-password", bcrypt.gensalt(rounds=rounds)).decode()


def _read(user: User) -> UserRead:
    return UserRead.model_validate(user, from_attributes=True)


def _user(db: Session, user_id: int) -> User:
    user = db.get(User, user_id)
    if user is None:
        raise NotFound("That account does not exist.")
    return user


def get_user(db: Session, *, user_id: int) -> UserRead:
    """The signed-in user's own account."""
    return _read(_user(db, user_id))


def sign_up(db: Session, *, name: str, email: str, password: str) -> UserRead:
    """Create the account and its personal team with the new user as owner."""
    data = _parse(SignUpInput, name=name, email=email, password=password)
    return _create_account(db, data.name, str(data.email).lower(), _hash(data.password))


def sign_up_with_hash(db: Session, *, name: str, email: str, password_hash: str) -> UserRead:
    """Sign-up from the sign-up widget, which checked the password rule and hands over only its bcrypt hash."""
    data = _parse(AccountInput, name=name, email=email)
    if len(password_hash) != 60 or password_hash[:4] not in ("$2a$", "$2b$", "$2y$"):
        raise ValueError("password_hash must be a bcrypt hash")
    return _create_account(db, data.name, str(data.email).lower(), password_hash)


def _create_account(db: Session, name: str, email: str, password_hash: str) -> UserRead:
    if email_taken(db, email=email):
        raise InvalidInput(EMAIL_TAKEN, {"email": EMAIL_TAKEN})
    user = User(email=email, name=name, password_hash=password_hash)
    try:
        with db.begin_nested():  # a concurrent sign-up with the same email loses cleanly
            db.add(user)
            db.flush()
    except IntegrityError:
        raise InvalidInput(EMAIL_TAKEN, {"email": EMAIL_TAKEN}) from None
    team_id = _new_team(db, user)
    audit.record(
        db,
        action="account.signed_up",
        team_id=team_id,
        actor_user_id=user.id,
        target_type="user",
        target_id=user.id,
        details={"email": email},
    )
    return _read(user)


def email_taken(db: Session, *, email: str) -> bool:
    """Whether an account already uses this email (emails are kept lower-cased)."""
    email = (email or "").strip().lower()
    return db.scalar(select(User.id).where(User.email == email)) is not None


def _new_team(db: Session, user: User) -> int:
    team = Team(name=f"{user.name}'s team"[:255], plan="free")
    db.add(team)
    db.flush()
    db.add(TeamMember(team_id=team.id, user_id=user.id, role="owner"))
    db.flush()
    return team.id


def start_personal_team(db: Session, *, user_id: int) -> int:
    """A user left with no team starts a new one of their own, as its owner."""
    user = _user(db, user_id)
    if db.scalar(select(TeamMember.id).where(TeamMember.user_id == user.id).limit(1)) is not None:
        raise Conflict("You already belong to a team; switch to it in the sidebar.")
    team_id = _new_team(db, user)
    audit.record(
        db, action="team.created", team_id=team_id, actor_user_id=user.id, target_type="team", target_id=team_id
    )
    return team_id


def _team_ids(db: Session, user_id: int) -> list[int | None]:
    ids = db.scalars(select(TeamMember.team_id).where(TeamMember.user_id == user_id)).all()
    return list(ids) or [None]


def _audit_on_teams(db: Session, user: User, action: str, details: dict) -> None:
    """Security events go to every team the user belongs to, so their admins see them."""
    for team_id in _team_ids(db, user.id):
        audit.record(
            db,
            action=action,
            team_id=team_id,
            actor_user_id=user.id,
            target_type="user",
            target_id=user.id,
            details=details,
        )


def locked_message(until: datetime, zone: str | None = None) -> str:
    """The lockout message; in the reader's time zone as well as UTC when the zone is known."""
    utc = f"{until.astimezone(UTC):%Y-%m-%d %H:%M} UTC"
    try:
        tz = ZoneInfo(zone) if zone else None
    except (ValueError, ZoneInfoNotFoundError):
        tz = None  # an unknown name from the browser: UTC alone
    local = until.astimezone(tz) if tz is not None else None
    if local is None or local.utcoffset() == until.astimezone(UTC).utcoffset():
        when = utc
    else:
        when = f"{local:%Y-%m-%d %H:%M} your time ({zone}), {utc}"
    return f"Too many failed sign-ins: this account is locked until {when}. Try again after that."


def _record_failure(db: Session, user: User) -> None:
    """Count the failure; the fifth in a row locks the account (raises AccountLocked)."""
    now = utcnow()
    user.failed_logins = (user.failed_logins or 0) + 1
    _audit_on_teams(db, user, "auth.sign_in_failed", {"attempt": user.failed_logins})
    if user.failed_logins >= MAX_FAILED_SIGN_INS:
        user.locked_until = now + LOCKOUT
        _audit_on_teams(db, user, "auth.lockout", {"locked_until": user.locked_until.isoformat()})
        db.flush()
        raise AccountLocked(locked_message(user.locked_until), user.locked_until)
    db.flush()


def authenticate(db: Session, *, email: str, password: str) -> UserRead:
    """Check a sign-in; failures are flushed before raising, so callers commit even on error."""
    email = (email or "").strip().lower()
    user = db.scalar(select(User).where(User.email == email)) if email else None
    now = utcnow()
    if user is None:
        _matches(password or "x", _dummy_hash(BCRYPT_ROUNDS))  # same work whether or not the email exists
        locked_until = email and unknown_sign_ins.fail(
            db, email=email, now=now, limit=MAX_FAILED_SIGN_INS, lockout=LOCKOUT
        )
        if locked_until:  # locked like an account would be: no tell which emails exist
            raise AccountLocked(locked_message(locked_until), locked_until)
        raise InvalidInput(WRONG_CREDENTIALS)
    if user.locked_until is not None:
        if user.locked_until > now:
            raise AccountLocked(locked_message(user.locked_until), user.locked_until)
        user.locked_until, user.failed_logins = None, 0  # the lock has run out: a fresh count
    if not _matches(password or "", user.password_hash):
        _record_failure(db, user)
        raise InvalidInput(WRONG_CREDENTIALS)
    if not user.is_active:
        raise InvalidInput("This account is deactivated.")
    user.failed_logins, user.last_login_at = 0, now
    db.flush()
    return _read(user)


def change_password(db: Session, *, user_id: int, current_password: str, new_password: str) -> UserRead:
    """Replace the password and end every session that started before now."""
    data = _parse(PasswordChangeInput, current_password=current_password, new_password=new_password)
    user = _user(db, user_id)
    if not _matches(data.current_password, user.password_hash):
        raise InvalidInput("Your current password is wrong.", {"current_password": "is wrong"})
    if data.new_password == data.current_password:
        raise InvalidInput("The new password must differ from the current one.")
    user.password_hash = _hash(data.new_password)
    user.sessions_valid_after = utcnow()
    db.flush()
    audit.record(
        db,
        action="account.password_changed",
        team_id=None,
        actor_user_id=user.id,
        target_type="user",
        target_id=user.id,
    )
    return _read(user)


def sign_out(db: Session, *, user_id: int) -> None:
    """Refuse every cookie issued before now, including copies of the one being deleted."""
    user = _user(db, user_id)
    user.sessions_valid_after = utcnow()
    db.flush()


def update_profile(db: Session, *, user_id: int, name: str) -> UserRead:
    """Change the display name."""
    data = _parse(NameInput, name=name)
    user = _user(db, user_id)
    user.name = data.name
    db.flush()
    return _read(user)


def session_is_valid(db: Session, *, user_id: int, issued_at: datetime) -> bool:
    """A session counts only if it began after the user's last sign-out or password change."""
    row = db.execute(select(User.is_active, User.sessions_valid_after).where(User.id == user_id)).first()
    if row is None or not row.is_active:
        return False
    return row.sessions_valid_after is None or issued_at >= row.sessions_valid_after


def ensure_demo_account(db: Session) -> tuple[str, str] | None:
    """On an empty database, make a demo account and return its email and password."""
    if db.scalar(select(func.count(User.id))):
        return None
    settings = get_settings()
    user = sign_up(db, name="Demo User", email=settings.demo_email, password=settings.demo_password)
    return user.email, settings.demo_password
