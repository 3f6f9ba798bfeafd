import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.errors import InvalidInput
from core.prd import Actor, PRDData, UseCase, from_message
from core.projects import storage
from core.projects.data import get_project_data, save_project_data
from core.projects.data_rows import ORIGIN, item_key
from db.models import Conversation, Team
from db.session import session_scope
from tests.factories import make_actor, make_project
from tests.pages.apptest import open_app, shown
from ui.data_conflict import version_text
from ui.data_save import keys
from ui.data_sections import editor_key
from ui.data_tables import from_frame, to_frame, to_payload

PAGE = "pages/project_data.py"
NO_EDITS = {"edited_rows": {}, "added_rows": [], "deleted_rows": []}


@pytest.fixture
def arranged(app_db):
    """A member and a reviewer of one team, and a project whose data came from its second message
    (stored after another project's messages, so its database id is not 2)."""
    with session_scope() as db:
        member = make_actor(db, role="member")
        reviewer = make_actor(db, role="reviewer", team=db.get(Team, member.team_id))
        other_id = make_project(db, actor=member, name="Other").id
        project_id = make_project(db, actor=member).id
        owners = (other_id, other_id, project_id, project_id)
        said = [Conversation(project_id=p, role="user", content="hi") for p in owners]
        db.add_all(said)
        db.flush()
        src = from_message(said[3].id)
        data = PRDData(
            actors=[Actor(name="Patient", source=src), Actor(name="Doctor", source=src)],
            use_cases=[UseCase(id="UC-1", name="Book visit", actor="Patient", source=src)],
        )
        stored = storage.store(db, project_id=project_id, data=data, expected_version=1)
    return member, reviewer, project_id, stored.version


def _stored(actor, project_id):
    with session_scope() as db:
        return get_project_data(db, actor=actor, project_id=project_id)


def _read_only(at):
    return [table.value for table in at.dataframe if table.editing_mode == "read_only"]


def _seed(at, section, project_id, version, **edits):
    at.session_state[editor_key(section, project_id, version)] = {**NO_EDITS, **edits}


def test_member_sees_an_editor_per_section_with_sources_and_completeness(arranged):
    member, _, project_id, _ = arranged
    at = open_app(member, PAGE, project_id=project_id)
    assert not at.exception
    assert len(at.data_editor) == 7
    actors = at.data_editor(key=editor_key("actors", project_id, 2)).value
    assert list(actors["Source"]) == ["message #2", "message #2"]
    assert any("Completeness" in p.text for p in at.get("progress"))
    assert at.button(key="project_data_save")


def test_member_saves_an_edited_cell_and_an_added_row_as_edited_by_hand(arranged):
    member, _, project_id, version = arranged
    at = open_app(member, PAGE, project_id=project_id)
    _seed(at, "actors", project_id, version, edited_rows={1: {"Role": "Treats patients"}})
    _seed(at, "use_cases", project_id, version, added_rows=[{"Name": "Cancel visit", "Actor": "Patient"}])
    at.run()
    at.button(key="project_data_save").click().run()
    assert not at.exception
    assert any("Saved (version 3)" in s.value for s in at.success)
    at.run()
    assert list(at.data_editor(key=editor_key("actors", project_id, version + 1)).value["Source"]) == [
        "message #2",
        "edited by hand",
    ]
    stored = _stored(member, project_id)
    assert [(a.role, a.source.kind) for a in stored.data.actors] == [("", "message"), ("Treats patients", "manual")]
    assert [(u.id, u.source.kind) for u in stored.data.use_cases] == [("UC-1", "message"), ("UC-2", "manual")]


def test_renaming_an_actor_in_the_table_renames_it_on_its_use_cases_and_says_so(arranged):
    member, _, project_id, version = arranged
    at = open_app(member, PAGE, project_id=project_id)
    _seed(at, "actors", project_id, version, edited_rows={0: {"Name": "Client"}})
    at.run()
    at.button(key="project_data_save").click().run()
    assert not at.exception
    assert any(
        "Renamed the actor “Patient” to “Client”: changed the actor on 1 use case." in shown(s.value)
        for s in at.success
    )
    assert [u.actor for u in _stored(member, project_id).data.use_cases] == ["Client"]


def test_a_bad_row_is_refused_with_a_message_naming_the_row(arranged):
    member, _, project_id, version = arranged
    at = open_app(member, PAGE, project_id=project_id)
    _seed(at, "use_cases", project_id, version, edited_rows={0: {"Actor": "Nurse"}})
    at.run()
    at.button(key="project_data_save").click().run()
    assert not at.exception
    assert any(
        "Use cases row 1 (UC-1 Book visit): actor 'Nurse' is not a defined actor" in shown(e.value) for e in at.error
    )
    assert _stored(member, project_id).version == version


