"""Members and roles under the rules of DESIGN §4, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from core.audit import list_entries
from core.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from core.permissions import Actor, Role
from core.teams import change_role, get_team, leave_team, list_members, remove_member, rename_team
from db.models import TeamMember
from tests.factories import add_member, make_actor, make_neighbour_team, make_team, make_user


@pytest.fixture
def team(db):
    """An owner, an admin, a member and a reviewer in one free team, next to a team with two owners
    of its own: the rules must count this team's members only."""
    t = make_team(db)
    neighbour = make_neighbour_team(db)
    return {role: add_member(db, team=t, user=make_user(db), role=role) for role in Role} | {
        "team": t,
        "neighbour": neighbour,
    }


def role_of(db, actor: Actor, user_id: int) -> str | None:
    return db.scalar(select(TeamMember.role).where(TeamMember.team_id == actor.team_id, TeamMember.user_id == user_id))


def last_entry(db, actor: Actor):
    return list_entries(db, actor=actor, limit=1)[0]


def test_owner_lists_members_with_their_roles(db, team):
    members = list_members(db, actor=team[Role.OWNER])
    assert [m.role for m in members] == [Role.OWNER, Role.ADMIN, Role.MEMBER, Role.REVIEWER]
    assert all(m.email and m.joined.tzinfo for m in members)
    assert [m.is_you for m in members] == [True, False, False, False]


def test_members_are_listed_owners_first_then_admins_members_and_reviewers_in_the_order_they_joined(db):
    t = make_team(db)
    joined = [Role.REVIEWER, Role.MEMBER, Role.OWNER, Role.ADMIN, Role.REVIEWER, Role.OWNER]
    actors = [add_member(db, team=t, user=make_user(db, name=f"{r} {n}"), role=r) for n, r in enumerate(joined)]
    members = list_members(db, actor=actors[2])
    assert [m.name for m in members] == ["owner 2", "owner 5", "admin 3", "member 1", "reviewer 0", "reviewer 4"]


def test_admin_sees_that_the_owner_cannot_be_touched(db, team):
    by_role = {m.role: m for m in list_members(db, actor=team[Role.ADMIN])}
    assert not by_role[Role.OWNER].can_change_role and not by_role[Role.OWNER].can_remove
    assert not by_role[Role.ADMIN].can_change_role  # that is the admin themself
    assert by_role[Role.MEMBER].can_change_role and by_role[Role.REVIEWER].can_remove


@pytest.mark.parametrize("role", [Role.MEMBER, Role.REVIEWER])
@pytest.mark.parametrize(
    "call",
    [
        lambda db, a, t: list_members(db, actor=a),
        lambda db, a, t: change_role(db, actor=a, user_id=t[Role.REVIEWER].user_id, role="member"),
        lambda db, a, t: remove_member(db, actor=a, user_id=t[Role.REVIEWER].user_id),
        lambda db, a, t: rename_team(db, actor=a, name="Mine now"),
    ],
    ids=["list", "change_role", "remove", "rename"],
)
def test_members_and_reviewers_cannot_manage_the_team(db, team, role, call):
    with pytest.raises(PermissionDenied):
        call(db, team[role], team)


def test_any_member_sees_the_team_plan_and_seats(db, team):
    info = get_team(db, actor=team[Role.REVIEWER])
    assert (info.name, info.plan, info.members, info.seat_limit) == (team["team"].name, "free", 4, 3)
    assert info.seats_used == 4


def test_owner_changes_a_role_and_it_is_audited(db, team):
    owner, member = team[Role.OWNER], team[Role.MEMBER]
    result = change_role(db, actor=owner, user_id=member.user_id, role="admin")
    assert result.role == Role.ADMIN and role_of(db, owner, member.user_id) == "admin"
    entry = last_entry(db, owner)
    assert (entry.action, entry.target_id, entry.details) == (
        "member.role_changed",
        str(member.user_id),
        {"old": "member", "new": "admin"},
    )


def test_owner_can_make_another_member_owner(db, team):
    change_role(db, actor=team[Role.OWNER], user_id=team[Role.ADMIN].user_id, role=Role.OWNER)
    assert role_of(db, team[Role.OWNER], team[Role.ADMIN].user_id) == "owner"


def test_admin_cannot_promote_anyone_to_owner(db, team):
    with pytest.raises(PermissionDenied, match="owner"):
        change_role(db, actor=team[Role.ADMIN], user_id=team[Role.MEMBER].user_id, role="owner")
    assert role_of(db, team[Role.ADMIN], team[Role.MEMBER].user_id) == "member"


def test_admin_cannot_demote_an_owner(db, team):
    with pytest.raises(PermissionDenied):
        change_role(db, actor=team[Role.ADMIN], user_id=team[Role.OWNER].user_id, role="member")


