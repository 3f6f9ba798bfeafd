"""The new-project form, and the note that follows a successful create or delete."""

from __future__ import annotations

import streamlit as st

from core.permissions import Actor
from core.projects.schemas import NAME_MAX, VISION_MAX, VISION_MIN
from core.projects.service import create_project
from db.session import session_scope
from ui.errors import guard
from ui.project_picker import remember_project
from ui.projects_table import plain

NAME_KEY = "projects_create_name"
VISION_KEY = "projects_create_vision"
RESET_KEY = "projects_create_reset"
FLASH_KEY = "projects_flash"


def flash(message: str, *, open_assistant: bool = False) -> None:
    """Keep a message for the next rerun (st.rerun would otherwise wipe it)."""
    st.session_state[FLASH_KEY] = (message, open_assistant)


def show_flash() -> None:
    note = st.session_state.pop(FLASH_KEY, None)
    if note is None:
        return
    message, open_assistant = note
    st.success(message, icon=":material/check_circle:")
    if open_assistant:
        st.page_link("pages/chat.py", label="Open it in the Assistant", icon=":material/forum:")


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
        created = None
        with guard(), session_scope() as db:
            created = create_project(db, actor=actor, name=name, vision=vision)
    if created is not None:
        remember_project(created.id)
        st.session_state[RESET_KEY] = True
        flash(
            f"Created “{plain(created.name)}”. Chat with the assistant to fill in its PRD.",
            open_assistant=True,
        )
        st.rerun()
