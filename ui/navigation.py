"""The pages of the app and the permission each needs: navigation is built from this list."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath
from urllib.parse import urlparse

from core.permissions import ROLE_PERMISSIONS, Actor, Permission, Role, can


@dataclass(frozen=True)
class PageSpec:
    path: str
    title: str
    icon: str
    section: str
    permission: Permission | None = None  # None: every signed-in user
    default: bool = False

    @property
    def url_path(self) -> str:
        """The address Streamlit gives a file page: its file name without '.py'."""
        return PurePosixPath(self.path).stem


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


_ROLE_NAMES = {Role.OWNER: "owners", Role.ADMIN: "admins", Role.MEMBER: "members", Role.REVIEWER: "reviewers"}


def requested_path(url: str | None) -> str:
    """The page part of the address the browser asked for ('https://h/app/team?x=1' -> 'team')."""
    path = urlparse(url or "").path.rstrip("/")
    return path.rsplit("/", 1)[-1] if path else ""


def refused_page(actor: Actor, url: str | None) -> PageSpec | None:
    """The page the address names when this member's role may not open it; None otherwise."""
    wanted = requested_path(url)
    allowed = {p.url_path for p in pages_for(actor)}
    return next((p for p in PAGES if p.url_path == wanted and wanted not in allowed), None)


def roles_with(permission: Permission | None) -> str:
    """'owners and admins': the roles granted a permission (None: everyone), in the matrix's order."""
    roles = [_ROLE_NAMES[r] for r in Role if permission is None or permission in ROLE_PERMISSIONS[r]]
    return roles[0] if len(roles) == 1 else ", ".join(roles[:-1]) + " and " + roles[-1]


def who_can_open(spec: PageSpec) -> str:
    return roles_with(spec.permission)


def refusal_text(actor: Actor, spec: PageSpec) -> str:
    """What a member reads at the address of a page their role may not open: why, and who can."""
    article = "an" if actor.role.value[0] in "aeiou" else "a"
    who = who_can_open(spec)
    return (
        f"{spec.title} is not open to you: you are {article} {actor.role.value} in this team, "
        f"and only {who} can open it. Ask one of them if you need something from it."
    )
