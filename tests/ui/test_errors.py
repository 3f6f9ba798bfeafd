"""Errors reach the page as messages: expected ones as they are, others with an error id."""

import logging

from streamlit.testing.v1 import AppTest

from tests.pages.apptest import shown

SCRIPT = """
import streamlit as st
from core.errors import InvalidInput
from ui.errors import attempt


def work(db):
    kind = st.session_state.get("kind")
    if kind == "invalid":
        raise InvalidInput("Vision must be at least 10 characters.")
    if kind == "markdown":
        raise InvalidInput("No actor called **Eve** [click](javascript:alert(1)) <b>x</b>.")
    raise RuntimeError("connection to server at 10.0.0.5 failed: secret detail")


attempt(work)
st.write("after")
"""


def _run(kind: str) -> AppTest:
    at = AppTest.from_string(SCRIPT)
    at.session_state["kind"] = kind
    return at.run()


def test_an_expected_error_shows_its_own_message():
    at = _run("invalid")
    assert not at.exception
    assert [shown(e.value) for e in at.error] == ["Vision must be at least 10 characters."]
    assert at.markdown[-1].value == "after"


def test_user_text_in_an_error_message_is_shown_literally_never_as_markdown_or_html():
    (message,) = [e.value for e in _run("markdown").error]
    assert "**" not in message.replace("\\*", "") and "](" not in message and "<b>" not in message
    assert shown(message) == "No actor called **Eve** [click](javascript:alert(1)) <b>x</b>."


def test_an_unexpected_error_shows_an_error_id_and_logs_the_details(caplog):
    with caplog.at_level(logging.ERROR, logger="product_helper"):
        at = _run("bug")
    assert not at.exception
    (message,) = [e.value for e in at.error]
    assert message.startswith("Something went wrong on our side. Error id: ")
    assert "secret detail" not in message
    error_id = message.rsplit(" ", 1)[1]
    assert any(error_id in r.getMessage() and r.exc_info for r in caplog.records)
