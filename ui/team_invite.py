"""Inviting someone by link (there is no mail server), and the team's invitations with revoke."""

from __future__ import annotations

import streamlit as st

from core.invitations import InvitationRead, create_invitation, revoke_invitation
from core.markdown import escape_inline
from core.permissions import Actor
from ui.errors import attempt
from ui.team_members import act

LINK = "team_invite_link"
SENT = "team_invite_sent"
EMAIL_KEY = "team_invite_email"


def invite_link(token: str) -> str:
    """The join page's address with the token; absolute when the browser's address is known."""
    base = (st.context.url or "").split("?", 1)[0].rstrip("/")
    base = base.rsplit("/", 1)[0] if base.count("/") > 2 else base
    return f"{base}/join?invite={token}"


def invite_form(actor: Actor, roles: list[str]) -> None:
    """Email and role in; the link to send is shown once, for this team only."""
    if st.session_state.pop(SENT, False):
        st.session_state[EMAIL_KEY] = ""  # cleared only after a success: a typo stays to fix
    with st.form("team_invite_form"):
        email = st.text_input("Email", key=EMAIL_KEY)
        role = st.selectbox("Role", roles, index=roles.index("member"), key="team_invite_role")
        if st.form_submit_button("Create invitation", key="team_invite_submit"):
            created = attempt(lambda db: create_invitation(db, actor=actor, email=email, role=role))
            if created is not None:
                st.session_state[LINK] = (actor.team_id, created.email, created.role.value, invite_link(created.token))
                st.session_state[SENT] = True
                st.rerun()
    if (shown := st.session_state.get(LINK)) and shown[0] == actor.team_id:
        _, invited, invited_role, link = shown
        st.success(
            f"Invitation for {escape_inline(invited)} as {invited_role} created. "
            "There is no mail server: send them this link."
        )
        st.code(link, language=None)
        st.caption(
            "The link works once, for that email address, for 7 days. Copy it now: it cannot be shown again later."
        )


def invitations_list(actor: Actor, invitations: list[InvitationRead]) -> None:
    """Every invitation with its state; pending ones can be revoked."""
    if not invitations:
        st.caption("No invitations yet.")
    for inv in invitations:
        text, revoke_col = st.columns([6, 1], vertical_alignment="center")
        text.markdown(
            f"{escape_inline(inv.email)} · {inv.role.value} · **{inv.status}**"
            f"{f' · expires {inv.expires_at:%Y-%m-%d}' if inv.status == 'pending' else ''}"
            f"{f' · invited by {escape_inline(inv.invited_by)}' if inv.invited_by else ''}"
        )
        if inv.status == "pending" and revoke_col.button("Revoke", key=f"team_revoke_{inv.id}"):
            act(
                lambda db, i=inv.id: revoke_invitation(db, actor=actor, invitation_id=i),
                f"Invitation for {escape_inline(inv.email)} revoked.",
            )
