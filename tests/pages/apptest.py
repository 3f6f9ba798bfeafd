"""Drive the real app.py with AppTest as a given member, on the test's own database."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from streamlit.runtime.pages_manager import PagesManager
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1 import app_test as _app_test

from core.config import ROOT
from core.markdown import WORD_JOINER
from core.permissions import Actor


class _NavigationPagesManager(PagesManager):
    """AppTest resets Streamlit's "is there a pages/ folder" flag before every run, so from the
    second run on it would execute pages/x.py on its own, skipping app.py (its gate, sidebar
    and st.navigation). The app always declares its pages with st.navigation: say so."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        PagesManager.uses_pages_directory = False


_app_test.PagesManager = _NavigationPagesManager


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


def shown(markdown: str) -> str:
    """What a reader sees of escaped Markdown: the backslash escapes and invisible joiners gone."""
    return re.sub(r"\\(.)", r"\1", markdown.replace(WORD_JOINER, ""))


def shown_errors(at: AppTest) -> list[str]:
    """The page's error and warning messages as the reader sees them."""
    return [shown(e.value) for e in [*at.error, *at.warning]]
