"""Two people acting at the same moment, on PostgreSQL with two real sessions in two threads.

The first session does its work and keeps its transaction open; the second starts meanwhile. The
first commits only once the second waits on a row lock (or has already finished, which is what
happens when nothing locks): so the rule either sees the first one's change or the test fails.
SQLite runs one writer at a time, so these races cannot happen there."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from core.errors import Conflict
from core.permissions import Role
from core.projects.service import create_project
from core.teams import change_role, leave_team
from db.models import Project, TeamMember
from db.session import session_scope
from tests.concurrency import race
from tests.factories import add_member, make_project, make_team, make_user

on_postgresql = pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)


def owners_of(team_id: int) -> list[int]:
    with session_scope() as db:
        return list(
            db.scalars(select(TeamMember.user_id).where(TeamMember.team_id == team_id, TeamMember.role == Role.OWNER))
        )


@pytest.fixture
def two_owners(committed_db_url):
    with session_scope() as db:
        team = make_team(db)
        return tuple(add_member(db, team=team, user=make_user(db), role=Role.OWNER) for _ in range(2))


@on_postgresql
def test_the_last_two_owners_demoting_each_other_at_once_leave_exactly_one_owner(two_owners):
    ann, bob = two_owners
    first, second = race(
        lambda db: change_role(db, actor=ann, user_id=bob.user_id, role=Role.ADMIN),
        lambda db: change_role(db, actor=bob, user_id=ann.user_id, role=Role.ADMIN),
    )
    assert first.role == Role.ADMIN
    assert isinstance(second, Conflict) and "at least one owner" in second.message
    assert owners_of(ann.team_id) == [ann.user_id]


@on_postgresql
def test_the_last_two_owners_leaving_at_once_leave_exactly_one_owner(two_owners):
    ann, bob = two_owners
    first, second = race(lambda db: leave_team(db, actor=ann), lambda db: leave_team(db, actor=bob))
    assert first is None
    assert isinstance(second, Conflict) and "last owner" in second.message
    assert owners_of(ann.team_id) == [bob.user_id]


@on_postgresql
def test_two_projects_created_at_once_for_the_last_free_slot_give_exactly_one_project(committed_db_url):
    with session_scope() as db:
        team = make_team(db, plan="free")
        owner = add_member(db, team=team, user=make_user(db), role=Role.OWNER)
        member = add_member(db, team=team, user=make_user(db), role=Role.MEMBER)
        for n in range(2):
            make_project(db, actor=owner, name=f"Project {n}")
    vision = "A vision that is long enough."
    first, second = race(
        lambda db: create_project(db, actor=owner, data={"name": "Third", "vision": vision}),
        lambda db: create_project(db, actor=member, data={"name": "Fourth", "vision": vision}),
    )
    assert first.name == "Third"
    assert isinstance(second, Conflict) and "free plan allows 3 active projects" in second.message
    with session_scope() as db:
        names = db.scalars(select(Project.name).where(Project.team_id == owner.team_id).order_by(Project.id)).all()
        assert names == ["Project 0", "Project 1", "Third"]
        assert db.scalar(select(func.count(Project.id))) == 3
