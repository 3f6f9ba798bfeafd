"""Roles, permissions and the role matrix of DESIGN §4, with the one check every service calls."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from core.errors import PermissionDenied


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
