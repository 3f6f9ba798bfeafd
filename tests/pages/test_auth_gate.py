"""The sign-in gate: the library's sign-in / sign-up widgets, our rules from the database, stale sessions sent back."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select
from streamlit.testing.v1 import AppTest

from core import accounts
from core.config import ROOT
from core.invitations import create_invitation
from core.membership import list_memberships
from db.models import AuditLog, Team, User
from db.session import session_scope
from db.types import utcnow
from tests.factories import PASSWORD, make_actor
from tests.pages.apptest import open_app, shown

SIGN_IN = "auth_login_form"
SIGN_UP = "auth_register_form"
GOOD_PASSWORD = "a-good-password"
LIBRARY_KEYS = {"logout", "username", "name", "email", "roles", "authentication_status"}


@pytest.fixture(autouse=True)
def fast_hashing(monkeypatch):
    monkeypatch.setattr(accounts, "BCRYPT_ROUNDS", 4)


def field(at, form: str, label: str):
    """A text input of the library's widgets, found by its label within its form."""
    [widget] = [t for t in at.text_input if t.form_id == form and t.label == label]
    return widget


def submit(at, form: str):
    [button] = [b for b in at.button if b.form_id == form]
    return button.click().run()


def shows_sign_in(at) -> bool:
    return {t.form_id for t in at.text_input} == {SIGN_IN, SIGN_UP} and "user_id" not in at.session_state


def sign_in(at, email: str, password: str):
    field(at, SIGN_IN, "Email").input(email)
    field(at, SIGN_IN, "Password").input(password)
    return submit(at, SIGN_IN)


def sign_up(at, *, first="Ann", last="Lee", email="ann@example.com", password=GOOD_PASSWORD, repeat=None):
    field(at, SIGN_UP, "First name").input(first)
    field(at, SIGN_UP, "Last name").input(last)
    field(at, SIGN_UP, "Email").input(email)
    field(at, SIGN_UP, "Password").input(password)
    field(at, SIGN_UP, "Repeat password").input(password if repeat is None else repeat)
    return submit(at, SIGN_UP)


def messages(at) -> str:
    return " ".join(shown(str(e.value)) for e in [*at.error, *at.warning, *at.info, *at.success])


def user_count() -> int:
    with session_scope() as db:
        return db.scalar(select(func.count(User.id)))


def member_email(role: str = "member") -> tuple:
    with session_scope() as db:
        actor = make_actor(db, role=role)
        return actor, db.get(User, actor.user_id).email


def test_a_signed_out_visitor_sees_only_sign_in_and_sign_up(app_db):
    at = open_app()
    assert not at.exception
    assert shows_sign_in(at)
    assert [b.label for b in at.button] == ["Sign in", "Create account"]
    assert not at.sidebar.selectbox and not at.sidebar.button
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page("pages/projects.py")


def test_no_widget_of_the_app_uses_a_key_the_library_keeps(app_db):
    actor, _ = member_email("owner")
    for at in (open_app(), open_app(actor), open_app(actor, "pages/account.py")):
        keys = {w.key for kind in ("text_input", "button", "selectbox", "checkbox") for w in getattr(at, kind)}
        assert not keys & LIBRARY_KEYS


def test_signing_up_lands_signed_in_with_a_personal_team_named_after_the_person(app_db):
    at = sign_up(open_app(), first="Ann", last="Lee", email="Ann@Example.com")
    assert not at.exception
    assert not {t.form_id for t in at.text_input} & {SIGN_IN, SIGN_UP}
    user_id = at.session_state["user_id"]
    with session_scope() as db:
        assert db.get(User, user_id).email == "ann@example.com"
        [membership] = list_memberships(db, user_id=user_id)
        assert db.scalar(select(AuditLog.action).where(AuditLog.actor_user_id == user_id)) == "account.signed_up"
    assert at.session_state["team_id"] == membership.team_id
    assert membership.team_name == "Ann Lee's team"
    at.switch_page("pages/account.py").run()  # the menu now holds the member's pages
    assert not at.exception


def test_the_new_account_signs_in_with_the_password_chosen_in_the_widget(app_db):
    sign_up(open_app(), email="ann@example.com", password=GOOD_PASSWORD)
    at = sign_in(open_app(), "ann@example.com", GOOD_PASSWORD)
    assert not at.exception
    assert at.session_state["user_id"]


def test_a_single_name_is_enough_and_unusual_names_are_welcome(app_db):
    at = sign_up(open_app(), first="Zoë O'Brien-Łukasik 李", last="")
    assert not at.exception
    with session_scope() as db:
        assert db.get(User, at.session_state["user_id"]).name == "Zoë O'Brien-Łukasik 李"


