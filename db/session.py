"""The engine from settings, and session_scope(): the one place that commits."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from core.config import get_settings, normalise_database_url


def _on_sqlite_connect(dbapi_connection, _record) -> None:
    """Foreign keys on; and the driver's own transaction handling off, so that SQLAlchemy's
    BEGIN below makes savepoints (begin_nested) nest inside the real transaction."""
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA journal_mode=WAL")  # readers never wait for the one writer
    cursor.close()


def _on_sqlite_begin(connection) -> None:
    """Every transaction takes the write lock at its start and waits its turn for it: a deferred
    BEGIN that reads and then writes fails at once ("database is locked") when another session
    wrote in between, which two reruns of one page (or two users) on SQLite do."""
    connection.exec_driver_sql("BEGIN IMMEDIATE")


# A NUL character is never meaningful text, and PostgreSQL refuses it in text and JSONB:
# it is dropped from every parameter and every JSON value, on every backend alike.
def _without_nul(value):
    if isinstance(value, str):
        return value.replace("\x00", "") if "\x00" in value else value
    if isinstance(value, dict):
        return {k: _without_nul(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(_without_nul(v) for v in value)
    return value


def _strip_nul_parameters(_conn, _cursor, statement, parameters, _context, _executemany):
    return statement, _without_nul(parameters)


def _json_without_nul(value) -> str:
    return json.dumps(_without_nul(value))


def build_engine(url: str) -> Engine:
    """An engine for the URL; SQLite gets foreign keys on and its folder created."""
    url = normalise_database_url(url)
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"check_same_thread": False}, json_serializer=_json_without_nul)
        event.listen(engine, "connect", _on_sqlite_connect)
        event.listen(engine, "begin", _on_sqlite_begin)
    else:
        engine = create_engine(url, pool_pre_ping=True, pool_size=5, max_overflow=10, json_serializer=_json_without_nul)
    event.listen(engine, "before_cursor_execute", _strip_nul_parameters, retval=True)
    return engine


_engines: dict[str, Engine] = {}


def get_engine(url: str | None = None) -> Engine:
    """One engine (and pool) per URL for the life of the process."""
    url = url or get_settings().sqlalchemy_url
    if url not in _engines:
        _engines[url] = build_engine(url)
    return _engines[url]


def _session_factory(url: str | None = None) -> sessionmaker[Session]:
    return sessionmaker(bind=get_engine(url), expire_on_commit=False)


@contextmanager
def session_scope(url: str | None = None) -> Iterator[Session]:
    """A transaction: commit on success, roll back on any error, close always."""
    session = _session_factory(url)()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


def reset_engines() -> None:
    """Forget cached engines (tests point DATABASE_URL elsewhere between runs)."""
    for engine in _engines.values():
        engine.dispose()
    _engines.clear()
