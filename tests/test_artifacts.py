"""Artifacts: versions per project and type, staleness, and draft → validated → exported."""

from __future__ import annotations

import pytest

from core import artifacts
from core.diagrams import TYPES
from core.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from core.prd import PRDData, from_message
from core.projects import storage
from db.models import Team
from tests.factories import add_member, make_actor, make_project, make_user

DATA = PRDData.model_validate(
    {
        "actors": [{"name": "Buyer", "kind": "human"}, {"name": "Bank", "kind": "external_system"}],
        "use_cases": [
            {"id": "UC-1", "name": "Pay", "actor": "Buyer", "steps": ["Buyer pays", "System charges the Bank"]},
            {"id": "UC-2", "name": "Refund", "actor": "Buyer", "steps": ["If the order shipped, refuse"]},
        ],
        "data_entities": [{"name": "Order", "attributes": ["id"]}],
    }
)


@pytest.fixture
def member(db):
    return make_actor(db, role="member")


@pytest.fixture
def project(db, member):
    project = make_project(db, actor=member, name="Shop")
    storage.store(db, project_id=project.id, data=DATA, expected_version=1)
    return project


def test_generate_stores_all_five_types_as_drafts(db, member, project):
    stored = artifacts.generate(db, actor=member, project_id=project.id)
    assert [a.type for a in stored] == list(TYPES)
    assert {a.status for a in stored} == {"draft"} and {a.version for a in stored} == {1}
    sequence = next(a for a in stored if a.type == "sequence_diagram")
    assert [d.key for d in sequence.drawings] == ["UC-1", "UC-2"]


def _change_entities(db, project) -> None:
    current = storage.load(db, project_id=project.id)
    renamed = [e.model_copy(update={"name": e.name + " Record"}) for e in current.data.data_entities]
    storage.store(
        db,
        project_id=project.id,
        data=current.data.model_copy(update={"data_entities": renamed}),
        expected_version=current.version,
    )


def test_regenerating_adds_a_version_and_keeps_the_previous_one(db, member, project):
    artifacts.generate(db, actor=member, project_id=project.id, types=["class_diagram"])
    _change_entities(db, project)
    artifacts.generate(db, actor=member, project_id=project.id, types=["class_diagram"])
    versions = artifacts.get_versions(db, actor=member, project_id=project.id, artifact_type="class_diagram")
    assert [v.version for v in versions] == [2, 1]
    current = artifacts.list_current(db, actor=member, project_id=project.id)
    assert [(a.type, a.version) for a in current] == [("class_diagram", 2)]


def test_an_artifact_turns_stale_when_the_data_changes(db, member, project):
    artifacts.generate(db, actor=member, project_id=project.id, types=["context_diagram"])
    assert not artifacts.list_current(db, actor=member, project_id=project.id)[0].stale
    changed = DATA.model_copy(update={"actors": [*DATA.actors, DATA.actors[0].model_copy(update={"name": "Seller"})]})
    storage.store(db, project_id=project.id, data=changed, expected_version=2)
    assert artifacts.list_current(db, actor=member, project_id=project.id)[0].stale
    artifacts.generate(db, actor=member, project_id=project.id, types=["context_diagram"])
    assert not artifacts.list_current(db, actor=member, project_id=project.id)[0].stale


def test_a_change_of_source_only_does_not_make_artifacts_stale(db, member, project):
    artifacts.generate(db, actor=member, project_id=project.id, types=["context_diagram"])
    relabelled = DATA.model_copy(deep=True)
    relabelled.actors[0].source = from_message(7)
    storage.store(db, project_id=project.id, data=relabelled, expected_version=2)
    assert not artifacts.list_current(db, actor=member, project_id=project.id)[0].stale


def test_mark_validated_moves_a_draft_to_validated_once(db, member, project):
    artifacts.generate(db, actor=member, project_id=project.id, types=["use_case"])
    validated = artifacts.mark_validated(db, actor=member, project_id=project.id, artifact_type="use_case")
    assert validated.status == "validated"
    again = artifacts.mark_validated(db, actor=member, project_id=project.id, artifact_type="use_case")
    assert again.status == "validated" and again.version == 1


