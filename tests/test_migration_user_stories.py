"""The user-stories migration: a use case's description that is a story moves into its stories list
(on SQLite and PostgreSQL), and a downgrade puts it back exactly."""

from __future__ import annotations

from alembic import command
from sqlalchemy import MetaData, select

from db.session import build_engine
from tests import dbutil
from tests.test_migrations import empty_url, insert_a_row_in_every_table  # noqa: F401  (the fixture)

REVISION, BEFORE = "b67cbb073fd0", "5d1e7a9b2c40"
STORY = "As a clinic nurse, I want to see tomorrow's appointments, so that I can prepare the rooms."
USE_CASES = [
    {"id": "UC-1", "name": "See appointments", "actor": "Nurse", "description": STORY},
    {"id": "UC-2", "name": "Book a visit", "actor": "Patient", "description": "Patients book online."},
    {"id": "UC-3", "name": "Cancel a visit", "actor": "Patient"},
]


def _use_cases(url: str, value=None):
    engine = build_engine(url)
    meta = MetaData()
    meta.reflect(engine)
    table = meta.tables["project_data"]
    with engine.begin() as conn:
        if value is not None:
            conn.execute(table.update().values(use_cases=value))
        found = conn.execute(select(table.c.use_cases)).scalars().all()
    engine.dispose()
    return found


def test_a_story_description_moves_into_the_stories_and_back(empty_url):  # noqa: F811
    cfg = dbutil.alembic_config(empty_url)
    command.upgrade(cfg, BEFORE)
    insert_a_row_in_every_table(empty_url)
    _use_cases(empty_url, USE_CASES)

    command.upgrade(cfg, REVISION)
    (moved,) = _use_cases(empty_url)
    nurse, visit, cancel = moved
    assert nurse["description"] == ""
    assert nurse["stories"] == [
        {
            "text": STORY,
            "actor": "Nurse",
            "want": "see tomorrow's appointments",
            "so_that": "I can prepare the rooms",
            "priority": "should",
        }
    ]
    assert visit == USE_CASES[1] and cancel == USE_CASES[2]  # no story: untouched

    command.downgrade(cfg, BEFORE)
    assert _use_cases(empty_url) == [USE_CASES]
    command.upgrade(cfg, "head")


def test_the_moved_stories_read_as_the_use_case_stories_of_the_app(empty_url):  # noqa: F811
    from core.prd import UseCase

    cfg = dbutil.alembic_config(empty_url)
    command.upgrade(cfg, BEFORE)
    insert_a_row_in_every_table(empty_url)
    _use_cases(empty_url, USE_CASES)
    command.upgrade(cfg, "head")
    (stored,) = _use_cases(empty_url)
    nurse = UseCase.model_validate(stored[0])
    assert [(s.actor, s.so_that) for s in nurse.stories] == [("Nurse", "I can prepare the rooms")]
