"""Audit log page through AppTest: owners and admins read it, reviewers are refused."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from core.audit import record
from core.config import ROOT
from core.permissions import Actor
from core.teams import change_role
from db.models import Team
from db.session import session_scope
from tests.factories import add_member, make_actor, make_user
from tests.pages.apptest import open_app, shown


def team_with_history() -> tuple[Actor, Actor, Actor]:
    """An owner who changed a member's role, and an admin and a reviewer of the same team."""
    with session_scope() as db:
        owner = make_actor(db, role="owner", plan="pro")
        team = db.get_one(Team, owner.team_id)
        admin = add_member(db, team=team, user=make_user(db), role="admin")
        reviewer = add_member(db, team=team, user=make_user(db), role="reviewer")
        member = add_member(db, team=team, user=make_user(db), role="member")
        change_role(db, actor=owner, user_id=member.user_id, role="reviewer")
        record(db, action="team.renamed", team_id=owner.team_id, actor_user_id=owner.user_id, details={"new": "X"})
        other = make_actor(db, role="owner")
        record(db, action="project.deleted", team_id=other.team_id, actor_user_id=other.user_id)
    return owner, admin, reviewer


def test_an_admin_reads_the_teams_audit_log(app_db):
    _, admin, _ = team_with_history()
    at = open_app(admin, "pages/audit.py")
    assert not at.exception
    table = at.dataframe[0].value
    assert list(table.columns) == ["time", "who", "action", "target", "details"]
    assert sorted(table["action"]) == ["member.role_changed", "team.renamed"]
    assert "project.deleted" not in at.selectbox(key="audit_action").options


def test_the_audit_log_filters_by_action(app_db):
    owner, _, _ = team_with_history()
    at = open_app(owner, "pages/audit.py")
    at.selectbox(key="audit_action").select("member.role_changed").run()
    assert not at.exception
    table = at.dataframe[0].value
    assert list(table["action"]) == ["member.role_changed"]
    assert '"new": "reviewer"' in table["details"][0]


def test_a_reviewer_reaching_the_audit_log_directly_is_refused(app_db):
    _, _, reviewer = team_with_history()
    at = AppTest.from_file(str(ROOT / "pages/audit.py"), default_timeout=60)
    at.session_state["user_id"] = reviewer.user_id
    at.session_state["team_id"] = reviewer.team_id
    at.run()
    assert not at.exception
    assert any("cannot open this page" in shown(e.value) for e in at.error)
    assert not at.dataframe and not at.selectbox
