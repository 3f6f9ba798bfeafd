"""Validation: the PRD's score against the rubric, what changed since the last run, the charts
reviewers read, every check with how to fix it, the requirement text and its EARS patterns."""

import streamlit as st

from core.permissions import Permission, can
from core.validation.runs import validation_view
from ui.context import require_actor
from ui.errors import call
from ui.flash import show_flash
from ui.project_picker import pick_project
from ui.read_only import read_only_note
from ui.validation_charts import charts
from ui.validation_checks import checks_section
from ui.validation_summary import FLASH, changes, explanation, run_button, score_header
from ui.validation_text import ears_section, text_findings

actor = require_actor(Permission.PROJECTS_READ)
st.title("Validation")
project = pick_project(actor)
if project is None:
    st.stop()
editor = can(actor, Permission.PROJECTS_UPDATE)
show_flash(FLASH)
if editor:
    run_button(actor, project.id)
else:
    read_only_note(actor, "the validation results")

view = call(lambda db: validation_view(db, actor=actor, project_id=project.id))
if view.latest is None or view.latest.report is None:
    st.info(
        "Not validated yet." if view.latest is None else "The latest run was stored by an older rubric.",
        icon=":material/info:",
    )
    if editor:
        st.caption("Press **Run validation** to score the PRD against the rubric (pass mark 95).")
    st.stop()

report = view.latest.report
score_header(view, editor=editor)
changes(view)
charts(view)
checks, text, ears, how = st.tabs(["Gates and checks", "Requirement text", "EARS patterns", "How the score works"])
with checks:
    checks_section(report)
with text:
    text_findings(report)
with ears:
    ears_section(report)
with how:
    explanation(report)
