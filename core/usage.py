"""Usage events: what the plan's allowances (core/billing) and the hourly limit count.

Every answered turn writes one `assistant_turn` event: the plan's monthly allowance counts
those. Every HTTP request sent to the model writes one `llm_call` event with its tokens: the
client's own retries, failed, malformed and interrupted requests included (each may be billed;
core/intake/attempts.py sees them on the wire). The hourly limit counts those, so a turn with
two calls counts at least twice and an endless Retry of a failing model stays bounded. The
turn's tokens are the sum of its requests'; the `assistant_turn` event itself carries none."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.permissions import Actor
from db.models import Team, UsageEvent

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


def team_plan(db: Session, *, team_id: int) -> str:
    return db.scalar(select(Team.plan).where(Team.id == team_id)) or "free"
