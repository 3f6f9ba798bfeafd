from sqlalchemy import select

from db.models import Team
from tests.factories import make_actor, make_project


def test_a_project_is_stored_and_read_back(db):
    actor = make_actor(db)
    project = make_project(db, actor=actor, name="Shop")
    team = db.scalar(select(Team).where(Team.id == actor.team_id))
    assert project.team_id == team.id
    assert project.created_at.tzinfo is not None
