"""Your account: name, password, and the teams you belong to."""

from __future__ import annotations

import streamlit as st

from core import accounts
from core.membership import list_memberships
from ui.account_forms import FLASH, password_form, profile_form, teams_list
from ui.context import require_actor
from ui.errors import call
from ui.flash import show_flash

actor = require_actor()
st.title("Account")
show_flash(FLASH)
user, memberships = call(
    lambda db: (accounts.get_user(db, user_id=actor.user_id), list_memberships(db, user_id=actor.user_id))
)

st.subheader("Profile")
profile_form(user)

st.subheader("Password")
password_form(user.id)

st.subheader("Your teams")
teams_list(actor, memberships)
