"""A core call from a page: its value, or its message and then a stop, or the page going on."""

from sqlalchemy import select
from streamlit.testing.v1 import AppTest

from db.models import Team
from db.session import session_scope
from tests.pages.apptest import shown

SCRIPT = """
import streamlit as st
from core.errors import NotFound
from tests.factories import make_team
from ui.errors import attempt, call, succeeds

def fails(db):
    make_team(db, name="Half done")
    raise NotFound("Project not found.")

def works(db):
    return make_team(db, name="Kept").name

way = st.session_state["way"]
if way == "call":
    st.write(f"value: {call(works)}")
    call(fails)
elif way == "attempt":
    st.write(f"value: {attempt(fails)}")
else:
    st.write(f"saved: {succeeds(fails)}")
st.write("after")
"""


def _run(way: str) -> AppTest:
    at = AppTest.from_string(SCRIPT, default_timeout=30)
    at.session_state["way"] = way
    return at.run()


def _teams() -> list[str]:
    with session_scope() as db:
        return [name for name in db.scalars(select(Team.name)) if name.split()[0] in ("Half", "Kept")]


def test_a_call_gives_its_value_and_a_failed_one_shows_why_and_stops_the_page(committed_db_url):
    at = _run("call")
    assert not at.exception
    assert at.markdown[0].value.startswith("value: Kept ")
    assert [shown(e.value) for e in at.error] == ["Project not found."]
    assert "after" not in [m.value for m in at.markdown]
    assert [name.split()[0] for name in _teams()] == ["Kept"]  # the failed call left nothing behind


def test_a_failed_attempt_shows_why_and_the_page_goes_on(committed_db_url):
    at = _run("attempt")
    assert [shown(e.value) for e in at.error] == ["Project not found."]
    assert [m.value for m in at.markdown] == ["value: None", "after"]
    assert _teams() == []


def test_a_change_that_fails_says_so_and_is_not_kept(committed_db_url):
    at = _run("succeeds")
    assert [shown(e.value) for e in at.error] == ["Project not found."]
    assert [m.value for m in at.markdown] == ["saved: False", "after"]
    assert _teams() == []
