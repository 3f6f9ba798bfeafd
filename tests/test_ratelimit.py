from datetime import UTC, datetime, timedelta

import pytest

from core import ratelimit, usage
from core.billing import check_turn_allowance
from core.billing.metering import turns_this_month
from core.errors import RateLimited
from tests.factories import make_actor

NOW = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)


def _calls(db, actor, n, *, start, kind=usage.LLM_CALL):
    for i in range(n):
        usage.record_usage(db, actor=actor, kind=kind, at=start + timedelta(seconds=i))


def test_the_101st_llm_call_in_an_hour_is_refused_with_the_retry_time(db):
    actor = make_actor(db, role="member")
    first = NOW - timedelta(minutes=50)
    _calls(db, actor, 100, start=first)
    with pytest.raises(RateLimited) as refused:
        ratelimit.check_llm_rate(db, actor=actor, now=NOW)
    assert refused.value.retry_at == first + timedelta(hours=1)
    assert "12:10 UTC, in 10 minutes" in refused.value.message


def test_the_100th_llm_call_in_an_hour_is_allowed(db):
    actor = make_actor(db, role="member")
    _calls(db, actor, 99, start=NOW - timedelta(minutes=30))
    ratelimit.check_llm_rate(db, actor=actor, now=NOW)


def test_a_pro_team_is_not_limited_by_the_hour(db):
    actor = make_actor(db, role="member", plan="pro")
    _calls(db, actor, 150, start=NOW - timedelta(minutes=30))
    ratelimit.check_llm_rate(db, actor=actor, now=NOW)


def test_calls_older_than_an_hour_and_offline_turns_do_not_count(db):
    actor = make_actor(db, role="member")
    _calls(db, actor, 60, start=NOW - timedelta(hours=2))
    _calls(db, actor, 60, start=NOW - timedelta(minutes=20), kind=usage.ASSISTANT_TURN)
    _calls(db, actor, 99, start=NOW - timedelta(minutes=10))
    ratelimit.check_llm_rate(db, actor=actor, now=NOW)


def test_a_team_that_used_its_monthly_turns_is_refused_until_next_month(db):
    actor = make_actor(db, role="member")
    _calls(db, actor, 200, start=NOW.replace(day=2), kind=usage.ASSISTANT_TURN)
    with pytest.raises(RateLimited) as refused:
        check_turn_allowance(db, actor=actor, now=NOW)
    assert refused.value.retry_at == datetime(2026, 4, 1, tzinfo=UTC)


def test_the_monthly_allowance_counts_turns_not_the_model_calls_inside_them(db):
    actor = make_actor(db, role="member")
    _calls(db, actor, 150, start=NOW.replace(day=2), kind=usage.ASSISTANT_TURN)
    _calls(db, actor, 300, start=NOW.replace(day=3))
    check_turn_allowance(db, actor=actor, now=NOW)
    assert turns_this_month(db, team_id=actor.team_id, now=NOW) == 150


def test_last_months_turns_do_not_use_this_months_allowance(db):
    actor = make_actor(db, role="member")
    _calls(db, actor, 199, start=datetime(2026, 2, 27, tzinfo=UTC), kind=usage.ASSISTANT_TURN)
    _calls(db, actor, 199, start=NOW.replace(day=1), kind=usage.ASSISTANT_TURN)
    check_turn_allowance(db, actor=actor, now=NOW)
    assert turns_this_month(db, team_id=actor.team_id, now=NOW) == 199


def test_the_wait_is_given_in_minutes_too(db):
    actor = make_actor(db, role="member")
    _calls(db, actor, 100, start=NOW - timedelta(minutes=59, seconds=30))
    with pytest.raises(RateLimited, match="in 1 minute\\."):
        ratelimit.check_llm_rate(db, actor=actor, now=NOW)


def test_a_call_made_exactly_an_hour_ago_has_left_the_window(db):
    actor = make_actor(db, role="member")
    usage.record_usage(db, actor=actor, kind=usage.LLM_CALL, at=NOW - timedelta(hours=1))
    _calls(db, actor, 99, start=NOW - timedelta(minutes=30))
    ratelimit.check_llm_rate(db, actor=actor, now=NOW)
    assert ratelimit.llm_calls_in_window(db, user_id=actor.user_id, now=NOW)[0] == 99


def test_a_call_made_exactly_an_hour_ago_does_not_set_the_next_allowed_time(db):
    actor = make_actor(db, role="member")
    usage.record_usage(db, actor=actor, kind=usage.LLM_CALL, at=NOW - timedelta(hours=1))
    _calls(db, actor, 100, start=NOW - timedelta(minutes=45))
    with pytest.raises(RateLimited) as refused:
        ratelimit.check_llm_rate(db, actor=actor, now=NOW)
    assert refused.value.retry_at == NOW + timedelta(minutes=15)


def test_a_call_made_a_second_less_than_an_hour_ago_still_counts(db):
    actor = make_actor(db, role="member")
    oldest = NOW - timedelta(minutes=59, seconds=59)
    usage.record_usage(db, actor=actor, kind=usage.LLM_CALL, at=oldest)
    _calls(db, actor, 99, start=NOW - timedelta(minutes=30))
    with pytest.raises(RateLimited) as refused:
        ratelimit.check_llm_rate(db, actor=actor, now=NOW)
    assert refused.value.retry_at == oldest + timedelta(hours=1)


def test_the_next_call_is_allowed_at_the_time_the_refusal_gives_and_not_a_moment_before(db):
    actor = make_actor(db, role="member")
    _calls(db, actor, 100, start=NOW - timedelta(minutes=45))
    with pytest.raises(RateLimited) as refused:
        ratelimit.check_llm_rate(db, actor=actor, now=NOW)
    retry_at = refused.value.retry_at
    assert retry_at == NOW + timedelta(minutes=15)
    with pytest.raises(RateLimited):
        ratelimit.check_llm_rate(db, actor=actor, now=retry_at - timedelta(microseconds=1))
    ratelimit.check_llm_rate(db, actor=actor, now=retry_at)


def test_calls_over_the_limit_push_the_next_allowed_time_to_when_enough_have_left_the_window(db):
    actor = make_actor(db, role="member")
    first = NOW - timedelta(minutes=50)
    _calls(db, actor, 102, start=first)  # one a second: three must leave before the next call
    with pytest.raises(RateLimited) as refused:
        ratelimit.check_llm_rate(db, actor=actor, now=NOW)
    assert refused.value.retry_at == first + timedelta(hours=1, seconds=2)
    ratelimit.check_llm_rate(db, actor=actor, now=refused.value.retry_at)
