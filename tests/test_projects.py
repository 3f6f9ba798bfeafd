import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError
from sqlalchemy import event, func, select

from core import artifacts
from core.audit import list_entries
from core.errors import Conflict, InvalidInput, NotFound, PermissionDenied, pydantic_message
from core.export import service as export_service
from core.intake import conversation
from core.names import visible_name
from core.projects import data as project_data
from core.projects import scope, service
from core.projects.schemas import ProjectCreate, ProjectRead, has_visible_text
from db.models import Conversation, Project, ProjectData, Team, ValidationRun
from tests.factories import make_actor, make_project

VISION = "Help small shops take orders online."


def _create(db, actor, name="Shop", vision=VISION):
    return service.create_project(db, actor=actor, data={"name": name, "vision": vision})


def _team_of(db, actor):
    return db.get(Team, actor.team_id)


def _count(db, model, **where):
    query = select(func.count()).select_from(model)
    for column, value in where.items():
        query = query.where(getattr(model, column) == value)
    return db.scalar(query)


def test_creating_a_project_trims_input_and_starts_empty(db):
    actor = make_actor(db, role="member")
    project = service.create_project(db, actor=actor, name="  Shop  ", vision=f"  {VISION}  ")
    assert (project.name, project.vision) == ("Shop", VISION)
    assert (project.status, project.completeness, project.version) == ("intake", 0, 1)
    assert project.team_id == actor.team_id and project.created_by == actor.user_id
    assert _count(db, ProjectData, project_id=project.id) == 1


def test_creating_a_project_records_an_audit_entry(db):
    owner = make_actor(db)
    project = _create(db, owner, name="Audited")
    [entry] = list_entries(db, actor=owner, action="project.created")
    assert (entry.target_id, entry.details, entry.actor_user_id) == (
        str(project.id),
        {"name": "Audited"},
        owner.user_id,
    )


def test_input_that_is_not_a_mapping_is_refused(db):
    with pytest.raises(InvalidInput, match="Expected the fields of ProjectCreate"):
        service.create_project(db, actor=make_actor(db), data="Shop")


@pytest.mark.parametrize(
    ("name", "vision", "field", "words"),
    [
        ("", VISION, "name", "Give the project a name"),
        ("   ", VISION, "name", "Give the project a name"),
        ("n" * 256, VISION, "name", "256 characters long; the limit is 255"),
        ("Shop", "x" * 9, "vision", "at least 10 characters (it has 9)"),
        ("Shop", "   \n\t  ", "vision", "at least 10 characters (it has 0)"),
        ("Shop", "x" * 5001, "vision", "5001 characters long; the limit is 5000"),
    ],
)
def test_bad_project_input_is_refused_with_a_clear_message(db, name, vision, field, words):
    actor = make_actor(db)
    with pytest.raises(InvalidInput) as err:
        _create(db, actor, name=name, vision=vision)
    assert words in err.value.errors[field]
    assert words in err.value.message
    assert _count(db, Project, team_id=actor.team_id) == 0


def test_names_and_visions_at_the_limits_are_accepted(db):
    project = _create(db, make_actor(db), name="n" * 255, vision="v" * 5000)
    assert (len(project.name), len(project.vision)) == (255, 5000)
    short = _create(db, make_actor(db), name="n", vision="v" * 10)
    assert (short.name, short.vision) == ("n", "v" * 10)


_text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=300)


@settings(max_examples=60, deadline=None)
@given(name=_text, vision=_text)
def test_any_text_is_either_accepted_trimmed_or_refused_with_invalid_input(name, vision):
    shown = visible_name(name)  # invisible characters leave names (core/names.py)
    good_name = 1 <= len(shown) <= 255 and "\x00" not in name and has_visible_text(shown)
    good_vision = 10 <= len(vision.strip()) <= 5000 and "\x00" not in vision
    try:
        parsed = ProjectCreate.model_validate({"name": name, "vision": vision})
    except ValidationError as exc:
        assert not (good_name and good_vision)
        bad = {field for field, ok in (("name", good_name), ("vision", good_vision)) if not ok}
        assert set(pydantic_message(exc).errors) == bad
    else:
        assert good_name and good_vision
        assert (parsed.name, parsed.vision) == (shown, vision.strip())


