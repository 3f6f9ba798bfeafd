"""Password reset in the page: "Forgot password?" on the sign-in page (real SMTP server), the page its link opens."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import update

from core import accounts
from core.password_resets import RESET_SENT, operator_reset_link
from db.models import PasswordReset, User
from db.session import session_scope
from db.types import utcnow
from tests.factories import PASSWORD, make_actor
from tests.mailbox import link_in, mailbox_fixture  # noqa: F401 - the fixture
from tests.pages.apptest import open_app, shown
from tests.pages.test_auth_gate import messages, sign_in

NEW_PASSWORD = "a-brand-new-password"


@pytest.fixture(autouse=True)
def fast_hashing(monkeypatch):
    monkeypatch.setattr(accounts, "BCRYPT_ROUNDS", 4)


def member() -> tuple:
    with session_scope() as db:
        actor = make_actor(db, role="member")
        return actor, db.get_one(User, actor.user_id).email


def ask_for_a_link(email: str):
    at = open_app()
    at.context = {"url": "http://app.example.com:8501/"}
    at.text_input(key="auth_forgot_email").input(email)
    return at.button(key="auth_forgot_submit").click().run()


def open_reset(token: str, actor=None):
    at = open_app(actor) if actor else open_app()
    at.query_params["reset"] = token
    return at.run()


def choose(at, new: str, repeat: str | None = None):
    at.text_input(key="auth_reset_new").input(new)
    at.text_input(key="auth_reset_repeat").input(new if repeat is None else repeat)
    return at.button(key="auth_reset_submit").click().run()


def test_forgot_password_mails_a_link_and_answers_the_same_for_an_unknown_address(app_db, mailbox):
    _, email = member()
    known = ask_for_a_link(email)
    assert not known.exception
    assert RESET_SENT in messages(known)
    link = link_in(mailbox.only())
    assert link.startswith("http://app.example.com:8501/reset?reset=")
    unknown = ask_for_a_link("nobody@example.com")
    assert messages(unknown) == messages(known)
    assert len(mailbox.messages) == 1


def test_without_a_mail_server_the_sign_in_page_says_who_can_make_a_link(app_db):
    at = open_app()
    assert not at.exception
    assert not [t for t in at.text_input if t.key == "auth_forgot_email"]
    assert any("owner or admin" in shown(c.value) for c in at.caption)


def test_the_mailed_link_opens_the_reset_page_which_sets_the_password_and_sends_to_sign_in(app_db, mailbox):
    actor, email = member()
    ask_for_a_link(email)
    token = link_in(mailbox.only()).split("reset=", 1)[1]
    at = open_reset(token)
    assert not at.exception
    assert any(email in shown(m.value) for m in at.markdown)
    at = choose(at, NEW_PASSWORD)
    assert not at.exception
    assert "reset" not in at.query_params
    assert "Your password is changed" in messages(at)
    at = sign_in(at, email, NEW_PASSWORD)
    assert at.session_state["user_id"] == actor.user_id


def test_the_reset_page_says_every_problem_with_the_new_password_and_keeps_the_link(app_db):
    _, email = member()
    with session_scope() as db:
        token = operator_reset_link(db, email=email).token
    at = choose(open_reset(token), "short", "other")
    assert "at least 10 characters" in messages(at) and "do not match" in messages(at)
    at = choose(at, NEW_PASSWORD)
    assert "Your password is changed" in messages(at)


def test_a_used_or_expired_link_says_so_and_leads_back_to_sign_in(app_db):
    _, email = member()
    with session_scope() as db:
        token = operator_reset_link(db, email=email).token
        db.execute(update(PasswordReset).values(expires_at=utcnow() - timedelta(minutes=1)))
    at = open_reset(token)
    assert not at.exception
    assert any("expired" in shown(e.value) for e in at.error)
    assert not [t for t in at.text_input if t.key == "auth_reset_new"]
    at.button(key="auth_reset_back").click().run()
    assert "reset" not in at.query_params


def test_a_reset_while_signed_in_elsewhere_ends_that_session(app_db):
    actor, email = member()
    with session_scope() as db:
        token = operator_reset_link(db, email=email).token
    at = open_reset(token, actor)
    assert not at.exception
    at = choose(at, NEW_PASSWORD)
    assert "user_id" not in at.session_state
    with session_scope() as db:
        assert accounts.authenticate(db, email=email, password=NEW_PASSWORD).id == actor.user_id
        with pytest.raises(Exception, match="Wrong email"):
            accounts.authenticate(db, email=email, password=PASSWORD)
