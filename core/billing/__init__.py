"""Plans, their limits and usage metering (DESIGN §8). The overview lives in core.billing.overview
and Stripe in core.billing.payments and core.billing.sync, imported where used: core.teams and the
other services import this package, so it imports none of them."""

from core.billing.changes import PLAN_CHANGED, PlanRead, apply_plan, change_plan
from core.billing.limits import (
    LimitReached,
    check_acceptance_seat,
    check_invitation_seat,
    check_project_room,
    check_turn_allowance,
)
from core.billing.metering import month_start, next_month_start, turns_this_month
from core.billing.plans import PLAN_LIMITS, PLAN_ORDER, Plan, PlanLimits, limits_for, parse_plan

__all__ = [
    "PLAN_CHANGED",
    "PLAN_LIMITS",
    "PLAN_ORDER",
    "LimitReached",
    "Plan",
    "PlanLimits",
    "PlanRead",
    "apply_plan",
    "change_plan",
    "check_acceptance_seat",
    "check_invitation_seat",
    "check_project_room",
    "check_turn_allowance",
    "limits_for",
    "month_start",
    "next_month_start",
    "parse_plan",
    "turns_this_month",
]
