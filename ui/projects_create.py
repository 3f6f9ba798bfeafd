"""The new-project form; a successful create points to the Assistant."""

from __future__ import annotations

import streamlit as st

from core.markdown import escape_inline
from core.permissions import Actor
from core.projects.schemas import NAME_MAX, VISION_MAX, VISION_MIN
from core.projects.service import create_project
from ui.errors import attempt
from ui.flash import flash
from ui.project_picker import remember_project

NAME_KEY = "projects_create_name"
VISION_KEY = "projects_create_vision"
RESET_KEY = "projects_create_reset"
FLASH = "projects_flash"
DONE_ICON = ":material/check_circle:"
OPEN_ASSISTANT = ("pages/chat.py", "Open it in the Assistant", ":material/forum:")


def create_form(actor: Actor, *, expanded: bool) -> None:
    """Name and vision in; the new project becomes the current one."""
    if st.session_state.pop(RESET_KEY, False):
        st.session_state[NAME_KEY] = ""
        st.session_state[VISION_KEY] = ""
    with st.expander("New project", expanded=expanded, icon=":material/add:"):
        with st.form("projects_create_form", border=False):
            name = st.text_input("Name", key=NAME_KEY, max_chars=NAME_MAX)
            vision = st.text_area(
                "Vision",
                key=VISION_KEY,
                max_chars=VISION_MAX,
                placeholder="What should the product do, for whom, and why?",
                help=f"{VISION_MIN}–{VISION_MAX} characters. The assistant starts from it.",
            )
            submitted = st.form_submit_button("Create project", key="projects_create_submit", type="primary")
        if not submitted:
            return
        created = attempt(lambda db: create_project(db, actor=actor, name=name, vision=vision))
    if created is not None:
        remember_project(created.id)
        st.session_state[RESET_KEY] = True
        message = f"Created “{escape_inline(created.name)}”. Chat with the assistant to fill in its PRD."
        flash(FLASH, message, icon=DONE_ICON, link=OPEN_ASSISTANT)
        st.rerun()
