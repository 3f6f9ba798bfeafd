"""Projects: the team's projects with their validation overview, and for editors create, edit, status,
archive and delete."""

import streamlit as st

from core.permissions import Permission, can
from core.projects.service import list_projects
from ui.artifacts_export import prd_downloads
from ui.context import require_actor
from ui.errors import call
from ui.flash import show_flash
from ui.projects_create import FLASH, create_form
from ui.projects_manage import details, manage, select_project
from ui.projects_overview import validation_overview
from ui.projects_table import filters, projects_table

actor = require_actor(Permission.PROJECTS_READ)
st.title("Projects")
show_flash(FLASH)
create_slot = st.container()
search, show_archived = filters()
projects = call(lambda db: list_projects(db, actor=actor, include_archived=show_archived, search=search))
if can(actor, Permission.PROJECTS_CREATE):
    with create_slot:
        create_form(actor, expanded=not projects and not search)
if not projects:
    st.info("No projects match." if search else "No projects yet.")
    st.stop()

projects_table(projects)
validation_overview(actor)
st.subheader("Selected project")
project = select_project(projects)
details(project)
prd_downloads(actor, project.id, key_prefix="projects")
manage(actor, project)
