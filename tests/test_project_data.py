import pytest
from sqlalchemy import select

from core.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from core.prd import Actor, DataEntity, PRDData, Relationship, UseCase, from_message
from core.projects import storage
from core.projects.data import get_project_data, save_project_data
from core.projects.data_rows import ORIGIN
from core.projects.merge_edits import EditConflict
from core.projects.sources import source_label
from db.models import AuditLog, Team
from tests.factories import make_actor, make_project


def _extracted() -> PRDData:
    """Data as the assistant would have stored it, every item traced to message #12."""
    src = from_message(12)
    return PRDData(
        actors=[Actor(name="Patient", source=src), Actor(name="Doctor", source=src)],
        use_cases=[
            UseCase(id="UC-1", name="Register", actor="Patient", source=src),
            UseCase(
                id="UC-2",
                name="Book visit",
                actor="Patient",
                trigger="Patient opens the calendar",
                steps=["patients pick a slot", "Doctor confirms"],
                source=src,
            ),
        ],
        data_entities=[
            DataEntity(
                name="Visit",
                attributes=["date"],
                relationships=[Relationship(target="Patient record")],
                source=src,
            ),
            DataEntity(name="Patient record", attributes=["name"], source=src),
        ],
    )


@pytest.fixture
def project(db):
    member = make_actor(db, role="member")
    project = make_project(db, actor=member)
    storage.store(db, project_id=project.id, data=_extracted(), expected_version=1)
    return member, project.id


def _payload(db, member, project_id) -> tuple[dict, int]:
    stored = get_project_data(db, actor=member, project_id=project_id)
    return stored.data.model_dump(mode="json"), stored.version


def test_hand_edits_are_stored_with_a_manual_source(db, project):
    member, project_id = project
    data, version = _payload(db, member, project_id)
    data["actors"][1]["role"] = "Treats patients"
    data["actors"].append({"name": "Receptionist"})
    saved = save_project_data(db, actor=member, project_id=project_id, data=data, expected_version=version)
    assert saved.version == version + 1
    assert [a.source.kind for a in saved.data.actors] == ["message", "manual", "manual"]
    assert saved.data.actors[1].role == "Treats patients"


def test_untouched_items_keep_their_message_source(db, project):
    member, project_id = project
    data, version = _payload(db, member, project_id)
    data["use_cases"][0]["trigger"] = "Patient opens the app"
    for item in data["use_cases"] + data["data_entities"]:
        item.pop("source")  # a client cannot claim or drop a source
    saved = save_project_data(db, actor=member, project_id=project_id, data=data, expected_version=version)
    numbers = {12: 1}  # message 12 is the project's first
    assert [source_label(u.source, numbers) for u in saved.data.use_cases] == ["edited by hand", "message #1"]
    assert {source_label(e.source, numbers) for e in saved.data.data_entities} == {"message #1"}
    assert [source_label(a.source, numbers) for a in saved.data.actors] == ["message #1", "message #1"]


def test_new_use_cases_get_the_next_id_and_existing_ones_keep_theirs(db, project):
    member, project_id = project
    data, version = _payload(db, member, project_id)
    data["use_cases"] = [
        data["use_cases"][1],
        {"name": "Cancel visit", "actor": "Patient"},
        {"id": "", "name": "Register", "actor": "Patient"},
    ]
    saved = save_project_data(db, actor=member, project_id=project_id, data=data, expected_version=version)
    assert [u.id for u in saved.data.use_cases] == ["UC-2", "UC-3", "UC-1"]


def test_saving_from_a_stale_version_raises_conflict_carrying_the_other_version(db, project):
    member, project_id = project
    mine, version = _payload(db, member, project_id)
    theirs = dict(mine, actors=mine["actors"] + [{"name": "Nurse"}])
    save_project_data(db, actor=member, project_id=project_id, data=theirs, expected_version=version)
    mine["actors"][0]["name"] = "Client"
    with pytest.raises(Conflict) as err:
        save_project_data(db, actor=member, project_id=project_id, data=mine, expected_version=version)
    assert err.value.current.version == version + 1
    assert [a.name for a in err.value.current.data.actors] == ["Patient", "Doctor", "Nurse"]
    assert get_project_data(db, actor=member, project_id=project_id).version == version + 1


