"""The sidebar around every page: who is signed in, the team switcher, and sign-out."""

from __future__ import annotations

import streamlit as st
import streamlit_authenticator as stauth

from core.markdown import escape_inline
from core.membership import Membership
from core.permissions import Actor
from ui.auth import logout_button
from ui.context import TEAM_KEY, SignedIn

SWITCHER_KEY = "sidebar_team"


def render(signed_in: SignedIn, auth: stauth.Authenticate) -> bool:
    """Draw the sidebar; returns True when the user has just signed out."""
    memberships = signed_in.memberships
    with st.sidebar:
        st.markdown(f"**{escape_inline(signed_in.user.name)}**")
        st.caption(escape_inline(signed_in.user.email))
        if len(memberships) > 1:
            _team_switcher(signed_in.actor, memberships)
        elif memberships:
            st.caption(f"{escape_inline(memberships[0].team_name)} · {memberships[0].role.value}")
    return logout_button(auth)


def _team_switcher(actor: Actor, memberships: list[Membership]) -> None:
    """Switching team changes the selected team for every page from the next run on."""
    labels = {m.team_id: f"{m.team_name} ({m.role.value})" for m in memberships}
    st.session_state[SWITCHER_KEY] = actor.team_id
    st.selectbox(
        "Team",
        options=list(labels),
        format_func=labels.__getitem__,
        key=SWITCHER_KEY,
        on_change=_switch_team,
    )


def _switch_team() -> None:
    st.session_state[TEAM_KEY] = st.session_state[SWITCHER_KEY]
