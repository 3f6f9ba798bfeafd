"""Diagrams & export: the five diagrams of the current project, their status, and the PRD."""

import streamlit as st

from core import artifacts
from core.diagrams import TITLES, TYPES
from core.permissions import Permission, can
from db.session import session_scope
from ui.artifacts_export import prd_downloads
from ui.artifacts_view import show_artifact
from ui.context import require_actor
from ui.errors import guard
from ui.project_picker import pick_project

actor = require_actor(Permission.PROJECTS_READ)
st.title("Diagrams & export")
project = pick_project(actor)
if project is None:
    st.stop()
editor = can(actor, Permission.PROJECTS_UPDATE)


def generate(types: list[str], label: str) -> bool:
    """Draw each type in turn with a progress bar; a type that fails says which item broke it."""
    bar = st.progress(0.0, text=label)
    for n, artifact_type in enumerate(types, start=1):
        done = False
        with guard(), session_scope() as db:
            artifacts.generate(db, actor=actor, project_id=project.id, types=[artifact_type])
            done = True
        if not done:
            return False
        bar.progress(n / len(types), text=f"{label}: {TITLES[artifact_type]}")
    return True


current = None
with guard(), session_scope() as db:
    current = artifacts.list_current(db, actor=actor, project_id=project.id)
if current is None:
    st.stop()
stale = [a.type for a in current if a.stale]
if editor:
    left, right = st.columns(2)
    if left.button("Generate all", key="artifacts_generate_all", type="primary", icon=":material/schema:"):
        if generate(list(TYPES), "Generating"):
            st.rerun()
    if stale and right.button(f"Regenerate stale ({len(stale)})", key="artifacts_regenerate", icon=":material/update:"):
        if generate(stale, "Regenerating"):
            st.rerun()

by_type = {a.type: a for a in current}
for tab, artifact_type in zip(st.tabs([TITLES[t] for t in TYPES]), TYPES):
    with tab:
        show_artifact(actor, project.id, by_type.get(artifact_type), artifact_type)

st.subheader("PRD")
prd_downloads(actor, project.id)
