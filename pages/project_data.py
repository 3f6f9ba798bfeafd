"""Project data: the extracted PRD as tables, edited by hand with optimistic locking."""

from __future__ import annotations

import streamlit as st

from core.errors import Conflict, InvalidInput
from core.permissions import Permission, can
from core.projects.data import get_project_data, save_project_data
from db.session import session_scope
from ui.context import require_actor
from ui.data_sections import (
    edit_tables,
    has_pending_edits,
    show_completeness,
    show_conflict,
    show_row_errors,
    show_tables,
)
from ui.data_tables import to_payload
from ui.errors import call, guard
from ui.flash import flash, show_flash
from ui.project_picker import pick_project

actor = require_actor(Permission.PROJECTS_READ)
st.title("Project data")
project = pick_project(actor)
if project is None:
    st.stop()
project_id = project.id

stored = call(lambda db: get_project_data(db, actor=actor, project_id=project_id))
show_completeness(stored.data)
if not can(actor, Permission.PROJECTS_UPDATE):
    show_tables(stored.data)
    st.stop()

BASE, CONFLICT, FLASH = (f"project_data_{name}_{project_id}" for name in ("base", "conflict", "flash"))
base = st.session_state.get(BASE)
if base is None or (base.version != stored.version and not has_pending_edits(base)):
    base = st.session_state[BASE] = stored  # nothing of the member's to lose: show the latest
    st.session_state.pop(CONFLICT, None)
theirs = st.session_state.get(CONFLICT)
show_flash(FLASH)
overwrite = False
if theirs is not None:
    overwrite, discard = show_conflict(theirs)
    if discard:
        st.session_state[BASE] = theirs
        del st.session_state[CONFLICT]
        st.rerun()
elif base.version != stored.version:
    st.info(f"Someone saved a newer version ({stored.version}) while you were editing; saving will show it.")

frames, problem = edit_tables(base)
if st.button("Save", type="primary", key="project_data_save") or overwrite:
    version = theirs.version if overwrite else base.version
    with guard():
        try:
            payload = to_payload(frames, problem, base.data)
            with session_scope() as db:
                saved = save_project_data(
                    db, actor=actor, project_id=project_id, data=payload, expected_version=version
                )
        except Conflict as exc:
            st.session_state[CONFLICT] = exc.current
            st.rerun()
        except InvalidInput as exc:
            show_row_errors(exc)
        else:
            st.session_state.pop(CONFLICT, None)
            st.session_state[BASE] = saved
            changed = saved.version != version
            flash(FLASH, f"Saved (version {saved.version})." if changed else "No changes to save.")
            st.rerun()
