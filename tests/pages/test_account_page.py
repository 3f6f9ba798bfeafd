"""Account page: name, password change (this session stays signed in), teams, leaving a team."""

from __future__ import annotations

import pytest

from core import accounts
from core.membership import list_memberships
from db.models import User
from db.session import session_scope
from tests.factories import PASSWORD, add_member, make_actor, make_team
from tests.pages.apptest import open_app, shown

NEW_PASSWORD = "a-brand-new-password"


@pytest.fixture(autouse=True)
def fast_hashing(monkeypatch):
    monkeypatch.setattr(accounts, "BCRYPT_ROUNDS", 4)


def change_password(at, current: str, new: str, repeat: str | None = None):
    at.text_input(key="account_password_current").input(current)
    at.text_input(key="account_password_new").input(new)
    at.text_input(key="account_password_repeat").input(new if repeat is None else repeat)
    return at.button(key="account_password_save").click().run()


def test_the_account_page_lists_the_teams_with_the_role(app_db):
    with session_scope() as db:
        actor = make_actor(db, role="admin")
    at = open_app(actor, "pages/account.py")
    assert not at.exception
    assert "admin" in [t.value for t in at.text]


def test_changing_the_name_saves_it(app_db):
    with session_scope() as db:
        actor = make_actor(db, role="member")
    at = open_app(actor, "pages/account.py")
    at.text_input(key="account_name").input("Ada Lovelace")
    at.button(key="account_name_save").click().run()
    assert not at.exception
    assert "Your name is saved." in [s.value for s in at.success]
    with session_scope() as db:
        assert db.get(User, actor.user_id).name == "Ada Lovelace"


def test_changing_the_password_keeps_this_session_and_ends_older_ones(app_db):
    with session_scope() as db:
        actor = make_actor(db, role="member")
    at = open_app(actor, "pages/account.py")
    before = at.session_state["signed_in_at"]
    change_password(at, PASSWORD, NEW_PASSWORD)
    assert not at.exception
    assert any("password is changed" in s.value for s in at.success)
    assert at.session_state["user_id"] == actor.user_id  # still signed in here
    after = at.session_state["signed_in_at"]
    with session_scope() as db:
        assert not accounts.session_is_valid(db, user_id=actor.user_id, issued_at=before)
        assert accounts.session_is_valid(db, user_id=actor.user_id, issued_at=after)
        email = db.get(User, actor.user_id).email
        assert accounts.authenticate(db, email=email, password=NEW_PASSWORD).id == actor.user_id
    at.run()  # the next run still passes the gate
    assert at.text_input(key="account_password_current")


def test_the_password_changed_message_stays_through_the_cookie_components_extra_run(app_db):
    with session_scope() as db:
        actor = make_actor(db, role="member")
    at = open_app(actor, "pages/account.py")
    change_password(at, PASSWORD, NEW_PASSWORD)
    at.run()  # writing the new cookie makes the browser run the script once more
    assert any("password is changed" in s.value for s in at.success)


def test_a_shown_message_goes_away_once_its_time_is_up(app_db):
    with session_scope() as db:
        actor = make_actor(db, role="member")
    at = open_app(actor, "pages/account.py")
    at.text_input(key="account_name").input("Ada Lovelace")
    at.button(key="account_name_save").click().run()
    assert "Your name is saved." in [s.value for s in at.success]
    at.session_state["account_flash"] = {**at.session_state["account_flash"], "until": 0.0}
    at.run()
    assert not at.success


def test_a_new_password_with_spaces_around_it_signs_in_as_the_sign_in_widget_trims_it(app_db):
    with session_scope() as db:
        actor = make_actor(db, role="member")
    at = open_app(actor, "pages/account.py")
    change_password(at, PASSWORD, f"  {NEW_PASSWORD}  ")
    assert not at.exception
    with session_scope() as db:
        email = db.get(User, actor.user_id).email
        assert accounts.authenticate(db, email=email, password=NEW_PASSWORD).id == actor.user_id


def test_a_wrong_current_password_is_refused(app_db):
    with session_scope() as db:
        actor = make_actor(db, role="member")
    at = open_app(actor, "pages/account.py")
    change_password(at, "not-my-password", NEW_PASSWORD)
    assert "current password is wrong" in " ".join(shown(e.value) for e in at.error)
    with session_scope() as db:
        assert db.get(User, actor.user_id).sessions_valid_after is None


def test_new_passwords_that_differ_are_refused(app_db):
    with session_scope() as db:
        actor = make_actor(db, role="member")
    at = open_app(actor, "pages/account.py")
    change_password(at, PASSWORD, NEW_PASSWORD, repeat=NEW_PASSWORD + "x")
    assert "do not match" in " ".join(shown(e.value) for e in at.error)


def test_leaving_a_team_after_confirming_removes_the_membership(app_db):
    with session_scope() as db:
        actor = make_actor(db, role="owner")
        other = make_team(db, name="Agency")
        add_member(db, team=other, user=db.get(User, actor.user_id), role="member")
        other_id = other.id
    at = open_app(actor, "pages/account.py")
    at.button(key=f"account_leave_{other_id}").click().run()
    at.button(key=f"account_leave_confirm_{other_id}").click().run()
    assert not at.exception
    assert "You left the team." in [s.value for s in at.success]
    with session_scope() as db:
        assert [m.team_id for m in list_memberships(db, user_id=actor.user_id)] == [actor.team_id]


def test_the_last_owner_cannot_leave_and_is_told_why(app_db):
    with session_scope() as db:
        actor = make_actor(db, role="owner")
    at = open_app(actor, "pages/account.py")
    at.button(key=f"account_leave_{actor.team_id}").click().run()
    at.button(key=f"account_leave_confirm_{actor.team_id}").click().run()
    assert not at.exception
    assert "last owner" in " ".join(shown(w.value) for w in at.warning)
    with session_scope() as db:
        assert len(list_memberships(db, user_id=actor.user_id)) == 1
