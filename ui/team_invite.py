"""Inviting someone (by email when there is a mail server, else by a link to send), and the invitations with revoke."""

from __future__ import annotations

import streamlit as st

from core.config import get_settings
from core.invitations import InvitationCreated, InvitationRead, create_invitation, email_invitation, revoke_invitation
from core.mail import MailNotSent
from core.markdown import escape_inline
from core.permissions import Actor
from db.session import session_scope
from ui.auth_reset import app_base_url
from ui.errors import attempt
from ui.team_members import act

LINK = "team_invite_link"
SENT = "team_invite_sent"
EMAIL_KEY = "team_invite_email"


def invite_link(token: str) -> str:
    """The join page's address with the token; absolute when the app's address is known."""
    return f"{app_base_url()}/join?invite={token}"


def _mail(actor: Actor, created: InvitationCreated, link: str) -> str | None:
    """Email the invitation when there is a mail server: None when sent, else why not (for the page)."""
    settings = get_settings()
    if not settings.email_enabled:
        return "There is no mail server: send them this link."
    try:
        with session_scope() as db:
            email_invitation(db, actor=actor, created=created, link=link, settings=settings)
    except MailNotSent as exc:
        return f"{exc.message} Send them this link instead."
    return None


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
                link = invite_link(created.token)
                problem = _mail(actor, created, link)
                st.session_state[LINK] = (actor.team_id, created.email, created.role.value, link, problem)
                st.session_state[SENT] = True
                st.rerun()
    if (shown := st.session_state.get(LINK)) and shown[0] == actor.team_id:
        _show_created(*shown[1:])


def _show_created(invited: str, invited_role: str, link: str, problem: str | None) -> None:
    if problem is None:
        st.success(f"Invitation for {escape_inline(invited)} as {invited_role} emailed to them.")
        return
    st.success(f"Invitation for {escape_inline(invited)} as {invited_role} created. {escape_inline(problem)}")
    st.code(link, language=None)
    st.caption("The link works once, for that email address, for 7 days. Copy it now: it cannot be shown again later.")


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
