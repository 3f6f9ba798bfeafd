"""Changing a team's plan: by its owner on the Billing page, or from Stripe; always in the audit log."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel
from sqlalchemy.orm import Session

from core import audit
from core.billing.limits import lock_team
from core.billing.plans import Plan, PlanLimits, limits_for, parse_plan
from core.config import get_settings
from core.errors import InvalidInput
from core.permissions import Actor, Permission, require
from db.models import Team

PLAN_CHANGED = "plan.changed"


class PlanRead(BaseModel):
    team_id: int
    plan: Plan
    limits: PlanLimits


def apply_plan(db: Session, *, team: Team, plan: Plan, actor: Actor | None, **details: Any) -> bool:
    """Set the plan of a locked team row and log it (by nobody: Stripe's doing); False when unchanged."""
    old = team.plan
    if old == plan.value:
        return False
    team.plan = plan.value
    db.flush()
    entry = {"from": old, "to": plan.value, **details}
    if actor is not None:
        audit.log(db, actor, PLAN_CHANGED, target=("team", team.id), details=entry)
    else:
        audit.record(
            db,
            action=PLAN_CHANGED,
            team_id=team.id,
            actor_user_id=None,
            target_type="team",
            target_id=team.id,
            details=entry,
        )
    return True


def _through_stripe_only(team: Team, plan: Plan) -> None:
    """With Stripe, paid plans are bought at checkout and a subscription ends in Stripe's portal."""
    if plan != Plan.FREE:
        raise InvalidInput(f"The {plan} plan is paid through Stripe: choose it on the Billing page to check out.")
    if team.stripe_subscription_id and team.plan != Plan.FREE:
        raise InvalidInput(
            f"Your team pays for the {team.plan} plan with a Stripe subscription: cancel it under "
            "“Manage subscription”; the plan returns to free when the subscription ends."
        )


def change_plan(db: Session, *, actor: Actor, plan: str) -> PlanRead:
    """The owner changes the plan directly (self-hosted, or down to free without a subscription).
    A downgrade below the current use is allowed: new use is refused until the team is under the limits."""
    require(actor, Permission.BILLING_MANAGE)
    new_plan = parse_plan(plan)
    team = lock_team(db, actor.team_id)
    if get_settings().stripe_enabled:
        _through_stripe_only(team, new_plan)
    apply_plan(db, team=team, plan=new_plan, actor=actor, source="owner")
    return PlanRead(team_id=team.id, plan=new_plan, limits=limits_for(new_plan))