@pytest.mark.parametrize(
    ("password", "message"),
    [("short-pw", "at least 10 characters"), ("ü" * 37, "at most 72 bytes")],
    ids=["too-short", "over-72-bytes"],
)
def test_signing_up_with_a_password_outside_the_rule_shows_our_message(app_db, password, message):
    at = sign_up(open_app(), password=password)
    assert not at.exception
    assert message in messages(at)
    assert "Password must" not in messages(at)  # not the library's 8–20 rule
    assert shows_sign_in(at) and user_count() == 0


def test_signing_up_with_passwords_that_differ_is_refused(app_db):
    at = sign_up(open_app(), password=GOOD_PASSWORD, repeat=GOOD_PASSWORD + "x")
    assert "do not match" in messages(at)
    assert user_count() == 0


def test_signing_up_with_an_email_that_has_an_account_is_refused(app_db):
    _, email = member_email()
    at = sign_up(open_app(), email=email.upper())
    assert not at.exception
    assert accounts.EMAIL_TAKEN in messages(at)
    assert shows_sign_in(at) and user_count() == 1


def test_signing_up_with_a_blank_name_says_so_in_plain_words(app_db):
    at = sign_up(open_app(), first=" ", last="")
    assert "Please enter your name" in messages(at)
    assert "name:" not in messages(at) and "String should" not in messages(at)
    assert user_count() == 0


def test_signing_in_through_the_widget_opens_the_app(app_db):
    actor, email = member_email()
    at = sign_in(open_app(), email.upper(), PASSWORD)
    assert not at.exception
    assert at.session_state["user_id"] == actor.user_id
    assert at.session_state["team_id"] == actor.team_id
    assert at.session_state["signed_in_at"].tzinfo is not None
    assert at.session_state["authentication_status"] is True


def test_a_wrong_password_is_counted_in_the_database_and_its_error_stays_until_the_next_try(app_db):
    actor, email = member_email()
    at = sign_in(open_app(), email, "wrong-password")
    with session_scope() as db:
        assert db.get(User, actor.user_id).failed_logins == 1
        assert db.scalar(select(AuditLog.action).where(AuditLog.actor_user_id == actor.user_id)) == (
            "auth.sign_in_failed"
        )
    at.run()  # the cookie component's extra run
    assert "Wrong email or password" in messages(at)
    sign_in(at, email, PASSWORD)
    assert at.session_state["user_id"] == actor.user_id
    assert "Wrong email or password" not in messages(at)


def test_the_fifth_wrong_password_locks_with_the_time_and_the_right_one_is_then_refused(app_db):
    actor, email = member_email()
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
    with session_scope() as db:
        assert db.get(User, actor.user_id).locked_until is not None


def test_a_session_that_began_before_the_cut_off_is_sent_back_to_sign_in(app_db):
    with session_scope() as db:
        actor = make_actor(db, role="owner")
        accounts.sign_out(db, user_id=actor.user_id)
    at = open_app(actor, signed_in_at=utcnow() - timedelta(minutes=1))
    assert not at.exception
    assert shows_sign_in(at)
    assert "session has ended" in messages(at)


def test_signing_out_ends_the_session_and_every_older_one_and_says_so_through_the_next_run(app_db):
    actor, _ = member_email()
    at = open_app(actor)
    started = at.session_state["signed_in_at"]
    at.sidebar.button(key="sidebar_logout").click().run()
    assert not at.exception
    assert shows_sign_in(at)
    with session_scope() as db:
        assert not accounts.session_is_valid(db, user_id=actor.user_id, issued_at=started)
    at.run()  # the run the cookie component forces after deleting the cookie
    assert "You are signed out." in messages(at)


def invited(email: str, role: str = "member"):
    """An owner named Olga in a team named Rocket *Shop* (Markdown that must stay text), and her invitation."""
    with session_scope() as db:
        owner = make_actor(db, role="owner")
        db.get_one(Team, owner.team_id).name = "Rocket *Shop*"
        user = db.get_one(User, owner.user_id)
        user.name = "Olga Owner"
        token = create_invitation(db, actor=owner, email=email, role=role).token
        return owner, user.email, token


def open_invitation(token: str):
    at = open_app()
    at.query_params["invite"] = token
    return at.run()


def test_an_invitation_link_says_which_team_which_role_and_who_invited_and_prefills_sign_up(app_db):
    _, owner_email, token = invited("new@example.com", "reviewer")
    at = open_invitation(token)
    assert not at.exception
    [info] = [shown(i.value) for i in at.info]
    assert f"Olga Owner ({owner_email}) invited you to join Rocket *Shop* as reviewer" in info
    assert field(at, SIGN_UP, "Email").value == "new@example.com"
    assert field(at, SIGN_IN, "Email").value == ""


