"""Mermaid's own parser and renderer, run in headless chromium, for checking generated text."""

from __future__ import annotations

import shutil
from pathlib import Path

from core.config import ROOT

HARNESS = ROOT / "tests" / "mermaid" / "harness.html"
MERMAID_JS = ROOT / "tests" / "mermaid" / "node_modules" / "mermaid" / "dist" / "mermaid.min.js"


def missing() -> str | None:
    """Why the browser check cannot run here, or None when it can."""
    if not shutil.which("chromium"):
        return "chromium is not installed (make test-deps installs it)"
    if not MERMAID_JS.exists():
        return "the mermaid npm package is missing (npm install --prefix tests/mermaid)"
    return None


class MermaidChecker:
    """One browser page with mermaid loaded; check() parses and renders a batch of sources."""

    def __init__(self, browser) -> None:
        self._page = browser.new_page()
        self._page.goto(Path(HARNESS).as_uri())
        self._page.wait_for_function("typeof window.mermaid !== 'undefined'")

    def check(self, sources: list[str]) -> list[dict]:
        return self._page.evaluate("sources => window.checkAll(sources)", sources)

    def close(self) -> None:
        self._page.close()
