"""Usage metering (turns and tokens per day and per member, this month in UTC), the Billing page's
overview, and plan changes: owner only, audited, and a downgrade below the use blocks new use."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import delete

from core.audit import list_entries
from core.billing import PLAN_CHANGED, LimitReached, change_plan, check_turn_allowance
from core.billing.metering import usage_by_day, usage_by_member
from core.billing.overview import billing_overview
from core.errors import InvalidInput, PermissionDenied, RateLimited
from core.invitations import create_invitation
from core.permissions import Role
from core.projects.service import archive_project, create_project
from db.models import Team, TeamMember, User
from tests.factories import add_invitation, add_member, make_actor, make_project, make_user
from tests.test_billing import NOW, VISION, add_events, neighbour  # noqa: F401 - the neighbour fixture


@pytest.fixture
def owner(db):
    owner = make_actor(db, role=Role.OWNER, plan="pro")
    db.get_one(User, owner.user_id).name = "Ann Owner"
    return owner


def test_turns_and_tokens_are_counted_per_utc_day_from_the_first_of_the_month(db, owner):
    add_events(db, owner, 2, at=datetime(2025, 7, 2, 23, 30, tzinfo=UTC), tokens=100)
    add_events(db, owner, 1, at=datetime(2025, 7, 3, 0, 30, tzinfo=UTC), tokens=40)
    add_events(db, owner, 4, at=datetime(2025, 6, 30, 23, 59, tzinfo=UTC), tokens=1000)  # last month
    days = usage_by_day(db, team_id=owner.team_id, now=datetime(2025, 7, 5, 8, tzinfo=UTC))
    assert [d.day for d in days] == [date(2025, 7, n) for n in range(1, 6)]
    assert [(d.turns, d.tokens) for d in days] == [(0, 0), (2, 200), (1, 40), (0, 0), (0, 0)]


def test_use_by_member_lists_every_member_and_anyone_who_left(db, owner):
    team = db.get_one(Team, owner.team_id)
    busy = add_member(db, team=team, user=make_user(db, name="Bea Busy"), role=Role.MEMBER)
    idle = add_member(db, team=team, user=make_user(db, name="Ivo Idle"), role=Role.REVIEWER)
    gone = add_member(db, team=team, user=make_user(db, name="Gus Gone"), role=Role.MEMBER)
    add_events(db, busy, 5, at=NOW, tokens=10)
    add_events(db, owner, 2, at=NOW)
    add_events(db, gone, 1, at=NOW, tokens=7)
    db.execute(delete(TeamMember).where(TeamMember.team_id == team.id, TeamMember.user_id == gone.user_id))
    rows = usage_by_member(db, team_id=owner.team_id, now=NOW)
    assert [(m.name, m.role, m.turns, m.tokens) for m in rows] == [
        ("Bea Busy", "member", 5, 50),
        ("Ann Owner", "owner", 2, 0),
        ("Gus Gone", None, 1, 7),
        ("Ivo Idle", "reviewer", 0, 0),
    ]
    assert rows[2].email is None and idle.user_id in {m.user_id for m in rows}


def test_the_overview_shows_use_against_every_limit_and_when_the_allowance_resets(db, owner):
    for n in range(4):
        make_project(db, actor=owner, name=f"P{n}")
    add_member(db, team=db.get_one(Team, owner.team_id), user=make_user(db), role=Role.MEMBER)
    add_invitation(db, team=db.get_one(Team, owner.team_id), email="soon@example.com")
    add_events(db, owner, 3, at=NOW - timedelta(hours=1), tokens=20)
    overview = billing_overview(db, actor=owner, now=NOW)
    assert overview.plan == "pro" and overview.limits.seats == 10
    assert [(u.limit, u.used, u.allowed) for u in overview.uses] == [
        ("projects", 4, 50),
        ("seats", 3, 10),
        ("turns", 3, 5_000),
    ]
    assert (overview.members, overview.pending_invitations, overview.tokens) == (2, 1, 60)
    assert overview.period_start == datetime(2025, 7, 1, tzinfo=UTC)
    assert overview.resets_at == datetime(2025, 8, 1, tzinfo=UTC)
    assert [(o.plan, o.current, o.upgrade) for o in overview.options] == [
        ("free", False, False),
        ("pro", True, False),
        ("team", False, True),
    ]
    assert not overview.stripe_enabled and overview.subscription_id is None


def test_the_overview_warns_of_each_limit_a_downgrade_would_be_over(db, owner):
    for n in range(5):
        make_project(db, actor=owner, name=f"P{n}")
    team = db.get_one(Team, owner.team_id)
    for _ in range(3):
        add_member(db, team=team, user=make_user(db), role=Role.MEMBER)
    add_events(db, owner, 201, at=NOW)
    free = billing_overview(db, actor=owner, now=NOW).options[0]
    assert free.warnings == [
        "Your team has 5 active projects and the free plan allows 3: none is deleted, but no project can be "
        "created or restored until 3 are archived or deleted.",
        "Your team uses 4 seats (members and pending invitations) and the free plan allows 3: nobody is removed, "
        "but nobody can be invited or join until 2 seats are free.",
        "Your team has used 201 assistant turns this month and the free plan allows 200: the assistant answers "
        "again when the allowance resets on 1 August 2025.",
    ]
    assert billing_overview(db, actor=owner, now=NOW).options[2].warnings == []


def test_at_the_limit_is_not_over_it(db, owner):
    for n in range(3):
        make_project(db, actor=owner, name=f"P{n}")
    [projects, *_] = billing_overview(db, actor=owner, now=NOW).uses
    assert billing_overview(db, actor=owner, now=NOW).options[0].warnings == []
    assert not projects.over and not projects.full
    change_plan(db, actor=owner, plan="free")
    [projects, *_] = billing_overview(db, actor=owner, now=NOW).uses
    assert projects.full and not projects.over


@pytest.mark.parametrize("role", [Role.ADMIN, Role.MEMBER, Role.REVIEWER])
def test_only_the_owner_reads_billing_or_changes_the_plan(db, owner, role):
    other = add_member(db, team=db.get_one(Team, owner.team_id), user=make_user(db), role=role)
    with pytest.raises(PermissionDenied):
        billing_overview(db, actor=other)
    with pytest.raises(PermissionDenied):
        change_plan(db, actor=other, plan="team")
    assert db.get_one(Team, owner.team_id).plan == "pro"


def test_a_plan_change_is_audited_and_the_same_plan_again_is_not(db, owner):
    changed = change_plan(db, actor=owner, plan=" Team ")
    assert (changed.plan, changed.limits.seats) == ("team", 50)
    change_plan(db, actor=owner, plan="team")
    [entry] = list_entries(db, actor=owner, action=PLAN_CHANGED)
    assert (entry.target_type, entry.target_id) == ("team", str(owner.team_id))
    assert entry.details == {"from": "pro", "to": "team", "source": "owner"}
    with pytest.raises(InvalidInput, match="choose free, pro or team"):
        change_plan(db, actor=owner, plan="enterprise")


def test_a_downgrade_below_the_use_is_allowed_but_blocks_new_use_until_under_the_limits(db, owner):
    projects = [create_project(db, actor=owner, data={"name": f"P{n}", "vision": VISION}) for n in range(5)]
    team = db.get_one(Team, owner.team_id)
    for _ in range(3):
        add_member(db, team=team, user=make_user(db), role=Role.MEMBER)
    add_events(db, owner, 250, at=NOW)
    assert change_plan(db, actor=owner, plan="free").plan == "free"
    assert len(projects) == 5 and db.get_one(Team, owner.team_id).plan == "free"  # nothing removed
    with pytest.raises(LimitReached, match="your team has 5. Archive or delete 3 projects"):
        create_project(db, actor=owner, data={"name": "Sixth", "vision": VISION})
    with pytest.raises(LimitReached, match="your team uses 4"):
        create_invitation(db, actor=owner, email="new@example.com", role="member")
    with pytest.raises(RateLimited, match="used 250 assistant turns"):
        check_turn_allowance(db, actor=owner, now=NOW)
    for project in projects[:2]:
        archive_project(db, actor=owner, project_id=project.id)
    with pytest.raises(LimitReached):  # at the limit is not under it
        create_project(db, actor=owner, data={"name": "Sixth", "vision": VISION})
    archive_project(db, actor=owner, project_id=projects[2].id)
    assert create_project(db, actor=owner, data={"name": "Sixth", "vision": VISION}).name == "Sixth"
    check_turn_allowance(db, actor=owner, now=datetime(2025, 8, 1, tzinfo=UTC))  # next month
