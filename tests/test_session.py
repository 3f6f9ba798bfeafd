"""session_scope(): one transaction per block, savepoints included, on both databases."""

import pytest
from sqlalchemy import func, select

from core.audit import record
from db.models import AuditLog, Team, User
from db.session import session_scope


class Boom(Exception):
    pass


def test_a_failed_block_leaves_nothing_behind_even_after_a_released_savepoint(committed_db_url):
    with pytest.raises(Boom), session_scope() as db:
        with db.begin_nested():
            db.add(User(email="a@example.com", name="A", password_hash="x"))
            db.flush()
        db.add(Team(name="T"))
        db.flush()
        raise Boom
    with session_scope() as db:
        assert db.scalar(select(func.count()).select_from(User)) == 0
        assert db.scalar(select(func.count()).select_from(Team)) == 0


def test_a_rolled_back_savepoint_keeps_the_rest_of_the_block(committed_db_url):
    with session_scope() as db:
        db.add(Team(name="Kept"))
        db.flush()
        with pytest.raises(Boom), db.begin_nested():
            db.add(Team(name="Dropped"))
            db.flush()
            raise Boom
    with session_scope() as db:
        assert db.scalars(select(Team.name)).all() == ["Kept"]


def test_a_nul_character_in_text_or_json_is_dropped_not_an_error(committed_db_url):
    with session_scope() as db:
        db.add(User(email="n@example.com", name="A\x00B", password_hash="x"))
        db.flush()
    with session_scope() as db:
        assert db.scalar(select(User.name)) == "AB"
    with session_scope() as db:
        team = Team(name="T\x00")
        db.add(team)
        db.flush()
        record(db, action="probe", team_id=team.id, actor_user_id=None, details={"text": "x\x00y", "list": ["\x00"]})
    with session_scope() as db:
        assert db.scalar(select(AuditLog.details)) == {"text": "xy", "list": [""]}
