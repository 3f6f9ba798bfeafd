"""The team page's summary and member rows: rename, change a role, remove (with a confirmation)."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st
from sqlalchemy.orm import Session

from core.config import get_settings
from core.invitations import TeamOverview
from core.markdown import escape_inline
from core.password_resets import make_reset_link, reset_url
from core.permissions import Actor, Role
from core.teams import MemberRead, change_role, remove_member, rename_team
from core.wording import counted
from ui.auth_reset import app_base_url
from ui.errors import attempt, succeeds
from ui.flash import flash

FLASH = "team_flash"
RESET_HELP = "A one-time link (for one hour) with which they choose a new password"
CONFIRM = "team_confirm_remove"


def act(work: Callable[[Session], object], done: str) -> None:
    """Run one change in its own transaction, then rerun so the page shows the new state."""
    if succeeds(work):
        flash(FLASH, done)
        st.rerun()


def summary(actor: Actor, overview: TeamOverview) -> None:
    """Name, plan and seats, and renaming the team."""
    team = overview.team
    cols = st.columns(3)
    cols[0].metric("Team", escape_inline(team.name))
    cols[1].metric("Plan", team.plan)
    cols[2].metric("Seats used", f"{team.seats_used} / {team.seat_limit}")
    held = f"{counted(team.members, 'member')} and {counted(team.pending_invitations, 'pending invitation')}"
    st.caption(f"{held} hold a seat." if team.members + team.pending_invitations != 1 else f"{held} holds a seat.")
    with st.expander("Rename the team"):
        new_name = st.text_input("Team name", value=team.name, max_chars=255, key="team_rename_name")
        if st.button("Rename", key="team_rename_submit"):
            act(lambda db: rename_team(db, actor=actor, name=new_name), "Team renamed.")


def member_row(actor: Actor, team_name: str, m: MemberRead, roles: list[str]) -> None:
    """One member: role picker, change and remove (with a confirmation step) when the rules allow."""
    email = escape_inline(m.email)
    links = not get_settings().email_enabled  # with a mail server, people use "Forgot password?" themselves
    widths = [3, 2, 1, 1, 1] if links else [3, 2, 1, 1]
    who, role_col, change_col, remove_col, *reset_col = st.columns(widths, vertical_alignment="bottom")
    who.markdown(f"**{escape_inline(m.name)}**{' (you)' if m.is_you else ''}  \n{email} · joined {m.joined:%Y-%m-%d}")
    options = roles if m.can_change_role else [m.role.value]
    picked = role_col.selectbox(
        "Role",
        options,
        index=options.index(m.role.value) if m.role.value in options else 0,
        key=f"team_role_{m.user_id}",
        disabled=not m.can_change_role,
    )
    if change_col.button("Change role", key=f"team_change_{m.user_id}", disabled=not m.can_change_role):
        act(lambda db: change_role(db, actor=actor, user_id=m.user_id, role=picked), f"{email} is now {picked}.")
    if remove_col.button("Remove", key=f"team_remove_{m.user_id}", disabled=not m.can_remove):
        st.session_state[CONFIRM] = m.user_id
    if reset_col:
        _reset_link_button(actor, m, reset_col[0])
    if st.session_state.get(CONFIRM) == m.user_id:
        _confirm_remove(actor, team_name, m)


def _reset_link_button(actor: Actor, m: MemberRead, column) -> None:
    """Without a mail server, an owner or admin hands a member a one-time password reset link."""
    barred = m.is_you or (m.role == Role.OWNER and actor.role != Role.OWNER)
    if not column.button("Reset link", key=f"team_reset_{m.user_id}", disabled=barred, help=RESET_HELP):
        return
    made = attempt(lambda db: make_reset_link(db, actor=actor, user_id=m.user_id))
    if made is not None:
        st.info(f"A password reset link for {escape_inline(m.email)}: send it to them yourself.")
        st.code(reset_url(app_base_url(), made.token), language=None)
        st.caption(
            f"It works once, until {made.expires_at:%H:%M} UTC, and signs them out everywhere. "
            "Copy it now: it cannot be shown again."
        )


def _confirm_remove(actor: Actor, team_name: str, m: MemberRead) -> None:
    email = escape_inline(m.email)
    st.warning(f"Remove {email} from {escape_inline(team_name)}? They lose access to its projects at once.")
    yes, no = st.columns(2)
    if yes.button("Yes, remove", key="team_remove_confirm", type="primary"):
        st.session_state.pop(CONFIRM, None)
        act(lambda db: remove_member(db, actor=actor, user_id=m.user_id), f"{email} was removed.")
    if no.button("Cancel", key="team_remove_cancel"):
        st.session_state.pop(CONFIRM, None)
        st.rerun()