def test_listing_shows_the_teams_projects_newest_update_first_with_completeness(db):
    actor = make_actor(db, role="member")
    first, second = _create(db, actor, name="First"), _create(db, actor, name="Second")
    make_project(db, actor=make_actor(db), name="Elsewhere")
    service.update_project(db, actor=actor, project_id=first.id, name="First again", expected_version=1)
    db.execute(ProjectData.__table__.update().where(ProjectData.project_id == second.id).values(completeness=40))
    listed = service.list_projects(db, actor=actor)
    assert [p.name for p in listed] == ["First again", "Second"]
    assert [p.completeness for p in listed] == [0, 40]


def test_listing_runs_one_query_whatever_the_number_of_projects(db):
    actor = make_actor(db, plan="team")
    for n in range(5):
        _create(db, actor, name=f"P{n}")
    statements = []
    connection = db.connection()

    def count(*_args):
        statements.append(1)

    event.listen(connection, "before_cursor_execute", count)
    try:
        assert len(service.list_projects(db, actor=actor)) == 5
    finally:
        event.remove(connection, "before_cursor_execute", count)
    assert len(statements) == 1


def test_search_matches_name_or_vision_ignoring_case_and_wildcards(db):
    actor = make_actor(db, plan="pro")
    _create(db, actor, name="Bakery orders")
    _create(db, actor, name="Clinic", vision="Patients book 100% of visits online.")
    _create(db, actor, name="Garage")
    assert [p.name for p in service.list_projects(db, actor=actor, search="BAKERY")] == ["Bakery orders"]
    assert [p.name for p in service.list_projects(db, actor=actor, search="book")] == ["Clinic"]
    assert [p.name for p in service.list_projects(db, actor=actor, search="100%")] == ["Clinic"]
    assert service.list_projects(db, actor=actor, search="_") == []


def test_archived_projects_are_listed_only_when_asked(db):
    actor = make_actor(db)
    kept, gone = _create(db, actor, name="Kept"), _create(db, actor, name="Gone")
    service.archive_project(db, actor=actor, project_id=gone.id)
    assert [p.id for p in service.list_projects(db, actor=actor)] == [kept.id]
    assert {p.id for p in service.list_projects(db, actor=actor, include_archived=True)} == {
        kept.id,
        gone.id,
    }


def test_a_reviewer_can_read_projects(db):
    owner = make_actor(db)
    reviewer = make_actor(db, role="reviewer", team=_team_of(db, owner))
    project = _create(db, owner)
    assert service.get_project(db, actor=reviewer, project_id=project.id).name == "Shop"
    assert [p.id for p in service.list_projects(db, actor=reviewer)] == [project.id]


def test_updating_changes_name_and_vision_and_bumps_the_version(db):
    actor = make_actor(db, role="member")
    project = _create(db, actor)
    updated = service.update_project(
        db,
        actor=actor,
        project_id=project.id,
        data={"name": " Shop 2 ", "vision": "A better vision text.", "expected_version": 1},
    )
    assert (updated.name, updated.vision, updated.version) == ("Shop 2", "A better vision text.", 2)
    assert service.get_project(db, actor=actor, project_id=project.id) == updated


def test_updating_with_a_stale_version_is_a_conflict_showing_the_current_project(db):
    actor = make_actor(db, role="member")
    project = _create(db, actor)
    service.update_project(db, actor=actor, project_id=project.id, name="Theirs", expected_version=1)
    with pytest.raises(Conflict) as err:
        service.update_project(db, actor=actor, project_id=project.id, name="Mine", expected_version=1)
    assert (err.value.current.name, err.value.current.version) == ("Theirs", 2)
    assert service.get_project(db, actor=actor, project_id=project.id).name == "Theirs"