@pytest.mark.parametrize(
    ("section", "edit", "message"),
    [
        ("actors", lambda d: d["actors"].append({"name": "  "}), "Actors row 3: name is required"),
        (
            "use_cases",
            lambda d: d["use_cases"][1].update(actor="Nurse"),
            "Use cases row 2 (UC-2 Book visit): actor 'Nurse' is not a defined actor",
        ),
        (
            "data_entities",
            lambda d: d["data_entities"][0]["relationships"].append({"target": "Invoice"}),
            "Data entities row 1 (Visit): relationship target 'Invoice' is not a data entity",
        ),
        (
            "actors",
            lambda d: d["actors"].append({"name": "doctors"}),
            "Actors row 3 (doctors): name 'doctors' is already used by row 2",
        ),
        (
            "use_cases",
            lambda d: d["use_cases"][0].update(priority="urgent"),
            "Use cases row 1 (UC-1 Register): priority should be 'must', 'should', 'could' or 'wont'",
        ),
        (
            "goals",
            lambda d: d["goals"].append({"metric": "visits per week"}),
            "Goals row 1: statement is required",
        ),
    ],
)
def test_bad_rows_are_refused_with_a_message_naming_the_row(db, project, section, edit, message):
    member, project_id = project
    data, version = _payload(db, member, project_id)
    edit(data)
    with pytest.raises(InvalidInput) as err:
        save_project_data(db, actor=member, project_id=project_id, data=data, expected_version=version)
    assert message in err.value.errors.values()
    assert list(err.value.errors)[0].startswith(section)
    assert get_project_data(db, actor=member, project_id=project_id).version == version


def test_every_bad_row_is_reported_at_once(db, project):
    member, project_id = project
    data, version = _payload(db, member, project_id)
    data["actors"][0]["name"] = ""
    data["use_cases"][0]["name"] = ""
    with pytest.raises(InvalidInput) as err:
        save_project_data(db, actor=member, project_id=project_id, data=data, expected_version=version)
    assert set(err.value.errors) >= {"actors[0]", "use_cases[0]"}


def test_a_save_is_audited_with_the_sections_it_changed(db, project):
    member, project_id = project
    data, version = _payload(db, member, project_id)
    data["problem_statement"] = {"text": "Booking a doctor takes too many calls."}
    save_project_data(db, actor=member, project_id=project_id, data=data, expected_version=version)
    entry = db.scalars(select(AuditLog).where(AuditLog.action == "project_data.edited")).one()
    assert (entry.team_id, entry.target_id) == (member.team_id, str(project_id))
    assert entry.details["sections"] == ["problem_statement"]


def test_saving_unchanged_data_keeps_the_version(db, project):
    member, project_id = project
    data, version = _payload(db, member, project_id)
    saved = save_project_data(db, actor=member, project_id=project_id, data=data, expected_version=version)
    assert saved.version == version


def test_reviewer_can_read_but_cannot_save(db, project):
    member, project_id = project
    reviewer = make_actor(db, role="reviewer", team=db.get(Team, member.team_id))
    data, version = _payload(db, reviewer, project_id)
    with pytest.raises(PermissionDenied):
        save_project_data(db, actor=reviewer, project_id=project_id, data=data, expected_version=version)


def test_another_teams_project_is_not_found(db, project):
    member, project_id = project
    outsider = make_actor(db, role="owner")
    with pytest.raises(NotFound, match="Project not found."):
        get_project_data(db, actor=outsider, project_id=project_id)
    with pytest.raises(NotFound):
        save_project_data(db, actor=outsider, project_id=project_id, data={}, expected_version=2)


def _opened(data: dict) -> dict:
    """The payload as the page sends it: each row names the stored item it was opened as."""
    for section, key in (("actors", "name"), ("data_entities", "name"), ("use_cases", "id")):
        for row in data[section]:
            row[ORIGIN] = row[key].casefold() if key == "name" else row[key]
    return data


def test_renaming_an_actor_renames_it_on_its_use_cases_and_wherever_it_is_named(db, project):
    member, project_id = project
    data, version = _payload(db, member, project_id)
    _opened(data)["actors"][0]["name"] = "Client"
    saved = save_project_data(db, actor=member, project_id=project_id, data=data, expected_version=version)
    assert [u.actor for u in saved.data.use_cases] == ["Client", "Client"]
    assert saved.data.use_cases[1].trigger == "Client opens the calendar"
    assert saved.data.use_cases[1].steps == ["clients pick a slot", "Doctor confirms"]
    assert [e.name for e in saved.data.data_entities] == ["Visit", "Client record"]
    assert saved.data.data_entities[0].relationships[0].target == "Client record"
    assert saved.carried_over == [
        "Renamed the actor “Patient” to “Client”: changed the actor on 2 use cases; renamed it in the text of "
        "UC-2; renamed the entity “Patient record” to “Client record”; changed 1 relationship target."
    ]
    assert get_project_data(db, actor=member, project_id=project_id).data == saved.data


def test_renaming_an_entity_renames_the_relationships_to_it(db, project):
    member, project_id = project
    data, version = _payload(db, member, project_id)
    _opened(data)["data_entities"][1]["name"] = "Medical record"
    saved = save_project_data(db, actor=member, project_id=project_id, data=data, expected_version=version)
    assert saved.data.data_entities[0].relationships[0].target == "Medical record"
    assert saved.carried_over == [
        "Renamed the entity “Patient record” to “Medical record”: changed 1 relationship target."
    ]
    assert [u.actor for u in saved.data.use_cases] == ["Patient", "Patient"]


def test_a_rename_is_not_carried_over_while_the_old_name_is_still_defined(db, project):
    member, project_id = project
    data, version = _payload(db, member, project_id)
    _opened(data)["actors"][0]["name"] = "Client"
    data["actors"].append({"name": "Patients"})
    saved = save_project_data(db, actor=member, project_id=project_id, data=data, expected_version=version)
    assert [u.actor for u in saved.data.use_cases] == ["Patient", "Patient"]
    assert saved.carried_over == []


