"""Password reset in the page: "Forgot password?" on the sign-in page, and the page its link opens."""

from __future__ import annotations

import streamlit as st

from core import password_resets
from core.config import get_settings
from core.markdown import escape_inline
from ui.auth_session import end_session
from ui.errors import attempt

RESET_PARAM = "reset"
FORGOT_FORM = "auth_forgot_form"
FORGOT_SENT = "auth_forgot_sent"
RESET_FORM = "auth_reset_form"
NO_MAIL_HELP = (
    "Ask an owner or admin of your team for a password reset link (they make one on the Team page), "
    "or whoever runs this server (`python -m core reset-link` followed by your email)."
)


def app_base_url() -> str:
    """The app's address for links: APP_URL when set, else the address this browser used."""
    if configured := get_settings().app_url:
        return configured.rstrip("/")
    base = (st.context.url or "").split("?", 1)[0].rstrip("/")
    return base.rsplit("/", 1)[0] if base.count("/") > 2 else base


def reset_token() -> str | None:
    return st.query_params.get(RESET_PARAM) or None


def forgot_password() -> None:
    """Mail a reset link when there is a mail server; the answer is the same for any address."""
    with st.expander("Forgot password?"):
        if not get_settings().email_enabled:
            st.caption(NO_MAIL_HELP)
            return
        with st.form(FORGOT_FORM):
            email = st.text_input("Email", key="auth_forgot_email")
            if st.form_submit_button("Email me a reset link", key="auth_forgot_submit"):
                st.session_state[FORGOT_SENT] = attempt(
                    lambda db: password_resets.request_reset(
                        db, email=email, base_url=app_base_url(), settings=get_settings()
                    )
                )
        if sent := st.session_state.get(FORGOT_SENT):
            st.success(sent, icon=":material/mail:")


def reset_page() -> None:
    """The page a reset link opens: the new password twice; then sign in with it."""
    st.title("Choose a new password")
    token = reset_token() or ""
    email = attempt(lambda db: password_resets.reset_target(db, token=token))
    if email is None:
        if st.button("Back to sign in", key="auth_reset_back"):
            _leave()
        return
    st.write(f"For the account {escape_inline(email)}. Every browser signed in to it will be signed out.")
    with st.form(RESET_FORM):
        new = st.text_input("New password", type="password", key="auth_reset_new")
        repeat = st.text_input("Repeat new password", type="password", key="auth_reset_repeat")
        submitted = st.form_submit_button("Set new password", key="auth_reset_submit", type="primary")
    if submitted and attempt(
        lambda db: password_resets.reset_password(db, token=token, new_password=new, repeat=repeat)
    ):
        end_session("Your password is changed: sign in with the new one.", "success")
        _leave()


def _leave() -> None:
    for key in ("auth_reset_new", "auth_reset_repeat"):
        st.session_state.pop(key, None)
    st.query_params.pop(RESET_PARAM, None)
    st.rerun()
