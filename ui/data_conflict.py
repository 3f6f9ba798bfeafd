"""The conflict panel: someone else saved meanwhile and changed items the member changed too.
Each of those items is listed with both versions and a choice; everything else merges by itself."""

from __future__ import annotations

from typing import Any

import streamlit as st

from core.markdown import escape_inline
from core.projects.data_rows import LISTS, SINGLES
from core.projects.merge_edits import Contested
from core.projects.storage import StoredData
from ui.data_tables import TABLES, render_cell

CHOICES = {"mine": "Keep mine", "theirs": "Keep theirs"}


def version_text(section: str, value: dict[str, Any] | None) -> str:
    """One version of an item as plain text, field by field: "Name: Patient · Role: Books"."""
    if value is None:
        return "(removed)"
    if section in LISTS:
        item = LISTS[section][1].model_validate(value)
        cells = ((c.label, render_cell(c, getattr(item, c.field))) for c in TABLES[section])
    else:
        item = SINGLES[section][1].model_validate(value)
        fields = item.model_dump(exclude={"source"}).items()
        cells = ((n.replace("_", " ").capitalize(), "; ".join(v) if isinstance(v, list) else v) for n, v in fields)
    return " · ".join(f"{label}: {text}" for label, text in cells if text) or "(empty)"


def choice_key(contested: Contested) -> str:
    return f"project_data_choice_{contested.key}"


def show_conflict(theirs: StoredData, contested: list[Contested]) -> tuple[dict[str, str], bool, bool]:
    """List the items both changed with a choice each; returns (choices, save with them, load theirs)."""
    said = f"Someone else saved this project's data (now version {theirs.version}) after you started editing"
    if contested:
        said += (
            f", and changed {len(contested)} of the items you changed. Nothing was saved yet; the rest of your "
            "edits and theirs merge by themselves. Choose whose version to keep for each item below."
        )
    else:
        said += ". Nothing was saved yet: save again to merge your edits with theirs."
    st.warning(said, icon=":material/sync_problem:")
    choices: dict[str, str] = {}
    for item in contested:
        with st.container(border=True):
            st.markdown(f"**{escape_inline(item.label)}**")
            st.markdown(f"Mine: {escape_inline(version_text(item.section, item.mine))}")
            st.markdown(f"Theirs: {escape_inline(version_text(item.section, item.theirs))}")
            choices[item.key] = st.radio(
                "Keep", list(CHOICES), format_func=CHOICES.get, key=choice_key(item), horizontal=True
            )
    save, discard = st.columns(2)
    resolve = save.button("Save with these choices", key="project_data_resolve", type="primary")
    load = discard.button("Discard my edits and load theirs", key="project_data_discard")
    return choices, resolve, load
