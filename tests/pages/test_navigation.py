"""Navigation follows the member's role; the sidebar switches between a user's teams."""

from __future__ import annotations

import pytest

from core.permissions import Role
from db.models import User
from db.session import session_scope
from tests.factories import add_member, make_actor, make_team
from tests.pages.apptest import open_app

TEAM_PAGES = ("pages/team.py", "pages/audit.py")
EVERYONE = ("pages/projects.py", "pages/account.py")


def can_open(at, page: str) -> bool:
    """AppTest refuses to switch to a page the navigation did not register."""
    try:
        at.switch_page(page)
    except ValueError:
        return False
    return True


@pytest.mark.parametrize(
    ("role", "sees_team_pages"),
    [(Role.OWNER, True), (Role.ADMIN, True), (Role.MEMBER, False), (Role.REVIEWER, False)],
)
def test_the_menu_shows_team_and_audit_log_only_to_owners_and_admins(app_db, role, sees_team_pages):
    with session_scope() as db:
        actor = make_actor(db, role=role)
    at = open_app(actor)
    assert not at.exception
    assert all(can_open(at, page) for page in EVERYONE)
    assert [can_open(at, page) for page in TEAM_PAGES] == [sees_team_pages] * 2


def test_the_sidebar_shows_who_is_signed_in_and_a_sign_out_button(app_db):
    with session_scope() as db:
        actor = make_actor(db, role="member")
        db.get(User, actor.user_id).name = "Grace *Hopper*"
    at = open_app(actor)
    assert "**Grace \\*Hopper\\***" in [m.value for m in at.sidebar.markdown]  # user text stays literal
    assert at.sidebar.button(key="sidebar_logout").label == "Sign out"
    assert not at.sidebar.selectbox  # one team: nothing to switch


def test_switching_team_in_the_sidebar_changes_the_selected_team_and_the_menu(app_db):
    with session_scope() as db:
        actor = make_actor(db, role="owner")
        other = make_team(db, name="Reviewing")
        add_member(db, team=other, user=db.get(User, actor.user_id), role="reviewer")
        other_id = other.id
    at = open_app(actor)
    assert can_open(at, "pages/team.py")
    at.sidebar.selectbox(key="sidebar_team").select(other_id).run()
    assert not at.exception
    assert at.session_state["team_id"] == other_id
    assert not can_open(at, "pages/team.py")


def _signed_in_app(user_id: int, team_param: str):
    from datetime import UTC, datetime

    from streamlit.testing.v1 import AppTest

    from core.config import ROOT

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.session_state["user_id"] = user_id
    at.session_state["signed_in_at"] = datetime.now(UTC)
    at.query_params["team"] = team_param
    return at.run()


def test_the_team_in_the_address_is_the_selected_team_after_a_reload(app_db):
    with session_scope() as db:
        first = make_actor(db, role="owner")
        second_team = make_team(db)
        add_member(db, team=second_team, user=db.get(User, first.user_id), role="reviewer")
        second_id = second_team.id
    at = _signed_in_app(first.user_id, str(second_id))
    assert not at.exception
    assert at.session_state["team_id"] == second_id


def test_a_team_in_the_address_the_user_is_not_in_falls_back_to_their_own(app_db):
    with session_scope() as db:
        member = make_actor(db, role="member")
        stranger_team = make_team(db).id
    at = _signed_in_app(member.user_id, str(stranger_team))
    assert not at.exception
    assert at.session_state["team_id"] == member.team_id
    assert at.query_params["team"] in (str(member.team_id), [str(member.team_id)])


@pytest.mark.parametrize(
    ("role", "address", "expected"),
    [
        (Role.REVIEWER, "http://host/team", "you are a reviewer in this team, and only owners and admins can open it"),
        (Role.MEMBER, "http://host/base/billing?team=3", "you are a member in this team, and only owners can open it"),
        (Role.ADMIN, "http://host/billing/", "you are an admin in this team, and only owners can open it"),
        (Role.REVIEWER, "http://host/audit", "only owners and admins can open it"),
    ],
)
def test_an_address_of_a_page_the_role_may_not_open_says_so_and_who_can(role, address, expected):
    from core.permissions import Actor
    from ui.navigation import refusal_text, refused_page

    actor = Actor(user_id=1, team_id=1, role=role)
    spec = refused_page(actor, address)
    assert spec is not None
    assert expected in refusal_text(actor, spec)


@pytest.mark.parametrize(
    ("role", "address"),
    [
        (Role.OWNER, "http://host/billing"),
        (Role.REVIEWER, "http://host/projects"),
        (Role.MEMBER, "http://host/"),
        (Role.MEMBER, "http://host/no-such-page"),
        (Role.ADMIN, None),
    ],
)
def test_pages_the_role_may_open_and_unknown_addresses_are_not_refused(role, address):
    from core.permissions import Actor
    from ui.navigation import refused_page

    assert refused_page(Actor(user_id=1, team_id=1, role=role), address) is None