def test_reviewer_sees_read_only_tables_and_no_save_button(arranged):
    _, reviewer, project_id, _ = arranged
    at = open_app(reviewer, PAGE, project_id=project_id)
    assert not at.exception
    assert len(at.data_editor) == 0
    assert list(_read_only(at)[0]["Name"]) == ["Patient", "Doctor"]
    assert not [b for b in at.button if b.key == "project_data_save"]
    assert any("Read-only: as a reviewer you read the project data" in c.value for c in at.caption)


def _their_save(member, project_id, version, change):
    with session_scope() as db:
        theirs = get_project_data(db, actor=member, project_id=project_id).data.model_dump(mode="json")
        change(theirs)
        save_project_data(db, actor=member, project_id=project_id, data=theirs, expected_version=version)


def test_a_save_after_someone_else_saved_other_rows_merges_both(arranged):
    member, _, project_id, version = arranged
    at = open_app(member, PAGE, project_id=project_id)
    _seed(at, "actors", project_id, version, edited_rows={0: {"Name": "Client"}})
    at.run()
    _their_save(member, project_id, version, lambda d: d["actors"].append({"name": "Nurse"}))
    at.run()
    assert any("saving merges your edits in" in i.value for i in at.info)

    at.button(key="project_data_save").click().run()
    assert not at.exception
    assert not at.warning
    assert any("Merged with version 3" in shown(s.value) and "Actors: Nurse" in shown(s.value) for s in at.success)
    stored = _stored(member, project_id)
    assert [a.name for a in stored.data.actors] == ["Client", "Doctor", "Nurse"]
    assert [u.actor for u in stored.data.use_cases] == ["Client"]


def _contest(at, member, project_id, version):
    """I give Doctor one role, they give it another and add Nurse; my save is then contested."""
    _seed(at, "actors", project_id, version, edited_rows={1: {"Role": "Surgeon"}})
    _seed(at, "use_cases", project_id, version, edited_rows={0: {"Trigger": "Patient calls"}})
    at.run()

    def theirs(data):
        data["actors"][1]["role"] = "Family doctor"
        data["actors"].append({"name": "Nurse"})

    _their_save(member, project_id, version, theirs)
    at.button(key="project_data_save").click().run()


@pytest.mark.parametrize(("choice", "role"), [("mine", "Surgeon"), ("theirs", "Family doctor")])
def test_an_item_both_changed_is_listed_with_both_versions_and_my_choice_is_saved(arranged, choice, role):
    member, _, project_id, version = arranged
    at = open_app(member, PAGE, project_id=project_id)
    _contest(at, member, project_id, version)
    assert not at.exception
    assert any("changed 1 of the items you changed" in shown(w.value) for w in at.warning)
    texts = [shown(m.value) for m in at.markdown]
    assert "Actors: Doctor" in " ".join(texts)
    assert any(t.startswith("Mine: ") and "Role: Surgeon" in t for t in texts)
    assert any(t.startswith("Theirs: ") and "Role: Family doctor" in t for t in texts)
    assert _stored(member, project_id).version == version + 1  # nothing of mine saved yet

    at.radio(key="project_data_choice_actors/doctor").set_value(choice).run()
    at.button(key="project_data_resolve").click().run()
    assert not at.exception
    assert not at.warning
    stored = _stored(member, project_id)
    assert [(a.name, a.role) for a in stored.data.actors] == [("Patient", ""), ("Doctor", role), ("Nurse", "")]
    assert stored.data.use_cases[0].trigger == "Patient calls"


def test_a_conflict_with_nothing_contested_is_saved_again_by_merging(arranged):
    member, _, project_id, version = arranged
    at = open_app(member, PAGE, project_id=project_id)
    _seed(at, "actors", project_id, version, edited_rows={1: {"Role": "Surgeon"}})
    at.run()
    _their_save(member, project_id, version, lambda d: d["actors"].append({"name": "Nurse"}))
    at.session_state[keys(project_id).conflict] = _stored(member, project_id)  # a save that raced mine
    at.run()
    assert any("save again to merge your edits with theirs" in shown(w.value) for w in at.warning)
    at.button(key="project_data_resolve").click().run()
    assert not at.exception
    assert [(a.name, a.role) for a in _stored(member, project_id).data.actors] == [
        ("Patient", ""),
        ("Doctor", "Surgeon"),
        ("Nurse", ""),
    ]


def test_discarding_my_edits_after_a_conflict_loads_their_version(arranged):
    member, _, project_id, version = arranged
    at = open_app(member, PAGE, project_id=project_id)
    _contest(at, member, project_id, version)
    at.button(key="project_data_discard").click().run()
    assert not at.exception
    assert not at.warning
    editor = at.data_editor(key=editor_key("actors", project_id, version + 1))
    assert list(editor.value["Name"]) == ["Patient", "Doctor", "Nurse"]
    assert list(editor.value["Role"]) == ["", "Family doctor", ""]


