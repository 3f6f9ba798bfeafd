"""The assistant: chat about the product until its requirements are complete."""

from __future__ import annotations

import streamlit as st

from core.intake.conversation import chat_status
from core.intake.service import start_chat
from core.permissions import Permission, can
from ui.chat_history import load_history, render_history
from ui.chat_sidebar import render_sidebar
from ui.chat_turn import read_input, render_turn, waiting_actions
from ui.context import require_actor
from ui.errors import call
from ui.project_picker import pick_project

actor = require_actor(Permission.PROJECTS_READ)
st.title("Assistant")
project = pick_project(actor)
if project is None:
    st.stop()

can_update = can(actor, Permission.PROJECTS_UPDATE)
pending = read_input(project.id) if can_update else None  # the input is drawn at the bottom
if can_update:  # an empty chat opens from the project's vision, with the first question
    call(lambda db: start_chat(db, actor=actor, project_id=project.id))
status, page = call(
    lambda db: (
        chat_status(db, actor=actor, project_id=project.id),
        load_history(db, actor=actor, project_id=project.id),
    )
)

last_id = page.messages[-1].id if page.messages else 0
render_sidebar(actor, project.id, status, can_update, last_message_id=last_id)
actions = waiting_actions(actor, project.id, busy=pending is not None) if can_update else None
render_history(page, project.id, waiting=status.waiting, actions=actions)
if pending is not None:
    render_turn(actor, pending)
elif not can_update:
    st.caption("Your role can read this conversation but not send messages.")
