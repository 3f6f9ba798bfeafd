"""Plans and their limits (DESIGN §8)."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.orm import Session

from core import audit
from core.errors import InvalidInput
from core.permissions import Actor, Permission, require
from db.models import Team


class Plan(StrEnum):
    FREE = "free"
    PRO = "pro"
    TEAM = "team"


class PlanLimits(BaseModel):
    projects: int | None  # None: unlimited
    seats: int
    turns_per_month: int
    llm_calls_per_hour: int | None  # None: exempt from the hourly limit


PLAN_LIMITS: dict[Plan, PlanLimits] = {
    Plan.FREE: PlanLimits(projects=3, seats=3, turns_per_month=200, llm_calls_per_hour=100),
    Plan.PRO: PlanLimits(projects=50, seats=10, turns_per_month=5_000, llm_calls_per_hour=None),
    Plan.TEAM: PlanLimits(projects=None, seats=50, turns_per_month=20_000, llm_calls_per_hour=None),
}


def limits_for(plan: str) -> PlanLimits:
    return PLAN_LIMITS[Plan(plan)]


class PlanRead(BaseModel):
    team_id: int
    plan: Plan
    limits: PlanLimits


def change_plan(db: Session, *, actor: Actor, plan: str) -> PlanRead:
    """Owner-only plan change without Stripe (DESIGN §8), recorded in the audit log."""
    require(actor, Permission.BILLING_MANAGE)
    try:
        new_plan = Plan(str(plan).strip().lower())
    except ValueError:
        raise InvalidInput(f"Unknown plan {plan!r}; choose free, pro or team.") from None
    team = db.scalar(select(Team).where(Team.id == actor.team_id))
    old_plan = team.plan
    team.plan = new_plan.value
    db.flush()
    audit.log(
        db,
        actor,
        "billing.plan_changed",
        target=("team", actor.team_id),
        details={"from": old_plan, "to": new_plan.value},
    )
    return PlanRead(team_id=actor.team_id, plan=new_plan, limits=limits_for(new_plan))
