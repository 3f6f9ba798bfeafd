"""Alembic environment: the URL comes from core.config (or -x url=... / a passed connection)."""

from __future__ import annotations

from alembic import context

from core.config import get_settings, normalise_database_url
from db.models import Base
from db.session import build_engine

config = context.config
target_metadata = Base.metadata


def _url() -> str:
    override = context.get_x_argument(as_dictionary=True).get("url") or config.get_main_option("sqlalchemy.url")
    return normalise_database_url(override) if override else get_settings().sqlalchemy_url


def _configure(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )


def run_migrations_offline() -> None:
    context.configure(url=_url(), target_metadata=target_metadata, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _configure(connection)
        with context.begin_transaction():
            context.run_migrations()
        return
    engine = build_engine(_url())
    with engine.connect() as conn:
        _foreign_keys(conn, on=False)
        try:
            _configure(conn)
            with context.begin_transaction():
                context.run_migrations()
        finally:
            _foreign_keys(conn, on=True)
    engine.dispose()


def _foreign_keys(conn, *, on: bool) -> None:
    """SQLite rebuilds a table to alter it (batch mode): dropping the old copy with foreign
    keys on would cascade-delete every child row. The pragma only works outside a transaction,
    so it goes to the driver connection directly."""
    if conn.dialect.name == "sqlite":
        conn.connection.driver_connection.execute(f"PRAGMA foreign_keys={'ON' if on else 'OFF'}")


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