def test_updating_with_a_bad_name_is_refused(db):
    actor = make_actor(db)
    project = _create(db, actor)
    with pytest.raises(InvalidInput) as err:
        service.update_project(db, actor=actor, project_id=project.id, name=" ", expected_version=1)
    assert "Give the project a name" in err.value.errors["name"]


def test_status_moves_through_the_work_statuses(db):
    actor = make_actor(db, role="member")
    project = _create(db, actor)
    for status in ("in_progress", "validation", "completed", "intake"):
        project = service.set_status(db, actor=actor, project_id=project.id, status=status)
        assert project.status == status
    assert project.version == 5


@pytest.mark.parametrize("status", ["archived", "done", ""])
def test_status_cannot_be_set_to_archived_or_unknown_values(db, status):
    actor = make_actor(db)
    project = _create(db, actor)
    with pytest.raises(InvalidInput):
        service.set_status(db, actor=actor, project_id=project.id, status=status)


def test_an_archived_project_must_be_restored_before_its_status_changes(db):
    actor = make_actor(db)
    project = _create(db, actor)
    service.archive_project(db, actor=actor, project_id=project.id)
    with pytest.raises(InvalidInput, match="Restore"):
        service.set_status(db, actor=actor, project_id=project.id, status="completed")


def test_restoring_returns_the_project_to_the_status_it_had(db):
    actor = make_actor(db)
    project = _create(db, actor)
    service.set_status(db, actor=actor, project_id=project.id, status="validation")
    archived = service.archive_project(db, actor=actor, project_id=project.id)
    assert archived.status == "archived"
    restored = service.restore_project(db, actor=actor, project_id=project.id)
    assert restored.status == "validation"
    actions = [e.action for e in list_entries(db, actor=actor)]
    assert actions[:2] == ["project.restored", "project.archived"]


def test_the_free_plan_refuses_a_fourth_active_project_naming_the_limit(db):
    actor = make_actor(db, plan="free")
    for n in range(3):
        _create(db, actor, name=f"P{n}")
    with pytest.raises(Conflict) as err:
        _create(db, actor, name="P3")
    assert "free plan allows 3" in err.value.message
    assert _count(db, Project, team_id=actor.team_id) == 3


def test_archiving_frees_a_plan_slot_and_restoring_needs_one(db):
    actor = make_actor(db, plan="free")
    projects = [_create(db, actor, name=f"P{n}") for n in range(3)]
    service.archive_project(db, actor=actor, project_id=projects[0].id)
    _create(db, actor, name="P3")
    with pytest.raises(Conflict, match="free plan allows 3"):
        service.restore_project(db, actor=actor, project_id=projects[0].id)
    assert service.get_project(db, actor=actor, project_id=projects[0].id).archived


def test_the_team_plan_has_no_project_limit(db):
    actor = make_actor(db, plan="team")
    for n in range(4):
        _create(db, actor, name=f"P{n}")
    assert len(service.list_projects(db, actor=actor)) == 4


def test_deleting_needs_the_exact_name_and_removes_everything_under_the_project(db):
    owner = make_actor(db)
    project = _create(db, owner, name="Doomed")
    db.add(Conversation(project_id=project.id, role="user", content="hello"))
    db.add(ValidationRun(project_id=project.id, score=50, passed=1, failed=1, rubric_version="1"))
    db.flush()
    with pytest.raises(InvalidInput):
        service.delete_project(db, actor=owner, project_id=project.id, confirm_name="doomed")
    service.delete_project(db, actor=owner, project_id=project.id, confirm_name=" Doomed ")
    for model in (Project, ProjectData, Conversation, ValidationRun):
        column = "id" if model is Project else "project_id"
        assert _count(db, model, **{column: project.id}) == 0
    [entry] = list_entries(db, actor=owner, action="project.deleted")
    assert (entry.target_id, entry.details["name"]) == (str(project.id), "Doomed")


