"""Plan limits at the boundary with two sessions at once, on PostgreSQL: the first takes the last
slot and holds its transaction open; the second starts meanwhile and must wait on the team row's
lock, then see the first one's change and be refused. Events and bounded waits, no sleeps or
timing assertions. SQLite runs one writer at a time, so these races cannot happen there."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from core.billing import LimitReached
from core.invitations import accept_invitation, create_invitation
from core.permissions import Role
from core.projects.service import archive_project, create_project, restore_project
from db.models import Invitation, Project, Team, TeamMember
from db.session import get_engine, session_scope
from tests.factories import add_member, make_project, make_team, make_user

WAIT = 30  # seconds: the longest any step may take before the test gives up
VISION = "A vision that is long enough."
pytestmark = pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)


def _waiting_on_a_lock(pid: int) -> bool:
    with get_engine().connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        return bool(conn.scalar(text("SELECT cardinality(pg_blocking_pids(:pid)) > 0"), {"pid": pid}))


def race(first: Callable[[Session], object], second: Callable[[Session], object]) -> tuple[object, object]:
    """Each call's result or exception, `second` started while `first` has done its work uncommitted.
    `first` commits only once `second` waits on a lock (or has finished, when nothing locks)."""
    outcome: dict[str, object] = {}
    first_done, release, second_started = threading.Event(), threading.Event(), threading.Event()
    second_pid: list[int] = []

    def run_first() -> None:
        try:
            with session_scope() as db:
                outcome["first"] = first(db)
                first_done.set()
                if not release.wait(WAIT):
                    raise TimeoutError("the second session never started")
        except Exception as exc:
            outcome["first"] = exc
        finally:
            first_done.set()

    def run_second() -> None:
        try:
            with session_scope() as db:
                second_pid.append(db.connection().exec_driver_sql("SELECT pg_backend_pid()").scalar())
                second_started.set()
                outcome["second"] = second(db)
        except Exception as exc:
            outcome["second"] = exc
        finally:
            second_started.set()

    one, two = threading.Thread(target=run_first), threading.Thread(target=run_second)
    one.start()
    assert first_done.wait(WAIT), "the first session did not finish its work"
    two.start()
    assert second_started.wait(WAIT), "the second session did not start"
    checks = 0
    while two.is_alive() and not _waiting_on_a_lock(second_pid[0]):
        two.join(0.02)
        checks += 1
        assert checks < WAIT * 50, "the second session neither finished nor waited on a lock"
    release.set()
    one.join(WAIT)
    two.join(WAIT)
    assert not one.is_alive() and not two.is_alive(), "a session is still running"
    return outcome["first"], outcome["second"]


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
