"""PRD export buttons: prepare the file (an audit entry; artifacts → exported), then download it."""

from __future__ import annotations

import streamlit as st

from core.export import ExportedFile, export_html, export_markdown
from core.permissions import Actor
from ui.errors import attempt

FORMATS = {"markdown": ("Markdown", export_markdown), "html": ("HTML", export_html)}


def prd_downloads(actor: Actor, project_id: int, key_prefix: str = "artifacts") -> None:
    """Two buttons that export the PRD and a download button for each prepared file."""
    cols = st.columns(len(FORMATS))
    for col, (fmt, (label, export)) in zip(cols, FORMATS.items(), strict=True):
        state_key = f"{key_prefix}_prd_{fmt}"
        with col:
            if st.button(f"Export PRD as {label}", key=f"{key_prefix}_export_{fmt}", icon=":material/description:"):
                exported = attempt(lambda db, export=export: export(db, actor=actor, project_id=project_id))
                st.session_state[state_key] = (project_id, exported) if exported else None
                if exported:
                    st.rerun()  # the tabs above then show the artifacts as exported
            prepared = st.session_state.get(state_key)
            if prepared and prepared[0] == project_id:
                file: ExportedFile = prepared[1]
                st.download_button(
                    f"Download {file.filename}",
                    data=file.content,
                    file_name=file.filename,
                    mime=file.media_type,
                    key=f"{key_prefix}_download_{fmt}",
                    on_click="ignore",
                    icon=":material/download:",
                )
