"""Fixtures for the diagram tests: Graphviz and Mermaid (in headless chromium) as parsers."""

from __future__ import annotations

import os
import shutil

import pytest

from tests.diagrams import browser

REQUIRE_BROWSER = os.environ.get("REQUIRE_BROWSER") == "1"


def _unavailable(reason: str) -> None:
    if REQUIRE_BROWSER:
        pytest.fail(f"REQUIRE_BROWSER=1 but {reason}")
    pytest.skip(f"{reason} (set REQUIRE_BROWSER=1 to fail instead)")


@pytest.fixture(scope="session")
def dot_binary() -> str:
    """The Graphviz `dot` executable."""
    exe = shutil.which("dot")
    if exe is None:
        _unavailable("Graphviz (dot) is not installed")
    return exe


@pytest.fixture(scope="session")
def mermaid_checker():
    """One chromium page with mermaid loaded, shared by the session."""
    reason = browser.missing()
    if reason:
        _unavailable(reason)
    checker = browser.MermaidChecker()
    yield checker
    checker.close()