def test_admin_cannot_remove_an_owner(db, team):
    with pytest.raises(PermissionDenied):
        remove_member(db, actor=team[Role.ADMIN], user_id=team[Role.OWNER].user_id)
    assert role_of(db, team[Role.ADMIN], team[Role.OWNER].user_id) == "owner"


def test_admin_can_change_roles_below_owner(db, team):
    change_role(db, actor=team[Role.ADMIN], user_id=team[Role.REVIEWER].user_id, role="member")
    assert role_of(db, team[Role.ADMIN], team[Role.REVIEWER].user_id) == "member"


def test_an_admin_cannot_change_their_own_role(db, team):
    with pytest.raises(PermissionDenied, match="your own role"):
        change_role(db, actor=team[Role.ADMIN], user_id=team[Role.ADMIN].user_id, role="member")


def test_an_owner_cannot_change_their_own_role_even_with_another_owner(db, team):
    second = add_member(db, team=team["team"], user=make_user(db), role="owner")
    with pytest.raises(PermissionDenied, match="your own role"):
        change_role(db, actor=second, user_id=second.user_id, role="admin")
    assert role_of(db, second, second.user_id) == "owner"


def test_the_last_owner_cannot_be_demoted(db, team):
    owner = team[Role.OWNER]
    with pytest.raises(Conflict, match="at least one owner"):
        change_role(db, actor=owner, user_id=owner.user_id, role="admin")
    assert role_of(db, owner, owner.user_id) == "owner"


def test_the_last_owner_cannot_be_removed(db, team):
    owner = team[Role.OWNER]
    with pytest.raises(Conflict, match="at least one owner"):
        remove_member(db, actor=owner, user_id=owner.user_id)
    assert role_of(db, owner, owner.user_id) == "owner"


def test_the_last_owner_cannot_leave(db, team):
    owner = team[Role.OWNER]
    with pytest.raises(Conflict, match="last owner"):
        leave_team(db, actor=owner)
    assert role_of(db, owner, owner.user_id) == "owner"


def test_an_owner_can_leave_when_another_owner_remains(db, team):
    second = add_member(db, team=team["team"], user=make_user(db), role="owner")
    leave_team(db, actor=second)
    assert role_of(db, team[Role.OWNER], second.user_id) is None
    entry = last_entry(db, team[Role.OWNER])
    assert (entry.action, entry.actor_user_id) == ("member.left", second.user_id)


def test_a_reviewer_can_leave_the_team(db, team):
    leave_team(db, actor=team[Role.REVIEWER])
    assert role_of(db, team[Role.OWNER], team[Role.REVIEWER].user_id) is None


def test_an_owner_can_remove_another_owner(db, team):
    second = add_member(db, team=team["team"], user=make_user(db), role="owner")
    remove_member(db, actor=team[Role.OWNER], user_id=second.user_id)
    assert role_of(db, team[Role.OWNER], second.user_id) is None


def test_removing_a_member_is_audited(db, team):
    owner, member = team[Role.OWNER], team[Role.MEMBER]
    remove_member(db, actor=owner, user_id=member.user_id)
    assert role_of(db, owner, member.user_id) is None
    entry = last_entry(db, owner)
    assert (entry.action, entry.target_id, entry.details["role"]) == ("member.removed", str(member.user_id), "member")


def test_removing_yourself_points_to_leaving(db, team):
    with pytest.raises(InvalidInput, match="leave the team"):
        remove_member(db, actor=team[Role.ADMIN], user_id=team[Role.ADMIN].user_id)


def test_a_member_of_another_team_is_not_found(db, team):
    stranger = make_actor(db, role="member")
    with pytest.raises(NotFound):
        change_role(db, actor=team[Role.OWNER], user_id=stranger.user_id, role="reviewer")
    with pytest.raises(NotFound):
        remove_member(db, actor=team[Role.OWNER], user_id=stranger.user_id)
    assert role_of(db, stranger, stranger.user_id) == "member"


def test_an_unknown_role_is_invalid_input(db, team):
    with pytest.raises(InvalidInput, match="Unknown role"):
        change_role(db, actor=team[Role.OWNER], user_id=team[Role.MEMBER].user_id, role="superuser")


def test_renaming_the_team_is_validated_and_audited(db, team):
    owner = team[Role.OWNER]
    with pytest.raises(InvalidInput):
        rename_team(db, actor=owner, name="   ")
    assert rename_team(db, actor=owner, name="  Rocket  ").name == "Rocket"
    entry = last_entry(db, owner)
    assert (entry.action, entry.details["new"]) == ("team.renamed", "Rocket")
