"""Sign-in gate: core.accounts decides who gets in; streamlit-authenticator keeps the cookie.

The sign-in and sign-up forms are ours (lockout, password rule and sign-up live in the
database); the library's cookie manager stores a signed token and its button signs out.
Every run re-checks the session against users.sessions_valid_after, so a cookie copied
before a sign-out or a password change no longer opens the app.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import NoReturn

import jwt
import streamlit as st
import streamlit_authenticator as stauth

from core import accounts
from core.config import Settings, get_settings
from core.errors import AppError, InvalidInput
from core.permissions import Actor
from db.session import session_scope
from db.types import utcnow
from ui.context import TEAM_KEY, USER_KEY, current_actor
from ui.errors import guard, show_error
from ui.join_form import join_form

SIGNED_IN_AT = "signed_in_at"
COOKIE_DUE = "auth_cookie_due"  # set on sign-in: the next completed run writes the cookie
FLASH = "auth_flash"
ERRORS = "auth_errors"
# Session-state keys that streamlit-authenticator owns; no widget of ours may use them.
LIBRARY_KEYS = ("name", "username", "email", "roles", "authentication_status")


def authenticator(settings: Settings) -> stauth.Authenticate:
    """This run's library object, with credentials for the signed-in user read from the database."""
    users: dict[str, dict] = {}
    user_id = st.session_state.get(USER_KEY)
    if user_id:
        try:
            with session_scope() as db:
                user = accounts.get_user(db, user_id=user_id)
            users[user.email] = {"email": user.email, "name": user.name, "first_name": user.name}
        except Exception:  # gate() reports a missing user or a database that is down
            users = {}
    return stauth.Authenticate(
        {"usernames": users},
        cookie_name=settings.auth_cookie_name,
        cookie_key=settings.auth_cookie_key,
        cookie_expiry_days=settings.auth_cookie_expiry_days,
        auto_hash=False,
    )


def gate(auth: stauth.Authenticate) -> Actor:
    """The signed-in member, or the sign-in / sign-up page and a stop."""
    try:
        _restore_from_cookie(auth)
        user = _valid_user()
        actor = current_actor() if user else None
    except Exception as exc:  # the database is down: say so instead of a traceback
        show_error(exc)
        st.stop()
    if user is None:
        show_signed_out()
    _sync_library_state(user)
    _write_cookie_if_due(auth, user)
    if actor is None:
        _only_page(lambda: _no_team_page(auth), "Account", "no-team")
    return actor


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


def end_session(message: str | None = None) -> None:
    """Forget who is signed in here (the cookie is the library's to delete)."""
    for key in (USER_KEY, TEAM_KEY, SIGNED_IN_AT, COOKIE_DUE):
        st.session_state.pop(key, None)
    for key in LIBRARY_KEYS:
        st.session_state[key] = None
    if message:
        st.session_state[FLASH] = message


def logout_button(auth: stauth.Authenticate) -> bool:
    """The library's logout button; returns True when the user just signed out."""
    auth.logout("Sign out", location="sidebar", key="sidebar_logout", callback=_on_logout)
    return not st.session_state.get(USER_KEY)


def _on_logout(_details: dict) -> None:
    """Move the server-side cut-off so copies of the deleted cookie stop working too."""
    user_id = st.session_state.get(USER_KEY)
    try:
        with session_scope() as db:
            accounts.sign_out(db, user_id=user_id)
    except Exception as exc:  # still sign this session out; the error is logged with an id
        show_error(exc)
    end_session("You are signed out.")


def _restore_from_cookie(auth: stauth.Authenticate) -> None:
    """A new browser session signs in from a valid cookie, if it was issued after the cut-off."""
    if st.session_state.get(USER_KEY):
        return
    token = auth.cookie_controller.get_cookie()
    if not token:
        return
    user_id, issued = token.get("user_id"), token.get("issued_at")
    if not isinstance(user_id, int) or not isinstance(issued, (int, float)):
        return  # a cookie from another format: ignore it
    issued_at = datetime.fromtimestamp(issued, UTC)
    with session_scope() as db:
        if accounts.session_is_valid(db, user_id=user_id, issued_at=issued_at):
            start_session(user_id, issued_at)


def _valid_user() -> accounts.UserRead | None:
    """The session's user if the session began after their last sign-out or password change."""
    user_id = st.session_state.get(USER_KEY)
    if not user_id:
        return None
    issued_at = st.session_state.get(SIGNED_IN_AT)
    with session_scope() as db:
        ok = (
            isinstance(issued_at, datetime)
            and issued_at.tzinfo is not None
            and accounts.session_is_valid(db, user_id=user_id, issued_at=issued_at)
        )
        user = accounts.get_user(db, user_id=user_id) if ok else None
    if user is None:
        end_session("Your session has ended: please sign in again.")
    return user


def _sync_library_state(user: accounts.UserRead) -> None:
    """The library's logout button needs its own view of who is signed in."""
    st.session_state["authentication_status"] = True
    st.session_state["username"] = user.email
    st.session_state["name"] = user.name
    st.session_state["email"] = user.email


