"""Team page: members and their roles, invitations, seat usage (team:manage)."""

from __future__ import annotations

import streamlit as st

from core.invitations import team_overview
from core.permissions import Permission
from core.teams import assignable_roles
from ui.context import require_actor
from ui.errors import call
from ui.flash import show_flash
from ui.team_invite import invitations_list, invite_form
from ui.team_members import FLASH, member_row, summary

actor = require_actor(Permission.TEAM_MANAGE)
st.title("Team")
show_flash(FLASH)
overview = call(lambda db: team_overview(db, actor=actor))
summary(actor, overview)

st.subheader("Members")
roles = [r.value for r in assignable_roles(actor)]
for member in overview.members:
    member_row(actor, overview.team.name, member, roles)

st.subheader("Invite someone")
invite_form(actor, roles)

st.subheader("Invitations")
invitations_list(actor, overview.invitations)
