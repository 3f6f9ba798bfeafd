"""Every cell of DESIGN §4: role × permission × own/other team, through the real services."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from core import audit, billing, teams
from core.errors import NotFound, PermissionDenied
from core.permissions import ROLE_PERMISSIONS, Permission, Role
from core.projects import service as projects
from db.models import Team
from tests.factories import make_actor, make_neighbour_team, make_project

VISION = "A vision that is long enough."

# DESIGN §4 as written there: the expected cells come from here, never from the matrix under test.
DESIGN_TABLE = """
| permission      | owner | admin | member | reviewer |
| projects:create | ✓     | ✓     | ✓      |          |
| projects:read   | ✓     | ✓     | ✓      | ✓        |
| projects:update | ✓     | ✓     | ✓      |          |
| projects:delete | ✓     | ✓     |        |          |
| team:manage     | ✓     | ✓     |        |          |
| audit:read      | ✓     | ✓     |        |          |
| billing:manage  | ✓     |       |        |          |
"""


def _design_grants() -> dict[tuple[str, str], bool]:
    header, *rows = ([c.strip() for c in line.strip("|").split("|")] for line in DESIGN_TABLE.strip().splitlines())
    return {(role, row[0]): mark == "✓" for row in rows for role, mark in zip(header[1:], row[1:], strict=True)}


GRANTED = _design_grants()


def _project_in(db, scope, actor, owner_of_other):
    return make_project(db, actor=actor if scope == "own" else owner_of_other)


def _create(db, actor, scope, other):
    # Creating always happens in the actor's own team; "other" cannot be expressed.
    return projects.create_project(db, actor=actor, data={"name": "New", "vision": VISION})


def _read(db, actor, scope, other):
    project = _project_in(db, scope, actor, other)
    return projects.get_project(db, actor=actor, project_id=project.id)


def _update(db, actor, scope, other):
    project = _project_in(db, scope, actor, other)
    return projects.update_project(
        db, actor=actor, project_id=project.id, data={"name": "Renamed", "expected_version": 1}
    )


def _delete(db, actor, scope, other):
    project = _project_in(db, scope, actor, other)
    return projects.delete_project(db, actor=actor, project_id=project.id, confirm_name=project.name)


def _manage(db, actor, scope, other):
    team_id = actor.team_id if scope == "own" else other.team_id
    target = make_actor(db, role=Role.MEMBER, team=db.get(Team, team_id))
    return teams.change_role(db, actor=actor, user_id=target.user_id, role=Role.REVIEWER)


def _audit_read(db, actor, scope, other):
    audit.record(db, action="probe", team_id=other.team_id, actor_user_id=other.user_id)
    entries = audit.list_entries(db, actor=actor)
    if scope == "other" and not any(e.action == "probe" for e in entries):
        raise NotFound("another team's entries are not visible")
    return entries


def _billing(db, actor, scope, other):
    return billing.change_plan(db, actor=actor, plan="pro")


ACTIONS: dict[Permission, Callable] = {
    Permission.PROJECTS_CREATE: _create,
    Permission.PROJECTS_READ: _read,
    Permission.PROJECTS_UPDATE: _update,
    Permission.PROJECTS_DELETE: _delete,
    Permission.TEAM_MANAGE: _manage,
    Permission.AUDIT_READ: _audit_read,
    Permission.BILLING_MANAGE: _billing,
}
TEAM_BOUND = {Permission.PROJECTS_CREATE, Permission.BILLING_MANAGE}
CELLS = [
    (role, permission, scope)
    for role in Role
    for permission in Permission
    for scope in ("own", "other")
    if not (scope == "other" and permission in TEAM_BOUND)
]


@pytest.mark.parametrize(("role", "permission", "scope"), CELLS, ids=lambda v: str(v))
def test_role_matrix_cell(db, role, permission, scope):
    actor = make_actor(db, role=role, plan="team")
    other = make_neighbour_team(db).owners[0]
    allowed = GRANTED[(role.value, permission.value)]
    action = ACTIONS[permission]
    if not allowed:
        with pytest.raises((PermissionDenied, NotFound) if scope == "other" else PermissionDenied):
            action(db, actor, scope, other)
    elif scope == "other":
        with pytest.raises(NotFound):
            action(db, actor, scope, other)
    else:
        action(db, actor, scope, other)


def test_every_permission_has_an_action_in_the_matrix():
    assert set(ACTIONS) == set(Permission)


def test_the_design_table_covers_every_role_and_permission():
    assert set(GRANTED) == {(role.value, permission.value) for role in Role for permission in Permission}


def test_the_matrix_grants_exactly_what_the_design_table_grants():
    granted = {(role.value, p.value) for role, perms in ROLE_PERMISSIONS.items() for p in perms}
    assert granted == {cell for cell, allowed in GRANTED.items() if allowed}


def test_a_plan_change_is_recorded_in_the_audit_log(db):
    owner = make_actor(db, role=Role.OWNER)
    billing.change_plan(db, actor=owner, plan="pro")
    entries = audit.list_entries(db, actor=owner, action=billing.PLAN_CHANGED)
    assert (entries[0].details["from"], entries[0].details["to"]) == ("free", "pro")
