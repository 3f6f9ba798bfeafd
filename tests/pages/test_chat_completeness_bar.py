"""The chat's completeness is one labelled bar: where the PRD stands and where generating opens."""

from core.intake.replies import READY_SCORE
from db.session import session_scope
from tests.factories import make_actor, make_project
from tests.pages.apptest import open_app
from ui.chat_sidebar import completeness_label


def test_the_label_names_the_score_and_the_mark_where_generating_opens():
    assert completeness_label(0) == f"Completeness 0% · generating opens at {READY_SCORE}%"
    assert completeness_label(READY_SCORE - 1).endswith(f"opens at {READY_SCORE}%")
    assert completeness_label(READY_SCORE) == f"Completeness {READY_SCORE}% · ready to generate"


def test_the_chat_sidebar_shows_one_completeness_bar_and_no_gauge_beside_it(app_db):
    with session_scope() as db:
        actor = make_actor(db, role="owner")
        make_project(db, actor=actor, name="Shop")
    at = open_app(actor, "pages/chat.py")
    assert not at.exception
    bars = [p.proto.text for p in at.sidebar.get("progress") if "Completeness" in p.proto.text]
    assert len(bars) == 1 and ("generating opens at" in bars[0] or "ready to generate" in bars[0])
    assert not at.sidebar.get("plotly_chart")
