"""Audit log page through AppTest: owners and admins read it, reviewers are refused."""

from __future__ import annotations

from datetime import UTC

from streamlit.testing.v1 import AppTest

from core.audit import list_entries, record
from core.config import ROOT
from core.permissions import Actor
from core.teams import change_role
from db.models import Team, User
from db.session import session_scope
from tests.factories import add_member, make_actor, make_user
from tests.pages.apptest import open_app, shown
from ui.audit_table import as_csv


def team_with_history() -> tuple[Actor, Actor, Actor]:
    """An owner who changed a member's role, and an admin and a reviewer of the same team."""
    with session_scope() as db:
        owner = make_actor(db, role="owner", plan="pro")
        db.get_one(User, owner.user_id).name = "Olga Owner"
        team = db.get_one(Team, owner.team_id)
        admin = add_member(db, team=team, user=make_user(db, name="Adam Admin"), role="admin")
        reviewer = add_member(db, team=team, user=make_user(db), role="reviewer")
        member = add_member(db, team=team, user=make_user(db, name="Mia Member"), role="member")
        change_role(db, actor=owner, user_id=member.user_id, role="reviewer")
        record(
            db,
            action="team.renamed",
            team_id=owner.team_id,
            actor_user_id=admin.user_id,
            details={"old": "Shop", "new": "Shop {floor}"},
        )
        other = make_actor(db, role="owner")
        record(db, action="project.deleted", team_id=other.team_id, actor_user_id=other.user_id)
    return owner, admin, reviewer


def test_an_admin_reads_the_teams_audit_log_as_sentences(app_db):
    _, admin, _ = team_with_history()
    at = open_app(admin, "pages/audit.py")
    assert not at.exception
    table = at.dataframe[0].value
    assert list(table.columns) == ["time", "person", "action", "sentence", "target"]
    assert list(table["sentence"]) == [
        "Adam Admin renamed the team “Shop” to “Shop {floor}”",
        "Olga Owner changed Mia Member's role from member to reviewer",
    ]
    assert "project.deleted" not in at.multiselect(key="audit_actions").options
    shown_text = [
        *table.astype(str).to_numpy().ravel(),
        *(m.value for m in at.markdown),
        *(c.value for c in at.caption),
    ]
    assert not any('{"' in text or '":' in text for text in shown_text)


def test_the_audit_log_filters_by_action_and_by_person(app_db):
    owner, admin, _ = team_with_history()
    at = open_app(owner, "pages/audit.py")
    assert at.multiselect(key="audit_people").options == ["Adam Admin", "Olga Owner"]
    at.multiselect(key="audit_actions").select("member.role_changed").run()
    assert not at.exception
    assert list(at.dataframe[0].value["action"]) == ["member.role_changed"]
    at.multiselect(key="audit_people").select(admin.user_id).run()
    assert not at.exception and not at.dataframe
    assert any("Nothing recorded yet matches" in i.value for i in at.info)
    at.multiselect(key="audit_actions").unselect("member.role_changed").run()
    assert list(at.dataframe[0].value["person"]) == ["Adam Admin"]


def test_the_audit_log_downloads_as_csv_with_utc_times(app_db):
    owner, _, _ = team_with_history()
    at = open_app(owner, "pages/audit.py")
    assert not at.exception
    [button] = at.get("download_button")
    assert (button.key, button.proto.label) == ("audit_csv", "Download as CSV")
    with session_scope() as db:
        entries = list_entries(db, actor=owner)
    lines = as_csv(entries).decode("utf-8").splitlines()
    assert lines[0] == "time,person,action,sentence,target"
    assert lines[1].startswith(entries[0].created_at.astimezone(UTC).isoformat(timespec="seconds") + ",Adam Admin,")
    assert entries[0].created_at.astimezone(UTC).isoformat().endswith("+00:00")


def test_a_reviewer_reaching_the_audit_log_directly_is_refused(app_db):
    _, _, reviewer = team_with_history()
    at = AppTest.from_file(str(ROOT / "pages/audit.py"), default_timeout=60)
    at.session_state["user_id"] = reviewer.user_id
    at.session_state["team_id"] = reviewer.team_id
    at.run()
    assert not at.exception
    assert any("cannot open this page" in shown(e.value) for e in at.error)
    assert not at.dataframe and not at.multiselect
