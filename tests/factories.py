"""Small factories per domain: rows straight into the real database, for arranging tests."""

from __future__ import annotations

import hashlib
import itertools
from dataclasses import dataclass
from datetime import timedelta
from functools import lru_cache

import bcrypt
from sqlalchemy.orm import Session

from core.permissions import Actor, Role
from core.prd import PRDData
from db.models import Invitation, Project, ProjectData, Team, TeamMember, User
from db.types import utcnow

PASSWORD = "correct-horse-battery"
_seq = itertools.count(1)


@lru_cache(maxsize=1)
def password_hash() -> str:
    return bcrypt.hashpw(PASSWORD.encode(), bcrypt.gensalt(rounds=4)).decode()


def make_user(db: Session, *, email: str | None = None, name: str = "Test User") -> User:
    user = User(
        email=(email or f"user{next(_seq)}@example.com").lower(),
        name=name,
        password_hash=password_hash(),
    )
    db.add(user)
    db.flush()
    return user


def make_team(db: Session, *, name: str = "Team", plan: str = "free") -> Team:
    team = Team(name=f"{name} {next(_seq)}", plan=plan)
    db.add(team)
    db.flush()
    return team


def add_member(db: Session, *, team: Team, user: User, role: Role | str) -> Actor:
    db.add(TeamMember(team_id=team.id, user_id=user.id, role=str(Role(role))))
    db.flush()
    return Actor(user_id=user.id, team_id=team.id, role=Role(role))


def make_actor(db: Session, *, role: Role | str = Role.OWNER, team: Team | None = None, plan: str = "free") -> Actor:
    """A new user who is a member of `team` (or of a new team) with `role`."""
    team = team or make_team(db, plan=plan)
    return add_member(db, team=team, user=make_user(db), role=role)


def add_invitation(db: Session, *, team: Team, email: str, role: Role | str = Role.MEMBER) -> Invitation:
    """A pending invitation of `team`, as if an owner had just sent it."""
    invitation = Invitation(
        team_id=team.id,
        email=email.lower(),
        role=str(Role(role)),
        token_hash=hashlib.sha256(f"token-{next(_seq)}".encode()).hexdigest(),
        expires_at=utcnow() + timedelta(days=7),
    )
    db.add(invitation)
    db.flush()
    return invitation


NEIGHBOUR_INVITED = ("new@example.com", "a@example.com", "b@example.com", "c@example.com")


@dataclass(frozen=True)
class Neighbour:
    """Another team sharing the database: its members by role (two owners) and its team row."""

    team: Team
    members: dict[Role, Actor]
    owners: tuple[Actor, Actor]


def make_neighbour_team(db: Session, *, invited: tuple[str, ...] = NEIGHBOUR_INVITED) -> Neighbour:
    """A second team with two owners, one member of each other role and pending invitations, so a
    rule that forgets to scope its query to the acting team counts the wrong rows and fails."""
    team = make_team(db, name="Neighbour", plan="team")
    members = {role: add_member(db, team=team, user=make_user(db), role=role) for role in Role}
    second_owner = add_member(db, team=team, user=make_user(db), role=Role.OWNER)
    for email in invited:
        add_invitation(db, team=team, email=email)
    return Neighbour(team=team, members=members, owners=(members[Role.OWNER], second_owner))


def make_project(db: Session, *, actor: Actor, name: str = "Project", vision: str = "A vision long enough.") -> Project:
    project = Project(team_id=actor.team_id, name=name, vision=vision, created_by=actor.user_id)
    db.add(project)
    db.flush()
    db.add(ProjectData(project_id=project.id))
    db.flush()
    return project


def ready_prd_data() -> PRDData:
    """Project data past the assistant's "ready to generate" mark (two actors, five full use
    cases, the whole boundary, a problem statement)."""
    return PRDData.model_validate(
        {
            "actors": [{"name": "Buyer", "role": "buys"}, {"name": "Seller", "role": "sells"}],
            "use_cases": [
                {"name": f"Do thing {i}", "actor": "Buyer", "trigger": "t", "outcome": "o"} for i in range(5)
            ],
            "system_boundaries": {"internal": ["Shop"], "external": ["Bank"], "in_scope": ["a"], "out_of_scope": ["b"]},
            "problem_statement": {"text": "Buying is slow."},
        }
    )
