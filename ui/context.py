"""Who is signed in and in which team: resolved once per rerun, by the sign-in gate in app.py."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

import streamlit as st
from sqlalchemy.orm import Session

from core.accounts import UserRead
from core.errors import NotFound
from core.membership import Membership, mark_used, resolve_actor
from core.permissions import Actor, Permission, can
from db.session import session_scope
from ui.errors import show_error

USER_KEY = "user_id"
TEAM_KEY = "team_id"
_MARKED_KEY = "team_marked_used"  # the team last written as this user's last used, once per change
# The gate's member for the page app.py runs next; unset whenever a page runs without the gate.
_THIS_RUN: ContextVar[Actor | None] = ContextVar("acting_member", default=None)


@dataclass(frozen=True)
class SignedIn:
    """This run's visitor: the user, their member in the selected team (None: in no team), all their teams."""

    user: UserRead
    actor: Actor | None
    memberships: list[Membership]


def _chosen_team() -> int | None:
    """The team picked in this session, else the one in the address (kept across reloads)."""
    if st.session_state.get(TEAM_KEY):
        return st.session_state[TEAM_KEY]
    raw = st.query_params.get("team", "")
    return int(raw) if raw.isdigit() else None


def resolve_member(db: Session, *, user_id: int) -> Actor | None:
    """The user as a member of the selected team, else of another of their teams; None in no team."""
    chosen = _chosen_team()
    try:
        actor = resolve_actor(db, user_id=user_id, team_id=chosen)
    except NotFound:
        if chosen is None:
            return None
        st.session_state.pop(TEAM_KEY, None)  # not (or no longer) a member there: another team of theirs
        try:
            actor = resolve_actor(db, user_id=user_id, team_id=None)
        except NotFound:
            return None
        st.toast("You are not a member of the team you had selected; showing another of your teams.")
    st.session_state[TEAM_KEY] = actor.team_id
    if st.query_params.get("team") != str(actor.team_id):
        st.query_params["team"] = str(actor.team_id)
    if st.session_state.get(_MARKED_KEY) != actor.team_id:
        mark_used(db, actor=actor)
        st.session_state[_MARKED_KEY] = actor.team_id
    return actor


def current_actor() -> Actor | None:
    """The signed-in member in the selected team, or None when signed out or in no team."""
    user_id = st.session_state.get(USER_KEY)
    if not user_id:
        return None
    with session_scope() as db:
        return resolve_member(db, user_id=user_id)


@contextmanager
def acting(actor: Actor) -> Iterator[None]:
    """Run the page with the member the gate resolved in this run, so it is not resolved again."""
    token = _THIS_RUN.set(actor)
    try:
        yield
    finally:
        _THIS_RUN.reset(token)


def through_the_gate(page_path: str) -> None:
    """Until app.py first calls st.navigation in this server process, Streamlit runs a pages/ file
    opened by its address on its own (its older multipage mode), skipping the gate: hand it back."""
    root = st.Page(lambda: None, title="Sign in", url_path="sign-in", default=True)
    st.navigation([root, st.Page(page_path)], position="hidden")  # leaves the older mode for good
    st.rerun()


def _without_the_gate(page_path: str) -> Actor:
    """A page script that ran on its own: back to the gate when signed out, else resolved here."""
    if not st.session_state.get(USER_KEY):
        through_the_gate(page_path)
    try:
        actor = current_actor()
    except Exception as exc:  # the database is down: say so instead of a traceback
        show_error(exc)
        st.stop()
    if actor is None:
        st.info("Please sign in to continue.")
        st.stop()
    return actor


def require_actor(permission: Permission | None = None) -> Actor:
    """Stop the page unless someone is signed in and their role grants `permission`."""
    actor = _THIS_RUN.get() or _without_the_gate(sys._getframe(1).f_globals["__file__"])  # the calling page
    if permission is not None and not can(actor, permission):
        st.error(f"Your role ({actor.role.value}) cannot open this page.", icon=":material/block:")
        st.stop()
    return actor
