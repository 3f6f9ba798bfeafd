"""Audit log: who did what in the team, newest first (audit:read)."""

from __future__ import annotations

import json

import pandas as pd
import streamlit as st

from core.audit import AuditEntry, list_actions, list_entries
from core.permissions import Permission
from ui.context import require_actor
from ui.errors import call

actor = require_actor(Permission.AUDIT_READ)
ALL = "All actions"


def as_table(entries: list[AuditEntry]) -> pd.DataFrame:
    """One row per entry, details as compact JSON text."""
    return pd.DataFrame(
        [
            {
                "time": e.created_at.strftime("%Y-%m-%d %H:%M:%S UTC"),
                "who": e.actor_email or "(system)",
                "action": e.action,
                "target": " ".join(str(p) for p in (e.target_type, e.target_id) if p),
                "details": json.dumps(e.details, ensure_ascii=False, sort_keys=True) if e.details else "",
            }
            for e in entries
        ],
        columns=["time", "who", "action", "target", "details"],
    )


st.title("Audit log")
actions = call(lambda db: list_actions(db, actor=actor))
chosen = st.selectbox("Action", [ALL, *actions], key="audit_action")
entries = call(lambda db: list_entries(db, actor=actor, action=None if chosen == ALL else chosen, limit=500))
if entries:
    st.dataframe(as_table(entries), hide_index=True, width="stretch")
    st.caption(f"{len(entries)} entries, newest first (at most 500 shown).")
else:
    st.info("Nothing recorded yet.")
