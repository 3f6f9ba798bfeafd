"""Brute force against an address with no account is locked out exactly as against a real one,
so the answers never tell which emails have accounts."""

from datetime import timedelta

import pytest
from sqlalchemy import update

from core import accounts
from core.errors import AccountLocked, InvalidInput
from core.unknown_sign_ins import ACTION
from db.models import AuditLog
from db.types import utcnow

PASSWORD = "correct horse battery"


def _answers(db, email: str, times: int) -> list[str]:
    """What each of `times` wrong sign-ins answered: the error's class and message without its time."""
    out = []
    for _ in range(times):
        try:
            accounts.authenticate(db, email=email, password="wrong-password")
        except (InvalidInput, AccountLocked) as exc:
            out.append(f"{type(exc).__name__}: {exc.message.split(' until ')[0]}")
    return out


def test_an_address_with_no_account_answers_like_one_with_an_account(db):
    accounts.sign_up(db, name="Ann", email="ann@example.com", password=PASSWORD)
    real = _answers(db, "ann@example.com", 7)
    unknown = _answers(db, "nobody@example.com", 7)
    assert unknown == real
    assert real[:4] == ["InvalidInput: Wrong email or password."] * 4
    assert all(a.startswith("AccountLocked") for a in real[4:])


def test_the_unknown_address_lock_lasts_fifteen_minutes_and_then_counts_afresh(db):
    assert _answers(db, "nobody@example.com", 4) == ["InvalidInput: Wrong email or password."] * 4
    with pytest.raises(AccountLocked) as locked:
        accounts.authenticate(db, email="nobody@example.com", password="wrong-password")
    assert timedelta(minutes=14) < locked.value.locked_until - utcnow() <= timedelta(minutes=15)
    db.execute(update(AuditLog).where(AuditLog.action == ACTION).values(created_at=utcnow() - timedelta(minutes=16)))
    assert _answers(db, "nobody@example.com", 1) == ["InvalidInput: Wrong email or password."]
    assert _answers(db, "other@example.com", 1) == ["InvalidInput: Wrong email or password."]  # per address


def test_the_address_is_kept_only_as_a_hash_and_in_no_team_log(db):
    _answers(db, "secret.person@example.com", 2)
    rows = db.query(AuditLog).filter(AuditLog.action == ACTION).all()
    assert len(rows) == 2 and all(r.team_id is None for r in rows)
    assert all("secret" not in (r.target_id or "") and "secret" not in str(r.details) for r in rows)
