"""The audit log: entries for team actions, read per team, by owners and admins only."""

from __future__ import annotations

import pytest

from core.audit import list_actions, list_entries, log, record
from core.errors import PermissionDenied
from core.invitations import accept_invitation, create_invitation, revoke_invitation
from core.teams import change_role, leave_team, remove_member
from db.models import Team
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
