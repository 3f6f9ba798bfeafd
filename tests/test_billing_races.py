"""Plan limits at the boundary with two sessions at once, on PostgreSQL: the first takes the last
slot and holds its transaction open; the second starts meanwhile and must wait on the team row's
lock, then see the first one's change and be refused. Events and bounded waits, no sleeps or
timing assertions. SQLite runs one writer at a time, so these races cannot happen there."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from core.billing import LimitReached
from core.invitations import accept_invitation, create_invitation
from core.permissions import Role
from core.projects.service import archive_project, create_project, restore_project
from db.models import Invitation, Project, Team, TeamMember
from db.session import session_scope
from tests.concurrency import race
from tests.factories import add_member, make_project, make_team, make_user

VISION = "A vision that is long enough."
pytestmark = pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)


def free_team_with(*roles: Role) -> list:
    with session_scope() as db:
        team = make_team(db, plan="free")
        return [add_member(db, team=team, user=make_user(db), role=role) for role in roles]


def test_inviting_two_people_at_once_for_the_last_seat_sends_one_invitation(committed_db_url):
    owner, admin = free_team_with(Role.OWNER, Role.ADMIN)
    first, second = race(
        lambda db: create_invitation(db, actor=owner, email="one@example.com", role="member"),
        lambda db: create_invitation(db, actor=admin, email="two@example.com", role="member"),
    )
    assert first.email == "one@example.com"
    assert isinstance(second, LimitReached) and "free plan allows 3 seats and your team uses 3" in second.message
    with session_scope() as db:
        assert db.scalars(select(Invitation.email).where(Invitation.team_id == owner.team_id)).all() == [
            "one@example.com"
        ]


def test_two_invitees_accepting_at_once_for_the_last_seat_leave_one_of_them_out(committed_db_url):
    owner, _ = free_team_with(Role.OWNER, Role.MEMBER)
    with session_scope() as db:
        db.get_one(Team, owner.team_id).plan = "pro"  # both invited while the plan had room
    with session_scope() as db:
        tokens = [create_invitation(db, actor=owner, email=e, role="member").token for e in ("a@x.org", "b@x.org")]
        users = [make_user(db, email=e).id for e in ("a@x.org", "b@x.org")]
        db.get_one(Team, owner.team_id).plan = "free"  # then downgraded: one seat left
    first, second = race(
        lambda db: accept_invitation(db, user_id=users[0], token=tokens[0]),
        lambda db: accept_invitation(db, user_id=users[1], token=tokens[1]),
    )
    assert first == owner.team_id
    assert isinstance(second, LimitReached) and "is full: the free plan allows 3 seats and it has 3" in second.message
    with session_scope() as db:
        count = db.scalar(select(func.count(TeamMember.id)).where(TeamMember.team_id == owner.team_id))
    assert count == 3


def test_restoring_and_creating_at_once_for_the_last_project_slot_give_one_active_project(committed_db_url):
    owner, member = free_team_with(Role.OWNER, Role.MEMBER)
    with session_scope() as db:
        projects = [make_project(db, actor=owner, name=f"Project {n}").id for n in range(3)]
    with session_scope() as db:
        archive_project(db, actor=owner, project_id=projects[0])
    first, second = race(
        lambda db: restore_project(db, actor=owner, project_id=projects[0]),
        lambda db: create_project(db, actor=member, data={"name": "New", "vision": VISION}),
    )
    assert first.status == "intake"
    assert isinstance(second, LimitReached) and "ask " in second.message and "the team's owner" in second.message
    with session_scope() as db:
        active = db.scalar(
            select(func.count(Project.id)).where(Project.team_id == owner.team_id, Project.status != "archived")
        )
    assert active == 3
