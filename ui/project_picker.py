"""The current project, chosen in the sidebar and shared by every project page."""

from __future__ import annotations

import streamlit as st

from core.permissions import Actor
from core.projects.schemas import ProjectRead
from core.projects.service import list_projects
from ui.errors import attempt

PROJECT_KEY = "project_id"  # the chosen project's id, shared across pages
PICKER_KEY = "project_picker"
QUERY_PARAM = "project"


def _query_param_id() -> int | None:
    raw = st.query_params.get(QUERY_PARAM)
    return int(raw) if raw and raw.isdigit() else None


def preferred_project(ids: list[int]) -> int:
    """A link's ?project= first, then the session's choice, else the most recent project."""
    for candidate in (_query_param_id(), st.session_state.get(PROJECT_KEY)):
        if candidate in ids:
            return candidate
    return ids[0]


def remember_project(project_id: int | None) -> None:
    """Make a project the current one for every page (and the address bar)."""
    if project_id is None:
        st.session_state.pop(PROJECT_KEY, None)
        st.query_params.pop(QUERY_PARAM, None)
        return
    st.session_state[PROJECT_KEY] = project_id
    if st.query_params.get(QUERY_PARAM) != str(project_id):
        st.query_params[QUERY_PARAM] = str(project_id)


def keep_project_in_address() -> None:
    """Every page keeps the chosen project in the address, so a reload on Team or Account still
    has it: the address fills a new session, the session fills an address that lost it."""
    from_address = _query_param_id()
    if from_address is not None and not st.session_state.get(PROJECT_KEY):
        st.session_state[PROJECT_KEY] = from_address
    chosen = st.session_state.get(PROJECT_KEY)
    if chosen and st.query_params.get(QUERY_PARAM) != str(chosen):
        st.query_params[QUERY_PARAM] = str(chosen)


def _remember() -> None:
    remember_project(st.session_state.get(PICKER_KEY))


def pick_project(actor: Actor) -> ProjectRead | None:
    """A sidebar selectbox over the team's active projects; None (with a hint) when there are none."""
    projects = attempt(lambda db: list_projects(db, actor=actor))
    if projects is None:
        return None
    if not projects:
        st.info("Your team has no projects yet. Create one on the Projects page to start.")
        st.page_link("pages/projects.py", label="Go to Projects", icon=":material/folder:")
        return None
    by_id = {p.id: p for p in projects}
    chosen = preferred_project(list(by_id))
    remember_project(chosen)
    st.session_state[PICKER_KEY] = chosen
    st.sidebar.selectbox(
        "Project",
        options=list(by_id),
        format_func=lambda pid: by_id[pid].name,
        key=PICKER_KEY,
        on_change=_remember,
    )
    return by_id[chosen]
