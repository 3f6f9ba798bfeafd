"""What a visitor sees: the library's sign-in and sign-up widgets, our messages, and their invitation."""

from __future__ import annotations

from pathlib import Path
from typing import NoReturn

import streamlit as st
import streamlit_authenticator as stauth
from streamlit_authenticator.utilities import LoginError, RegisterError

from core import accounts
from core.errors import AccountLocked, AppError, InvalidInput
from core.invitations import InvitationPreview, accept_invitation, preview_invitation
from core.markdown import escape_inline
from core.password_resets import RESET_PATH
from db.session import session_scope
from ui import auth_library as lib
from ui.auth_reset import forgot_password, reset_page, reset_token
from ui.auth_session import FLASH, start_session
from ui.context import TEAM_KEY
from ui.errors import log, show_error
from ui.flash import flash, show_flash
from ui.join_form import FLASH as JOIN_FLASH
from ui.join_form import INVITE_KEY
from ui.navigation import PAGES
from ui.projects_create import FLASH as PROJECTS_FLASH

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
PROJECTS_PATH = "projects"


def show_signed_out(auth: stauth.Authenticate) -> NoReturn:
    """Only sign-in and sign-up exist for a visitor, at the root and at every page's own address."""
    page = lambda: _signed_out_page(auth)  # noqa: E731 - one body under several addresses
    pages = [st.Page(page, title="Sign in", url_path="sign-in", default=True)]
    pages += [st.Page(page, title="Sign in", url_path=Path(spec.path).stem) for spec in PAGES]
    pages.append(st.Page(page, title="Choose a new password", url_path=RESET_PATH))
    st.navigation(pages, position="hidden").run()
    st.stop()


def _signed_out_page(auth: stauth.Authenticate) -> None:
    if reset_token():
        reset_page()
        return
    st.title("product-helper")
    st.caption("Turn a product idea into a validated PRD.")
    show_flash(FLASH)
    if invite := st.query_params.get("invite"):
        st.session_state[INVITE_KEY] = invite
    invited = _invitation()
    sign_in_tab, sign_up_tab = st.tabs(["Sign in", "Create account"], key="auth_tabs")
    with sign_in_tab:
        _sign_in(auth)
        forgot_password()
    with sign_up_tab, lib.prefilled({SIGN_UP_FIELDS["Email"]: invited.email} if invited else {}):
        _sign_up(auth)


def _invitation() -> InvitationPreview | None:
    """The invitation this visitor came with: which team, which role, who invited; a dead link is said so."""
    token = st.session_state.get(INVITE_KEY)
    if not token:
        return None
    try:
        with session_scope() as db:
            invited = preview_invitation(db, token=token)
    except Exception as exc:  # a used, revoked or expired link: said once, and not tried again on sign-in
        show_error(exc)
        st.session_state.pop(INVITE_KEY, None)
        return None
    inviter = f"{invited.inviter} invited you" if invited.inviter else "You are invited"
    st.info(
        escape_inline(
            f"{inviter} to join {invited.team} as {invited.role.value}. Sign in as {invited.email}, or create "
            "an account with that address: you join the team in the same step."
        ),
        icon=":material/group_add:",
    )
    return invited


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
        _enter_app(user_id)
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
    except Exception as exc:  # the database is down while checking the form: the form stays, with an error id
        show_error(exc)
        return
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
    _enter_app(user.id)


def _show_error(key: str) -> None:
    """A form's error stays through the cookie component's extra runs, until the next submit."""
    exc = st.session_state.get(key)
    if isinstance(exc, AccountLocked):  # when the lock runs out, in the reader's own time as well
        exc = AccountLocked(accounts.locked_message(exc.locked_until, st.context.timezone), exc.locked_until)
    if exc is not None:
        show_error(exc)


def _enter_app(user_id: int) -> NoReturn:
    """Open the app; someone who came with an invitation joins its team and lands on its projects."""
    invite = st.session_state.pop(INVITE_KEY, None)
    if invite:
        _accept(user_id, invite)
    st.rerun()


def _accept(user_id: int, invite: str) -> NoReturn:
    """Accept in the same step as signing in; if that fails, the join page says why, with the link kept."""
    try:
        with session_scope() as db:
            team = preview_invitation(db, token=invite).team
            team_id = accept_invitation(db, user_id=user_id, token=invite)
    except Exception as exc:  # said on the join page, where the link waits to be tried again
        if not isinstance(exc, AppError):
            log.exception("invitation not accepted on sign-in", exc_info=exc)
        text = exc.message if isinstance(exc, AppError) else "The invitation could not be accepted: try again."
        flash(JOIN_FLASH, escape_inline(text), "error")
        st.session_state[INVITE_KEY] = invite
        st.switch_page(st.Page(lambda: None, url_path=JOIN_PATH), query_params={"invite": invite})
    st.session_state[TEAM_KEY] = team_id
    flash(PROJECTS_FLASH, f"You joined {escape_inline(team)}; it is now your selected team.")
    st.query_params.clear()
    st.switch_page(st.Page(lambda: None, url_path=PROJECTS_PATH))
