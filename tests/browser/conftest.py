"""Serve the real app with `streamlit run` on a fresh database and drive it with Playwright."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from core.config import ROOT
from tests import dbutil
from tests.browserutil import unavailable

ARTIFACTS = ROOT / "tests" / "artifacts"
STARTUP_DEADLINE_S = 90
# Settings of the developer's shell that must not leak into the app under test.
ISOLATED_ENV = ("OPENAI_API_KEY", "OPENAI_BASE_URL", "AUTH_COOKIE_KEY", "STRIPE_SECRET_KEY", "SENTRY_DSN")


@pytest.fixture(scope="session")
def chromium_path() -> str:
    path = shutil.which("chromium")
    if path is None:
        unavailable("chromium is not installed (Debian: apt-get install chromium, or `make test-deps`)")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        unavailable("the playwright package is not installed (pip install -r requirements-dev.txt)")
    return path


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
            return response.status == 200
    except (urllib.error.URLError, OSError):
        return False


def _wait_until_healthy(proc: subprocess.Popen, url: str, log: Path) -> None:
    deadline = time.monotonic() + STARTUP_DEADLINE_S
    while not _healthy(url):
        if proc.poll() is not None:
            pytest.fail(f"streamlit exited with {proc.returncode}:\n{log.read_text()[-3000:]}")
        if time.monotonic() > deadline:
            pytest.fail(f"streamlit did not answer {url}/_stcore/health:\n{log.read_text()[-3000:]}")
        time.sleep(0.25)


@dataclass(frozen=True)
class AppServer:
    url: str
    database_url: str


def serve(home: Path, **settings: str) -> Iterator[AppServer]:
    """`streamlit run app.py` on a free port with its own migrated SQLite database, data folder and
    `settings` (environment variables); stopped when the generator is closed."""
    database_url = dbutil.sqlite_url(home / "app.db")
    dbutil.migrate(database_url)
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k not in ISOLATED_ENV}
    env.update(DATABASE_URL=database_url, DATA_DIR=str(home), APP_ENV="development", PORT=str(port), **settings)
    streamlit = Path(sys.executable).with_name("streamlit")
    command = [
        str(streamlit), "run", "app.py",
        "--server.headless", "true",
        "--server.port", str(port),
        "--server.address", "127.0.0.1",
        "--server.fileWatcherType", "none",
        "--browser.gatherUsageStats", "false",
    ]  # fmt: skip
    log = home / "streamlit.log"
    with log.open("w") as out:
        proc = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_healthy(proc, url, log)
        yield AppServer(url=url, database_url=database_url)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.fixture(scope="session")
def app_server(chromium_path, tmp_path_factory) -> Iterator[AppServer]:
    """The app on a free port, on its own migrated SQLite database and data folder (offline assistant)."""
    yield from serve(tmp_path_factory.mktemp("browser-app"))


@pytest.fixture(scope="session")
def browser(chromium, chromium_path):
    from playwright.sync_api import expect

    expect.set_options(timeout=30_000)  # reruns on a busy machine take a while
    return chromium


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


class AppPage:
    """A Playwright page on the app with the few Streamlit-aware steps a journey needs."""

    def __init__(self, page, server: AppServer, shots: Path):
        self.page = page
        self.base_url = server.url
        self.database_url = server.database_url
        self.shots = shots
        self._count = 0

    def open(self, path: str = "") -> None:
        self.page.goto(f"{self.base_url}/{path.lstrip('/')}")
        self.settle()

    def settle(self) -> None:
        """Wait until the websocket is connected and the script has finished its rerun."""
        app = self.page.locator('[data-testid="stApp"]')
        app.and_(self.page.locator('[data-test-connection-state="CONNECTED"]')).wait_for(state="attached")
        app.and_(self.page.locator('[data-test-script-state="notRunning"]')).wait_for(state="attached")
        self.page.locator('[data-testid="stStatusWidget"]').wait_for(state="hidden")

    def expect(self, locator, *, count: int | None = None) -> None:
        """Wait until the locator is visible (or matches `count` elements), else fail."""
        from playwright.sync_api import expect

        if count is None:
            expect(locator).to_be_visible()
        else:
            expect(locator).to_have_count(count)

    def shoot(self, name: str) -> Path:
        """A full-page screenshot under tests/artifacts/<test>/, numbered in journey order."""
        self._count += 1
        path = self.shots / f"{self._count:02d}-{re.sub(r'[^a-z0-9]+', '-', name.lower())}.png"
        self.page.screenshot(path=str(path), full_page=True)
        return path

    def exceptions(self) -> list[str]:
        """Tracebacks Streamlit is showing (a failing page script)."""
        return self.page.locator('[data-testid="stException"]').all_inner_texts()

    def go_to(self, title: str) -> None:
        """Open a page from the sidebar navigation by its title."""
        nav = self.page.locator('[data-testid="stSidebarNav"]')
        nav.get_by_role("link", name=title, exact=True).click()
        self.settle()

    def click(self, name: str, *, exact: bool = True) -> None:
        self.page.get_by_role("button", name=name, exact=exact).click()
        self.settle()


@contextmanager
def browser_page(request, browser, server: AppServer) -> Iterator[AppPage]:
    """A fresh browser context (no cookies) on `server`; screenshots per test, one more on failure."""
    shots = ARTIFACTS / request.node.name
    shutil.rmtree(shots, ignore_errors=True)
    shots.mkdir(parents=True)
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    context.set_default_timeout(30_000)
    page = AppPage(context.new_page(), server, shots)
    try:
        yield page
    finally:
        failed = getattr(request.node, "rep_call", None)
        if failed is not None and failed.failed:
            page.shoot("failure")
        context.close()


@pytest.fixture
def app(request, browser, app_server) -> Iterator[AppPage]:
    """A fresh browser context on the served app (the offline assistant)."""
    with browser_page(request, browser, app_server) as page:
        yield page