def test_signing_up_through_an_invitation_joins_the_team_at_once_and_opens_its_projects(app_db):
    owner, _, token = invited("new@example.com")
    at = sign_up(open_invitation(token), email="new@example.com")
    assert not at.exception
    assert at.session_state["team_id"] == owner.team_id
    assert not [b for b in at.button if b.key == "join_accept"]
    assert any("You joined Rocket \\*Shop\\*" in s.value for s in at.success)
    assert at.title[0].value == "Projects"
    with session_scope() as db:
        assert len(list_memberships(db, user_id=at.session_state["user_id"])) == 2
    at.run()
    assert at.session_state["team_id"] == owner.team_id


def test_signing_in_through_an_invitation_joins_the_team_with_its_role(app_db):
    actor, email = member_email()
    owner, _, token = invited(email, "reviewer")
    at = sign_in(open_invitation(token), email, PASSWORD)
    assert not at.exception
    assert at.session_state["team_id"] == owner.team_id
    assert not [b for b in at.button if b.key == "join_accept"]
    with session_scope() as db:
        roles = {m.team_id: m.role.value for m in list_memberships(db, user_id=actor.user_id)}
    assert roles == {actor.team_id: "member", owner.team_id: "reviewer"}


def test_signing_in_with_another_address_than_the_invited_one_says_why_on_the_join_page(app_db):
    actor, email = member_email()
    owner, _, token = invited("someone.else@example.com")
    at = sign_in(open_invitation(token), email, PASSWORD)
    assert not at.exception
    assert any("Sign in with the invited address" in shown(e.value) for e in at.error)
    assert at.text_input(key="join_token").value == token
    with session_scope() as db:
        assert [m.team_id for m in list_memberships(db, user_id=actor.user_id)] == [actor.team_id]


def test_a_used_invitation_link_says_so_on_the_sign_in_page_and_is_not_tried_again(app_db):
    owner, _, token = invited("new@example.com")
    sign_up(open_invitation(token), email="new@example.com")
    at = open_invitation(token)
    assert any("already been used" in shown(e.value) for e in at.error)
    assert not at.info
    assert field(at, SIGN_UP, "Email").value == ""


def test_signing_up_shows_every_problem_at_once_with_the_reason(app_db):
    at = sign_up(open_app(), first=" ", last="", email="ann@", password="short", repeat="different")
    assert not at.exception
    text = messages(at)
    assert "Please enter your name" in text
    assert "Please enter a valid email address. There must be something after the @-sign." in text
    assert "at least 10 characters" in text
    assert "do not match" in text
    assert user_count() == 0


def test_signing_up_with_a_taken_email_and_a_short_password_says_both(app_db):
    _, email = member_email()
    at = sign_up(open_app(), email=email, password="short")
    text = messages(at)
    assert accounts.EMAIL_TAKEN in text and "at least 10 characters" in text


def test_a_locked_account_is_given_its_unlock_time_in_the_browsers_zone_and_in_utc(app_db):
    actor, email = member_email()
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.context = {"timezone": "Asia/Kolkata"}
    at.run()
    for _ in range(5):
        sign_in(at, email, "wrong-password")
    with session_scope() as db:
        until = db.get(User, actor.user_id).locked_until
    local = until.astimezone(ZoneInfo("Asia/Kolkata"))
    text = messages(at)
    assert f"locked until {local:%Y-%m-%d %H:%M} your time (Asia/Kolkata), {until:%Y-%m-%d %H:%M} UTC" in text


def test_production_without_a_cookie_key_shows_why_the_app_cannot_start(app_db, monkeypatch):
    from core.config import get_settings

    monkeypatch.setenv("APP_ENV", "production")
    monkeypatch.delenv("AUTH_COOKIE_KEY", raising=False)
    get_settings.cache_clear()
    at = open_app()
    assert not at.exception
    assert "AUTH_COOKIE_KEY" in " ".join(shown(e.value) for e in at.error)
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


def fail(*args, **kwargs):
    raise RuntimeError("the database went away")


def test_a_failure_while_checking_a_sign_up_keeps_the_form_and_gives_an_error_id(app_db, monkeypatch):
    monkeypatch.setattr(accounts, "sign_up_problems", fail)
    at = sign_up(open_app())
    assert not at.exception
    assert "Error id" in messages(at)
    assert shows_sign_in(at) and user_count() == 0


def test_a_failure_while_accepting_on_sign_up_leaves_the_link_on_the_join_page(app_db, monkeypatch):
    from ui import auth_forms

    _, _, token = invited("new@example.com")
    monkeypatch.setattr(auth_forms, "accept_invitation", fail)
    at = sign_up(open_invitation(token), email="new@example.com")
    assert not at.exception
    assert "could not be accepted" in messages(at)
    assert at.text_input(key="join_token").value == token
