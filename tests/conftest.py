"""Fixtures: every database test runs on SQLite and on PostgreSQL, each in its own database."""

from __future__ import annotations

import os
import shutil

import pytest
from hypothesis import settings
from sqlalchemy.orm import Session

from core.config import get_settings
from db.session import build_engine, reset_engines
from tests import dbutil
from tests.browserutil import LAUNCH_ARGS, unavailable

REQUIRE_POSTGRES = os.environ.get("REQUIRE_POSTGRES") == "1"
BACKENDS = ["sqlite", "postgresql"]

# CI draws the same examples every run, so a red run is red again on a developer's machine; locally
# examples vary, and a failure prints the blob that replays it (@reproduce_failure).
settings.register_profile("ci", derandomize=True, print_blob=True, database=None)
settings.register_profile("dev", print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") else "dev"))


@pytest.fixture(scope="session")
def _postgres_ok() -> bool:
    ok = dbutil.postgres_available()
    if not ok and REQUIRE_POSTGRES:
        pytest.exit(f"REQUIRE_POSTGRES=1 but PostgreSQL is not reachable at {dbutil.admin_url()}", returncode=3)
    return ok


@pytest.fixture(scope="session")
def _postgres_url(_postgres_ok) -> str:
    """The run's one migrated PostgreSQL database, dropped at the end."""
    if not _postgres_ok:
        pytest.skip("PostgreSQL is not running (set REQUIRE_POSTGRES=1 to fail instead)")
    url = dbutil.create_postgres_database()
    try:
        dbutil.migrate(url)
        yield url
    finally:
        reset_engines()
        dbutil.drop_postgres_database(url)


@pytest.fixture(scope="session", params=BACKENDS)
def database_url(request, tmp_path_factory) -> str:
    """One migrated database per backend for the whole run, dropped at the end."""
    if request.param == "postgresql":
        return request.getfixturevalue("_postgres_url")
    url = dbutil.sqlite_url(tmp_path_factory.mktemp("db") / "test.db")
    dbutil.migrate(url)
    return url


@pytest.fixture(scope="session")
def _engines():
    engines = {}
    yield engines
    for engine in engines.values():
        engine.dispose()


@pytest.fixture
def db(database_url, _engines) -> Session:
    """A session inside a transaction that is rolled back after the test."""
    engine = _engines.get(database_url) or _engines.setdefault(database_url, build_engine(database_url))
    connection = engine.connect()
    outer = connection.begin()
    session = Session(bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False)
    try:
        yield session
    finally:
        session.close()
        outer.rollback()
        connection.close()


@pytest.fixture
def committed_db_url(database_url, monkeypatch, tmp_path) -> str:
    """The run's database as DATABASE_URL, for code that commits; emptied after the test."""
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.setenv("DATA_DIR", str(tmp_path))
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    get_settings.cache_clear()
    reset_engines()
    try:
        yield database_url
    finally:
        reset_engines()
        get_settings.cache_clear()
        dbutil.wipe(database_url)


@pytest.fixture(params=BACKENDS)
def app_db(request, tmp_path, monkeypatch) -> str:
    """The page test's database as DATABASE_URL, for page tests (AppTest), on each backend: a fresh
    migrated SQLite file, or the run's PostgreSQL database, emptied after the test."""
    if request.param == "postgresql":
        url = request.getfixturevalue("_postgres_url")
    else:
        url = dbutil.sqlite_url(tmp_path / "app.db")
        dbutil.migrate(url)
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("DATA_DIR", str(tmp_path))
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    get_settings.cache_clear()
    reset_engines()
    try:
        yield url
    finally:
        reset_engines()
        get_settings.cache_clear()
        if request.param == "postgresql":
            dbutil.wipe(url)


@pytest.fixture(scope="session")
def chromium():
    """One Playwright driver and one headless chromium for the whole run: the sync API
    allows a single driver per thread, so the page tests and the Mermaid checks share it."""
    path = shutil.which("chromium")
    if path is None:
        unavailable("chromium is not installed (Debian: apt-get install chromium, or `make test-deps`)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, headless=True, args=LAUNCH_ARGS)
        yield browser
        browser.close()
