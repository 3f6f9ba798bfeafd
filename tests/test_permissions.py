"""The owner rules of DESIGN §4, cell by cell, as pure functions (no database).

Every acting role × the member's current role × the new role (or removing them), every acting
role × the role of an invitation, and changing or removing oneself. The expected results are
written out by hand from the design; nothing here is derived from core.permissions. That the
last owner cannot leave, be removed or be demoted needs the database: tests/test_teams.py.
"""

from __future__ import annotations

import pytest

from core.errors import InvalidInput, PermissionDenied
from core.permissions import (
    Actor,
    Role,
    check_invitation,
    check_not_yourself,
    check_removal,
    check_role_change,
    may_change_member,
    may_grant,
    may_manage_member,
)
from core.teams import assignable_roles

ME, THEM = 1, 2
MESSAGES = {
    "owner-only change": "Only an owner can grant the owner role or change an owner's role.",
    "owner-only removal": "Only an owner can remove an owner.",
    "owner-only invitation": "Only an owner can invite someone as owner.",
    "member lacks team:manage": "Your role (member) does not allow team:manage.",
    "reviewer lacks team:manage": "Your role (reviewer) does not allow team:manage.",
}

# acting role, member's role: the result of giving them owner, admin, member, reviewer; removing them.
# ok = allowed; owner-only = only an owner may (the change or the removal message); no-manage = the
# actor's role lacks team:manage.
MEMBER_GRID = """
owner    owner      ok          ok          ok          ok          ok
owner    admin      ok          ok          ok          ok          ok
owner    member     ok          ok          ok          ok          ok
owner    reviewer   ok          ok          ok          ok          ok
admin    owner      owner-only  owner-only  owner-only  owner-only  owner-only
admin    admin      owner-only  ok          ok          ok          ok
admin    member     owner-only  ok          ok          ok          ok
admin    reviewer   owner-only  ok          ok          ok          ok
member   owner      no-manage   no-manage   no-manage   no-manage   no-manage
member   admin      no-manage   no-manage   no-manage   no-manage   no-manage
member   member     no-manage   no-manage   no-manage   no-manage   no-manage
member   reviewer   no-manage   no-manage   no-manage   no-manage   no-manage
reviewer owner      no-manage   no-manage   no-manage   no-manage   no-manage
reviewer admin      no-manage   no-manage   no-manage   no-manage   no-manage
reviewer member     no-manage   no-manage   no-manage   no-manage   no-manage
reviewer reviewer   no-manage   no-manage   no-manage   no-manage   no-manage
"""
COLUMNS = ("owner", "admin", "member", "reviewer", None)  # None: removing the member

# acting role: the result of inviting someone as owner, admin, member, reviewer.
INVITATION_GRID = """
owner    ok          ok          ok          ok
admin    owner-only  ok          ok          ok
member   no-manage   no-manage   no-manage   no-manage
reviewer no-manage   no-manage   no-manage   no-manage
"""

# acting role: the roles the team page offers it to hand out.
ASSIGNABLE = {
    "owner": ["owner", "admin", "member", "reviewer"],
    "admin": ["admin", "member", "reviewer"],
    "member": [],
    "reviewer": [],
}


def _member_cells():
    for line in MEMBER_GRID.strip().splitlines():
        actor, target, *results = line.split()
        for new_role, result in zip(COLUMNS, results, strict=True):
            yield actor, target, new_role, result


def _invitation_cells():
    for line in INVITATION_GRID.strip().splitlines():
        actor, *results = line.split()
        for role, result in zip(COLUMNS[:4], results, strict=True):
            yield actor, role, result


MEMBER_CELLS = list(_member_cells())
INVITATION_CELLS = list(_invitation_cells())


def actor(role: str) -> Actor:
    return Actor(user_id=ME, team_id=1, role=Role(role))


def _message(actor_role: str, result: str, kind: str) -> str:
    if result == "no-manage":
        return MESSAGES[f"{actor_role} lacks team:manage"]
    return MESSAGES[f"owner-only {kind}"]


def test_the_grids_cover_every_cell():
    assert len(MEMBER_CELLS) == 4 * 4 * 5 and len(INVITATION_CELLS) == 4 * 4
    assert {(a, t, n) for a, t, n, _ in MEMBER_CELLS} == {
        (a.value, t.value, n) for a in Role for t in Role for n in (*(r.value for r in Role), None)
    }


@pytest.mark.parametrize(("actor_role", "target", "new_role", "result"), MEMBER_CELLS)
def test_may_manage_member(actor_role, target, new_role, result):
    new = None if new_role is None else Role(new_role)
    assert may_manage_member(actor(actor_role), Role(target), new) is (result == "ok")


def _check(actor_role: str, target: str, new_role: str | None) -> None:
    if new_role is None:
        check_removal(actor(actor_role), target_role=Role(target))
    else:
        check_role_change(actor(actor_role), target_role=Role(target), new_role=Role(new_role))


@pytest.mark.parametrize(("actor_role", "target", "new_role", "result"), MEMBER_CELLS)
def test_checking_a_role_change_or_removal(actor_role, target, new_role, result):
    if result == "ok":
        assert _check(actor_role, target, new_role) is None
        return
    with pytest.raises(PermissionDenied) as refused:
        _check(actor_role, target, new_role)
    assert refused.value.message == _message(actor_role, result, "removal" if new_role is None else "change")


@pytest.mark.parametrize(("actor_role", "role", "result"), INVITATION_CELLS)
def test_inviting_with_a_role(actor_role, role, result):
    assert may_grant(actor(actor_role), Role(role)) is (result == "ok")
    if result == "ok":
        assert check_invitation(actor(actor_role), role=Role(role)) is None
    else:
        with pytest.raises(PermissionDenied) as refused:
            check_invitation(actor(actor_role), role=Role(role))
        assert refused.value.message == _message(actor_role, result, "invitation")


@pytest.mark.parametrize("actor_role", list(ASSIGNABLE))
def test_the_roles_each_role_may_hand_out(actor_role):
    assert [r.value for r in assignable_roles(actor(actor_role))] == ASSIGNABLE[actor_role]


@pytest.mark.parametrize("actor_role", ["owner", "admin", "member", "reviewer"])
def test_nobody_changes_their_own_role_or_removes_themself(actor_role):
    me = actor(actor_role)
    with pytest.raises(PermissionDenied) as refused:
        check_not_yourself(me, user_id=ME)
    assert refused.value.message == "You cannot change your own role: ask another owner or admin."
    with pytest.raises(InvalidInput) as refused:
        check_not_yourself(me, user_id=ME, removing=True)
    assert refused.value.message == "You cannot remove yourself: leave the team from your account page."
    assert check_not_yourself(me, user_id=THEM) is None
    assert check_not_yourself(me, user_id=THEM, removing=True) is None


# What the team page offers on a member's row (change role / remove), for someone else and for oneself.
OFFERED = """
owner    owner      yes
owner    admin      yes
owner    member     yes
owner    reviewer   yes
admin    owner      no
admin    admin      yes
admin    member     yes
admin    reviewer   yes
member   owner      no
member   admin      no
member   member     no
member   reviewer   no
reviewer owner      no
reviewer admin      no
reviewer member     no
reviewer reviewer   no
"""


@pytest.mark.parametrize(
    ("actor_role", "target", "offered"), [tuple(line.split()) for line in OFFERED.strip().splitlines()]
)
def test_what_the_team_page_offers(actor_role, target, offered):
    assert may_change_member(actor(actor_role), user_id=THEM, role=Role(target)) is (offered == "yes")
    assert may_change_member(actor(actor_role), user_id=ME, role=Role(target)) is False
