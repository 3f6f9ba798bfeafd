"""Accept an invitation from its link (?invite=TOKEN) or a pasted link or token."""

from __future__ import annotations

import streamlit as st

from core.invitations import accept_invitation, preview_invitation
from core.markdown import escape_inline
from ui.context import TEAM_KEY
from ui.errors import attempt
from ui.flash import flash, show_flash

FLASH = "join_flash"
INVITE_KEY = "join_invite"  # the token of an invitation link opened before signing in


def _describe(token: str) -> None:
    """Which team, which role and who invited, before the button; a dead link says why instead."""
    invited = attempt(lambda db: preview_invitation(db, token=token))
    if invited is not None:
        inviter = f"{invited.inviter} invited you" if invited.inviter else "You are invited"
        st.info(
            escape_inline(f"{inviter} to join {invited.team} as {invited.role.value} (for {invited.email})."),
            icon=":material/group_add:",
        )


def join_form(user_id: int) -> None:
    """The invitation field and button; on success the new team becomes the selected one."""
    show_flash(FLASH)
    st.write("Open the invitation link you were sent, or paste it (or its token) below.")
    invite = st.query_params.get("invite") or st.session_state.get(INVITE_KEY, "")
    if invite:
        _describe(invite)
    link = st.text_input("Invitation link or token", value=invite, key="join_token")
    if not st.button("Accept invitation", key="join_accept", type="primary"):
        return
    team_id = attempt(lambda db: accept_invitation(db, user_id=user_id, token=link))
    if team_id is None:
        return
    st.session_state[TEAM_KEY] = team_id
    flash(FLASH, "You joined the team; it is now your selected team.")
    for key in ("join_token", INVITE_KEY):
        st.session_state.pop(key, None)
    if "invite" in st.query_params:
        del st.query_params["invite"]
    st.rerun()
