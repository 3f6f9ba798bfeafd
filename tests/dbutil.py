"""Throwaway databases for tests: a SQLite file or a fresh PostgreSQL database, migrated."""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import psycopg
from alembic import command
from alembic.config import Config
from sqlalchemy import text

from core.config import ROOT, normalise_database_url
from db.models import Base
from db.session import build_engine

ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres"


def admin_url() -> str:
    """TEST_DATABASE_URL names the server (its database is only used to create others)."""
    return os.environ.get("TEST_DATABASE_URL") or ADMIN_URL


def postgres_available() -> bool:
    try:
        with psycopg.connect(admin_url(), connect_timeout=3):
            return True
    except psycopg.Error:
        return False


def create_postgres_database() -> str:
    """CREATE DATABASE with a unique name; returns its URL."""
    name = f"ph_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(admin_url(), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    base = admin_url().rsplit("/", 1)[0]
    return f"{base}/{name}"


def drop_postgres_database(url: str) -> None:
    name = url.rsplit("/", 1)[1]
    with psycopg.connect(admin_url(), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def alembic_config(url: str) -> Config:
    cfg = Config(str(ROOT / "alembic.ini"))
    cfg.set_main_option("script_location", str(ROOT / "migrations"))
    cfg.set_main_option("sqlalchemy.url", normalise_database_url(url).replace("%", "%%"))
    return cfg


def migrate(url: str, revision: str = "head") -> None:
    command.upgrade(alembic_config(url), revision)


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


def wipe(url: str) -> None:
    """Delete every row, children first, so the next test starts from an empty schema."""
    engine = build_engine(url)
    with engine.begin() as conn:
        for table in reversed(Base.metadata.sorted_tables):
            conn.execute(table.delete())
        if conn.dialect.name == "postgresql":
            for table in Base.metadata.sorted_tables:
                conn.execute(text(f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), 1, false)"))
    engine.dispose()