def test_a_row_renamed_without_naming_its_stored_item_is_a_new_actor(db, project):
    member, project_id = project
    data, version = _payload(db, member, project_id)
    data["actors"][0]["name"] = "Client"
    with pytest.raises(InvalidInput) as err:
        save_project_data(db, actor=member, project_id=project_id, data=data, expected_version=version)
    assert "Use cases row 1 (UC-1 Register): actor 'Patient' is not a defined actor" in err.value.errors.values()


def _their_save(db, member, project_id, change) -> int:
    theirs, version = _payload(db, member, project_id)
    change(theirs)
    return save_project_data(db, actor=member, project_id=project_id, data=theirs, expected_version=version).version


def test_a_stale_save_merges_with_edits_someone_made_to_other_rows(db, project):
    member, project_id = project
    opened = get_project_data(db, actor=member, project_id=project_id)
    mine = opened.data.model_dump(mode="json")
    theirs_version = _their_save(db, member, project_id, lambda d: d["actors"][1].update(role="Treats"))
    mine["actors"][0]["role"] = "Books visits"
    mine["actors"].append({"name": "Nurse"})
    saved = save_project_data(
        db, actor=member, project_id=project_id, data=mine, expected_version=opened.version, base=opened.data
    )
    assert [(a.name, a.role) for a in saved.data.actors] == [
        ("Patient", "Books visits"),
        ("Doctor", "Treats"),
        ("Nurse", ""),
    ]
    assert (saved.version, saved.merged_with) == (theirs_version + 1, theirs_version)
    assert saved.theirs_kept == ["Actors: Doctor"]


def test_a_stale_save_changing_an_item_they_changed_lists_it_and_saves_nothing(db, project):
    member, project_id = project
    opened = get_project_data(db, actor=member, project_id=project_id)
    mine = opened.data.model_dump(mode="json")
    theirs_version = _their_save(db, member, project_id, lambda d: d["use_cases"][0].update(trigger="A referral"))
    mine["use_cases"][0]["trigger"] = "Patient opens the app"
    with pytest.raises(EditConflict) as err:
        save_project_data(
            db, actor=member, project_id=project_id, data=mine, expected_version=opened.version, base=opened.data
        )
    [contested] = err.value.contested
    assert (contested.key, contested.label) == ("use_cases/UC-1", "Use cases: UC-1 Register")
    assert (contested.mine["trigger"], contested.theirs["trigger"]) == ("Patient opens the app", "A referral")
    assert err.value.current.version == theirs_version
    assert get_project_data(db, actor=member, project_id=project_id).version == theirs_version


@pytest.mark.parametrize(("choice", "trigger"), [("mine", "Patient opens the app"), ("theirs", "A referral")])
def test_a_choice_per_contested_item_settles_the_merge(db, project, choice, trigger):
    member, project_id = project
    opened = get_project_data(db, actor=member, project_id=project_id)
    mine = opened.data.model_dump(mode="json")

    def theirs(d):
        d["use_cases"][0]["trigger"] = "A referral"
        d["actors"][1]["role"] = "Treats"

    _their_save(db, member, project_id, theirs)
    mine["use_cases"][0]["trigger"] = "Patient opens the app"
    saved = save_project_data(
        db,
        actor=member,
        project_id=project_id,
        data=mine,
        expected_version=opened.version,
        base=opened.data,
        choices={"use_cases/UC-1": choice},
    )
    assert saved.data.use_cases[0].trigger == trigger
    assert saved.data.actors[1].role == "Treats"


def test_my_rename_reaches_a_use_case_they_added_meanwhile(db, project):
    member, project_id = project
    opened = get_project_data(db, actor=member, project_id=project_id)
    mine = _opened(opened.data.model_dump(mode="json"))
    _their_save(db, member, project_id, lambda d: d["use_cases"].append({"name": "Cancel visit", "actor": "Patient"}))
    mine["actors"][0]["name"] = "Client"
    saved = save_project_data(
        db, actor=member, project_id=project_id, data=mine, expected_version=opened.version, base=opened.data
    )
    assert [(u.id, u.actor) for u in saved.data.use_cases] == [
        ("UC-1", "Client"),
        ("UC-2", "Client"),
        ("UC-3", "Client"),
    ]


@pytest.mark.parametrize("origin", [["patient"], {"a": 1}, 3, "nobody"])
def test_a_row_naming_no_stored_item_is_taken_as_it_reads(db, project, origin):
    member, project_id = project
    data, version = _payload(db, member, project_id)
    data["actors"][1][ORIGIN] = origin
    data["actors"][1]["role"] = "Treats"
    saved = save_project_data(db, actor=member, project_id=project_id, data=data, expected_version=version)
    assert [(a.name, a.role) for a in saved.data.actors] == [("Patient", ""), ("Doctor", "Treats")]
    assert saved.carried_over == []
