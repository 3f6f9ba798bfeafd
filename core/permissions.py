"""Roles, permissions and the role matrix of DESIGN §4, with the one check every service calls,
and the owner rules that refine the matrix for managing members."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from core.errors import InvalidInput, PermissionDenied


class Role(StrEnum):
    OWNER = "owner"
    ADMIN = "admin"
    MEMBER = "member"
    REVIEWER = "reviewer"


class Permission(StrEnum):
    PROJECTS_CREATE = "projects:create"
    PROJECTS_READ = "projects:read"
    PROJECTS_UPDATE = "projects:update"
    PROJECTS_DELETE = "projects:delete"
    TEAM_MANAGE = "team:manage"
    AUDIT_READ = "audit:read"
    BILLING_MANAGE = "billing:manage"


P = Permission
ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.OWNER: frozenset(P),
    Role.ADMIN: frozenset(P) - {P.BILLING_MANAGE},
    Role.MEMBER: frozenset({P.PROJECTS_CREATE, P.PROJECTS_READ, P.PROJECTS_UPDATE}),
    Role.REVIEWER: frozenset({P.PROJECTS_READ}),
}


class Actor(BaseModel):
    """The acting member: who is calling, in which team, with which role."""

    model_config = ConfigDict(frozen=True)

    user_id: int
    team_id: int
    role: Role


def can(actor: Actor, permission: Permission) -> bool:
    return permission in ROLE_PERMISSIONS[actor.role]


def require(actor: Actor, permission: Permission) -> None:
    """Raise PermissionDenied unless the actor's role grants the permission."""
    if not can(actor, permission):
        raise PermissionDenied(f"Your role ({actor.role.value}) does not allow {permission.value}.")


# The owner rules (DESIGN §4). team:manage lets owners and admins manage members; on top of it
# the owner role is an owner's to give and to take, and nobody changes their own role. That
# the last owner cannot leave, be removed or be demoted needs locked rows: core/teams.py.
OWNER_ROLE_CHANGE = "Only an owner can grant the owner role or change an owner's role."
OWNER_REMOVAL = "Only an owner can remove an owner."
OWNER_INVITATION = "Only an owner can invite someone as owner."
OWN_ROLE = "You cannot change your own role: ask another owner or admin."
REMOVING_YOURSELF = "You cannot remove yourself: leave the team from your account page."


def may_grant(actor: Actor, role: Role) -> bool:
    """Whether the actor may hand out `role`, by invitation or role change: only an owner grants owner."""
    return can(actor, Permission.TEAM_MANAGE) and (role != Role.OWNER or actor.role == Role.OWNER)


def may_manage_member(actor: Actor, target_role: Role, new_role: Role | None = None) -> bool:
    """Whether the actor may give a member who holds `target_role` the role `new_role`, or remove
    them (`new_role` None): only an owner changes or removes an owner, or grants the role."""
    if not can(actor, Permission.TEAM_MANAGE):
        return False
    return actor.role == Role.OWNER or Role.OWNER not in (target_role, new_role)


def may_change_member(actor: Actor, *, user_id: int, role: Role) -> bool:
    """Whether the team page offers to change or remove this member: never the actor themself."""
    return user_id != actor.user_id and may_manage_member(actor, role)


def check_role_change(actor: Actor, *, target_role: Role, new_role: Role) -> None:
    """PermissionDenied unless the actor may move a member from `target_role` to `new_role`."""
    require(actor, Permission.TEAM_MANAGE)
    if not may_manage_member(actor, target_role, new_role):
        raise PermissionDenied(OWNER_ROLE_CHANGE)


def check_removal(actor: Actor, *, target_role: Role) -> None:
    """PermissionDenied unless the actor may remove a member who holds `target_role`."""
    require(actor, Permission.TEAM_MANAGE)
    if not may_manage_member(actor, target_role):
        raise PermissionDenied(OWNER_REMOVAL)


def check_invitation(actor: Actor, *, role: Role) -> None:
    """PermissionDenied unless the actor may invite someone with `role`."""
    require(actor, Permission.TEAM_MANAGE)
    if not may_grant(actor, role):
        raise PermissionDenied(OWNER_INVITATION)


def check_not_yourself(actor: Actor, *, user_id: int, removing: bool = False) -> None:
    """Nobody changes their own role (PermissionDenied); removing yourself is leaving the team,
    which the account page does (InvalidInput)."""
    if user_id != actor.user_id:
        return
    if removing:
        raise InvalidInput(REMOVING_YOURSELF)
    raise PermissionDenied(OWN_ROLE)
