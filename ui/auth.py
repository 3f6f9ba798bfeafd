"""Sign-in gate: streamlit-authenticator's widgets and cookie, core.accounts' users and rules.

The visitor signs in and up through the library's login() and register_user() widgets, wired to
the database in ui/auth_library.py and drawn in ui/auth_forms.py. Every run re-checks the
session against users.sessions_valid_after, so a cookie copied before a sign-out or a password
change no longer opens the app.
"""

from __future__ import annotations

from typing import NoReturn

import streamlit as st
import streamlit_authenticator as stauth

from core import accounts
from core.config import Settings
from core.membership import list_memberships
from core.password_resets import RESET_PATH
from db.session import session_scope
from ui import auth_forms
from ui import auth_library as lib
from ui.auth_reset import reset_page, reset_token
from ui.auth_session import COOKIE_DUE, SIGNED_IN_AT, end_session, restart_session, start_session
from ui.context import TEAM_KEY, USER_KEY, SignedIn, resolve_member
from ui.errors import attempt, show_error
from ui.join_form import join_form

__all__ = [
    "authenticator",
    "end_session",
    "gate",
    "logout_button",
    "restart_session",
    "show_signed_out",
    "start_session",
]

COOKIE_DROPPED = "auth_cookie_dropped"  # this browser session's cookie was refused and deleted
SIGNED_OUT_AUTH = "auth_signed_out_with"  # the authenticator of the run in which the user signed out


def authenticator(settings: Settings) -> stauth.Authenticate:
    """This run's library object; it holds no users until one signs in."""
    return lib.build(settings)


def gate(auth: stauth.Authenticate) -> SignedIn:
    """The signed-in member (with their teams), or the sign-in / sign-up page and a stop."""
    if reset_token():  # a reset link opens its page whether or not someone is signed in here
        _only_page(reset_page, "Choose a new password", RESET_PATH)
    try:
        _restore_from_cookie(auth)
        signed_in = _signed_in()
    except Exception as exc:  # the database is down: say so instead of a traceback
        show_error(exc)
        st.stop()
    if signed_in is None:
        auth_forms.show_signed_out(auth)
    _sync_library_state(signed_in.user)
    if st.session_state.pop(COOKIE_DUE, False):
        lib.write_cookie(auth)
    if signed_in.actor is None:
        _only_page(lambda: _no_team_page(auth), "Account", "no-team")
    return signed_in


def show_signed_out(auth: stauth.Authenticate | None = None) -> NoReturn:
    """The sign-in page; after a sign-out in this run, with the authenticator of that run."""
    auth_forms.show_signed_out(auth or st.session_state.pop(SIGNED_OUT_AUTH))


def logout_button(auth: stauth.Authenticate) -> bool:
    """The library's logout button; returns True when the user just signed out."""
    auth.logout("Sign out", location="sidebar", key="sidebar_logout", callback=_on_logout)
    if st.session_state.get(USER_KEY):
        return False
    st.session_state[SIGNED_OUT_AUTH] = auth
    return True


def _on_logout(_details: dict) -> None:
    """Move the server-side cut-off so copies of the deleted cookie stop working too."""
    user_id = st.session_state.get(USER_KEY)
    try:
        with session_scope() as db:
            accounts.sign_out(db, user_id=user_id)
    except Exception as exc:  # still sign this session out; the error is logged with an id
        show_error(exc)
    end_session("You are signed out.", "success")


def _restore_from_cookie(auth: stauth.Authenticate) -> None:
    """A new browser session signs in from its cookie if it was issued after the user's cut-off."""
    state = st.session_state
    if state.get(USER_KEY) or state.get("logout"):
        return
    if state.get(COOKIE_DROPPED):  # asked on every run: the run that first asked may be cut short
        lib.delete_cookie(auth)
        return
    if not lib.cookie_present(auth):
        return
    claims = lib.read_cookie(auth)
    if claims is not None:
        user_id, issued_at = claims
        with session_scope() as db:
            if accounts.session_is_valid(db, user_id=user_id, issued_at=issued_at):
                start_session(user_id, issued_at)
                return
    state[COOKIE_DROPPED] = True  # expired, malformed or older than the cut-off: signed out
    lib.delete_cookie(auth)


def _signed_in() -> SignedIn | None:
    """The session's user, member and teams in one transaction; None once the session is cut off."""
    user_id = st.session_state.get(USER_KEY)
    if not user_id:
        return None
    issued_at = st.session_state.get(SIGNED_IN_AT)
    signed_in = None
    with session_scope() as db:
        ok = getattr(issued_at, "tzinfo", None) is not None and accounts.session_is_valid(
            db, user_id=user_id, issued_at=issued_at
        )
        if ok:
            user = accounts.get_user(db, user_id=user_id)
            actor = resolve_member(db, user_id=user_id)
            memberships = list_memberships(db, user_id=user_id) if actor else []
            signed_in = SignedIn(user=user, actor=actor, memberships=memberships)
    if signed_in is None:
        end_session("Your session has ended: please sign in again.")
    return signed_in


def _sync_library_state(user: accounts.UserRead) -> None:
    """The library's logout button needs its own view of who is signed in."""
    st.session_state["authentication_status"] = True
    st.session_state["username"] = user.email
    st.session_state["name"] = user.name
    st.session_state["email"] = user.email


def _only_page(body, title: str, url_path: str) -> NoReturn:
    """Run one page with no menu: the pages/ folder must never show up as navigation. A default
    page is served at the root only, so the page is also registered at its own address (else
    Streamlit opens it with a "Page not found" dialog)."""
    pages = [st.Page(body, title=title, url_path="home", default=True), st.Page(body, title=title, url_path=url_path)]
    st.navigation(pages, position="hidden").run()
    st.stop()


def _no_team_page(auth: stauth.Authenticate) -> None:
    """Signed in but in no team: join one by invitation, or start a new one."""
    st.title("No team")
    st.info("You are not a member of any team any more: accept an invitation, or start a team of your own.")
    join_form(st.session_state[USER_KEY])
    st.divider()
    if st.button("Start a new team", key="auth_start_team", icon=":material/group_add:"):
        team_id = attempt(lambda db: accounts.start_personal_team(db, user_id=st.session_state[USER_KEY]))
        if team_id:
            st.session_state[TEAM_KEY] = team_id
            st.rerun()
    with st.sidebar:
        if logout_button(auth):
            st.session_state.pop(SIGNED_OUT_AUTH, None)
            st.rerun()