def test_an_admin_can_delete_a_project(db):
    owner = make_actor(db)
    admin = make_actor(db, role="admin", team=_team_of(db, owner))
    project = _create(db, owner)
    service.delete_project(db, actor=admin, project_id=project.id, confirm_name="Shop")
    with pytest.raises(NotFound):
        service.get_project(db, actor=owner, project_id=project.id)


def _calls(project_id):
    return {
        "get": lambda db, a: service.get_project(db, actor=a, project_id=project_id),
        "update": lambda db, a: service.update_project(
            db, actor=a, project_id=project_id, name="X", expected_version=1
        ),
        "status": lambda db, a: service.set_status(db, actor=a, project_id=project_id, status="completed"),
        "archive": lambda db, a: service.archive_project(db, actor=a, project_id=project_id),
        "restore": lambda db, a: service.restore_project(db, actor=a, project_id=project_id),
        "delete": lambda db, a: service.delete_project(db, actor=a, project_id=project_id, confirm_name="Shop"),
    }


@pytest.mark.parametrize("action", ["get", "update", "status", "archive", "restore", "delete"])
def test_another_teams_project_is_not_found(db, action):
    project = _create(db, make_actor(db))
    outsider = make_actor(db, role="owner")
    with pytest.raises(NotFound, match="Project not found."):
        _calls(project.id)[action](db, outsider)
    assert _count(db, Project, id=project.id, name="Shop", status="intake") == 1


LOOKUPS = {
    "project data": lambda db, a, pid: project_data.get_project_data(db, actor=a, project_id=pid),
    "diagrams": lambda db, a, pid: artifacts.list_current(db, actor=a, project_id=pid),
    "chat": lambda db, a, pid: conversation.chat_status(db, actor=a, project_id=pid),
    "export": lambda db, a, pid: export_service.export_markdown(db, actor=a, project_id=pid),
}


@pytest.mark.parametrize("where", list(LOOKUPS))
def test_every_service_finds_another_teams_project_not_found(db, where):
    project = _create(db, make_actor(db))
    outsider = make_actor(db, role="owner")
    with pytest.raises(NotFound, match="^Project not found.$"):
        LOOKUPS[where](db, outsider, project.id)


def test_the_team_scoped_lookup_returns_the_read_model(db):
    owner = make_actor(db)
    project = _create(db, owner, name="Mine")
    found = scope.project_in_team(db, actor=owner, project_id=project.id)
    assert isinstance(found, ProjectRead) and found == project
    with pytest.raises(NotFound, match="^Project not found.$"):
        scope.project_in_team(db, actor=make_actor(db), project_id=project.id)


@pytest.mark.parametrize(
    ("role", "action"),
    [
        ("reviewer", "update"),
        ("reviewer", "status"),
        ("reviewer", "archive"),
        ("reviewer", "restore"),
        ("reviewer", "delete"),
        ("member", "delete"),
    ],
)
def test_roles_without_the_permission_are_refused(db, role, action):
    owner = make_actor(db)
    project = _create(db, owner)
    actor = make_actor(db, role=role, team=_team_of(db, owner))
    with pytest.raises(PermissionDenied):
        _calls(project.id)[action](db, actor)
    assert _count(db, Project, id=project.id, name="Shop", status="intake") == 1


def test_a_reviewer_cannot_create_a_project(db):
    reviewer = make_actor(db, role="reviewer")
    with pytest.raises(PermissionDenied):
        _create(db, reviewer)
    assert _count(db, Project, team_id=reviewer.team_id) == 0


def test_a_name_of_only_invisible_characters_is_refused(db):
    actor = make_actor(db, role="member")
    with pytest.raises(InvalidInput, match="Give the project a name"):
        service.create_project(db, actor=actor, data={"name": "\u200b\u200b ", "vision": "A vision long enough."})
