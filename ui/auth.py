"""Sign-in gate (to be replaced by the streamlit-authenticator integration)."""

from __future__ import annotations

import streamlit as st

from core.permissions import Actor
from ui.context import current_actor


def gate() -> Actor:
    actor = current_actor()
    if actor is None:
        st.title("Sign in")
        st.stop()
    return actor
