"""One note for every view a role may read but not change: what it is and who can change it."""

from __future__ import annotations

import streamlit as st

from core.permissions import Actor, Permission
from ui.navigation import roles_with


def read_only_note(actor: Actor, what: str) -> None:
    """'Read-only: as a reviewer you read the diagrams; owners, admins and members change them.'"""
    editors = roles_with(Permission.PROJECTS_UPDATE)
    st.caption(f":material/visibility: Read-only: as a {actor.role.value} you read {what}; {editors} change them.")
