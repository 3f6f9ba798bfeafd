"""Accept an invitation from its link (?invite=TOKEN) or a pasted link or token."""

from __future__ import annotations

import streamlit as st

from core.invitations import accept_invitation
from db.session import session_scope
from ui.context import TEAM_KEY
from ui.errors import guard

FLASH = "join_flash"
INVITE_KEY = "join_invite"  # the token of an invitation link opened before signing in


def join_form(user_id: int) -> None:
    """The invitation field and button; on success the new team becomes the selected one."""
    if message := st.session_state.pop(FLASH, None):
        st.success(message)
    st.write("Open the invitation link you were sent, or paste it (or its token) below.")
    invite = st.query_params.get("invite") or st.session_state.get(INVITE_KEY, "")
    link = st.text_input("Invitation link or token", value=invite, key="join_token")
    if st.button("Accept invitation", key="join_accept", type="primary"):
        with guard():
            with session_scope() as db:
                team_id = accept_invitation(db, user_id=user_id, token=link)
            st.session_state[TEAM_KEY] = team_id
            st.session_state[FLASH] = "You joined the team; it is now your selected team."
            for key in ("join_token", INVITE_KEY):
                st.session_state.pop(key, None)
            if "invite" in st.query_params:
                del st.query_params["invite"]
            st.rerun()
