"""Saving hand edits of project data: a conflict keeps both versions to compare, bad rows are listed."""

from __future__ import annotations

from typing import NamedTuple

import pandas as pd
import streamlit as st

from core.errors import Conflict, InvalidInput
from core.markdown import escape_inline
from core.permissions import Actor
from core.projects.data import SavedData, save_project_data
from core.projects.storage import StoredData
from db.session import session_scope
from ui.data_sections import show_row_errors
from ui.data_tables import to_payload
from ui.errors import show_error
from ui.flash import flash


class Keys(NamedTuple):
    """Session-state keys of one project's editor: the version it opened, theirs on a conflict, the note."""

    base: str
    conflict: str
    flash: str


def keys(project_id: int) -> Keys:
    return Keys(*(f"project_data_{name}_{project_id}" for name in ("base", "conflict", "flash")))


def saved_note(saved: SavedData, version: int) -> str:
    """What the save did, in plain text: the version, and every rename it carried over."""
    text = f"Saved (version {saved.version})." if saved.version != version else "No changes to save."
    return " ".join([text, *(escape_inline(line) for line in saved.carried_over)])


def save_edits(actor: Actor, base: StoredData, frames: dict[str, pd.DataFrame], problem: str, version: int) -> None:
    """Save the edited tables as made against `version`; then rerun, except to list bad rows."""
    k = keys(base.project_id)
    try:
        payload = to_payload(frames, problem, base.data)
        with session_scope() as db:
            saved = save_project_data(
                db, actor=actor, project_id=base.project_id, data=payload, expected_version=version
            )
    except Conflict as exc:
        st.session_state[k.conflict] = exc.current
        st.rerun()
    except InvalidInput as exc:
        show_row_errors(exc)
        return
    except Exception as exc:
        show_error(exc)
        return
    st.session_state.pop(k.conflict, None)
    st.session_state[k.base] = saved
    flash(k.flash, saved_note(saved, version))
    st.rerun()
