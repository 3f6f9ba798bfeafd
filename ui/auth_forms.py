"""What a visitor sees: the library's sign-in and sign-up widgets, our messages, and their invitation."""

from __future__ import annotations

from pathlib import Path
from typing import NoReturn

import streamlit as st
import streamlit_authenticator as stauth
from streamlit_authenticator.utilities import LoginError, RegisterError

from core import accounts
from core.errors import AppError, InvalidInput
from db.session import session_scope
from ui import auth_library as lib
from ui.auth_session import FLASH, start_session
from ui.errors import show_error
from ui.flash import show_flash
from ui.join_form import INVITE_KEY
from ui.navigation import PAGES

SIGN_IN_FORM = "auth_login_form"
SIGN_UP_FORM = "auth_register_form"
SIGN_UP_ERROR = "auth_sign_up_error"
SIGN_IN_FIELDS = {
    "Form name": "Sign in to your account",
    "Username": "Email",
    "Password": "Password",
    "Login": "Sign in",
}
SIGN_UP_FIELDS = {
    "Form name": "Create your account",
    "First name": "First name",
    "Last name": "Last name",
    "Email": "Email",
    "Password": "Password",
    "Repeat password": "Repeat password",
    "Register": "Create account",
}
JOIN_PATH = "join"


def show_signed_out(auth: stauth.Authenticate) -> NoReturn:
    """Only sign-in and sign-up exist for a visitor, at the root and at every page's own address."""
    page = lambda: _signed_out_page(auth)  # noqa: E731 - one body under several addresses
    pages = [st.Page(page, title="Sign in", url_path="sign-in", default=True)]
    pages += [st.Page(page, title="Sign in", url_path=Path(spec.path).stem) for spec in PAGES]
    st.navigation(pages, position="hidden").run()
    st.stop()


def _signed_out_page(auth: stauth.Authenticate) -> None:
    st.title("product-helper")
    st.caption("Turn a product idea into a validated PRD.")
    show_flash(FLASH)
    if invite := st.query_params.get("invite"):
        st.session_state[INVITE_KEY] = invite
    if st.session_state.get(INVITE_KEY):
        st.info("You were invited to join a team: sign in, or create an account, to accept the invitation.")
    sign_in_tab, sign_up_tab = st.tabs(["Sign in", "Create account"], key="auth_tabs")
    with sign_in_tab:
        _sign_in(auth)
    with sign_up_tab:
        _sign_up(auth)


def _sign_in(auth: stauth.Authenticate) -> None:
    """The library's login widget; the database checks the password (see auth_library)."""
    try:
        auth.login(location="main", fields=SIGN_IN_FIELDS, key=SIGN_IN_FORM)
    except LoginError as exc:
        st.session_state[lib.SIGN_IN_ERROR] = InvalidInput(exc.message)
    except Exception as exc:  # the database is down: the form stays, with an error id
        show_error(exc)
        return
    user_id = lib.signed_in_user_id(auth)
    if user_id:
        start_session(user_id)
        _enter_app()
    _show_error(lib.SIGN_IN_ERROR)


def _sign_up(auth: stauth.Authenticate) -> None:
    """The library's sign-up widget (email as username); core.accounts creates the account and team."""
    try:
        email, username, _ = auth.register_user(
            location="main",
            fields=SIGN_UP_FIELDS,
            key=SIGN_UP_FORM,
            merge_username_email=True,
            captcha=False,
            password_hint=False,
        )
    except RegisterError as exc:
        st.session_state[SIGN_UP_ERROR] = InvalidInput(lib.human_message(exc.message))
        email = username = None
    if username is not None:  # submitted and accepted by the widget's own checks
        st.session_state.pop(SIGN_UP_ERROR, None)
        _create_account(auth, email, username)
    _show_error(SIGN_UP_ERROR)


def _create_account(auth: stauth.Authenticate, email: str, username: str) -> None:
    name, password_hash = lib.take_registered(auth, username)
    try:
        with session_scope() as db:
            user = accounts.sign_up_with_hash(db, name=name, email=email, password_hash=password_hash)
    except AppError as exc:
        st.session_state[SIGN_UP_ERROR] = exc
        return
    except Exception as exc:  # the database is down: said once, with an error id
        show_error(exc)
        return
    start_session(user.id)
    _enter_app()


def _show_error(key: str) -> None:
    """A form's error stays through the cookie component's extra runs, until the next submit."""
    exc = st.session_state.get(key)
    if exc is not None:
        show_error(exc)


def _enter_app() -> NoReturn:
    """Open the app; someone who came with an invitation lands on the join page with it filled in."""
    invite = st.session_state.get(INVITE_KEY)
    if invite:
        join = st.Page(lambda: None, title="Join a team", url_path=JOIN_PATH)
        st.switch_page(join, query_params={"invite": invite})
    st.rerun()
