"""Diagrams & export: the five diagrams of the current project, their status, and the PRD."""

import streamlit as st

from core import artifacts
from core.diagrams import TITLES, TYPES
from core.permissions import Permission, can
from ui.artifacts_export import prd_downloads
from ui.artifacts_view import generate_types, generation_report, show_artifact
from ui.context import require_actor
from ui.errors import attempt, call
from ui.project_picker import pick_project
from ui.read_only import read_only_note

actor = require_actor(Permission.PROJECTS_READ)
st.title("Diagrams & export")
project = pick_project(actor)
if project is None:
    st.stop()
editor = can(actor, Permission.PROJECTS_UPDATE)


def load_current(db) -> list[artifacts.ArtifactRead]:
    """The newest version of each type."""
    return artifacts.list_current(db, actor=actor, project_id=project.id)


generation_report(project.id)
current = call(load_current)
stale = [a.type for a in current if a.stale]
if editor:
    left, right = st.columns(2)
    chosen = None
    if left.button("Generate all", key="artifacts_generate_all", type="primary", icon=":material/schema:"):
        chosen = (list(TYPES), "Generating")
    if stale and right.button(f"Regenerate stale ({len(stale)})", key="artifacts_regenerate", icon=":material/update:"):
        chosen = (stale, "Regenerating")
    if chosen and generate_types(actor, project.id, *chosen):
        st.rerun()
    if chosen:
        current = attempt(load_current) or []  # show what was saved before the failure
else:
    read_only_note(actor, "the diagrams and download the PRD")

by_type = {a.type: a for a in current}
for tab, artifact_type in zip(st.tabs([TITLES[t] for t in TYPES]), TYPES, strict=True):
    with tab:
        show_artifact(actor, project.id, by_type.get(artifact_type), artifact_type, editor=editor)

st.subheader("PRD")
prd_downloads(actor, project.id)
