"""Accounts: sign-up with a personal team, password rules, lockout, session cut-off, demo account."""

from __future__ import annotations

from datetime import timedelta

import bcrypt
import pytest
from sqlalchemy import select

from core import accounts
from core.commands import demo
from core.errors import AccountLocked, InvalidInput
from core.membership import list_memberships
from core.permissions import Role
from db.models import AuditLog, User
from db.session import session_scope
from db.types import utcnow
from tests.factories import add_member, make_team, make_user

PASSWORD = "a-good-password"


@pytest.fixture(autouse=True)
def fast_hashing(monkeypatch):
    """Cheap bcrypt rounds keep the suite quick; the rules under test do not depend on cost."""
    monkeypatch.setattr(accounts, "BCRYPT_ROUNDS", 4)


def sign_up(db, email="ann@example.com", name="Ann", password=PASSWORD):
    return accounts.sign_up(db, name=name, email=email, password=password)


def user_row(db, user_id) -> User:
    db.expire_all()
    return db.get(User, user_id)


def test_sign_up_creates_a_personal_team_with_the_user_as_owner(db):
    user = sign_up(db, email="  Ann@Example.COM ")
    assert user.email == "ann@example.com"
    [membership] = list_memberships(db, user_id=user.id)
    assert membership.role == Role.OWNER
    assert membership.team_name == "Ann's team"
    assert membership.plan == "free"
    assert db.scalar(select(AuditLog.action).where(AuditLog.team_id == membership.team_id)) == "account.signed_up"


def test_sign_up_refuses_an_email_that_already_has_an_account(db):
    sign_up(db)
    with pytest.raises(InvalidInput, match="(?i)an account with this email exists"):
        sign_up(db, email="ANN@example.com", name="Other Ann")


def test_sign_up_refuses_an_invalid_email(db):
    with pytest.raises(InvalidInput, match="email"):
        sign_up(db, email="not-an-email")


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("short-pw", "at least 10 characters"),
        ("x" * 73, "at most 72 bytes"),
        ("ü" * 37, "at most 72 bytes"),  # 37 characters but 74 bytes
    ],
    ids=["too-short", "too-long", "too-many-bytes"],
)
def test_sign_up_refuses_a_password_outside_the_rule_with_a_clear_message(db, password, message):
    with pytest.raises(InvalidInput, match=message):
        sign_up(db, password=password)


@pytest.mark.parametrize(
    ("name", "email", "message"),
    [
        ("", "ann@example.com", "Please enter your name"),
        ("x" * 256, "ann@example.com", "at most 255"),
        ("Ann", "ann@", "Please enter a valid email address"),
    ],
    ids=["blank-name", "long-name", "bad-email"],
)
def test_sign_up_messages_are_plain_sentences_without_field_names(db, name, email, message):
    with pytest.raises(InvalidInput) as refused:
        sign_up(db, name=name, email=email)
    assert message in refused.value.message
    assert ":" not in refused.value.message and "String should" not in refused.value.message


def test_sign_up_with_a_hash_from_the_widget_creates_the_account_its_team_and_signs_in(db):
    password_hash = bcrypt.hashpw(PASSWORD.encode(), bcrypt.gensalt(rounds=4)).decode()
    user = accounts.sign_up_with_hash(db, name=" Ann Lee ", email="Ann@Example.com", password_hash=password_hash)
    assert (user.name, user.email) == ("Ann Lee", "ann@example.com")
    [membership] = list_memberships(db, user_id=user.id)
    assert (membership.role, membership.team_name) == (Role.OWNER, "Ann Lee's team")
    assert db.scalar(select(AuditLog.action).where(AuditLog.actor_user_id == user.id)) == "account.signed_up"
    assert accounts.authenticate(db, email="ann@example.com", password=PASSWORD).id == user.id


def test_sign_up_with_a_hash_refuses_an_email_that_already_has_an_account(db):
    sign_up(db)
    password_hash = bcrypt.hashpw(PASSWORD.encode(), bcrypt.gensalt(rounds=4)).decode()
    with pytest.raises(InvalidInput, match="(?i)an account with this email exists"):
        accounts.sign_up_with_hash(db, name="Ann", email=" ANN@example.com", password_hash=password_hash)
    assert accounts.email_taken(db, email="ANN@EXAMPLE.COM")


def test_sign_up_with_a_hash_never_stores_a_plain_password(db):
    with pytest.raises(ValueError, match="bcrypt"):
        accounts.sign_up_with_hash(db, name="Ann", email="ann@example.com", password_hash=PASSWORD)


def test_a_password_of_exactly_72_bytes_is_accepted_and_signs_in(db):
    password = "ü" * 36  # 72 bytes
    sign_up(db, password=password)
    assert accounts.authenticate(db, email="ann@example.com", password=password).email == "ann@example.com"


