"""Headless chromium for tests: Debian's binary, the flags this closed network needs, and
the rule that a missing browser skips locally but fails when REQUIRE_BROWSER=1."""

from __future__ import annotations

import os

import pytest

REQUIRE_BROWSER = os.environ.get("REQUIRE_BROWSER") == "1"
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def unavailable(reason: str) -> None:
    """Skip when the browser cannot run here, or fail when CI says it must."""
    if REQUIRE_BROWSER:
        pytest.fail(f"{reason} (REQUIRE_BROWSER=1 forbids skipping browser tests)", pytrace=False)
    pytest.skip(f"{reason}; set REQUIRE_BROWSER=1 to fail instead of skipping")
