"""Plans and their limits (DESIGN §8)."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel


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
