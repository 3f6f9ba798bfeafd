"""The Diagrams & export page for each role."""

from __future__ import annotations

from sqlalchemy import select

from core import artifacts
from core.project_data import ProjectDocument
from core.projects import storage
from db.models import AuditLog, Team
from db.session import session_scope
from tests.factories import add_member, make_actor, make_project, make_user
from tests.pages.apptest import open_app

PAGE = "pages/artifacts.py"


def _project_with_data(role: str):
    doc = ProjectDocument.model_validate_json(open("tests/golden/project.json", encoding="utf-8").read())
    with session_scope() as db:
        owner = make_actor(db, role="member")
        project = make_project(db, actor=owner, name=doc.name)
        storage.store(db, project_id=project.id, data=doc.data, expected_version=1)
        actor = owner if role == "member" else add_member(db, team=db.get(Team, owner.team_id), user=make_user(db), role=role)
        return owner, actor, project.id


def _button_keys(at) -> set[str]:
    return {b.key for b in at.button}


def test_a_member_generates_all_five_diagrams(app_db):
    _, member, project_id = _project_with_data("member")
    at = open_app(member, PAGE, project_id=project_id)
    assert not at.exception
    at.button(key="artifacts_generate_all").click().run()
    assert not at.exception and not at.error
    with session_scope() as db:
        current = artifacts.list_current(db, actor=member, project_id=project_id)
    assert len(current) == 5
    assert at.selectbox(key="artifacts_sequence_diagram_use_case").options == ["UC-1 Place an order", "UC-2 Add a product", "UC-3 Ship an order"]


def test_a_reviewer_sees_the_diagrams_but_no_generate_button(app_db):
    owner, reviewer, project_id = _project_with_data("reviewer")
    with session_scope() as db:
        artifacts.generate(db, actor=owner, project_id=project_id)
    at = open_app(reviewer, PAGE, project_id=project_id)
    assert not at.exception
    assert "artifacts_generate_all" not in _button_keys(at)
    assert at.selectbox(key="artifacts_activity_diagram_use_case").value == 0


def test_stale_diagrams_offer_a_regenerate_button(app_db):
    owner, member, project_id = _project_with_data("member")
    with session_scope() as db:
        artifacts.generate(db, actor=owner, project_id=project_id)
        data = storage.load(db, project_id=project_id)
        storage.store(db, project_id=project_id, data=data.data.model_copy(update={"actors": []}), expected_version=data.version)
    at = open_app(member, PAGE, project_id=project_id)
    assert any("changed since" in w.value for w in at.warning)
    at.button(key="artifacts_regenerate").click().run()
    assert not at.exception and "artifacts_regenerate" not in _button_keys(at)


def test_exporting_the_prd_is_recorded_in_the_audit_log(app_db):
    _, reviewer, project_id = _project_with_data("reviewer")
    at = open_app(reviewer, PAGE, project_id=project_id)
    at.button(key="artifacts_export_markdown").click().run()
    assert not at.exception and not at.error
    with session_scope() as db:
        actions = db.scalars(select(AuditLog.action).where(AuditLog.team_id == reviewer.team_id)).all()
    assert "project.exported" in actions


def test_a_regenerated_diagram_can_be_compared_with_its_previous_version(app_db):
    owner, member, project_id = _project_with_data("member")
    with session_scope() as db:
        artifacts.generate(db, actor=owner, project_id=project_id, types=["class_diagram"])
        data = storage.load(db, project_id=project_id)
        renamed = [e.model_copy(update={"name": e.name + " Record"}) for e in data.data.data_entities]
        storage.store(db, project_id=project_id, data=data.data.model_copy(update={"data_entities": renamed}),
                      expected_version=data.version)
        artifacts.generate(db, actor=owner, project_id=project_id, types=["class_diagram"])
    at = open_app(member, PAGE, project_id=project_id)
    assert not at.exception
    options = at.selectbox(key="artifacts_class_diagram_compare").options
    assert len(options) == 1 and options[0].startswith("version 1 ")
    diff = next(c.value for c in at.code if c.language == "diff")
    assert "+" in diff and "Record" in diff
