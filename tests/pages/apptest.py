"""Drive the real app.py with AppTest as a given member, on the test's own database."""

from __future__ import annotations

from datetime import UTC, datetime

from streamlit.testing.v1 import AppTest

from core.config import ROOT
from core.permissions import Actor


def open_app(actor: Actor | None = None, page: str | None = None, **state) -> AppTest:
    """Run app.py (signed in as `actor` when given) and switch to `page`, e.g. "pages/team.py"."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    if actor is not None:
        at.session_state["user_id"] = actor.user_id
        at.session_state["team_id"] = actor.team_id
        at.session_state["signed_in_at"] = datetime.now(UTC)
    for key, value in state.items():
        at.session_state[key] = value
    at.run()
    if page is not None:
        at.switch_page(page)
        at.run()
    return at
