"""The projects table with its search box and archive toggle."""

from __future__ import annotations

import streamlit as st

from core.projects.schemas import ProjectRead

STATUS_LABELS = {
    "intake": "Intake",
    "in_progress": "In progress",
    "validation": "Validation",
    "completed": "Completed",
    "archived": "Archived",
}

COLUMNS = {
    "Name": st.column_config.TextColumn("Name", width="large"),
    "Status": st.column_config.TextColumn("Status"),
    "Completeness": st.column_config.ProgressColumn(
        "Completeness",
        format="%d%%",
        min_value=0,
        max_value=100,
        help="How much of the PRD is filled in (see Project data for what is missing).",
    ),
    "Validation score": st.column_config.NumberColumn(
        "Validation score",
        format="%d",
        help="The last validation run's score; 95 passes.",
    ),
    "Updated": st.column_config.DatetimeColumn("Updated", format="distance"),
}


def status_label(status: str) -> str:
    return STATUS_LABELS.get(status, status)


def filters() -> tuple[str, bool]:
    """The search text and whether archived projects are shown."""
    left, right = st.columns([3, 1], vertical_alignment="bottom")
    search = left.text_input(
        "Search",
        key="projects_search",
        placeholder="Search by name or vision",
        label_visibility="collapsed",
    )
    archived = right.toggle("Show archived", key="projects_show_archived")
    return search, archived


def projects_table(projects: list[ProjectRead]) -> None:
    """One row per project; names are shown as plain text, never as HTML."""
    rows = [
        {
            "Name": p.name,
            "Status": status_label(p.status),
            "Completeness": p.completeness,
            "Validation score": p.validation_score,
            "Updated": p.updated_at,
        }
        for p in projects
    ]
    st.dataframe(
        rows,
        column_config=COLUMNS,
        hide_index=True,
        key="projects_table",
        placeholder="—",
    )
