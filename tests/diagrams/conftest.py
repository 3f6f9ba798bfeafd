"""Fixtures for the diagram tests: Graphviz and Mermaid (in headless chromium) as parsers."""

from __future__ import annotations

import shutil

import pytest

from tests.browserutil import unavailable
from tests.diagrams import browser


@pytest.fixture(scope="session")
def dot_binary() -> str:
    """The Graphviz `dot` executable."""
    exe = shutil.which("dot")
    if exe is None:
        unavailable("Graphviz (dot) is not installed")
    return exe


@pytest.fixture(scope="session")
def mermaid_checker(chromium):
    """One chromium page with mermaid loaded, shared by the session."""
    reason = browser.missing()
    if reason:
        unavailable(reason)
    checker = browser.MermaidChecker(chromium)
    yield checker
    checker.close()
