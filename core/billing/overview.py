"""What the Billing page shows, read in one transaction: the plan, use against each limit, this
month's use by day and by member, when the allowance resets, and what each other plan would mean."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core.billing.metering import DayUse, MemberUse, month_start, next_month_start, usage_by_day, usage_by_member
from core.billing.plans import PLAN_ORDER, Limit, Plan, PlanLimits, allowance, is_upgrade, limits_for
from core.config import get_settings
from core.errors import NotFound
from core.permissions import Actor, Permission, require
from core.projects.schemas import ARCHIVED
from core.teams import count_members, count_pending_invitations
from db.models import Project, Team
from db.types import utcnow

LABELS: dict[Limit, str] = {"projects": "Active projects", "seats": "Seats", "turns": "Assistant turns this month"}


class LimitUse(BaseModel):
    limit: Limit
    label: str
    used: int
    allowed: int | None  # None: unlimited

    @property
    def over(self) -> bool:
        return self.allowed is not None and self.used > self.allowed

    @property
    def full(self) -> bool:
        """At or over the limit: new use of this kind is refused."""
        return self.allowed is not None and self.used >= self.allowed


class PlanOption(BaseModel):
    plan: Plan
    limits: PlanLimits
    current: bool
    upgrade: bool
    warnings: list[str]  # each limit the team's use is already over on this plan


class BillingOverview(BaseModel):
    team_id: int
    team_name: str
    plan: Plan
    limits: PlanLimits
    uses: list[LimitUse]
    members: int
    pending_invitations: int
    days: list[DayUse]
    by_member: list[MemberUse]
    period_start: datetime
    resets_at: datetime
    options: list[PlanOption]
    stripe_enabled: bool
    subscription_id: str | None
    customer_id: str | None

    @property
    def tokens(self) -> int:
        return sum(d.tokens for d in self.days)


def over_limit_warnings(plan: Plan, uses: list[LimitUse], resets_at: datetime) -> list[str]:
    """What a plan would block at today's use: nothing is deleted, new use waits until under the limit."""
    warnings = []
    for use in uses:
        allowed = allowance(plan, use.limit)
        if allowed is None or use.used <= allowed:
            continue
        free_up = use.used - allowed + 1
        warnings.append(
            {
                "projects": f"Your team has {use.used} active projects and the {plan} plan allows {allowed}: "
                f"none is deleted, but no project can be created or restored until {free_up} are archived "
                "or deleted.",
                "seats": f"Your team uses {use.used} seats (members and pending invitations) and the {plan} plan "
                f"allows {allowed}: nobody is removed, but nobody can be invited or join until {free_up} "
                "seats are free.",
                "turns": f"Your team has used {use.used:,} assistant turns this month and the {plan} plan allows "
                f"{allowed:,}: the assistant answers again when the allowance resets on "
                f"{resets_at.day} {resets_at:%B %Y}.",
            }[use.limit]
        )
    return warnings


def _active_projects(db: Session, team_id: int) -> int:
    query = select(func.count(Project.id)).where(Project.team_id == team_id, Project.status != ARCHIVED)
    return db.scalar(query) or 0


def billing_overview(db: Session, *, actor: Actor, now: datetime | None = None) -> BillingOverview:
    """The Billing page's data (billing:manage)."""
    require(actor, Permission.BILLING_MANAGE)
    now = now or utcnow()
    team = db.get(Team, actor.team_id)
    if team is None:
        raise NotFound("Team not found.")
    plan = Plan(team.plan)
    members = count_members(db, team_id=team.id)
    pending = count_pending_invitations(db, team_id=team.id)
    days = usage_by_day(db, team_id=team.id, now=now)
    used = {"projects": _active_projects(db, team.id), "seats": members + pending, "turns": sum(d.turns for d in days)}
    uses = [LimitUse(limit=k, label=LABELS[k], used=used[k], allowed=allowance(plan, k)) for k in LABELS]
    resets_at = next_month_start(now)
    options = [
        PlanOption(
            plan=option,
            limits=limits_for(option),
            current=option == plan,
            upgrade=is_upgrade(plan, option),
            warnings=[] if option == plan else over_limit_warnings(option, uses, resets_at),
        )
        for option in PLAN_ORDER
    ]
    return BillingOverview(
        team_id=team.id,
        team_name=team.name,
        plan=plan,
        limits=limits_for(plan),
        uses=uses,
        members=members,
        pending_invitations=pending,
        days=days,
        by_member=usage_by_member(db, team_id=team.id, now=now),
        period_start=month_start(now),
        resets_at=resets_at,
        options=options,
        stripe_enabled=get_settings().stripe_enabled,
        subscription_id=team.stripe_subscription_id,
        customer_id=team.stripe_customer_id,
    )