def test_another_teams_project_stays_hidden_on_the_page(arranged):
    _, _, project_id, version = arranged
    with session_scope() as db:
        outsider = make_actor(db, role="owner")
        own_id = make_project(db, actor=outsider).id
    at = open_app(outsider, PAGE, project_id=project_id)
    assert not at.exception
    assert [e.key for e in at.data_editor if e.key.startswith(f"project_data_edit_actors_{project_id}_")] == []
    assert at.data_editor(key=editor_key("actors", own_id, 1)).value.empty


def _rich() -> PRDData:
    return PRDData.model_validate(
        {
            "use_cases": [{"id": "UC-1", "name": "Book visit", "steps": ["Pick a slot; confirm", "Pay"]}],
            "data_entities": [
                {"name": "Visit", "relationships": [{"target": "Patient", "kind": "many_to_one", "label": "for"}]},
                {"name": "Patient", "attributes": ["name", "date of birth"]},
            ],
            "system_boundaries": {"internal": ["Booking"], "out_of_scope": ["Billing"]},
            "constraints": {"technical": ["Runs on PostgreSQL"]},
        }
    )


@pytest.mark.parametrize("section", ["use_cases", "data_entities", "system_boundaries", "constraints"])
def test_an_untouched_table_turns_back_into_exactly_the_same_data(section):
    base = _rich()
    back = from_frame(section, to_frame(section, base), base)
    expected = base.model_dump(mode="json", exclude={section: {"__all__": {"source"}}})[section]
    if section in ("system_boundaries", "constraints"):
        expected = {k: v for k, v in expected.items() if k != "source"}
    else:  # each row names the stored item it was opened as
        assert [row.pop(ORIGIN) for row in back] == [item_key(section, item) for item in getattr(base, section)]
    assert back == expected


def test_edited_cells_are_read_as_lists_and_relationships():
    base = _rich()
    frame = to_frame("data_entities", base)
    frame.loc[1, "Attributes"] = "name;  email\nphone"
    frame.loc[1, "Relationships"] = "Visit (1:n): books; Clinic"
    back = from_frame("data_entities", frame, base)
    assert back[1]["attributes"] == ["name", "email", "phone"]
    assert back[1]["relationships"] == [
        {"target": "Visit", "kind": "one_to_many", "label": "books"},
        {"target": "Clinic"},
    ]
    untouched = [{"target": "Patient", "kind": "many_to_one", "label": "for", "type": "association"}]
    assert back[0]["relationships"] == untouched  # a row not edited keeps everything, its links' type too


def test_added_rows_left_empty_are_dropped_and_new_rows_have_no_id():
    base = _rich()
    frame = to_frame("use_cases", base)
    frame.loc[len(frame)] = {"Name": "Cancel visit", "Priority": "won't"}
    frame.loc[len(frame)] = {}
    back = from_frame("use_cases", frame, base)
    assert [(u.get("id"), u["name"], u.get("priority")) for u in back[1:]] == [("", "Cancel visit", "wont")]


def test_a_boundary_row_without_a_part_is_named_in_the_message():
    frame = to_frame("system_boundaries", _rich())
    frame.loc[len(frame)] = {"Part": None, "Item": "Payments gateway"}
    with pytest.raises(InvalidInput) as err:
        to_payload({"system_boundaries": frame}, "", _rich())
    assert list(err.value.errors.values()) == [
        "System boundaries row 3: part should be one of Internal, External, In scope, Out of scope"
    ]


@settings(max_examples=50, deadline=None)
@given(st.lists(st.text(min_size=1, max_size=30).filter(str.strip), min_size=1, max_size=4))
def test_any_permissions_text_survives_an_untouched_round_trip(permissions):
    base = PRDData(actors=[Actor(name="Patient", permissions=permissions)])
    payload = to_payload({"actors": to_frame("actors", base)}, "", base)
    assert PRDData.model_validate(payload).actors[0].permissions == base.actors[0].permissions


def test_a_contested_version_reads_field_by_field():
    assert version_text("actors", None) == "(removed)"
    assert version_text("actors", {"name": "Nurse", "permissions": ["a", "b"]}) == (
        "Name: Nurse · Kind: human · Permissions: a; b"
    )
    assert version_text("system_boundaries", {"internal": ["App"], "out_of_scope": ["Billing"]}) == (
        "Internal: App · Out of scope: Billing"
    )
    assert version_text("problem_statement", {"text": ""}) == "(empty)"


def test_editing_an_entitys_links_keeps_the_type_of_each_link_it_still_has():
    base = PRDData.model_validate(
        {
            "data_entities": [
                {
                    "name": "Order",
                    "relationships": [{"target": "Line item", "kind": "one_to_many", "type": "composition"}],
                },
                {"name": "Line item"},
                {"name": "Customer"},
            ]
        }
    )
    frame = to_frame("data_entities", base)
    frame.loc[0, "Relationships"] = "Line item (1:n): holds; Customer"
    back = from_frame("data_entities", frame, base)
    assert back[0]["relationships"][0]["type"] == "composition"
    assert "type" not in back[0]["relationships"][1]  # a new link: the default, association
