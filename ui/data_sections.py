"""The project data page's pieces: completeness, read-only tables, editors and row errors."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import streamlit as st

from core.completeness import assess
from core.errors import InvalidInput
from core.markdown import escape_inline
from core.prd import PRDData
from core.projects.sources import source_label
from core.projects.storage import StoredData
from ui.data_tables import KEY, PARTS, SOURCE, TITLES, columns, to_frame

SINGLE_SOURCES = ("system_boundaries", "constraints")
EDIT_STATE_KEYS = ("edited_rows", "added_rows", "deleted_rows")


def show_completeness(data: PRDData) -> None:
    result = assess(data)
    st.progress(result.score / 100, text=f"Completeness: {result.score}%")
    if result.gaps:
        missing = "\n".join(f"- {g.label} ({g.earned}/{g.points} points)" for g in result.gaps)
        st.markdown("**Still missing**\n\n" + missing)


def show_tables(data: PRDData, numbers: Mapping[int, int]) -> None:
    """Every section as a read-only table, with where each item came from (by message `numbers`)."""
    for section, tab in zip(TITLES, st.tabs(list(TITLES.values())), strict=True):
        with tab:
            if section == "problem_statement":
                st.text(data.problem_statement.text or "Not stated yet.")
                st.caption(f"Source: {source_label(data.problem_statement.source, numbers)}")
                continue
            frame = to_frame(section, data, numbers).drop(columns=[KEY], errors="ignore")
            st.dataframe(frame, hide_index=True)
            if section == "use_cases":
                show_stories(data)
            if section in SINGLE_SOURCES:
                st.caption(f"Source: {source_label(getattr(data, section).source, numbers)}")


def editor_key(section: str, project_id: int, version: int) -> str:
    """Keyed by version, so a saved or reloaded version starts from fresh editors."""
    return f"project_data_edit_{section}_{project_id}_v{version}"


def has_pending_edits(base: StoredData) -> bool:
    """Whether the member changed anything in the editors opened on `base`."""
    for section in TITLES:
        state = st.session_state.get(editor_key(section, base.project_id, base.version))
        if isinstance(state, dict) and any(state.get(k) for k in EDIT_STATE_KEYS):
            return True
        if (
            section == "problem_statement"
            and isinstance(state, str)
            and state.strip() != base.data.problem_statement.text
        ):
            return True
    return False


def _column_config(section: str) -> dict:
    config: dict = {KEY: None, SOURCE: st.column_config.TextColumn(SOURCE, disabled=True)}
    for column in columns(section):
        if column.kind == "choice":
            options = list(column.options.values())
            config[column.label] = st.column_config.SelectboxColumn(
                column.label, options=options, default=options[0], required=section in PARTS
            )
        else:
            config[column.label] = st.column_config.TextColumn(
                column.label, help=column.help or None, disabled=column.kind == "fixed"
            )
    return config


def edit_tables(base: StoredData, numbers: Mapping[int, int]) -> tuple[dict[str, pd.DataFrame], str]:
    """One editor per section, opened on `base`; returns the edited tables and problem text."""
    frames: dict[str, pd.DataFrame] = {}
    problem = base.data.problem_statement.text
    for section, tab in zip(TITLES, st.tabs(list(TITLES.values())), strict=True):
        key = editor_key(section, base.project_id, base.version)
        with tab:
            if section == "problem_statement":
                problem = st.text_area("Problem statement", value=problem, key=key, height=160)
                st.caption(f"Source: {source_label(base.data.problem_statement.source, numbers)}")
                continue
            frames[section] = st.data_editor(
                to_frame(section, base.data, numbers),
                key=key,
                num_rows="dynamic",
                hide_index=True,
                column_config=_column_config(section),
            )
            if section == "use_cases":
                show_stories(base.data)
            if section in SINGLE_SOURCES:
                st.caption(f"Source: {source_label(getattr(base.data, section).source, numbers)}")
    return frames, problem


def story_lines(data: PRDData) -> list[tuple[str, list[str]]]:
    """(use case title, its user stories as escaped Markdown bullets) for each use case that has stories."""
    out = []
    for uc in data.use_cases:
        if uc.stories:
            title = f"{uc.id} {uc.name}".strip()
            out.append((title, [f"- {escape_inline(s.text)}" for s in uc.stories]))
    return out


def show_stories(data: PRDData) -> None:
    """Each use case's user stories, read-only, under the use-case table: what the backlog said."""
    grouped = story_lines(data)
    if not grouped:
        return
    st.markdown(f"**User stories** ({sum(len(lines) for _, lines in grouped)})")
    for title, lines in grouped:
        with st.expander(f"{escape_inline(title)} · {len(lines)} {'story' if len(lines) == 1 else 'stories'}"):
            st.markdown("\n".join(lines))


def show_row_errors(exc: InvalidInput) -> None:
    lines = list(exc.errors.values()) or [exc.message]
    st.error("Nothing was saved. Fix these rows:\n\n" + "\n".join(f"- {escape_inline(line)}" for line in lines))