def test_mark_validated_before_any_generation_is_not_found(db, member, project):
    with pytest.raises(NotFound):
        artifacts.mark_validated(db, actor=member, project_id=project.id, artifact_type="use_case")


def test_a_new_version_starts_again_as_draft(db, member, project):
    artifacts.generate(db, actor=member, project_id=project.id, types=["class_diagram"])
    artifacts.mark_validated(db, actor=member, project_id=project.id, artifact_type="class_diagram")
    _change_entities(db, project)
    (fresh,) = artifacts.generate(db, actor=member, project_id=project.id, types=["class_diagram"])
    assert (fresh.version, fresh.status) == (2, "draft")


def test_generating_up_to_date_diagrams_again_stores_nothing_and_keeps_their_status(db, member, project):
    artifacts.generate(db, actor=member, project_id=project.id)
    artifacts.mark_validated(db, actor=member, project_id=project.id, artifact_type="use_case")
    assert artifacts.generate(db, actor=member, project_id=project.id) == []
    current = artifacts.list_current(db, actor=member, project_id=project.id)
    assert {a.version for a in current} == {1}
    assert {a.type: a.status for a in current}["use_case"] == "validated"


def test_generating_all_redraws_only_the_stale_types(db, member, project):
    artifacts.generate(db, actor=member, project_id=project.id)
    _change_entities(db, project)
    artifacts.generate(db, actor=member, project_id=project.id, types=["class_diagram"])
    redrawn = artifacts.generate(db, actor=member, project_id=project.id)
    assert [a.type for a in redrawn] == [t for t in TYPES if t != "class_diagram"]
    current = artifacts.list_current(db, actor=member, project_id=project.id)
    assert {a.version for a in current} == {2} and not any(a.stale for a in current)


def test_mark_validated_refuses_a_stale_artifact(db, member, project):
    artifacts.generate(db, actor=member, project_id=project.id, types=["class_diagram"])
    _change_entities(db, project)
    with pytest.raises(Conflict, match="regenerate first"):
        artifacts.mark_validated(db, actor=member, project_id=project.id, artifact_type="class_diagram")
    assert artifacts.list_current(db, actor=member, project_id=project.id)[0].status == "draft"


@pytest.mark.parametrize(
    ("data", "drawn"),
    [
        (PRDData(), []),
        (
            PRDData.model_validate({"actors": [{"name": "Buyer"}, {"name": "Bank", "kind": "external_system"}]}),
            ["context_diagram"],
        ),
    ],
)
def test_a_project_with_little_data_stores_every_type_with_only_what_can_be_drawn(db, member, data, drawn):
    project = make_project(db, actor=member, name="Empty")
    storage.store(db, project_id=project.id, data=data, expected_version=1)
    stored = artifacts.generate(db, actor=member, project_id=project.id)
    assert [a.type for a in stored] == list(TYPES)
    assert [a.type for a in stored if a.drawings] == drawn
    current = artifacts.list_current(db, actor=member, project_id=project.id)
    assert [a.type for a in current if a.drawings] == drawn


def test_reviewer_can_read_artifacts_but_cannot_generate_or_validate(db, member, project):
    reviewer = add_member(db, team=db.get(Team, member.team_id), user=make_user(db), role="reviewer")
    artifacts.generate(db, actor=member, project_id=project.id, types=["use_case"])
    assert len(artifacts.list_current(db, actor=reviewer, project_id=project.id)) == 1
    with pytest.raises(PermissionDenied):
        artifacts.generate(db, actor=reviewer, project_id=project.id)
    with pytest.raises(PermissionDenied):
        artifacts.mark_validated(db, actor=reviewer, project_id=project.id, artifact_type="use_case")


def test_another_teams_project_is_not_found(db, project):
    stranger = make_actor(db, role="owner")
    with pytest.raises(NotFound):
        artifacts.generate(db, actor=stranger, project_id=project.id)
    with pytest.raises(NotFound):
        artifacts.list_current(db, actor=stranger, project_id=project.id)


def test_an_unknown_diagram_type_is_invalid_input(db, member, project):
    with pytest.raises(InvalidInput):
        artifacts.generate(db, actor=member, project_id=project.id, types=["pie_chart"])