def _write_cookie_if_due(auth: stauth.Authenticate, user: accounts.UserRead) -> None:
    """Store a signed token with the session's start time, read back by the library's get_cookie."""
    if not st.session_state.pop(COOKIE_DUE, False):
        return
    settings = get_settings()
    if settings.auth_cookie_expiry_days <= 0:
        return
    expires = datetime.now(UTC) + timedelta(days=settings.auth_cookie_expiry_days)
    claims = {
        "username": user.email,
        "user_id": user.id,
        "issued_at": st.session_state[SIGNED_IN_AT].timestamp(),
        "exp_date": expires.timestamp(),
    }
    token = jwt.encode(claims, settings.auth_cookie_key, algorithm="HS256")
    auth.cookie_controller.cookie_model.cookie_manager.set(
        settings.auth_cookie_name, token, key="auth_cookie_set", expires_at=expires
    )


def _only_page(body, title: str, url_path: str) -> NoReturn:
    """Run one page with no menu: the pages/ folder must never show up as navigation."""
    st.navigation([st.Page(body, title=title, url_path=url_path, default=True)], position="hidden").run()
    st.stop()


def show_signed_out() -> NoReturn:
    """Only sign-in and sign-up exist for a visitor."""
    _only_page(_signed_out_page, "Sign in", "sign-in")


def _no_team_page(auth: stauth.Authenticate) -> None:
    """Signed in but in no team: join one by invitation, or start a new one."""
    st.title("No team")
    st.info("You are not a member of any team any more: accept an invitation, or start a team of your own.")
    join_form(st.session_state[USER_KEY])
    st.divider()
    if st.button("Start a new team", key="auth_start_team", icon=":material/group_add:"):
        with guard(), session_scope() as db:
            st.session_state[TEAM_KEY] = accounts.start_personal_team(db, user_id=st.session_state[USER_KEY])
        if st.session_state.get(TEAM_KEY):
            st.rerun()
    with st.sidebar:
        if logout_button(auth):
            st.rerun()


def _signed_out_page() -> None:
    st.title("product-helper")
    st.caption("Turn a product idea into a validated PRD.")
    flash = st.session_state.pop(FLASH, None)
    if flash:
        st.info(flash)
    if st.query_params.get("invite"):
        st.info("Sign in or create an account, then open your invitation link again to join the team.")
    sign_in_tab, sign_up_tab = st.tabs(["Sign in", "Create account"], key="auth_tabs")
    with sign_in_tab:
        _sign_in_form()
    with sign_up_tab:
        _sign_up_form()


def _show_form_error(form: str) -> None:
    exc = st.session_state.get(ERRORS, {}).pop(form, None)
    if exc is not None:
        show_error(exc)


def _sign_in_form() -> None:
    with st.form("auth_signin_form"):
        st.text_input("Email", key="auth_signin_email", autocomplete="email")
        st.text_input("Password", type="password", key="auth_signin_password", autocomplete="current-password")
        st.form_submit_button("Sign in", key="auth_signin_submit", type="primary", on_click=_sign_in)
    _show_form_error("signin")


def _sign_up_form() -> None:
    with st.form("auth_signup_form"):
        st.text_input("Name", key="auth_signup_name", max_chars=255, autocomplete="name")
        st.text_input("Email", key="auth_signup_email", max_chars=320, autocomplete="email")
        help_text = f"At least {accounts.MIN_PASSWORD_CHARS} characters, at most {accounts.MAX_PASSWORD_BYTES} bytes."
        st.text_input("Password", type="password", key="auth_signup_password", help=help_text,
                      autocomplete="new-password")
        st.text_input("Repeat password", type="password", key="auth_signup_repeat", autocomplete="new-password")
        st.form_submit_button("Create account", key="auth_signup_submit", type="primary", on_click=_sign_up)
    _show_form_error("signup")


def _fail(form: str, exc: Exception) -> None:
    st.session_state.setdefault(ERRORS, {})[form] = exc


def _sign_in() -> None:
    """Form callback: runs before the script, so this very run already shows the app."""
    state = st.session_state
    try:
        with session_scope() as db:
            try:  # caught inside the transaction so a failed attempt is still counted
                user = accounts.authenticate(db, email=state.get("auth_signin_email", ""),
                                             password=state.get("auth_signin_password", ""))
            except AppError as exc:
                user, error = None, exc
    except Exception as exc:
        _fail("signin", exc)
        return
    if user is None:
        _fail("signin", error)
        return
    state["auth_signin_password"] = ""
    start_session(user.id)


def _sign_up() -> None:
    """Form callback: create the account and its personal team, then sign straight in."""
    state = st.session_state
    password = state.get("auth_signup_password", "")
    if password != state.get("auth_signup_repeat", ""):
        _fail("signup", InvalidInput("The two passwords do not match."))
        return
    try:
        with session_scope() as db:
            user = accounts.sign_up(db, name=state.get("auth_signup_name", ""),
                                    email=state.get("auth_signup_email", ""), password=password)
    except Exception as exc:
        _fail("signup", exc)
        return
    for key in ("auth_signup_password", "auth_signup_repeat"):
        state[key] = ""
    start_session(user.id)
