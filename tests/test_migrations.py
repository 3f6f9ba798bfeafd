"""Alembic owns the schema: it round-trips, keeps rows across upgrades, and matches db/models.py."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import MetaData, inspect, select

from db.models import Base
from db.session import build_engine
from tests import dbutil

NOW = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
_tag = itertools.count(1)

# One row per table, as the app writes it. `ids` holds the primary keys inserted so far,
# so foreign keys point at real rows. A new table needs a row here (a test checks that).
ROWS: dict[str, Callable[[dict[str, int], str], dict[str, Any]]] = {
    "teams": lambda ids, tag: {"name": f"Team {tag}", "plan": "pro", "stripe_customer_id": f"cus_{tag}"},
    "users": lambda ids, tag: {
        "email": f"user{tag}@example.com",
        "name": f"User {tag}",
        "password_hash": "$2b$04$" + "x" * 53,
        "is_active": True,
        "failed_logins": 2,
        "locked_until": None,
        "last_login_at": NOW,
        "sessions_valid_after": NOW,
    },
    "team_members": lambda ids, tag: {"team_id": ids["teams"], "user_id": ids["users"], "role": "owner"},
    "invitations": lambda ids, tag: {
        "team_id": ids["teams"],
        "email": f"invitee{tag}@example.com",
        "role": "reviewer",
        "token_hash": f"hash-{tag}",
        "invited_by": ids["users"],
        "expires_at": NOW + timedelta(days=7),
    },
    "password_resets": lambda ids, tag: {
        "user_id": ids["users"],
        "token_hash": f"reset-hash-{tag}",
        "expires_at": NOW + timedelta(hours=1),
        "used_at": None,
        "created_by": ids["users"],
    },
    "projects": lambda ids, tag: {
        "team_id": ids["teams"],
        "name": f"Project {tag}",
        "vision": "Line workers report defects from the shop floor.",
        "status": "in_progress",
        "validation_score": 80,
        "created_by": ids["users"],
        "version": 3,
    },
    "project_data": lambda ids, tag: {
        "project_id": ids["projects"],
        "actors": [{"id": "A-1", "name": "Line Worker", "role": "reports defects"}],
        "use_cases": [{"id": "UC-1", "name": "Report a defect", "actor": "Line Worker"}],
        "system_boundaries": {"internal": ["App"], "external": ["ERP"], "in_scope": [], "out_of_scope": []},
        "data_entities": [{"name": "Defect", "attributes": ["id"], "relationships": []}],
        "problem_statement": {"text": "Defects are reported on paper."},
        "goals": [{"statement": "Faster reports", "metric": "minutes", "target": "5"}],
        "constraints": {"business": ["budget"], "technical": ["PostgreSQL"]},
        "nfrs": [{"category": "performance", "statement": "p95 under 1 s"}],
        "intake_state": {"phase": "actors", "asked": ["vision"]},
        "completeness": 42,
        "version": 2,
    },
    "conversations": lambda ids, tag: {
        "project_id": ids["projects"],
        "role": "user",
        "content": "Line workers and supervisors use it. ünïcode ✓",
        "client_message_id": f"msg-{tag}",
        "author_user_id": ids["users"],
        "prompt_tokens": 11,
        "completion_tokens": 7,
    },
    "artifacts": lambda ids, tag: {
        "project_id": ids["projects"],
        "type": "context_diagram",
        "content": {"dot": "digraph { a -> b }", "mermaid": "flowchart LR\n a --> b", "hash": tag},
        "status": "draft",
        "validation_errors": [],
        "version": 1,
    },
    "validation_runs": lambda ids, tag: {
        "project_id": ids["projects"],
        "score": 73,
        "passed": 20,
        "failed": 4,
        "results": [{"id": "HG1", "passed": True}],
        "rubric_version": "2026.1",
    },
    "usage_events": lambda ids, tag: {
        "team_id": ids["teams"],
        "user_id": ids["users"],
        "kind": "llm_call",
        "prompt_tokens": 100,
        "completion_tokens": 20,
    },
    "audit_log": lambda ids, tag: {
        "team_id": ids["teams"],
        "actor_user_id": ids["users"],
        "action": "project.delete",
        "target_type": "project",
        "target_id": "1",
        "details": {"name": "Old project"},
    },
}


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_url(request, tmp_path, _postgres_ok) -> str:
    """An empty database with no schema at all, on each backend."""
    if request.param == "sqlite":
        yield dbutil.sqlite_url(tmp_path / "empty.db")
        return
    if not _postgres_ok:
        pytest.skip("PostgreSQL is not running (set REQUIRE_POSTGRES=1 to fail instead)")
    url = dbutil.create_postgres_database()
    try:
        yield url
    finally:
        dbutil.drop_postgres_database(url)


def revisions_base_to_head() -> list[str]:
    script = ScriptDirectory.from_config(dbutil.alembic_config("sqlite://"))
    return [rev.revision for rev in reversed(list(script.walk_revisions()))]


def previous_revision(revision: str) -> str:
    script = ScriptDirectory.from_config(dbutil.alembic_config("sqlite://"))
    down = script.get_revision(revision).down_revision
    return down if isinstance(down, str) else "base"


def table_names(url: str) -> set[str]:
    engine = build_engine(url)
    try:
        return set(inspect(engine).get_table_names())
    finally:
        engine.dispose()


def insert_a_row_in_every_table(url: str) -> dict[tuple[str, int], dict[str, Any]]:
    """One row per table that exists now, children after parents; returns what was written."""
    engine = build_engine(url)
    written: dict[tuple[str, int], dict[str, Any]] = {}
    meta = MetaData()
    meta.reflect(engine)
    tag, ids = str(next(_tag)), {}
    with engine.begin() as conn:
        for model_table in Base.metadata.sorted_tables:
            table = meta.tables.get(model_table.name)
            if table is None:
                continue
            row = {k: v for k, v in ROWS[table.name](ids, tag).items() if k in table.c}
            stamps = {c: NOW for c in ("created_at", "updated_at") if c in table.c}
            ids[table.name] = conn.execute(table.insert().values(**row, **stamps)).inserted_primary_key[0]
            written[(table.name, ids[table.name])] = row
    engine.dispose()
    return written


def comparable(value: Any) -> Any:
    """SQLite hands datetimes back naive; compare everything in UTC."""
    if isinstance(value, datetime):
        return value.replace(tzinfo=value.tzinfo or UTC).astimezone(UTC)
    return value


def assert_rows_survived(url: str, written: dict[tuple[str, int], dict[str, Any]]) -> None:
    engine = build_engine(url)
    meta = MetaData()
    meta.reflect(engine)
    with engine.connect() as conn:
        for (name, row_id), row in written.items():
            table = meta.tables[name]
            stored = conn.execute(select(table).where(table.c.id == row_id)).mappings().one_or_none()
            assert stored is not None, f"{name} row {row_id} was lost"
            for column, value in row.items():
                if column in table.c:
                    assert comparable(stored[column]) == comparable(value), f"{name}.{column} changed"
    engine.dispose()


def test_every_table_has_a_sample_row_for_the_migration_tests():
    assert set(ROWS) == set(Base.metadata.tables)


def test_schema_upgrades_from_empty_downgrades_to_base_and_upgrades_again(empty_url):
    cfg = dbutil.alembic_config(empty_url)
    expected = set(Base.metadata.tables) | {"alembic_version"}

    command.upgrade(cfg, "head")
    assert table_names(empty_url) == expected
    command.downgrade(cfg, "base")
    assert table_names(empty_url) <= {"alembic_version"}
    command.upgrade(cfg, "head")
    assert table_names(empty_url) == expected


def test_rows_written_at_each_revision_survive_every_later_upgrade(empty_url):
    cfg = dbutil.alembic_config(empty_url)
    written: dict[tuple[str, int], dict[str, Any]] = {}
    for revision in revisions_base_to_head():
        command.upgrade(cfg, revision)
        written |= insert_a_row_in_every_table(empty_url)
        command.upgrade(cfg, "head")
        assert_rows_survived(empty_url, written)
    assert {name for name, _ in written} == set(Base.metadata.tables)


def test_rows_survive_stepping_down_one_revision_and_back_up(empty_url):
    cfg = dbutil.alembic_config(empty_url)
    command.upgrade(cfg, "head")
    for revision in reversed(revisions_base_to_head()):
        command.upgrade(cfg, revision)
        written = insert_a_row_in_every_table(empty_url)
        command.downgrade(cfg, previous_revision(revision))
        # Rows of tables the lower revision still has must come back; below the first there are none.
        kept = {key: row for key, row in written.items() if key[0] in table_names(empty_url)}
        command.upgrade(cfg, revision)
        assert_rows_survived(empty_url, kept)
    command.upgrade(cfg, "head")
    assert table_names(empty_url) == set(Base.metadata.tables) | {"alembic_version"}


def test_migrations_match_the_models_with_no_drift(empty_url):
    cfg = dbutil.alembic_config(empty_url)
    command.upgrade(cfg, "head")
    command.check(cfg)  # raises AutoGenerateDiffsDetected when db/models.py and migrations differ
