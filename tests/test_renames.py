from core.intake import edits
from core.prd import PRDData
from core.projects.renames import carry_rename


def _data() -> PRDData:
    return PRDData.model_validate(
        {
            "actors": [{"name": "Driver"}, {"name": "Dispatcher"}],
            "use_cases": [
                {
                    "id": "UC-1",
                    "name": "Scan parcel",
                    "actor": "Driver",
                    "trigger": "The DRIVER arrives; drivers' app opens",
                    "steps": ["Driver scans", "Dispatcher sees it", "Screwdriver is not a driver"],
                },
                {"id": "UC-2", "name": "Plan route", "actor": "Dispatcher", "outcome": "Driver notified"},
            ],
            "data_entities": [
                {"name": "Driver", "attributes": ["driver licence"]},
                {"name": "Route", "description": "planned for a driver", "relationships": [{"target": "Drivers"}]},
            ],
        }
    )


def test_an_actor_rename_reaches_use_cases_their_text_and_an_entity_of_that_name():
    data = _data()
    changes = carry_rename(data, section="actors", old="Driver", new="Courier")
    assert [u.actor for u in data.use_cases] == ["Courier", "Dispatcher"]
    assert data.use_cases[0].trigger == "The COURIER arrives; couriers' app opens"
    assert data.use_cases[0].steps == ["Courier scans", "Dispatcher sees it", "Screwdriver is not a courier"]
    assert data.use_cases[1].outcome == "Courier notified"
    assert [e.name for e in data.data_entities] == ["Courier", "Route"]
    assert data.data_entities[0].attributes == ["courier licence"]
    assert data.data_entities[1].description == "planned for a courier"
    assert data.data_entities[1].relationships[0].target == "Courier"
    assert changes == [
        "changed the actor on 1 use case",
        "renamed it in the text of UC-1, UC-2",
        "renamed the entity “Driver” to “Courier”",
        "changed 1 relationship target",
    ]


def test_an_entity_is_not_renamed_onto_a_name_another_entity_has():
    data = _data()
    data.data_entities[1].name = "Courier"
    carry_rename(data, section="actors", old="Driver", new="Courier")
    assert [e.name for e in data.data_entities] == ["Driver", "Courier"]


def test_a_section_without_references_carries_nothing():
    data = _data()
    assert carry_rename(data, section="goals", old="Driver", new="Courier") == []
    assert data == _data()


def test_the_chat_renames_an_actor_and_the_entity_of_the_same_name_once():
    result = edits.apply(_data(), edits.parse("Rename Driver to Courier"))
    assert [a.name for a in result.data.actors] == ["Courier", "Dispatcher"]
    assert [e.name for e in result.data.data_entities] == ["Courier", "Route"]
    assert not result.notes
    assert "renamed the entity “Driver” to “Courier”" in result.changes
