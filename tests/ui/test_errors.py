"""Errors reach the page as messages: expected ones as they are, others with an error id."""

import logging

from streamlit.testing.v1 import AppTest

SCRIPT = """
import streamlit as st
from core.errors import InvalidInput
from ui.errors import guard

with guard():
    if st.session_state.get("kind") == "invalid":
        raise InvalidInput("Vision must be at least 10 characters.")
    raise RuntimeError("connection to server at 10.0.0.5 failed: secret detail")
st.write("after")
"""


def _run(kind: str) -> AppTest:
    at = AppTest.from_string(SCRIPT)
    at.session_state["kind"] = kind
    return at.run()


def test_an_expected_error_shows_its_own_message():
    at = _run("invalid")
    assert not at.exception
    assert [e.value for e in at.error] == ["Vision must be at least 10 characters."]


def test_an_unexpected_error_shows_an_error_id_and_logs_the_details(caplog):
    with caplog.at_level(logging.ERROR, logger="product_helper"):
        at = _run("bug")
    assert not at.exception
    (message,) = [e.value for e in at.error]
    assert message.startswith("Something went wrong on our side. Error id: ")
    assert "secret detail" not in message
    error_id = message.rsplit(" ", 1)[1]
    assert any(error_id in r.getMessage() and r.exc_info for r in caplog.records)
