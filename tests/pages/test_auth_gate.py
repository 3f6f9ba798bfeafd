"""The sign-in gate: visitors see only sign-in / sign-up, forms sign in, stale sessions are sent back."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from core import accounts
from core.membership import list_memberships
from db.models import User
from db.session import session_scope
from db.types import utcnow
from tests.factories import PASSWORD, make_actor
from tests.pages.apptest import open_app

AUTH_INPUTS = {
    "auth_signin_email", "auth_signin_password",
    "auth_signup_name", "auth_signup_email", "auth_signup_password", "auth_signup_repeat",
}


@pytest.fixture(autouse=True)
def fast_hashing(monkeypatch):
    monkeypatch.setattr(accounts, "BCRYPT_ROUNDS", 4)


def shows_sign_in(at) -> bool:
    keys = {t.key for t in at.text_input}
    return keys == AUTH_INPUTS and "user_id" not in at.session_state


def sign_in(at, email: str, password: str):
    at.text_input(key="auth_signin_email").input(email)
    at.text_input(key="auth_signin_password").input(password)
    return at.button(key="auth_signin_submit").click().run()


def messages(at) -> str:
    return " ".join(str(e.value) for e in [*at.error, *at.warning, *at.info])


def test_a_signed_out_visitor_sees_only_sign_in_and_sign_up(app_db):
    at = open_app()
    assert not at.exception
    assert shows_sign_in(at)
    assert not at.sidebar.selectbox and not at.sidebar.button
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page("pages/projects.py")


def test_signing_up_through_the_form_lands_signed_in_with_a_personal_team(app_db):
    at = open_app()
    at.text_input(key="auth_signup_name").input("Ann Lee")
    at.text_input(key="auth_signup_email").input("Ann@Example.com")
    at.text_input(key="auth_signup_password").input("a-good-password")
    at.text_input(key="auth_signup_repeat").input("a-good-password")
    at.button(key="auth_signup_submit").click().run()
    assert not at.exception
    assert not {t.key for t in at.text_input} & AUTH_INPUTS
    user_id = at.session_state["user_id"]
    with session_scope() as db:
        [membership] = list_memberships(db, user_id=user_id)
    assert at.session_state["team_id"] == membership.team_id
    assert membership.team_name == "Ann Lee's team"
    at.switch_page("pages/account.py").run()  # the menu now holds the member's pages
    assert not at.exception


def test_signing_up_with_a_short_password_shows_the_rule(app_db):
    at = open_app()
    at.text_input(key="auth_signup_name").input("Ann")
    at.text_input(key="auth_signup_email").input("ann@example.com")
    at.text_input(key="auth_signup_password").input("short")
    at.text_input(key="auth_signup_repeat").input("short")
    at.button(key="auth_signup_submit").click().run()
    assert not at.exception
    assert "at least 10 characters" in messages(at)
    assert shows_sign_in(at)


def test_signing_up_with_passwords_that_differ_is_refused(app_db):
    at = open_app()
    at.text_input(key="auth_signup_name").input("Ann")
    at.text_input(key="auth_signup_email").input("ann@example.com")
    at.text_input(key="auth_signup_password").input("a-good-password")
    at.text_input(key="auth_signup_repeat").input("a-good-passw0rd")
    at.button(key="auth_signup_submit").click().run()
    assert "do not match" in messages(at)
    with session_scope() as db:
        assert db.scalar(select(User.id)) is None


def test_signing_in_through_the_form_opens_the_app(app_db):
    with session_scope() as db:
        actor = make_actor(db, role="member")
        email = db.get(User, actor.user_id).email
    at = sign_in(open_app(), email.upper(), PASSWORD)
    assert not at.exception
    assert at.session_state["user_id"] == actor.user_id
    assert at.session_state["team_id"] == actor.team_id
    assert at.session_state["signed_in_at"].tzinfo is not None


def test_a_wrong_password_shows_an_error_and_the_fifth_locks_with_the_time(app_db):
    with session_scope() as db:
        actor = make_actor(db, role="member")
        email = db.get(User, actor.user_id).email
    at = open_app()
    for _ in range(4):
        sign_in(at, email, "wrong-password")
        assert not at.exception
        assert "Wrong email or password" in messages(at)
    sign_in(at, email, "wrong-password")
    assert "locked until" in messages(at) and "UTC" in messages(at)
    sign_in(at, email, PASSWORD)
    assert "locked until" in messages(at)
    assert shows_sign_in(at)


def test_a_session_that_began_before_the_cut_off_is_sent_back_to_sign_in(app_db):
    with session_scope() as db:
        actor = make_actor(db, role="owner")
        accounts.sign_out(db, user_id=actor.user_id)
    at = open_app(actor, signed_in_at=utcnow() - timedelta(minutes=1))
    assert not at.exception
    assert shows_sign_in(at)
    assert "session has ended" in messages(at)


def test_signing_out_ends_the_session_and_every_older_one(app_db):
    with session_scope() as db:
        actor = make_actor(db, role="member")
    at = open_app(actor)
    started = at.session_state["signed_in_at"]
    at.sidebar.button(key="sidebar_logout").click().run()
    assert not at.exception
    assert shows_sign_in(at)
    with session_scope() as db:
        assert not accounts.session_is_valid(db, user_id=actor.user_id, issued_at=started)


def test_production_without_a_cookie_key_shows_why_the_app_cannot_start(app_db, monkeypatch):
    from core.config import get_settings

    monkeypatch.setenv("APP_ENV", "production")
    monkeypatch.delenv("AUTH_COOKIE_KEY", raising=False)
    get_settings.cache_clear()
    at = open_app()
    assert not at.exception
    assert "AUTH_COOKIE_KEY" in " ".join(e.value for e in at.error)
    assert not at.text_input


def test_a_member_removed_from_every_team_can_start_a_new_one(app_db):
    from db.models import TeamMember

    with session_scope() as db:
        actor = make_actor(db, role="member")
        db.execute(TeamMember.__table__.delete().where(TeamMember.user_id == actor.user_id))
    at = open_app(actor)
    assert not at.exception
    assert "join_token" in {t.key for t in at.text_input}
    at.button(key="auth_start_team").click().run()
    assert not at.exception
    with session_scope() as db:
        assert [m.role.value for m in list_memberships(db, user_id=actor.user_id)] == ["owner"]
