"""The pages of the app and the permission each needs: navigation is built from this list."""

from __future__ import annotations

from dataclasses import dataclass

from core.permissions import Actor, Permission, can


@dataclass(frozen=True)
class PageSpec:
    path: str
    title: str
    icon: str
    section: str
    permission: Permission | None = None  # None: every signed-in user
    default: bool = False


PAGES: tuple[PageSpec, ...] = (
    PageSpec("pages/projects.py", "Projects", ":material/folder:", "Work", Permission.PROJECTS_READ, default=True),
    PageSpec("pages/chat.py", "Assistant", ":material/forum:", "Work", Permission.PROJECTS_READ),
    PageSpec("pages/project_data.py", "Project data", ":material/table_view:", "Work", Permission.PROJECTS_READ),
    PageSpec("pages/artifacts.py", "Diagrams & export", ":material/schema:", "Work", Permission.PROJECTS_READ),
    PageSpec("pages/validation.py", "Validation", ":material/rule:", "Work", Permission.PROJECTS_READ),
    PageSpec("pages/team.py", "Team", ":material/group:", "Team", Permission.TEAM_MANAGE),
    PageSpec("pages/audit.py", "Audit log", ":material/history:", "Team", Permission.AUDIT_READ),
    PageSpec("pages/billing.py", "Billing", ":material/credit_card:", "Team", Permission.BILLING_MANAGE),
    PageSpec("pages/account.py", "Account", ":material/person:", "You"),
    PageSpec("pages/join.py", "Join a team", ":material/group_add:", "You"),
)


def pages_for(actor: Actor) -> list[PageSpec]:
    """The pages this member may open, in menu order."""
    return [p for p in PAGES if p.permission is None or can(actor, p.permission)]
