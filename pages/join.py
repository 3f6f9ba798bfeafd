"""Join a team: accept an invitation from its link or a pasted link or token."""

import streamlit as st

from ui.context import require_actor
from ui.join_form import join_form

actor = require_actor()
st.title("Join a team")
join_form(actor.user_id)
