import pytest

from core.intake import edits
from core.prd import PRDData

DATA = PRDData.model_validate(
    {
        "actors": [
            {"name": "Driver", "role": "delivers"},
            {"name": "Dispatcher", "role": "plans"},
            {"name": "Twilio", "kind": "external_system"},
        ],
        "use_cases": [
            {"id": "UC-1", "name": "Scan parcel", "actor": "Driver"},
            {"id": "UC-2", "name": "Plan route", "actor": "Dispatcher"},
            {"id": "UC-3", "name": "Mark parcel delivered", "actor": "Drivers"},
        ],
        "data_entities": [{"name": "Parcel", "relationships": [{"target": "Route"}]}, {"name": "Route"}],
        "system_boundaries": {"external": ["Twilio"], "in_scope": ["Live tracking"], "out_of_scope": ["Payments"]},
        "goals": [{"statement": "Cut calls by 40%"}],
        "constraints": {"business": ["Budget 80k EUR"], "technical": ["Runs on Android"]},
    }
)


def _apply(text: str) -> edits.EditResult:
    edit = edits.parse(text)
    assert edit is not None, text
    return edits.apply(DATA, edit)


@pytest.mark.parametrize("text", ["Actually, drivers also scan parcels.", "Drivers scan parcels.", "Remove"])
def test_messages_that_are_not_corrections_are_not_parsed(text):
    assert edits.parse(text) is None


def test_removing_an_actor_leaves_its_use_cases_without_an_actor_and_says_so():
    result = _apply("Remove the actor Dispatcher.")
    assert [a.name for a in result.data.actors] == ["Driver", "Twilio"]
    assert result.changes == ["removed the actor “Dispatcher”"]
    assert [u.actor for u in result.data.use_cases if u.id == "UC-2"] == [""]
    assert "UC\\-2 has no actor now" in edits.summary(result, edits.parse("Remove Dispatcher"))
    assert DATA.actors[1].name == "Dispatcher"  # the input is not changed


def test_renaming_an_actor_renames_it_on_its_use_cases_too():
    result = _apply("Rename Driver to Courier.")
    assert [a.name for a in result.data.actors][0] == "Courier"
    assert [u.actor for u in result.data.use_cases] == ["Courier", "Dispatcher", "Courier"]
    assert "changed the actor on 2 use cases" in result.changes


def test_a_use_case_is_deleted_by_its_id_and_the_others_keep_theirs():
    result = _apply("Delete use case UC-2")
    assert [u.id for u in result.data.use_cases] == ["UC-1", "UC-3"]
    assert result.changes == ["removed the use case UC-2 “Plan route”"]


def test_removing_an_entity_drops_the_relationships_to_it():
    result = _apply("Drop the entity Route")
    assert [e.name for e in result.data.data_entities] == ["Parcel"]
    assert result.data.data_entities[0].relationships == []
    assert result.changes == ["removed the entity “Route”", "removed 1 relationship to “Route”"]


@pytest.mark.parametrize(
    ("text", "field", "left"),
    [
        ("Remove Payments from the out of scope items", "out_of_scope", []),
        ("Delete the constraint 'Budget 80k EUR'", "business", []),
        ("Remove the external system Twilio", "external", []),
    ],
)
def test_scope_items_constraints_and_externals_are_removed_by_name(text, field, left):
    data = _apply(text).data
    holder = data.constraints if field == "business" else data.system_boundaries
    assert getattr(holder, field) == left


def test_removing_an_external_system_removes_its_actor_as_well():
    result = _apply("Remove Twilio")
    assert "Twilio" not in {a.name for a in result.data.actors} and result.data.system_boundaries.external == []
    assert len(result.changes) == 2


def test_a_rename_onto_an_existing_name_changes_nothing_and_says_why():
    edit = edits.parse("Rename Driver to Dispatcher")
    result = edits.apply(DATA, edit)
    assert result.data == DATA and not result.changes
    assert edits.summary(result, edit).startswith("Nothing changed: there is already the actor “Dispatcher”")


def test_an_edit_that_matches_nothing_says_so():
    edit = edits.parse("Remove the goal Make everyone happy")
    result = edits.apply(DATA, edit)
    assert result.data == DATA
    assert "nothing called “Make everyone happy” to remove" in edits.summary(result, edit)
