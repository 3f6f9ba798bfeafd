"""Join a team: accept an invitation from its link or a pasted link or token."""

import streamlit as st

from ui.auth import through_the_gate
from ui.context import require_actor
from ui.join_form import join_form

through_the_gate("pages/join.py")  # an invitation link is often the first address a server sees
actor = require_actor()
st.title("Join a team")
join_form(actor.user_id)
