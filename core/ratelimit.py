"""The per-user hourly limit on language-model calls (DESIGN §8), counted from usage_events
so it holds across restarts and replicas: one `llm_call` event per HTTP request to the model,
retries included (core/usage.py)."""

from __future__ import annotations

import math
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core.billing import limits_for
from core.errors import RateLimited
from core.permissions import Actor
from core.usage import LLM_CALL, team_plan
from db.models import UsageEvent
from db.types import utcnow

WINDOW = timedelta(hours=1)


def llm_calls_in_window(db: Session, *, user_id: int, now: datetime) -> tuple[int, datetime | None]:
    """How many model calls the user made in the last hour, and when the oldest of them was."""
    count, oldest = db.execute(
        select(func.count(UsageEvent.id), func.min(UsageEvent.created_at)).where(
            UsageEvent.user_id == user_id,
            UsageEvent.kind == LLM_CALL,
            UsageEvent.created_at > now - WINDOW,
        )
    ).one()
    return count or 0, oldest


def check_llm_rate(db: Session, *, actor: Actor, now: datetime | None = None) -> None:
    """RateLimited with the time of the next allowed call; pro and team plans are exempt."""
    limit = limits_for(team_plan(db, team_id=actor.team_id)).llm_calls_per_hour
    if limit is None:
        return
    now = now or utcnow()
    count, oldest = llm_calls_in_window(db, user_id=actor.user_id, now=now)
    if count < limit:
        return
    retry_at = _retry_at(db, user_id=actor.user_id, now=now, over=count - limit) or (oldest or now) + WINDOW
    raise RateLimited(
        f"You have used {limit} assistant calls in the last hour. "
        f"The next call is allowed at {retry_at:%H:%M} UTC, {_in_minutes(retry_at - now)}.",
        retry_at=retry_at,
    )


def _in_minutes(wait: timedelta) -> str:
    minutes = max(1, math.ceil(wait.total_seconds() / 60))
    return f"in {minutes} minute{'s' if minutes != 1 else ''}"


def _retry_at(db: Session, *, user_id: int, now: datetime, over: int) -> datetime | None:
    """When enough calls have left the window for one more: the (over+1)-th oldest plus an hour."""
    at = db.scalar(
        select(UsageEvent.created_at)
        .where(UsageEvent.user_id == user_id, UsageEvent.kind == LLM_CALL, UsageEvent.created_at > now - WINDOW)
        .order_by(UsageEvent.created_at, UsageEvent.id)
        .offset(over)
        .limit(1)
    )
    return at + WINDOW if at is not None else None
