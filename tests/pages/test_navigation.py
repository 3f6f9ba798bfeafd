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


def test_a_reload_on_the_team_page_keeps_the_chosen_project_for_the_project_pages(app_db):
    from datetime import UTC, datetime

    from streamlit.testing.v1 import AppTest

    from tests.factories import make_project
    from tests.pages.apptest import ROOT

    with session_scope() as db:
        actor = make_actor(db, role=Role.OWNER)
        older = make_project(db, actor=actor, name="Older project").id
        make_project(db, actor=actor, name="Newer project")
    at = open_app(actor, "pages/chat.py", project_id=older)  # chosen in this session
    at.query_params.clear()  # the menu link to Team carries no query string
    at.switch_page("pages/team.py")
    at.run()
    assert not at.exception
    address = dict(at.query_params)
    assert address["project"] == str(older)

    reloaded = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)  # a fresh session
    reloaded.session_state["user_id"] = actor.user_id
    reloaded.session_state["signed_in_at"] = datetime.now(UTC)
    for key, value in address.items():
        reloaded.query_params[key] = value
    reloaded.run()
    reloaded.switch_page("pages/team.py")
    reloaded.run()
    reloaded.switch_page("pages/chat.py")
    reloaded.run()
    picker = next(s for s in reloaded.sidebar.selectbox if s.label == "Project")
    assert picker.value == older  # not the most recent project


def test_a_new_tab_at_the_root_opens_the_team_used_last_not_the_personal_one(app_db):
    from datetime import UTC, datetime

    from streamlit.testing.v1 import AppTest

    from tests.pages.apptest import ROOT

    with session_scope() as db:
        mine = make_actor(db, role=Role.OWNER)
        user = db.get(User, mine.user_id)
        shared = add_member(db, team=make_team(db, name="Shared team"), user=user, role=Role.REVIEWER)
    at = open_app(mine)
    at.session_state["team_id"] = shared.team_id  # switched team in the sidebar
    at.run()
    assert not at.exception

    fresh = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)  # a new tab at the root
    fresh.session_state["user_id"] = mine.user_id
    fresh.session_state["signed_in_at"] = datetime.now(UTC)
    fresh.run()
    switcher = next(s for s in fresh.sidebar.selectbox if s.label == "Team")
    assert switcher.value == shared.team_id
