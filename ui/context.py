"""Who is signed in and in which team, resolved from the database on every rerun."""

from __future__ import annotations

import sys

import streamlit as st

from core.errors import NotFound
from core.membership import resolve_actor
from core.permissions import Actor, Permission, can
from db.session import session_scope
from ui.errors import show_error

USER_KEY = "user_id"
TEAM_KEY = "team_id"


def _chosen_team() -> int | None:
    """The team picked in this session, else the one in the address (kept across reloads)."""
    if st.session_state.get(TEAM_KEY):
        return st.session_state[TEAM_KEY]
    raw = st.query_params.get("team", "")
    return int(raw) if raw.isdigit() else None


def current_actor() -> Actor | None:
    """The signed-in member in the selected team, or None when signed out."""
    user_id = st.session_state.get(USER_KEY)
    if not user_id:
        return None
    chosen = _chosen_team()
    try:
        with session_scope() as db:
            actor = resolve_actor(db, user_id=user_id, team_id=chosen)
    except NotFound:
        # Not (or no longer) a member of that team: fall back to another team of theirs.
        st.session_state.pop(TEAM_KEY, None)
        with session_scope() as db:
            try:
                actor = resolve_actor(db, user_id=user_id, team_id=None)
            except NotFound:
                return None
        st.toast("You are not a member of the team you had selected; showing another of your teams.")
    st.session_state[TEAM_KEY] = actor.team_id
    if st.query_params.get("team") != str(actor.team_id):
        st.query_params["team"] = str(actor.team_id)
    return actor


def through_the_gate(page_path: str) -> None:
    """Until app.py first calls st.navigation in this server process, Streamlit runs a pages/ file
    opened by its address on its own (its older multipage mode), skipping the gate: hand it back."""
    root = st.Page(lambda: None, title="Sign in", url_path="sign-in", default=True)
    st.navigation([root, st.Page(page_path)], position="hidden")  # leaves the older mode for good
    st.rerun()


def require_actor(permission: Permission | None = None) -> Actor:
    """Stop the page unless someone is signed in and their role grants `permission`."""
    try:
        actor = current_actor()
    except Exception as exc:  # the database is down: say so instead of a traceback
        show_error(exc)
        st.stop()
    if actor is None:
        if not st.session_state.get(USER_KEY):
            through_the_gate(sys._getframe(1).f_globals["__file__"])  # the calling page's script
        st.info("Please sign in to continue.")
        st.stop()
    if permission is not None and not can(actor, permission):
        st.error(f"Your role ({actor.role.value}) cannot open this page.", icon=":material/block:")
        st.stop()
    return actor
