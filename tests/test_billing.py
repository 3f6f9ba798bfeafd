"""Plan limits at, below and above each boundary: projects, seats, assistant turns. Each refusal
names the limit, the use and the plan that lifts it, and tells a member or admin whom to ask."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import insert

from core import usage
from core.billing import PLAN_LIMITS, LimitReached, Plan, check_turn_allowance, limits_for
from core.billing.metering import ASSISTANT_TURN
from core.errors import Conflict, RateLimited
from core.invitations import accept_invitation, create_invitation
from core.permissions import Actor, Role
from core.projects.service import archive_project, create_project, restore_project
from db.models import Team, UsageEvent, User
from tests.factories import add_invitation, add_member, make_actor, make_neighbour_team, make_project, make_user

VISION = "A vision that is long enough."
NOW = datetime(2025, 7, 20, 12, 0, tzinfo=UTC)


def add_events(db, actor: Actor, turns: int, *, at: datetime, tokens: int = 0) -> None:
    """`turns` answered assistant turns by `actor` at `at`, each with one model call of `tokens` tokens."""
    rows = []
    for _ in range(turns):
        base = {"team_id": actor.team_id, "user_id": actor.user_id, "created_at": at, "updated_at": at}
        rows.append({**base, "kind": ASSISTANT_TURN, "prompt_tokens": 0, "completion_tokens": 0})
        if tokens:
            split = {"prompt_tokens": tokens - tokens // 3, "completion_tokens": tokens // 3}
            rows.append({**base, "kind": "llm_call", **split})
    if rows:
        db.execute(insert(UsageEvent), rows)


def team_of(db, actor: Actor) -> Team:
    return db.get_one(Team, actor.team_id)


def named_owner(db, *, plan: str = "free", name: str = "Ann Owner") -> Actor:
    owner = make_actor(db, role=Role.OWNER, plan=plan)
    db.get_one(User, owner.user_id).name = name
    db.flush()
    return owner


@pytest.fixture(autouse=True)
def neighbour(db):
    """Another team full of members, projects and use, so an unscoped count fails the tests."""
    other = make_neighbour_team(db)
    owner = other.owners[0]
    for n in range(3):
        make_project(db, actor=owner, name=f"Elsewhere {n}")
    add_events(db, owner, 5, at=NOW - timedelta(days=1))
    return other


def test_the_plan_table_is_the_one_in_the_design():
    assert {plan.value: limits.model_dump() for plan, limits in PLAN_LIMITS.items()} == {
        "free": {"projects": 3, "seats": 3, "turns_per_month": 200, "llm_calls_per_hour": 100},
        "pro": {"projects": 50, "seats": 10, "turns_per_month": 5_000, "llm_calls_per_hour": None},
        "team": {"projects": None, "seats": 50, "turns_per_month": 20_000, "llm_calls_per_hour": None},
    }


def test_the_turn_event_is_the_one_the_intake_service_writes():
    assert ASSISTANT_TURN == usage.ASSISTANT_TURN


# Projects ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("plan", ["free", "pro"])
@pytest.mark.parametrize(("offset", "allowed"), [(-1, True), (0, False), (2, False)], ids=["below", "at", "above"])
def test_the_project_limit_at_below_and_above_its_boundary(db, plan, offset, allowed):
    owner = named_owner(db, plan=plan)
    limit = limits_for(plan).projects
    for n in range(limit + offset):
        make_project(db, actor=owner, name=f"P{n}")
    if allowed:
        assert create_project(db, actor=owner, data={"name": "One more", "vision": VISION}).name == "One more"
        return
    with pytest.raises(LimitReached) as refused:
        create_project(db, actor=owner, data={"name": "One more", "vision": VISION})
    assert isinstance(refused.value, Conflict)
    assert (refused.value.used, refused.value.allowed) == (limit + offset, limit)
    assert f"The {plan} plan allows {limit} active projects and your team has {limit + offset}" in refused.value.message


def test_the_owner_is_told_which_plan_lifts_the_project_limit_and_where(db):
    owner = named_owner(db)
    for n in range(3):
        make_project(db, actor=owner, name=f"P{n}")
    with pytest.raises(LimitReached) as refused:
        create_project(db, actor=owner, data={"name": "Fourth", "vision": VISION})
    assert refused.value.message == (
        "The free plan allows 3 active projects and your team has 3. Archive or delete a project, "
        "or upgrade to the pro plan (50 active projects) on the Billing page."
    )
    assert refused.value.lifts == Plan.PRO


@pytest.mark.parametrize("role", [Role.ADMIN, Role.MEMBER])
def test_members_and_admins_are_told_which_owner_to_ask(db, role):
    owner = named_owner(db, plan="pro")
    member = add_member(db, team=team_of(db, owner), user=make_user(db, name="Mo Member"), role=role)
    for n in range(50):
        make_project(db, actor=owner, name=f"P{n}")
    with pytest.raises(LimitReached) as refused:
        create_project(db, actor=member, data={"name": "Fifty-one", "vision": VISION})
    assert refused.value.message.endswith(
        "or ask Ann Owner, the team's owner, to upgrade to the team plan (unlimited active projects)."
    )
    assert "Billing page" not in refused.value.message


def test_every_owner_is_named_when_there_are_several(db):
    owner = named_owner(db)
    team = team_of(db, owner)
    add_member(db, team=team, user=make_user(db, name="Bo Owner"), role=Role.OWNER)
    member = add_member(db, team=team, user=make_user(db), role=Role.MEMBER)
    for n in range(3):
        make_project(db, actor=owner, name=f"P{n}")
    with pytest.raises(LimitReached, match="ask Ann Owner or Bo Owner, the team's owners, to upgrade"):
        create_project(db, actor=member, data={"name": "Fourth", "vision": VISION})


def test_the_message_names_the_owner_as_written(db):
    owner = named_owner(db, name="*Eve* [x](y)")
    member = add_member(db, team=team_of(db, owner), user=make_user(db), role=Role.MEMBER)
    for n in range(3):
        make_project(db, actor=owner, name=f"P{n}")
    with pytest.raises(LimitReached) as refused:
        create_project(db, actor=member, data={"name": "Fourth", "vision": VISION})
    assert "ask *Eve* [x](y), the team's owner" in refused.value.message  # plain text: pages escape it


def test_over_the_limit_says_how_many_projects_to_archive(db):
    owner = named_owner(db)
    for n in range(5):  # left from a larger plan
        make_project(db, actor=owner, name=f"P{n}")
    with pytest.raises(LimitReached, match="your team has 5. Archive or delete 3 projects"):
        create_project(db, actor=owner, data={"name": "Sixth", "vision": VISION})


def test_archived_projects_do_not_count_and_restoring_needs_room(db):
    owner = named_owner(db)
    first, *_ = [create_project(db, actor=owner, data={"name": f"P{n}", "vision": VISION}) for n in range(3)]
    archive_project(db, actor=owner, project_id=first.id)
    create_project(db, actor=owner, data={"name": "P3", "vision": VISION})
    with pytest.raises(LimitReached, match="free plan allows 3 active projects and your team has 3"):
        restore_project(db, actor=owner, project_id=first.id)


def test_the_team_plan_has_no_project_limit(db):
    owner = named_owner(db, plan="team")
    for n in range(51):
        make_project(db, actor=owner, name=f"P{n}")
    assert create_project(db, actor=owner, data={"name": "More", "vision": VISION}).name == "More"


# Seats ------------------------------------------------------------------------------------------


def fill_seats(db, owner: Actor, *, members: int, pending: int) -> None:
    team = team_of(db, owner)
    for _ in range(members - 1):  # the owner holds one seat
        add_member(db, team=team, user=make_user(db), role=Role.MEMBER)
    for n in range(pending):
        add_invitation(db, team=team, email=f"pending{n}@example.com")


@pytest.mark.parametrize("plan", ["free", "pro", "team"])
@pytest.mark.parametrize(("offset", "allowed"), [(-1, True), (0, False), (1, False)], ids=["below", "at", "above"])
def test_the_seat_limit_at_below_and_above_its_boundary(db, plan, offset, allowed):
    owner = named_owner(db, plan=plan)
    seats = limits_for(plan).seats
    fill_seats(db, owner, members=seats + offset - 1, pending=1)
    if allowed:
        assert create_invitation(db, actor=owner, email="new@example.com", role="member").email == "new@example.com"
        return
    with pytest.raises(LimitReached) as refused:
        create_invitation(db, actor=owner, email="new@example.com", role="member")
    used = seats + offset
    assert (refused.value.used, refused.value.allowed) == (used, seats)
    message = refused.value.message
    assert f"The {plan} plan allows {seats} seats and your team uses {used} ({used - 1} members, 1 pending" in message
    if plan == "team":
        assert "upgrade" not in message  # no plan has more seats
    else:
        assert f"upgrade to the {'pro' if plan == 'free' else 'team'} plan" in message


def test_an_admin_inviting_past_the_seats_is_told_to_ask_the_owner(db):
    owner = named_owner(db)
    admin = add_member(db, team=team_of(db, owner), user=make_user(db), role=Role.ADMIN)
    add_invitation(db, team=team_of(db, owner), email="pending@example.com")
    with pytest.raises(LimitReached) as refused:
        create_invitation(db, actor=admin, email="new@example.com", role="member")
    assert refused.value.message == (
        "The free plan allows 3 seats and your team uses 3 (2 members, 1 pending invitation). Revoke an "
        "invitation or remove a member, or ask Ann Owner, the team's owner, to upgrade to the pro plan (10 seats)."
    )


def test_reinviting_a_pending_address_needs_no_extra_seat(db):
    owner = named_owner(db)
    fill_seats(db, owner, members=1, pending=2)
    assert create_invitation(db, actor=owner, email="pending0@example.com", role="reviewer").role == Role.REVIEWER


@pytest.mark.parametrize(("members", "allowed"), [(2, True), (3, False), (4, False)], ids=["below", "at", "above"])
def test_accepting_an_invitation_into_a_full_team_is_refused(db, members, allowed):
    owner = named_owner(db)
    team = team_of(db, owner)
    team.name = "Acme"
    created = create_invitation(db, actor=owner, email="late@example.com", role="member")
    fill_seats(db, owner, members=members, pending=0)  # filled after the invitation went out
    late = make_user(db, email="late@example.com")
    if allowed:
        assert accept_invitation(db, user_id=late.id, token=created.token) == team.id
        return
    with pytest.raises(LimitReached) as refused:
        accept_invitation(db, user_id=late.id, token=created.token)
    assert refused.value.message == (
        f"Acme is full: the free plan allows 3 seats and it has {members} members. To join, ask Ann Owner, "
        "the team's owner, to upgrade to the pro plan (10 seats)."
    )


def test_a_full_team_on_the_largest_plan_asks_its_owner_to_make_room(db):
    owner = named_owner(db, plan="team")
    created = create_invitation(db, actor=owner, email="late@example.com", role="member")
    fill_seats(db, owner, members=50, pending=0)
    with pytest.raises(LimitReached, match="To join, ask Ann Owner, the team's owner, to make room."):
        accept_invitation(db, user_id=make_user(db, email="late@example.com").id, token=created.token)


# Assistant turns --------------------------------------------------------------------------------


@pytest.mark.parametrize("plan", ["free", "pro", "team"])
@pytest.mark.parametrize(("offset", "allowed"), [(-1, True), (0, False), (5, False)], ids=["below", "at", "above"])
def test_the_monthly_turn_allowance_at_below_and_above_its_boundary(db, plan, offset, allowed):
    owner = named_owner(db, plan=plan)
    allowance = limits_for(plan).turns_per_month
    add_events(db, owner, allowance + offset, at=NOW - timedelta(days=3))
    if allowed:
        check_turn_allowance(db, actor=owner, now=NOW)
        return
    with pytest.raises(RateLimited) as refused:
        check_turn_allowance(db, actor=owner, now=NOW)
    assert refused.value.retry_at == datetime(2025, 8, 1, tzinfo=UTC)
    message = refused.value.message
    assert f"used {allowance + offset:,} assistant turns this month and the {plan} plan allows {allowance:,}" in message
    assert "resets on 1 August 2025 at 00:00 UTC" in message


def test_the_owner_out_of_turns_is_told_which_plan_has_more(db):
    owner = named_owner(db)
    add_events(db, owner, 200, at=NOW)
    with pytest.raises(RateLimited) as refused:
        check_turn_allowance(db, actor=owner, now=NOW)
    assert refused.value.message.endswith(
        "; to go on before then, upgrade to the pro plan (5,000 assistant turns a month) on the Billing page."
    )


def test_a_member_out_of_turns_is_told_which_owner_to_ask(db):
    owner = named_owner(db)
    member = add_member(db, team=team_of(db, owner), user=make_user(db), role=Role.MEMBER)
    add_events(db, member, 200, at=NOW)
    with pytest.raises(RateLimited, match="ask Ann Owner, the team's owner, to upgrade to the pro plan"):
        check_turn_allowance(db, actor=member, now=NOW)


def test_only_answered_turns_count_not_model_calls(db):
    owner = named_owner(db)
    add_events(db, owner, 199, at=NOW, tokens=500)  # 199 turns and 199 model calls
    check_turn_allowance(db, actor=owner, now=NOW)


def test_the_allowance_resets_at_the_start_of_the_month_utc(db):
    owner = named_owner(db)
    midnight = datetime(2025, 8, 1, tzinfo=UTC)
    add_events(db, owner, 200, at=midnight - timedelta(seconds=1))
    with pytest.raises(RateLimited):
        check_turn_allowance(db, actor=owner, now=midnight - timedelta(microseconds=1))
    check_turn_allowance(db, actor=owner, now=midnight)
    add_events(db, owner, 200, at=midnight)
    with pytest.raises(RateLimited):
        check_turn_allowance(db, actor=owner, now=midnight + timedelta(seconds=1))


def test_the_allowance_renews_on_the_first_of_january_after_december(db):
    owner = named_owner(db)
    december = datetime(2025, 12, 31, 23, 0, tzinfo=UTC)
    add_events(db, owner, 200, at=december)
    with pytest.raises(RateLimited) as refused:
        check_turn_allowance(db, actor=owner, now=december)
    assert refused.value.retry_at == datetime(2026, 1, 1, tzinfo=UTC)
    check_turn_allowance(db, actor=owner, now=datetime(2026, 1, 1, tzinfo=UTC))
