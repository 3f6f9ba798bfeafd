"""PRD export buttons: one click builds the file (an audit entry; artifacts → exported) and downloads it."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st
from sqlalchemy.orm import Session

from core.export import ExportedFile, export_html, export_markdown
from core.export.service import EXTENSIONS, filename_for
from core.permissions import Actor
from core.projects.service import get_project
from db.session import session_scope
from ui.errors import call

FORMATS = {"markdown": ("Markdown", export_markdown), "html": ("HTML", export_html)}
Export = Callable[..., ExportedFile]


def build_on_click(actor: Actor, project_id: int, export: Export) -> Callable[[], str]:
    """The file, exported only when the browser asks for it (the download click), in its own transaction."""

    def build() -> str:
        with session_scope() as db:
            return export(db, actor=actor, project_id=project_id).content

    return build


def prd_downloads(actor: Actor, project_id: int, key_prefix: str = "artifacts") -> None:
    """One download button per format; the click exports the PRD and the page reruns to show it exported."""
    name = call(lambda db: _project_name(db, actor, project_id))
    cols = st.columns(len(FORMATS))
    for col, (fmt, (label, export)) in zip(cols, FORMATS.items(), strict=True):
        extension, media_type = EXTENSIONS[fmt]
        col.download_button(
            f"Export PRD as {label}",
            data=build_on_click(actor, project_id, export),
            file_name=filename_for(name, extension),
            mime=media_type,
            key=f"{key_prefix}_export_{fmt}",
            icon=":material/download:",
        )


def _project_name(db: Session, actor: Actor, project_id: int) -> str:
    return get_project(db, actor=actor, project_id=project_id).name
