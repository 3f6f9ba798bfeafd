"""The assistant: chat about the product until its requirements are complete."""

from __future__ import annotations

import streamlit as st

from core.intake.conversation import chat_status
from core.permissions import Permission, can
from ui.chat_history import load_history, render_history
from ui.chat_sidebar import render_sidebar
from ui.chat_turn import render_input
from ui.context import require_actor
from ui.errors import call
from ui.project_picker import pick_project

actor = require_actor(Permission.PROJECTS_READ)
st.title("Assistant")
project = pick_project(actor)
if project is None:
    st.stop()

status, page = call(
    lambda db: (
        chat_status(db, actor=actor, project_id=project.id),
        load_history(db, actor=actor, project_id=project.id),
    )
)

can_update = can(actor, Permission.PROJECTS_UPDATE)
render_sidebar(actor, project.id, status, can_update)
render_history(page, project.id)
if can_update:
    render_input(actor, project.id, status)
else:
    st.caption("Your role can read this conversation but not send messages.")
