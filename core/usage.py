"""Usage metering and the plan's monthly turn allowance.

Every answered turn writes one `assistant_turn` event: the plan's monthly allowance counts
those. Every HTTP request sent to the model writes one `llm_call` event with its tokens: the
client's own retries, failed, malformed and interrupted requests included (each may be billed;
core/intake/attempts.py sees them on the wire). The hourly limit counts those, so a turn with
two calls counts at least twice and an endless Retry of a failing model stays bounded. The
turn's tokens are the sum of its requests'; the `assistant_turn` event itself carries none."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core.billing import limits_for
from core.errors import RateLimited
from core.permissions import Actor
from db.models import Team, UsageEvent
from db.types import utcnow

LLM_CALL = "llm_call"
ASSISTANT_TURN = "assistant_turn"


def record_usage(
    db: Session,
    *,
    actor: Actor,
    kind: str,
    prompt_tokens: int = 0,
    completion_tokens: int = 0,
    at: datetime | None = None,
) -> None:
    """Add one event in the caller's transaction, so it is charged only if the turn is stored."""
    event = UsageEvent(
        team_id=actor.team_id,
        user_id=actor.user_id,
        kind=kind,
        prompt_tokens=prompt_tokens,
        completion_tokens=completion_tokens,
    )
    if at is not None:
        event.created_at = event.updated_at = at
    db.add(event)
    db.flush()


def month_start(now: datetime) -> datetime:
    return now.replace(day=1, hour=0, minute=0, second=0, microsecond=0)


def next_month_start(now: datetime) -> datetime:
    start = month_start(now)
    return start.replace(year=start.year + 1, month=1) if start.month == 12 else start.replace(month=start.month + 1)


def monthly_turns(db: Session, *, team_id: int, now: datetime | None = None) -> int:
    """Assistant turns the team has used since the first of this month (UTC)."""
    since = month_start(now or utcnow())
    return (
        db.scalar(
            select(func.count(UsageEvent.id)).where(
                UsageEvent.team_id == team_id,
                UsageEvent.created_at >= since,
                UsageEvent.kind == ASSISTANT_TURN,
            )
        )
        or 0
    )


def team_plan(db: Session, *, team_id: int) -> str:
    return db.scalar(select(Team.plan).where(Team.id == team_id)) or "free"


def check_monthly_allowance(db: Session, *, actor: Actor, now: datetime | None = None) -> None:
    """RateLimited when the team's plan has no turns left this month."""
    now = now or utcnow()
    allowance = limits_for(team_plan(db, team_id=actor.team_id)).turns_per_month
    if monthly_turns(db, team_id=actor.team_id, now=now) >= allowance:
        retry_at = next_month_start(now)
        raise RateLimited(
            f"Your team has used all {allowance:,} assistant turns of its plan this month. "
            f"Turns renew on {retry_at:%d %B %Y}; for more before then, ask the team's owner to upgrade the plan.",
            retry_at=retry_at,
        )
