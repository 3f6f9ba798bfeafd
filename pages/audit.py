"""Audit log: who did what to which item in the team, newest first (audit:read)."""

from __future__ import annotations

import streamlit as st

from core.audit import list_actions, list_entries, list_people
from core.permissions import Permission
from ui.audit_table import filters, show
from ui.context import require_actor
from ui.errors import call

LIMIT = 500
actor = require_actor(Permission.AUDIT_READ)

st.title("Audit log")
actions = call(lambda db: list_actions(db, actor=actor))
people = call(lambda db: list_people(db, actor=actor))
chosen_actions, chosen_people = filters(actions, people)
entries = call(lambda db: list_entries(db, actor=actor, actions=chosen_actions, people=chosen_people, limit=LIMIT))
show(entries, LIMIT)
