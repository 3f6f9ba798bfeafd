"""This browser session's sign-in state: who, in which team, and since when (checked against the cut-off)."""

from __future__ import annotations

from datetime import datetime

import streamlit as st

from db.types import utcnow
from ui.context import TEAM_KEY, USER_KEY
from ui.flash import flash

SIGNED_IN_AT = "signed_in_at"
COOKIE_DUE = "auth_cookie_due"  # set on sign-in: the gate's next run writes the cookie
FLASH = "auth_flash"
# Session-state keys that streamlit-authenticator owns; no widget of ours may use them.
LIBRARY_KEYS = ("name", "username", "email", "roles", "authentication_status")


def start_session(user_id: int, issued_at: datetime | None = None) -> None:
    """Mark this browser session signed in; a fresh sign-in also gets a new cookie."""
    st.session_state[USER_KEY] = user_id
    st.session_state.pop(TEAM_KEY, None)
    st.session_state[SIGNED_IN_AT] = issued_at or utcnow()
    if issued_at is None:
        st.session_state[COOKIE_DUE] = True


def restart_session() -> None:
    """After a password change: this session goes on, with a cookie newer than the cut-off."""
    st.session_state[SIGNED_IN_AT] = utcnow()
    st.session_state[COOKIE_DUE] = True


def end_session(message: str | None = None, kind: str = "info") -> None:
    """Forget who is signed in here (the cookie is the library's to delete)."""
    for key in (USER_KEY, TEAM_KEY, SIGNED_IN_AT, COOKIE_DUE):
        st.session_state.pop(key, None)
    for key in LIBRARY_KEYS:
        st.session_state[key] = None
    if message:
        flash(FLASH, message, kind)
