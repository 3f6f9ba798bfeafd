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
    """Session-state keys of one project's editor: the version it opened, theirs on a conflict,
    the items both changed, the note."""

    base: str
    conflict: str
    contested: str
    flash: str


def keys(project_id: int) -> Keys:
    return Keys(*(f"project_data_{name}_{project_id}" for name in Keys._fields))


def saved_note(saved: SavedData, version: int) -> str:
    """What the save did, as Markdown: the version, the merge with someone else's, every rename carried over."""
    text = f"Saved (version {saved.version})." if saved.version != version else "No changes to save."
    if saved.merged_with is not None:
        text += f" Merged with version {saved.merged_with}, saved by someone else meanwhile."
    if saved.theirs_kept:
        text += " Their changes kept: " + escape_inline(", ".join(saved.theirs_kept)) + "."
    return " ".join([text, *(escape_inline(line) for line in saved.carried_over)])


def save_edits(
    actor: Actor, base: StoredData, frames: dict[str, pd.DataFrame], problem: str, choices: dict[str, str] | None = None
) -> None:
    """Save the edited tables as made on `base`, merged with anyone's save since; then rerun, except
    to list bad rows. `choices` settle the items both changed."""
    k = keys(base.project_id)
    try:
        payload = to_payload(frames, problem, base.data)
        with session_scope() as db:
            saved = save_project_data(
                db,
                actor=actor,
                project_id=base.project_id,
                data=payload,
                expected_version=base.version,
                base=base.data,
                choices=choices,
            )
    except Conflict as exc:
        st.session_state[k.conflict] = exc.current
        st.session_state[k.contested] = getattr(exc, "contested", [])
        st.rerun()
    except InvalidInput as exc:
        show_row_errors(exc)
        return
    except Exception as exc:
        show_error(exc)
        return
    for key in (k.conflict, k.contested):
        st.session_state.pop(key, None)
    st.session_state[k.base] = saved
    flash(k.flash, saved_note(saved, base.version))
    st.rerun()
