"""Usage metering from usage_events: turns and tokens per team per month, per member, per day."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from pydantic import BaseModel
from sqlalchemy import String, func, select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session
from sqlalchemy.sql.functions import FunctionElement

from db.models import TeamMember, UsageEvent, User
from db.types import utcnow

# The event each answered assistant turn writes (core/usage.py): the monthly allowance counts these.
ASSISTANT_TURN = "assistant_turn"


def month_start(now: datetime) -> datetime:
    """The first instant of `now`'s month in UTC: the allowance counts from here."""
    return now.astimezone(UTC).replace(day=1, hour=0, minute=0, second=0, microsecond=0)


def next_month_start(now: datetime) -> datetime:
    """When the allowance resets: the first of next month, 00:00 UTC."""
    start = month_start(now)
    return start.replace(year=start.year + 1, month=1) if start.month == 12 else start.replace(month=start.month + 1)


class utc_day(FunctionElement):  # noqa: N801 - reads as the SQL function it compiles to
    """The UTC calendar day of a timestamp as 'YYYY-MM-DD', the same text on both databases."""

    type = String()
    inherit_cache = True


@compiles(utc_day)
def _utc_day_sqlite(element, compiler, **kw) -> str:
    return f"date({compiler.process(element.clauses, **kw)})"  # SQLite keeps timestamps as UTC text


@compiles(utc_day, "postgresql")
def _utc_day_postgresql(element, compiler, **kw) -> str:
    return f"to_char(timezone('UTC', {compiler.process(element.clauses, **kw)}), 'YYYY-MM-DD')"


class DayUse(BaseModel):
    day: date
    turns: int
    tokens: int


class MemberUse(BaseModel):
    user_id: int | None  # None: the user was deleted since
    name: str
    email: str | None  # None for someone no longer in the team
    role: str | None  # None: no longer a member
    turns: int
    tokens: int


def _tokens():
    return func.coalesce(func.sum(UsageEvent.prompt_tokens + UsageEvent.completion_tokens), 0)


def _turns():
    return func.count(UsageEvent.id).filter(UsageEvent.kind == ASSISTANT_TURN)


def _this_month(team_id: int, now: datetime):
    return (UsageEvent.team_id == team_id, UsageEvent.created_at >= month_start(now), UsageEvent.created_at <= now)


def turns_this_month(db: Session, *, team_id: int, now: datetime | None = None) -> int:
    """Assistant turns the team has used since the first of this month (UTC)."""
    query = select(func.count(UsageEvent.id)).where(*_this_month(team_id, now or utcnow()))
    return db.scalar(query.where(UsageEvent.kind == ASSISTANT_TURN)) or 0


def usage_by_day(db: Session, *, team_id: int, now: datetime | None = None) -> list[DayUse]:
    """Every day of this month up to today, days without use as zeros (tokens of every kind of event)."""
    now = now or utcnow()
    day = utc_day(UsageEvent.created_at)
    rows = db.execute(select(day, _turns(), _tokens()).where(*_this_month(team_id, now)).group_by(day)).all()
    found = {date.fromisoformat(d): (turns, int(tokens)) for d, turns, tokens in rows}
    first = month_start(now).date()
    days = [first + timedelta(days=n) for n in range((now.date() - first).days + 1)]
    return [DayUse(day=d, turns=found.get(d, (0, 0))[0], tokens=found.get(d, (0, 0))[1]) for d in days]


def usage_by_member(db: Session, *, team_id: int, now: datetime | None = None) -> list[MemberUse]:
    """This month's turns and tokens of every member (zeros included) and of anyone who has left
    since, most turns first."""
    now = now or utcnow()
    query = select(UsageEvent.user_id, _turns(), _tokens()).where(*_this_month(team_id, now))
    used = {uid: (turns, int(tokens)) for uid, turns, tokens in db.execute(query.group_by(UsageEvent.user_id)).all()}
    members = db.execute(
        select(User.id, User.name, User.email, TeamMember.role)
        .join(TeamMember, TeamMember.user_id == User.id)
        .where(TeamMember.team_id == team_id)
    ).all()
    rows = [_member_use(uid, name, email, role, used.pop(uid, (0, 0))) for uid, name, email, role in members]
    if used:  # people who used the assistant this month and are no longer members
        left = dict(db.execute(select(User.id, User.name).where(User.id.in_([u for u in used if u]))).all())
        rows += [_member_use(uid, left.get(uid), None, None, counts) for uid, counts in used.items()]
    return sorted(rows, key=lambda m: (-m.turns, -m.tokens, m.name.lower()))


def _member_use(user_id, name, email, role, counts: tuple[int, int]) -> MemberUse:
    name = name or "(deleted user)"
    return MemberUse(user_id=user_id, name=name, email=email, role=role, turns=counts[0], tokens=counts[1])
