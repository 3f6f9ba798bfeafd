"""The audit log: entries for team actions, read per team, by owners and admins only."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from sqlalchemy import event

from core.audit import list_actions, list_entries, list_people, log, record
from core.audit_phrases import PHRASES, sentence
from core.config import ROOT
from core.errors import PermissionDenied
from core.invitations import accept_invitation, create_invitation, revoke_invitation
from core.projects.service import create_project, delete_project, update_project
from core.teams import change_role, leave_team, remove_member
from db.models import Team, User
from tests.factories import add_member, make_actor, make_user


@pytest.fixture
def owner(db):
    return make_actor(db, role="owner", plan="pro")


def join(db, owner, role="member"):
    return add_member(db, team=db.get_one(Team, owner.team_id), user=make_user(db), role=role)


def test_each_team_action_leaves_an_entry(db, owner):
    member, leaver, removed = join(db, owner), join(db, owner), join(db, owner)
    change_role(db, actor=owner, user_id=member.user_id, role="reviewer")
    remove_member(db, actor=owner, user_id=removed.user_id)
    leave_team(db, actor=leaver)
    revoked = create_invitation(db, actor=owner, email="gone@example.com", role="member")
    revoke_invitation(db, actor=owner, invitation_id=revoked.id)
    kept = create_invitation(db, actor=owner, email="kept@example.com", role="admin")
    accept_invitation(db, user_id=make_user(db, email="kept@example.com").id, token=kept.token)
    logged = [e.action for e in reversed(list_entries(db, actor=owner))]
    assert logged == [
        "member.role_changed",
        "member.removed",
        "member.left",
        "invitation.created",
        "invitation.revoked",
        "invitation.created",
        "invitation.accepted",
    ]


def test_entries_name_who_did_it(db, owner):
    member = join(db, owner)
    change_role(db, actor=owner, user_id=member.user_id, role="admin")
    [entry] = list_entries(db, actor=owner)
    assert entry.actor_user_id == owner.user_id and entry.actor_email.endswith("@example.com")
    assert entry.created_at.tzinfo is not None


def test_log_writes_the_acting_members_team_user_and_target(db, owner):
    log(db, owner, "project.renamed", target=("project", 7), details={"old": "A"})
    log(db, owner, "team.checked")
    checked, renamed = list_entries(db, actor=owner)
    assert (renamed.action, renamed.actor_user_id, renamed.target_type, renamed.target_id, renamed.details) == (
        "project.renamed",
        owner.user_id,
        "project",
        "7",
        {"old": "A"},
    )
    assert (checked.action, checked.target_type, checked.target_id, checked.details) == ("team.checked", None, None, {})
    other = make_actor(db, role="owner")
    assert list_entries(db, actor=other) == []


def test_the_log_is_scoped_to_the_readers_team(db, owner):
    other = make_actor(db, role="owner")
    record(db, action="team.renamed", team_id=other.team_id, actor_user_id=other.user_id)
    record(db, action="member.left", team_id=owner.team_id, actor_user_id=owner.user_id)
    assert [e.action for e in list_entries(db, actor=owner)] == ["member.left"]
    assert [e.action for e in list_entries(db, actor=other)] == ["team.renamed"]
    assert list_actions(db, actor=owner) == ["member.left"]


def test_the_log_filters_by_action(db, owner):
    for action in ("a.one", "b.two", "a.one"):
        record(db, action=action, team_id=owner.team_id, actor_user_id=owner.user_id)
    assert [e.action for e in list_entries(db, actor=owner, action="a.one")] == ["a.one", "a.one"]
    assert list_actions(db, actor=owner) == ["a.one", "b.two"]


def test_an_admin_reads_the_log(db, owner):
    record(db, action="member.left", team_id=owner.team_id, actor_user_id=owner.user_id)
    assert len(list_entries(db, actor=join(db, owner, role="admin"))) == 1


@pytest.mark.parametrize("role", ["member", "reviewer"])
def test_members_and_reviewers_cannot_read_the_log(db, owner, role):
    actor = join(db, owner, role=role)
    with pytest.raises(PermissionDenied):
        list_entries(db, actor=actor)
    with pytest.raises(PermissionDenied):
        list_actions(db, actor=actor)


def named(db, owner, name, role="member"):
    user = make_user(db, name=name)
    return add_member(db, team=db.get_one(Team, owner.team_id), user=user, role=role)


@pytest.fixture
def olga(db):
    actor = make_actor(db, role="owner", plan="pro")
    db.get_one(User, actor.user_id).name = "Olga Owner"
    db.flush()
    return actor


def _audit_actions_written_in_core() -> set[str]:
    """Every action string core passes to audit.log, audit.record or a helper that forwards an action."""
    found: set[str] = set()
    for path in Path(ROOT / "core").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        constants = {
            t.id: n.value.value
            for n in ast.walk(tree)
            if isinstance(n, ast.Assign) and isinstance(n.value, ast.Constant) and isinstance(n.value.value, str)
            for t in n.targets
            if isinstance(t, ast.Name)
        }
        for call in (n for n in ast.walk(tree) if isinstance(n, ast.Call)):
            name = ast.unparse(call.func)
            if name in {"audit.log", "log"}:
                candidates = call.args[2:3]
            elif name in {"audit.record", "record"}:
                candidates = [k.value for k in call.keywords if k.arg == "action"]
            elif name == "_audit_on_teams":
                candidates = call.args[2:3]
            else:
                continue
            for node in candidates:
                if isinstance(node, ast.Constant) and isinstance(node.value, str):
                    found.add(node.value)
                elif isinstance(node, ast.Name) and node.id in constants:
                    found.add(constants[node.id])
    return found


def test_every_action_core_writes_has_a_phrasing():
    written = _audit_actions_written_in_core()
    assert {"project.created", "member.role_changed", "invitation.created", "plan.changed", "auth.lockout"} <= written
    assert written - PHRASES.keys() == set()


@pytest.mark.parametrize("action", sorted(PHRASES))
def test_each_phrasing_reads_as_a_sentence_with_its_details(action):
    details = {
        key: "x_y"
        for key in ("email", "role", "old", "new", "from", "to", "status", "source", "reason", "format", "locked_until")
    }
    details |= {"attempt": 2, "score": 96, "passed": True, "fields": ["name"], "sections": ["goals"]}
    details |= {"from_version": 1, "to_version": 2}
    names = {"actor": "Ada", "project": "the project “P”", "user": "Mia", "team": "the team “T”", "target": "P"}
    PHRASES[action].format_map({**details, **names, "verdict": "passes"})  # every placeholder is known
    text = sentence(action, names, details)
    assert text.startswith("Ada ") and not text.startswith("Ada:") and "{" not in text


def test_an_unknown_action_or_missing_details_still_read_as_a_sentence():
    names = {"actor": "Ada", "target": "the project “P”"}
    assert sentence("team.checked", names, {}) == "Ada: team checked, on the project “P”"
    assert sentence("widget.spun", {"actor": "Ada", "target": ""}, {"speed_max": 3, "tags": ["a", "b"]}) == (
        "Ada: widget spun (speed max 3; tags a and b)"
    )
    assert sentence("invitation.created", {"actor": "Ada", "target": ""}, {}) == "Ada: invitation created"
    project = {"actor": "Ada", "project": "the project “P”"}
    locked = {"locked_until": "2026-12-01T23:20:00+01:00"}
    assert sentence("auth.lockout", project, locked) == "Ada was locked out until 2026-12-01 22:20 UTC"
    assert sentence("project.updated", project, {"fields": []}) == "Ada changed the details of the project “P”"


def test_entries_read_as_who_did_what_to_which_named_item(db, olga):
    mia = named(db, olga, "Mia Member")
    change_role(db, actor=olga, user_id=mia.user_id, role="admin")
    create_invitation(db, actor=olga, email="bob@example.com", role="reviewer")
    project = create_project(db, actor=olga, name="Shop floor", vision="Track defects on the shop floor.")
    sentences = [e.sentence for e in reversed(list_entries(db, actor=olga))]
    assert sentences == [
        "Olga Owner changed Mia Member's role from member to admin",
        "Olga Owner invited bob@example.com as reviewer",
        "Olga Owner created the project “Shop floor”",
    ]
    newest = list_entries(db, actor=olga)[0]
    assert (newest.actor_name, newest.target, newest.target_id) == (
        "Olga Owner",
        "the project “Shop floor”",
        str(project.id),
    )


def test_names_are_the_current_ones_else_the_recorded_ones_else_deleted(db, olga):
    project = create_project(db, actor=olga, name="Shop floor", vision="Track defects on the shop floor.")
    project = update_project(
        db, actor=olga, project_id=project.id, name="Shop floor defects", expected_version=project.version
    )
    update_project(
        db, actor=olga, project_id=project.id, vision="Track every defect.", expected_version=project.version
    )
    gone = create_project(db, actor=olga, name="Old idea", vision="An idea nobody wants any more.")
    log(db, olga, "project.validated", target=("project", gone.id), details={"score": 40, "passed": False})
    delete_project(db, actor=olga, project_id=gone.id, confirm_name="Old idea")
    log(db, olga, "project.archived", target=("project", 999999), details={})
    mia = named(db, olga, "Mia Member")
    remove_member(db, actor=olga, user_id=mia.user_id)
    db.get_one(User, mia.user_id).name = "Mia Renamed"
    db.flush()
    sentences = [e.sentence for e in reversed(list_entries(db, actor=olga))]
    assert sentences == [
        "Olga Owner created the project “Shop floor defects”",
        "Olga Owner renamed the project “Shop floor” to “Shop floor defects”",
        "Olga Owner changed the vision of the project “Shop floor defects”",
        "Olga Owner created the project “Old idea”",
        "Olga Owner validated a deleted project: score 40, does not pass yet",
        "Olga Owner deleted the project “Old idea”",
        "Olga Owner archived a deleted project",
        "Olga Owner removed Mia Renamed (member) from the team",
    ]


def test_a_removed_users_entries_fall_back_to_the_recorded_email_and_nobodys_to_the_system(db, olga):
    record(
        db,
        action="member.removed",
        team_id=olga.team_id,
        actor_user_id=None,
        target_type="user",
        target_id=987654,
        details={"role": "admin", "email": "gone@example.com"},
    )
    record(
        db,
        action="plan.changed",
        team_id=olga.team_id,
        actor_user_id=None,
        target_type="team",
        target_id=olga.team_id,
        details={"from": "free", "to": "pro", "source": "stripe-sync"},
    )
    plan, removed = list_entries(db, actor=olga)
    assert removed.sentence == "The system removed gone@example.com (admin) from the team"
    assert plan.sentence == "The system changed the team's plan from free to pro (stripe-sync)"
    assert plan.target.startswith("the team “")


def test_the_log_filters_by_several_actions_and_by_person_within_the_team(db, olga):
    mia = named(db, olga, "Mia Member", role="admin")
    other = make_actor(db, role="owner")
    for who, action in ((olga, "a.one"), (mia, "b.two"), (olga, "c.three"), (mia, "a.one"), (other, "a.one")):
        record(db, action=action, team_id=who.team_id, actor_user_id=who.user_id)
    assert [e.action for e in list_entries(db, actor=olga, actions=["a.one", "c.three"])] == [
        "a.one",
        "c.three",
        "a.one",
    ]
    assert [e.action for e in list_entries(db, actor=olga, people=[mia.user_id])] == ["a.one", "b.two"]
    assert [e.action for e in list_entries(db, actor=olga, actions=["a.one"], people=[olga.user_id])] == ["a.one"]
    assert list_entries(db, actor=olga, people=[other.user_id]) == []
    assert [(p.user_id, p.name) for p in list_people(db, actor=olga)] == [
        (mia.user_id, "Mia Member"),
        (olga.user_id, "Olga Owner"),
    ]


def test_members_cannot_list_the_people_of_the_log(db, owner):
    with pytest.raises(PermissionDenied):
        list_people(db, actor=join(db, owner))


def _statements_reading(db, **filters) -> int:
    seen: list[str] = []

    def count(conn, cursor, statement, *args):
        seen.append(statement)

    engine = db.get_bind().engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        list_entries(db, **filters)
    finally:
        event.remove(engine, "before_cursor_execute", count)
    return len(seen)


def test_names_are_looked_up_once_per_read_not_once_per_entry(db, olga):
    project = create_project(db, actor=olga, name="Shop floor", vision="Track defects on the shop floor.")
    change_role(db, actor=olga, user_id=named(db, olga, "Mia Member").user_id, role="admin")
    few = _statements_reading(db, actor=olga)
    for n in range(10):
        log(db, olga, "project.exported", target=("project", project.id), details={"format": "html"})
        change_role(db, actor=olga, user_id=named(db, olga, f"Member {n}").user_id, role="reviewer")
    assert _statements_reading(db, actor=olga) == few <= 4  # the entries, projects, users, the team
