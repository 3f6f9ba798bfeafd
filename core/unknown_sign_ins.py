"""Sign-in failures for addresses with no account, counted like an account's own: five in a row
lock the address for the same fifteen minutes, so a lockout never tells an attacker which
emails have accounts. Kept in the audit log (no team, the address only as a hash)."""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from core import audit
from db.models import AuditLog

ACTION = "auth.unknown_sign_in_failed"
_LOOKBACK = timedelta(days=1)


def _key(email: str) -> str:
    return hashlib.sha256(email.encode()).hexdigest()


def _state(times: list[datetime], *, limit: int, lockout: timedelta) -> tuple[int, datetime | None]:
    """(failures in a row, locked until) after these failures, by the rules an account follows."""
    count, locked_until = 0, None
    for t in times:
        if locked_until is not None:
            if t < locked_until:
                continue
            count, locked_until = 0, None  # the lock ran out: a fresh count
        count += 1
        if count >= limit:
            locked_until = t + lockout
    return count, locked_until


def fail(db: Session, *, email: str, now: datetime, limit: int, lockout: timedelta) -> datetime | None:
    """Record a failed sign-in for an address with no account; the lock's end when it is (or
    becomes) locked, else None. A locked address's attempts are not counted, as for an account."""
    key = _key(email)
    times = db.scalars(
        select(AuditLog.created_at)
        .where(
            AuditLog.action == ACTION,
            AuditLog.target_type == "email",
            AuditLog.target_id == key,
            AuditLog.created_at > now - _LOOKBACK,
        )
        .order_by(AuditLog.created_at)
    ).all()
    count, locked_until = _state(list(times), limit=limit, lockout=lockout)
    if locked_until is not None and locked_until > now:
        return locked_until
    if locked_until is not None:
        count = 0
    audit.record(db, action=ACTION, team_id=None, actor_user_id=None, target_type="email", target_id=key)
    db.flush()
    return now + lockout if count + 1 >= limit else None
