"""A message about a change is shown after the rerun that follows it, for a few seconds."""

from streamlit.testing.v1 import AppTest

from ui import flash

SCRIPT = """
import streamlit as st
from ui.flash import flash, show_flash

if st.button("Save", key="save"):
    flash("saved", "Saved.")
    st.rerun()
if st.button("Other", key="other"):
    flash("saved", "Removed.", "warning")
    st.rerun()
show_flash("saved")
"""


class Clock:
    now = 1_000.0

    def time(self) -> float:
        return self.now


def test_the_message_stays_through_the_next_runs_then_goes(monkeypatch):
    clock = Clock()
    monkeypatch.setattr(flash, "time", clock)
    at = AppTest.from_string(SCRIPT).run()
    assert not at.success
    at.button(key="save").click().run()
    assert [s.value for s in at.success] == ["Saved."]
    clock.now += flash.FLASH_SECONDS - 1
    assert [s.value for s in at.run().success] == ["Saved."]  # e.g. the cookie component's extra run
    clock.now += 2
    assert not at.run().success


def test_a_newer_message_replaces_the_one_shown(monkeypatch):
    monkeypatch.setattr(flash, "time", Clock())
    at = AppTest.from_string(SCRIPT).run()
    at.button(key="save").click().run()
    at.button(key="other").click().run()
    assert not at.success
    assert [w.value for w in at.warning] == ["Removed."]
