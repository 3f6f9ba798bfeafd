import textwrap

from streamlit.testing.v1 import AppTest

from core.markdown import WORD_JOINER
from core.projects import service
from db.models import Team
from db.session import session_scope
from tests.factories import make_actor, make_project
from tests.pages.apptest import open_app, shown
from tests.pages.test_artifacts_page import click_download, downloads  # noqa: F401 (a fixture)

VISION = "Help small shops take orders online."
PAGE = "pages/projects.py"


def _actor_with_project(role, name="Shop"):
    """A member of a team that already has one project (made by its owner)."""
    with session_scope() as db:
        owner = make_actor(db)
        actor = make_actor(db, role=role, team=db.get(Team, owner.team_id))
        project = make_project(db, actor=owner, name=name, vision=VISION)
        return actor, project.id


def _names(at):
    return list(at.dataframe[0].value["Name"]) if at.dataframe else []


def _create(at, name, vision):
    at.text_input(key="projects_create_name").set_value(name)
    at.text_area(key="projects_create_vision").set_value(vision)
    return at.button(key="projects_create_submit").click().run()


def test_a_member_creates_a_project_and_it_appears_in_the_table(app_db):
    with session_scope() as db:
        actor = make_actor(db, role="member")
    at = open_app(actor, PAGE)
    assert not at.exception and _names(at) == []
    at = _create(at, "  Bakery  ", VISION)
    assert not at.exception
    assert _names(at) == ["Bakery"]
    assert "Created “Bakery”" in at.success[0].value
    with session_scope() as db:
        [project] = service.list_projects(db, actor=actor)
    assert at.session_state["project_id"] == project.id
    assert at.text_input(key="projects_create_name").value == ""


def test_a_too_short_vision_shows_a_message_and_creates_nothing(app_db):
    with session_scope() as db:
        actor = make_actor(db, role="member")
    at = _create(open_app(actor, PAGE), "Bakery", "too short")
    assert not at.exception
    assert "at least 10 characters (it has 9)" in shown(at.error[0].value)
    assert _names(at) == []
    assert at.text_input(key="projects_create_name").value == "Bakery"


def test_the_plan_limit_is_explained_on_the_page(app_db):
    with session_scope() as db:
        actor = make_actor(db, role="owner", plan="free")
        for n in range(3):
            make_project(db, actor=actor, name=f"P{n}")
    at = _create(open_app(actor, PAGE), "Fourth", VISION)
    assert not at.exception
    assert "free plan allows 3" in shown(at.warning[0].value)
    assert sorted(_names(at)) == ["P0", "P1", "P2"]


def test_a_reviewer_sees_the_list_but_no_controls(app_db):
    reviewer, _ = _actor_with_project("reviewer")
    at = open_app(reviewer, PAGE)
    assert not at.exception
    assert _names(at) == ["Shop"]
    keys = {w.key for w in (*at.text_input, *at.text_area, *at.button)}
    assert not keys & {"projects_create_name", "projects_edit_name", "projects_archive", "projects_delete_submit"}
    assert not at.get("form")


def test_a_member_can_edit_but_sees_no_delete_control(app_db):
    member, project_id = _actor_with_project("member")
    at = open_app(member, PAGE)
    assert not at.exception
    assert {b.key for b in at.button} >= {"projects_edit_submit", "projects_archive"}
    assert "projects_delete_submit" not in {b.key for b in at.button}
    at.text_input(key="projects_edit_name").set_value("Shop renamed")
    at = at.button(key="projects_edit_submit").click().run()
    assert not at.exception and _names(at) == ["Shop renamed"]


def test_an_edit_made_against_an_old_version_is_refused_and_keeps_the_typing(app_db):
    owner, project_id = _actor_with_project("owner")
    at = open_app(owner, PAGE)
    with session_scope() as db:
        service.update_project(db, actor=owner, project_id=project_id, name="Theirs", expected_version=1)
    at.text_input(key="projects_edit_name").set_value("Mine")
    at = at.button(key="projects_edit_submit").click().run()
    assert not at.exception
    assert "Someone else changed this project" in shown(at.warning[0].value)
    assert at.text_input(key="projects_edit_name").value == "Mine"
    at = at.button(key="projects_edit_submit").click().run()
    assert _names(at) == ["Mine"]


def test_status_change_and_archive_and_restore_from_the_page(app_db):
    owner, project_id = _actor_with_project("owner")
    at = open_app(owner, PAGE)
    at.selectbox(key="projects_status").set_value("validation")
    at = at.button(key="projects_status_submit").click().run()
    assert not at.exception
    assert at.dataframe[0].value["Status"][0] == "Validation"
    at = at.button(key="projects_archive").click().run()
    assert not at.exception and _names(at) == []
    at = at.toggle(key="projects_show_archived").set_value(True).run()
    at = at.button(key="projects_restore").click().run()
    assert not at.exception
    assert at.dataframe[0].value["Status"][0] == "Validation"


