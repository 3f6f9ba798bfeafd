"""The selected project on the Projects page: its details, and for editors edit, status,
archive/restore and delete."""

from __future__ import annotations

import streamlit as st

from core.errors import Conflict
from core.markdown import escape_inline
from core.permissions import Actor, Permission, can
from core.projects import service
from core.projects.schemas import NAME_MAX, VISION_MAX, WORK_STATUSES, ProjectRead
from db.session import session_scope
from ui.errors import attempt, show_error, succeeds
from ui.flash import flash
from ui.project_picker import preferred_project, remember_project
from ui.projects_create import DONE_ICON, FLASH
from ui.projects_table import status_label

SELECT_KEY = "projects_selected"
NAME_KEY, VISION_KEY = "projects_edit_name", "projects_edit_vision"
LOADED_KEY = "projects_edit_loaded"  # (id, version, name, vision) the edit form was filled from
STATUS_KEY, STATUS_FOR_KEY = "projects_status", "projects_status_for"
CONFIRM_KEY = "projects_delete_confirm"


def select_project(projects: list[ProjectRead]) -> ProjectRead:
    """The project the details below are about; choosing one makes it the current project."""
    by_id = {p.id: p for p in projects}
    chosen = preferred_project(list(by_id))
    remember_project(chosen)
    st.session_state[SELECT_KEY] = chosen
    st.selectbox(
        "Project",
        options=list(by_id),
        format_func=lambda pid: by_id[pid].name,
        key=SELECT_KEY,
        on_change=lambda: remember_project(st.session_state.get(SELECT_KEY)),
    )
    return by_id[chosen]


def details(project: ProjectRead) -> None:
    """What a reader needs: status, completeness, score and the vision as plain text."""
    cols = st.columns(3)
    cols[0].metric("Status", status_label(project.status))
    cols[1].metric("Completeness", f"{project.completeness}%")
    score = "—" if project.validation_score is None else str(project.validation_score)
    cols[2].metric("Validation score", score)
    st.text(project.vision)
    if not project.archived:
        st.page_link("pages/chat.py", label="Open in the Assistant", icon=":material/forum:")
        st.page_link("pages/validation.py", label="Open its validation", icon=":material/rule:")


def _done(message: str) -> None:
    """After a change: refill the forms from the database and say what happened."""
    st.session_state.pop(LOADED_KEY, None)
    st.session_state.pop(STATUS_FOR_KEY, None)
    flash(FLASH, message, icon=DONE_ICON)
    st.rerun()


def _fill_edit_form(project: ProjectRead) -> None:
    """Fill the form from the project unless the user has typed something not yet saved."""
    state = st.session_state
    loaded = state.get(LOADED_KEY)
    untouched = (
        loaded is not None
        and NAME_KEY in state
        and VISION_KEY in state
        and (state[NAME_KEY], state[VISION_KEY]) == (loaded[2], loaded[3])
    )
    if (
        loaded is None
        or loaded[0] != project.id
        or NAME_KEY not in state
        or (untouched and loaded[1] != project.version)
    ):
        state[LOADED_KEY] = (project.id, project.version, project.name, project.vision)
        state[NAME_KEY], state[VISION_KEY] = project.name, project.vision


def edit_form(actor: Actor, project: ProjectRead) -> None:
    """Rename or re-describe; a save made against an old version is refused and explained."""
    _fill_edit_form(project)
    with st.form("projects_edit_form"):
        name = st.text_input("Name", key=NAME_KEY, max_chars=NAME_MAX)
        vision = st.text_area("Vision", key=VISION_KEY, max_chars=VISION_MAX)
        submitted = st.form_submit_button("Save changes", key="projects_edit_submit")
    if not submitted:
        return
    version = st.session_state[LOADED_KEY][1]
    try:
        with session_scope() as db:
            saved = service.update_project(
                db,
                actor=actor,
                project_id=project.id,
                name=name,
                vision=vision,
                expected_version=version,
            )
    except Conflict as exc:
        theirs = exc.current
        # Saving again applies this text on top of their version.
        st.session_state[LOADED_KEY] = (theirs.id, theirs.version, theirs.name, theirs.vision)
        st.warning(exc.message, icon=":material/sync_problem:")
        st.text(f"Their name: {theirs.name}\nTheir vision: {theirs.vision}")
        return
    except Exception as exc:
        show_error(exc)
        return
    _done(f"Saved “{escape_inline(saved.name)}”.")


def status_form(actor: Actor, project: ProjectRead) -> None:
    """Move the project to another stage of its work."""
    if st.session_state.get(STATUS_FOR_KEY) != (project.id, project.version):
        st.session_state[STATUS_FOR_KEY] = (project.id, project.version)
        st.session_state[STATUS_KEY] = project.status
    with st.form("projects_status_form"):
        status = st.selectbox("Status", WORK_STATUSES, format_func=status_label, key=STATUS_KEY)
        submitted = st.form_submit_button("Change status", key="projects_status_submit")
    if submitted:
        changed = attempt(lambda db: service.set_status(db, actor=actor, project_id=project.id, status=status))
        if changed is not None:
            _done(f"“{escape_inline(changed.name)}” is now {status_label(changed.status).lower()}.")


def archive_controls(actor: Actor, project: ProjectRead) -> None:
    """Archive hides a project and frees its plan slot; restore brings it back."""
    action = service.restore_project if project.archived else service.archive_project
    label = "Restore" if project.archived else "Archive"
    st.caption(
        "Restoring brings the project back to the status it had; it counts toward the plan's project limit again."
        if project.archived
        else "Archived projects keep all their data, leave the lists and do not count toward the plan's project limit."
    )
    if not st.button(label, key=f"projects_{label.lower()}", icon=":material/archive:"):
        return
    result = attempt(lambda db: action(db, actor=actor, project_id=project.id))
    if result is not None:
        hint = "" if project.archived else " Turn on “Show archived” to see or restore it."
        _done(f"{label}d “{escape_inline(result.name)}”.{hint}")


def delete_controls(actor: Actor, project: ProjectRead) -> None:
    """Deleting removes the project's data, chat and diagrams for good: type the name to confirm."""
    st.warning("This deletes the project, its data, conversation, diagrams and validation runs.")
    typed = st.text_input(f"Type “{escape_inline(project.name)}” to confirm", key=CONFIRM_KEY)
    if not st.button("Delete forever", key="projects_delete_submit", type="primary"):
        return
    if succeeds(lambda db: service.delete_project(db, actor=actor, project_id=project.id, confirm_name=typed)):
        st.session_state.pop(CONFIRM_KEY, None)
        remember_project(None)
        _done(f"Deleted “{escape_inline(project.name)}”.")


def manage(actor: Actor, project: ProjectRead) -> None:
    """The controls the actor's role allows, one tab each; reviewers get none."""
    sections = []
    if can(actor, Permission.PROJECTS_UPDATE):
        if not project.archived:
            sections += [("Edit", edit_form), ("Status", status_form)]
        sections.append(("Restore" if project.archived else "Archive", archive_controls))
    if can(actor, Permission.PROJECTS_DELETE):
        sections.append(("Delete", delete_controls))
    if not sections:
        return
    for tab, (_, render) in zip(st.tabs([label for label, _ in sections]), sections, strict=True):
        with tab:
            render(actor, project)
