"""The plan table of DESIGN §8, in one place: every limit and refusal reads it from here."""

from __future__ import annotations

from enum import StrEnum
from typing import Literal

from pydantic import BaseModel

from core.errors import InvalidInput


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
PLAN_ORDER: tuple[Plan, ...] = (Plan.FREE, Plan.PRO, Plan.TEAM)  # smallest first

Limit = Literal["projects", "seats", "turns"]
# How each limit is named in a sentence: ("active projects", "{n} active projects").
LIMIT_NOUNS: dict[Limit, str] = {"projects": "active projects", "seats": "seats", "turns": "assistant turns a month"}


def limits_for(plan: str) -> PlanLimits:
    return PLAN_LIMITS[Plan(plan)]


def parse_plan(plan: str) -> Plan:
    """A plan name from a form or the command line; InvalidInput names the choices."""
    try:
        return Plan(str(plan).strip().lower())
    except ValueError:
        raise InvalidInput(f"Unknown plan {plan!r}; choose free, pro or team.") from None


def allowance(plan: str, limit: Limit) -> int | None:
    """The plan's number for one limit; None is unlimited."""
    limits = limits_for(plan)
    return {"projects": limits.projects, "seats": limits.seats, "turns": limits.turns_per_month}[limit]


def is_upgrade(old: str, new: str) -> bool:
    return PLAN_ORDER.index(Plan(new)) > PLAN_ORDER.index(Plan(old))


def plan_that_lifts(current: str, limit: Limit, needed: int) -> Plan | None:
    """The smallest plan above `current` with room for `needed` of `limit`; None when none has."""
    for plan in PLAN_ORDER[PLAN_ORDER.index(Plan(current)) + 1 :]:
        room = allowance(plan, limit)
        if room is None or room >= needed:
            return plan
    return None


def describe(plan: str, limit: Limit) -> str:
    """'50 active projects', 'unlimited active projects', '5,000 assistant turns a month'."""
    room = allowance(plan, limit)
    return f"{'unlimited' if room is None else f'{room:,}'} {LIMIT_NOUNS[limit]}"
