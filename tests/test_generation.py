"""One Generate draws what has data, says what could not be drawn and why, and validates."""

import pytest

from core.errors import PermissionDenied
from core.generation import generate_everything
from core.intake.conversation import list_messages
from core.prd import PRDData
from core.projects import storage
from tests.factories import make_actor, make_project

PARTIAL = {
    "actors": [{"name": "Courier"}, {"name": "Maps API", "kind": "external_system"}],
    "use_cases": [{"name": "Deliver a parcel", "actor": "Courier"}],
    "system_boundaries": {"external": ["Maps API"]},
}


def test_generate_draws_what_has_data_and_says_why_the_rest_is_not_drawn(db):
    member = make_actor(db, role="member")
    project = make_project(db, actor=member)
    stored = storage.load(db, project_id=project.id)
    storage.store(db, project_id=project.id, data=PRDData.model_validate(PARTIAL), expected_version=stored.version)
    result = generate_everything(db, actor=member, project_id=project.id)
    assert result.drawn == ["context_diagram", "use_case"]
    assert result.not_drawn == {
        "class_diagram": "it needs data entities",
        "sequence_diagram": "no use case has steps yet",
        "activity_diagram": "no use case has steps yet",
    }
    assert result.score is not None and result.passed is False
    assert not result.closed_intake  # far below the completeness that closes the intake
    text = result.summary()
    assert text.startswith("Drawn: Context diagram, Use case diagram.")
    assert "The class diagram is not drawn yet: it needs data entities." in text
    assert "Class diagram," not in text.split(".")[0]  # never listed as drawn
    last = list_messages(db, actor=member, project_id=project.id).messages[-1]
    assert last.role == "assistant" and last.content.startswith("Drawn: Context diagram")


def test_a_reviewer_cannot_generate(db):
    owner = make_actor(db, role="owner")
    project = make_project(db, actor=owner)
    reviewer = make_actor(db, role="reviewer", team=None)
    with pytest.raises(PermissionDenied):
        generate_everything(db, actor=reviewer.model_copy(update={"team_id": owner.team_id}), project_id=project.id)