def test_signing_in_with_the_right_password_records_the_time_and_resets_failures(db):
    user = sign_up(db)
    with pytest.raises(InvalidInput, match="Wrong email or password"):
        accounts.authenticate(db, email="ann@example.com", password="wrong-password")
    signed_in = accounts.authenticate(db, email="ANN@example.com ", password=PASSWORD)
    row = user_row(db, user.id)
    assert signed_in.last_login_at is not None
    assert row.failed_logins == 0


def test_an_unknown_email_is_refused_like_a_wrong_password(db):
    with pytest.raises(InvalidInput, match="Wrong email or password"):
        accounts.authenticate(db, email="nobody@example.com", password=PASSWORD)


def fail_sign_in(db, times: int) -> None:
    for _ in range(times):
        with pytest.raises(InvalidInput):
            accounts.authenticate(db, email="ann@example.com", password="wrong-password")


def test_five_wrong_passwords_lock_the_account_for_fifteen_minutes(db):
    user = sign_up(db)
    fail_sign_in(db, 4)
    with pytest.raises(AccountLocked, match="locked until .* UTC") as locked:
        accounts.authenticate(db, email="ann@example.com", password="wrong-password")
    row = user_row(db, user.id)
    assert row.failed_logins == 5
    assert timedelta(minutes=14) < locked.value.locked_until - utcnow() <= timedelta(minutes=15)
    assert row.locked_until == locked.value.locked_until
    actions = db.scalars(select(AuditLog.action).where(AuditLog.target_id == str(user.id))).all()
    assert actions.count("auth.sign_in_failed") == 5
    assert actions.count("auth.lockout") == 1


def test_the_right_password_is_refused_while_the_account_is_locked(db):
    sign_up(db)
    fail_sign_in(db, 4)
    with pytest.raises(AccountLocked):
        accounts.authenticate(db, email="ann@example.com", password="wrong-password")
    with pytest.raises(AccountLocked, match="locked until"):
        accounts.authenticate(db, email="ann@example.com", password=PASSWORD)


def test_the_account_opens_again_once_the_lock_has_run_out(db):
    user = sign_up(db)
    fail_sign_in(db, 4)
    with pytest.raises(AccountLocked):
        accounts.authenticate(db, email="ann@example.com", password="wrong-password")
    user_row(db, user.id).locked_until = utcnow() - timedelta(seconds=1)
    db.flush()
    assert accounts.authenticate(db, email="ann@example.com", password=PASSWORD).id == user.id
    row = user_row(db, user.id)
    assert row.failed_logins == 0
    assert row.locked_until is None


def test_one_wrong_password_after_the_lock_has_run_out_does_not_lock_again(db):
    user = sign_up(db)
    fail_sign_in(db, 4)
    with pytest.raises(AccountLocked):
        accounts.authenticate(db, email="ann@example.com", password="wrong-password")
    user_row(db, user.id).locked_until = utcnow() - timedelta(seconds=1)
    db.flush()
    fail_sign_in(db, 1)
    row = user_row(db, user.id)
    assert (row.failed_logins, row.locked_until) == (1, None)
    assert accounts.authenticate(db, email="ann@example.com", password=PASSWORD).id == user.id


def test_after_a_lock_has_run_out_it_takes_five_new_failures_to_lock_again(db):
    user = sign_up(db)
    fail_sign_in(db, 4)
    with pytest.raises(AccountLocked):
        accounts.authenticate(db, email="ann@example.com", password="wrong-password")
    user_row(db, user.id).locked_until = utcnow() - timedelta(seconds=1)
    db.flush()
    fail_sign_in(db, 4)
    with pytest.raises(AccountLocked):
        accounts.authenticate(db, email="ann@example.com", password="wrong-password")
    assert user_row(db, user.id).locked_until > utcnow()


def test_failed_sign_ins_are_audited_on_every_team_of_the_user(db):
    user = sign_up(db)
    other_team = make_team(db)
    add_member(db, team=other_team, user=user_row(db, user.id), role="member")
    fail_sign_in(db, 1)
    teams = db.scalars(select(AuditLog.team_id).where(AuditLog.action == "auth.sign_in_failed")).all()
    assert set(teams) == {m.team_id for m in list_memberships(db, user_id=user.id)}


def test_a_failed_sign_in_of_a_user_without_a_team_is_audited_without_a_team(db):
    make_user(db, email="loner@example.com")
    with pytest.raises(InvalidInput):
        accounts.authenticate(db, email="loner@example.com", password="wrong-password")
    team_ids = db.scalars(select(AuditLog.team_id).where(AuditLog.action == "auth.sign_in_failed")).all()
    assert team_ids == [None]


def test_a_session_issued_before_sign_out_is_no_longer_valid(db):
    user = sign_up(db)
    issued = utcnow()
    assert accounts.session_is_valid(db, user_id=user.id, issued_at=issued)
    accounts.sign_out(db, user_id=user.id)
    assert not accounts.session_is_valid(db, user_id=user.id, issued_at=issued)
    assert accounts.session_is_valid(db, user_id=user.id, issued_at=utcnow())


