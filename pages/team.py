"""Team page: members and their roles, invitations, seat usage (team:manage)."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from core.invitations import create_invitation, revoke_invitation, team_overview
from core.markdown import escape_inline as md
from core.permissions import Permission
from core.teams import MemberRead, assignable_roles, change_role, remove_member, rename_team
from ui.context import require_actor
from ui.errors import attempt, call, succeeds
from ui.flash import flash, show_flash

actor = require_actor(Permission.TEAM_MANAGE)
FLASH = "team_flash"
CONFIRM = "team_confirm_remove"
LINK = "team_invite_link"


def act(action: Callable, done: str) -> None:
    """Run one change in its own transaction, then rerun so the page shows the new state."""
    if succeeds(action):
        flash(FLASH, done)
        st.rerun()


def invite_link(token: str) -> str:
    """The join page's address with the token; absolute when the browser's address is known."""
    base = (st.context.url or "").split("?", 1)[0].rstrip("/")
    base = base.rsplit("/", 1)[0] if base.count("/") > 2 else base
    return f"{base}/join?invite={token}"


st.title("Team")
show_flash(FLASH)
overview = call(lambda db: team_overview(db, actor=actor))

team = overview.team
cols = st.columns(3)
cols[0].metric("Team", md(team.name))
cols[1].metric("Plan", team.plan)
cols[2].metric("Seats used", f"{team.seats_used} / {team.seat_limit}")
st.caption(f"{team.members} members and {team.pending_invitations} pending invitations hold a seat.")

with st.expander("Rename the team"):
    new_name = st.text_input("Team name", value=team.name, max_chars=255, key="team_rename_name")
    if st.button("Rename", key="team_rename_submit"):
        act(lambda db: rename_team(db, actor=actor, name=new_name), "Team renamed.")

st.subheader("Members")
roles = [r.value for r in assignable_roles(actor)]


def member_row(m: MemberRead) -> None:
    """One member: role picker, change and remove (with a confirmation step) when the rules allow."""
    who, role_col, change_col, remove_col = st.columns([3, 2, 1, 1], vertical_alignment="bottom")
    who.markdown(f"**{md(m.name)}**{' (you)' if m.is_you else ''}  \n{md(m.email)} · joined {m.joined:%Y-%m-%d}")
    options = roles if m.can_change_role else [m.role.value]
    picked = role_col.selectbox(
        "Role",
        options,
        index=options.index(m.role.value) if m.role.value in options else 0,
        key=f"team_role_{m.user_id}",
        disabled=not m.can_change_role,
    )
    if change_col.button("Change role", key=f"team_change_{m.user_id}", disabled=not m.can_change_role):
        act(lambda db: change_role(db, actor=actor, user_id=m.user_id, role=picked), f"{md(m.email)} is now {picked}.")
    if remove_col.button("Remove", key=f"team_remove_{m.user_id}", disabled=not m.can_remove):
        st.session_state[CONFIRM] = m.user_id
    if st.session_state.get(CONFIRM) == m.user_id:
        st.warning(f"Remove {md(m.email)} from {md(team.name)}? They lose access to its projects at once.")
        yes, no = st.columns(2)
        if yes.button("Yes, remove", key="team_remove_confirm", type="primary"):
            st.session_state.pop(CONFIRM, None)
            act(lambda db: remove_member(db, actor=actor, user_id=m.user_id), f"{md(m.email)} was removed.")
        if no.button("Cancel", key="team_remove_cancel"):
            st.session_state.pop(CONFIRM, None)
            st.rerun()


for member in overview.members:
    member_row(member)

st.subheader("Invite someone")
if st.session_state.pop("team_invite_sent", False):
    st.session_state["team_invite_email"] = ""  # cleared only after a success: a typo stays to fix
with st.form("team_invite_form"):
    email = st.text_input("Email", key="team_invite_email")
    role = st.selectbox("Role", roles, index=roles.index("member"), key="team_invite_role")
    if st.form_submit_button("Create invitation", key="team_invite_submit"):
        created = attempt(lambda db: create_invitation(db, actor=actor, email=email, role=role))
        if created is not None:
            st.session_state[LINK] = (actor.team_id, created.email, created.role.value, invite_link(created.token))
            st.session_state["team_invite_sent"] = True
            st.rerun()

if (shown := st.session_state.get(LINK)) and shown[0] == actor.team_id:
    _, invited, invited_role, link = shown
    st.success(f"Invitation for {md(invited)} as {invited_role} created. There is no mail server: send them this link.")
    st.code(link, language=None)
    st.caption("The link works once, for that email address, for 7 days. Copy it now: it cannot be shown again later.")

st.subheader("Invitations")
if not overview.invitations:
    st.caption("No invitations yet.")
for inv in overview.invitations:
    text, revoke_col = st.columns([6, 1], vertical_alignment="center")
    text.markdown(
        f"{md(inv.email)} · {inv.role.value} · **{inv.status}**"
        f"{f' · expires {inv.expires_at:%Y-%m-%d}' if inv.status == 'pending' else ''}"
        f"{f' · invited by {md(inv.invited_by)}' if inv.invited_by else ''}"
    )
    if inv.status == "pending" and revoke_col.button("Revoke", key=f"team_revoke_{inv.id}"):
        act(
            lambda db, i=inv.id: revoke_invitation(db, actor=actor, invitation_id=i),
            f"Invitation for {md(inv.email)} revoked.",
        )
