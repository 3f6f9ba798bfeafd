"""The plan's limits enforced: each refusal names the limit, the use, the plan that lifts it and who
can upgrade. The project and seat checks lock the team row, so two sessions at the boundary
cannot both pass; the services call these, never the pages."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core.billing.metering import next_month_start, turns_this_month
from core.billing.plans import Limit, Plan, allowance, describe, plan_that_lifts
from core.errors import Conflict, NotFound, RateLimited
from core.permissions import Actor, Role
from core.projects.schemas import ARCHIVED
from core.wording import counted
from db.models import Project, Team, TeamMember, User
from db.types import utcnow

BILLING_PAGE = "the Billing page"


class LimitReached(Conflict):
    """A plan limit refused new use: which limit, how much is used and allowed, the plan that lifts it."""

    def __init__(self, message: str, *, limit: Limit, used: int, allowed: int, plan: str, lifts: Plan | None):
        super().__init__(message)
        self.limit, self.used, self.allowed, self.plan, self.lifts = limit, used, allowed, plan, lifts


def lock_team(db: Session, team_id: int) -> Team:
    """The team row, locked until the transaction ends (PostgreSQL; SQLite has one writer anyway)."""
    team = db.scalar(select(Team).where(Team.id == team_id).with_for_update())
    if team is None:
        raise NotFound("Team not found.")
    return team


def owner_names(db: Session, *, team_id: int) -> list[str]:
    """The team's owners by name (email when nameless), oldest first; plain text, as every message."""
    rows = db.execute(
        select(User.name, User.email)
        .join(TeamMember, TeamMember.user_id == User.id)
        .where(TeamMember.team_id == team_id, TeamMember.role == Role.OWNER)
        .order_by(TeamMember.created_at, TeamMember.id)
    ).all()
    return [(name or "").strip() or email for name, email in rows]


def _ask_owners(db: Session, team_id: int) -> str:
    names = owner_names(db, team_id=team_id) or ["the owner"]
    if len(names) == 1:
        return f"ask {names[0]}, the team's owner,"
    return f"ask {', '.join(names[:-1])} or {names[-1]}, the team's owners,"


def upgrade_hint(db: Session, *, team: Team, limit: Limit, needed: int, role: Role | None) -> str:
    """'upgrade to the pro plan (50 active projects) on the Billing page', or who to ask for it;
    empty when no plan has room for `needed`."""
    lifts = plan_that_lifts(team.plan, limit, needed)
    if lifts is None:
        return ""
    target = f"the {lifts} plan ({describe(lifts, limit)})"
    if role == Role.OWNER:
        return f"upgrade to {target} on {BILLING_PAGE}"
    return f"{_ask_owners(db, team.id)} to upgrade to {target}"


def _refuse(message: str, hint: str, **facts) -> LimitReached:
    return LimitReached(f"{message}, or {hint}." if hint else f"{message}.", **facts)


def check_project_room(db: Session, *, actor: Actor) -> None:
    """Room for one more active project (creating or restoring); archived projects do not count."""
    team = lock_team(db, actor.team_id)
    limit = allowance(team.plan, "projects")
    if limit is None:
        return
    active = db.scalar(select(func.count(Project.id)).where(Project.team_id == team.id, Project.status != ARCHIVED))
    if active < limit:
        return
    extra = active - limit + 1
    archive = "a project" if extra == 1 else f"{extra} projects"
    raise _refuse(
        f"The {team.plan} plan allows {limit} active projects and your team has {active}. Archive or delete {archive}",
        upgrade_hint(db, team=team, limit="projects", needed=active + 1, role=actor.role),
        limit="projects",
        used=active,
        allowed=limit,
        plan=team.plan,
        lifts=plan_that_lifts(team.plan, "projects", active + 1),
    )


def check_invitation_seat(db: Session, *, actor: Actor, team: Team, members: int, pending: int) -> None:
    """Room for one more invitation: members plus pending invitations stay within the seats.
    `team` is the row the caller locked; `pending` leaves out the invitation this one replaces."""
    seats, used = allowance(team.plan, "seats"), members + pending
    if used < seats:
        return
    held = f"{counted(members, 'member')}, {counted(pending, 'pending invitation')}"
    raise _refuse(
        f"The {team.plan} plan allows {seats} seats and your team uses {used} ({held}). "
        "Revoke an invitation or remove a member",
        upgrade_hint(db, team=team, limit="seats", needed=used + 1, role=actor.role),
        limit="seats",
        used=used,
        allowed=seats,
        plan=team.plan,
        lifts=plan_that_lifts(team.plan, "seats", used + 1),
    )


def check_acceptance_seat(db: Session, *, team: Team, members: int) -> None:
    """Room for the invitee to join: the members stay within the seats (`team` locked by the caller)."""
    seats = allowance(team.plan, "seats")
    if members < seats:
        return
    ask = upgrade_hint(db, team=team, limit="seats", needed=members + 1, role=None)
    raise LimitReached(
        f"{team.name} is full: the {team.plan} plan allows {seats} seats and it has {members} "
        f"members. To join, {ask or f'{_ask_owners(db, team.id)} to make room'}.",
        limit="seats",
        used=members,
        allowed=seats,
        plan=team.plan,
        lifts=plan_that_lifts(team.plan, "seats", members + 1),
    )


def check_turn_allowance(db: Session, *, actor: Actor, now: datetime | None = None) -> None:
    """RateLimited when the team has no assistant turns left this month; it says when they renew."""
    now = now or utcnow()
    team = db.get(Team, actor.team_id)
    if team is None:
        raise NotFound("Team not found.")
    allowed = allowance(team.plan, "turns")
    used = turns_this_month(db, team_id=team.id, now=now)
    if used < allowed:
        return
    resets = next_month_start(now)
    hint = upgrade_hint(db, team=team, limit="turns", needed=used + 1, role=actor.role)
    raise RateLimited(
        f"Your team has used {used:,} assistant turns this month and the {team.plan} plan allows {allowed:,}. "
        f"The allowance resets on {resets.day} {resets:%B %Y} at 00:00 UTC"
        f"{f'; to go on before then, {hint}' if hint else ''}.",
        retry_at=resets,
    )