def test_a_session_issued_before_a_password_change_is_no_longer_valid(db):
    user = sign_up(db)
    issued = utcnow()
    accounts.change_password(db, user_id=user.id, current_password=PASSWORD, new_password="another-password")
    assert not accounts.session_is_valid(db, user_id=user.id, issued_at=issued)
    assert accounts.authenticate(db, email="ann@example.com", password="another-password").id == user.id


def test_a_password_change_needs_the_current_password_and_a_valid_new_one(db):
    user = sign_up(db)
    with pytest.raises(InvalidInput, match="current password is wrong"):
        accounts.change_password(
            db, user_id=user.id, current_password="nope-nope-nope", new_password="another-password"
        )
    with pytest.raises(InvalidInput, match="at least 10 characters"):
        accounts.change_password(db, user_id=user.id, current_password=PASSWORD, new_password="short")
    assert user_row(db, user.id).sessions_valid_after is None


def test_an_inactive_user_has_no_valid_session(db):
    user = sign_up(db)
    user_row(db, user.id).is_active = False
    db.flush()
    assert not accounts.session_is_valid(db, user_id=user.id, issued_at=utcnow())


def test_the_profile_name_can_be_changed_but_not_emptied(db):
    user = sign_up(db)
    assert accounts.update_profile(db, user_id=user.id, name="  Ann Lee ").name == "Ann Lee"
    with pytest.raises(InvalidInput):
        accounts.update_profile(db, user_id=user.id, name="   ")


def test_the_demo_account_is_made_only_when_there_are_no_users(committed_db_url, capsys):
    assert demo.run(None) == 0
    assert "Demo account: demo@example.com / demo-password-123" in capsys.readouterr().out
    with session_scope() as db:
        assert accounts.authenticate(db, email="demo@example.com", password="demo-password-123")
        assert accounts.ensure_demo_account(db) is None
    assert demo.run(None) == 0
    assert "Users exist; no demo account created." in capsys.readouterr().out


def test_no_demo_account_is_made_when_someone_already_signed_up(db):
    sign_up(db)
    assert accounts.ensure_demo_account(db) is None
    assert db.scalar(select(User.id).where(User.email == "demo@example.com")) is None


def test_the_demo_command_refuses_to_run_in_production_without_a_cookie_key(monkeypatch, tmp_path, capsys):
    from core.config import get_settings

    monkeypatch.setenv("APP_ENV", "production")
    monkeypatch.delenv("AUTH_COOKIE_KEY", raising=False)
    monkeypatch.setenv("DATA_DIR", str(tmp_path))
    get_settings.cache_clear()
    try:
        assert demo.run(None) == 2
    finally:
        get_settings.cache_clear()
    assert "AUTH_COOKIE_KEY" in capsys.readouterr().err


def test_a_user_left_with_no_team_can_start_one_and_owns_it(db):
    user = make_user(db)
    team_id = accounts.start_personal_team(db, user_id=user.id)
    assert [(m.team_id, m.role) for m in list_memberships(db, user_id=user.id)] == [(team_id, Role.OWNER)]


def test_starting_a_team_is_refused_while_the_user_still_has_one(db):
    from core.errors import Conflict

    user = make_user(db)
    accounts.start_personal_team(db, user_id=user.id)
    with pytest.raises(Conflict):
        accounts.start_personal_team(db, user_id=user.id)


def test_every_sign_up_problem_is_listed_at_once_in_form_order(db):
    sign_up(db)
    assert accounts.sign_up_problems(db, name=" ", email="ann@", password="short", repeat="other") == [
        "Please enter your name (at most 255 characters).",
        "Please enter a valid email address. There must be something after the @-sign.",
        "The password must be at least 10 characters long.",
        "The two passwords do not match.",
    ]
    assert accounts.sign_up_problems(db, name="Ann", email="ANN@example.com", password="", repeat="") == [
        accounts.EMAIL_TAKEN,
        "Please enter the password twice.",
    ]
    assert accounts.sign_up_problems(db, name="Bo", email="bo@example.com", password=PASSWORD, repeat=PASSWORD) == []


def test_the_lockout_time_is_given_in_the_readers_zone_as_well_as_utc():
    from datetime import UTC, datetime

    until = datetime(2026, 7, 1, 12, 30, tzinfo=UTC)
    assert "until 2026-07-01 14:30 your time (Europe/Berlin), 2026-07-01 12:30 UTC." in accounts.locked_message(
        until, "Europe/Berlin"
    )
    for zone in (None, "UTC", "Not/AZone", "Etc/UTC", "../etc"):
        assert "until 2026-07-01 12:30 UTC." in accounts.locked_message(until, zone)