def test_an_owner_deletes_a_project_after_typing_its_name(app_db):
    owner, project_id = _actor_with_project("owner", name="Doomed")
    at = open_app(owner, PAGE)
    at.text_input(key="projects_delete_confirm").set_value("doomed")
    at = at.button(key="projects_delete_submit").click().run()
    assert not at.exception and "exactly" in shown(at.error[0].value)
    assert _names(at) == ["Doomed"]
    at.text_input(key="projects_delete_confirm").set_value("Doomed")
    at = at.button(key="projects_delete_submit").click().run()
    assert not at.exception
    assert "Deleted “Doomed”" in at.success[0].value
    assert "project_id" not in at.session_state


def test_search_filters_the_table(app_db):
    with session_scope() as db:
        actor = make_actor(db, plan="pro")
        for name in ("Bakery", "Clinic"):
            make_project(db, actor=actor, name=name)
    at = open_app(actor, PAGE)
    at = at.text_input(key="projects_search").set_value("clin").run()
    assert not at.exception and _names(at) == ["Clinic"]


PICKER_APP = """
import streamlit as st
from ui.project_picker import pick_project

def body():
    project = pick_project(st.session_state["test_actor"])
    st.write(f"picked: {project.name if project else None}")

st.navigation([st.Page(body, title="Here", default=True), st.Page("pages/projects.py")]).run()
"""


def _picker(tmp_path, actor, query=None, **state):
    (tmp_path / "pages").mkdir(exist_ok=True)
    (tmp_path / "pages" / "projects.py").write_text("")
    (tmp_path / "picker_app.py").write_text(textwrap.dedent(PICKER_APP))
    at = AppTest.from_file(str(tmp_path / "picker_app.py"), default_timeout=30)
    at.session_state["test_actor"] = actor
    for key, value in state.items():
        at.session_state[key] = value
    for key, value in (query or {}).items():
        at.query_params[key] = value
    return at.run()


def test_the_picker_points_to_the_projects_page_when_there_are_none(app_db, tmp_path):
    with session_scope() as db:
        actor = make_actor(db, role="reviewer")
    at = _picker(tmp_path, actor)
    assert not at.exception
    assert "no projects yet" in at.info[0].value
    assert at.markdown[-1].value == "picked: None"


def test_the_picker_preselects_the_current_project_and_remembers_a_new_choice(app_db, tmp_path):
    with session_scope() as db:
        actor = make_actor(db)
        first = make_project(db, actor=actor, name="First").id
        second = make_project(db, actor=actor, name="Second").id
    at = _picker(tmp_path, actor, project_id=first)
    assert not at.exception and at.markdown[-1].value == "picked: First"
    at = at.sidebar.selectbox(key="project_picker").set_value(second).run()
    assert at.markdown[-1].value == "picked: Second"
    assert at.session_state["project_id"] == second
    assert at.query_params["project"] == str(second)


def test_a_link_naming_a_project_wins_over_the_remembered_one(app_db, tmp_path):
    with session_scope() as db:
        actor = make_actor(db)
        first = make_project(db, actor=actor, name="First").id
        second = make_project(db, actor=actor, name="Second").id
    at = _picker(tmp_path, actor, project_id=second, query={"project": str(first)})
    assert not at.exception and at.markdown[-1].value == "picked: First"
    assert at.session_state["project_id"] == first


def test_a_link_to_another_teams_project_falls_back_to_the_teams_own(app_db, tmp_path):
    with session_scope() as db:
        actor = make_actor(db)
        mine = make_project(db, actor=actor, name="Mine").id
        theirs = make_project(db, actor=make_actor(db), name="Theirs").id
    at = _picker(tmp_path, actor, query={"project": str(theirs)})
    assert not at.exception and at.markdown[-1].value == "picked: Mine"
    assert at.session_state["project_id"] == mine


def test_a_project_name_is_shown_as_typed_not_as_markdown(app_db):
    with session_scope() as db:
        actor = make_actor(db, role="member")
    at = _create(open_app(actor, PAGE), "**Big** [deal](http://x.test)", VISION)
    assert not at.exception
    assert _names(at) == ["**Big** [deal](http://x.test)"]
    assert r"\*\*Big\*\* \[deal\]\(http\:" in at.success[0].value.replace(WORD_JOINER, "")


def test_the_prd_can_be_exported_from_the_projects_page(app_db, downloads):  # noqa: F811
    from core.audit import list_entries

    with session_scope() as db:
        owner = make_actor(db, role="owner")
        make_project(db, actor=owner, name="Parcel tracker")
    at = open_app(owner, "pages/projects.py")
    file_name, content = click_download(at, "projects_export_markdown", downloads)
    assert not at.exception and not at.error
    assert file_name == "parcel-tracker-prd.md" and content.startswith("# Parcel tracker\n")
    with session_scope() as db:
        assert [e.action for e in list_entries(db, actor=owner, action="project.exported")] == ["project.exported"]
