"""The audit log as a table to read and as a CSV file to download."""

from __future__ import annotations

from datetime import UTC

import pandas as pd
import streamlit as st

from core.audit import AuditEntry, AuditPerson
from core.audit_phrases import action_label

COLUMNS = ["time", "person", "action", "sentence", "target"]
CONFIG = {
    "time": st.column_config.TextColumn("When (UTC)"),
    "person": st.column_config.TextColumn("Who"),
    "action": st.column_config.TextColumn("Action"),
    "sentence": st.column_config.TextColumn("What happened", width="large"),
    "target": st.column_config.TextColumn("On"),
}


def as_table(entries: list[AuditEntry]) -> pd.DataFrame:
    """One row per entry, time in UTC ISO format; a dataframe shows text literally, never as Markdown."""
    return pd.DataFrame(
        [
            {
                "time": e.created_at.astimezone(UTC).isoformat(timespec="seconds"),
                "person": e.actor_name,
                "action": e.action,
                "sentence": e.sentence,
                "target": e.target,
            }
            for e in entries
        ],
        columns=COLUMNS,
    )


def as_csv(entries: list[AuditEntry]) -> bytes:
    """The same rows as a CSV file, UTF-8 with a header line."""
    return as_table(entries).to_csv(index=False).encode("utf-8")


def filters(actions: list[str], people: list[AuditPerson]) -> tuple[list[str], list[int]]:
    """The chosen actions and people; none chosen means all."""
    left, right = st.columns(2)
    chosen_actions = left.multiselect(
        "Action", actions, format_func=action_label, key="audit_actions", placeholder="All actions"
    )
    names = {p.user_id: p.name for p in people}
    chosen_people = right.multiselect(
        "Person", list(names), format_func=lambda i: names.get(i, str(i)), key="audit_people", placeholder="Everyone"
    )
    return chosen_actions, chosen_people


def show(entries: list[AuditEntry], limit: int) -> None:
    """The entries and their download, or a note that nothing matches."""
    if not entries:
        st.info("Nothing recorded yet matches these filters.")
        return
    st.dataframe(as_table(entries), hide_index=True, width="stretch", column_config=CONFIG)
    st.caption(f"{len(entries)} entries, newest first (at most {limit} shown).")
    st.download_button(
        "Download as CSV",
        data=as_csv(entries),
        file_name="audit-log.csv",
        mime="text/csv",
        key="audit_csv",
        icon=":material/download:",
    )
