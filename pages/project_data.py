"""Project data: the extracted PRD as tables, edited by hand with optimistic locking."""

from __future__ import annotations

import streamlit as st

from core.permissions import Permission, can
from core.projects.data import get_project_data
from core.projects.sources import get_message_numbers
from ui.context import require_actor
from ui.data_conflict import show_conflict
from ui.data_save import keys, save_edits
from ui.data_sections import edit_tables, has_pending_edits, show_completeness, show_tables
from ui.errors import call
from ui.flash import show_flash
from ui.project_picker import pick_project
from ui.read_only import read_only_note

actor = require_actor(Permission.PROJECTS_READ)
st.title("Project data")
project = pick_project(actor)
if project is None:
    st.stop()
project_id = project.id

stored = call(lambda db: get_project_data(db, actor=actor, project_id=project_id))
numbers = call(lambda db: get_message_numbers(db, actor=actor, project_id=project_id))
show_completeness(stored.data)
if not can(actor, Permission.PROJECTS_UPDATE):
    read_only_note(actor, "the project data")
    show_tables(stored.data, numbers)
    st.stop()

BASE, CONFLICT, CONTESTED, FLASH = keys(project_id)
base = st.session_state.get(BASE)
if base is None or (base.version != stored.version and not has_pending_edits(base)):
    base = st.session_state[BASE] = stored  # nothing of the member's to lose: show the latest
    for key in (CONFLICT, CONTESTED):
        st.session_state.pop(key, None)
theirs = st.session_state.get(CONFLICT)
show_flash(FLASH)
choices, resolve = None, False
if theirs is not None:
    choices, resolve, discard = show_conflict(theirs, st.session_state.get(CONTESTED, []))
    if discard:
        st.session_state[BASE] = theirs
        for key in (CONFLICT, CONTESTED):
            st.session_state.pop(key, None)
        st.rerun()
elif base.version != stored.version:
    st.info(f"Someone saved a newer version ({stored.version}) while you were editing; saving merges your edits in.")

frames, problem = edit_tables(base, numbers)
if st.button("Save", type="primary", key="project_data_save") or resolve:
    save_edits(actor, base, frames, problem, choices=choices if resolve else None)
