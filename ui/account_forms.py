"""The account page's forms: name, password, and leaving a team (with a confirmation)."""

from __future__ import annotations

import streamlit as st
from sqlalchemy.orm import Session

from core import accounts
from core.errors import InvalidInput
from core.markdown import escape_inline
from core.membership import Membership, resolve_actor
from core.permissions import Actor
from core.teams import leave_team
from ui.auth import restart_session
from ui.errors import show_error, succeeds
from ui.flash import flash

FLASH = "account_flash"
CONFIRM_LEAVE = "account_leave_pending"


def _done(message: str) -> None:
    """The message outlives the extra run the cookie component forces after a new cookie."""
    flash(FLASH, message)
    st.rerun()


def profile_form(user: accounts.UserRead) -> None:
    """The email as it is (it is the sign-in name) and the name to change."""
    st.text(f"Email: {user.email}")
    with st.form("account_profile_form"):
        name = st.text_input("Name", value=user.name, max_chars=255, key="account_name")
        if st.form_submit_button("Save name", key="account_name_save") and succeeds(
            lambda db: accounts.update_profile(db, user_id=user.id, name=name)
        ):
            _done("Your name is saved.")


def password_form(user_id: int) -> None:
    """A new password ends every other session; this one goes on with a fresh cookie."""
    with st.form("account_password_form", clear_on_submit=True):
        current = st.text_input("Current password", type="password", key="account_password_current")
        new = st.text_input(
            "New password",
            type="password",
            key="account_password_new",
            help=f"At least {accounts.MIN_PASSWORD_CHARS} characters, at most {accounts.MAX_PASSWORD_BYTES} bytes.",
        )
        repeat = st.text_input("Repeat new password", type="password", key="account_password_repeat")
        if st.form_submit_button("Change password", key="account_password_save"):
            _change_password(user_id, current, new, repeat)


def _change_password(user_id: int, current: str, new: str, repeat: str) -> None:
    if new != repeat:
        show_error(InvalidInput("The two new passwords do not match."))
        return

    def change(db: Session) -> accounts.UserRead:  # stripped like the sign-in widget strips what it is given
        return accounts.change_password(db, user_id=user_id, current_password=current.strip(), new_password=new.strip())

    if succeeds(change):
        restart_session()  # other sessions and old cookies end; this one goes on
        _done("Your password is changed. You were signed out everywhere else.")


def teams_list(actor: Actor, memberships: list[Membership]) -> None:
    """Each team with the member's role; leaving one asks first."""
    pending = st.session_state.get(CONFIRM_LEAVE)
    for m in memberships:
        team_col, role_col, action_col = st.columns([4, 2, 2], vertical_alignment="center")
        team_col.text(m.team_name + ("  (selected)" if m.team_id == actor.team_id else ""))
        role_col.text(m.role.value)
        if pending == m.team_id:
            _confirm_leave(actor.user_id, m)
        elif action_col.button("Leave team", key=f"account_leave_{m.team_id}"):
            st.session_state[CONFIRM_LEAVE] = m.team_id
            st.rerun()


def _confirm_leave(user_id: int, m: Membership) -> None:
    st.warning(f"Leave {escape_inline(m.team_name)}? You will lose access to its projects.")
    yes_col, no_col = st.columns(2)
    if yes_col.button("Leave for good", key=f"account_leave_confirm_{m.team_id}", type="primary") and succeeds(
        lambda db: leave_team(db, actor=resolve_actor(db, user_id=user_id, team_id=m.team_id))
    ):
        st.session_state.pop(CONFIRM_LEAVE, None)
        _done("You left the team.")
    if no_col.button("Cancel", key=f"account_leave_cancel_{m.team_id}"):
        st.session_state.pop(CONFIRM_LEAVE, None)
        st.rerun()
