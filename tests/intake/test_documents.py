"""Imported requirements texts and meeting notes, read the way their author meant them."""

from __future__ import annotations

from core.intake.merge import merge
from core.intake.offline import extract_document
from core.prd import PRDData
from tests.intake.test_realistic_answers import junk

CLINIC = """Physio clinics lose 15% of appointments to no-shows, and receptionists spend hours on the phone moving \
bookings.

Patients can book appointments online. Patients can reschedule appointments. Patients receive SMS reminders the day
before. Therapists write a treatment note after each session. Receptionists manage the therapists' calendars.

Each note has a text and the therapist who wrote it. An appointment has a start time, a duration and a status.
Each appointment belongs to a patient.

It must be GDPR compliant and hosted on Azure. We want to reduce no-shows to 5% within a year.
"""
FACTORY = """Today defects are written on paper, so nobody knows which machine is down or who is fixing it.

Line workers report defects with a photo. Supervisors assign defects to technicians.
Quality engineers investigate defects, record the root cause and create corrective actions.
Technicians repair machines and close defects.

A defect has a title, a severity and a status. Each defect belongs to a machine.
It integrates with the SAP ERP system. The budget is 60k EUR and we must go live by Q3.
"""
PARCEL = """# ParcelPing

Drivers scan parcels at pickup and mark them as delivered with a photo. Dispatchers plan the routes every morning.
Customers get SMS and email notifications through Twilio and SendGrid. Routes are optimised with Google Maps.

## Scope
- Live tracking page for customers
- Driver app
- Due in Q3
- The budget is 120k EUR

## Out of scope
International shipping.
"""
MEETING = """Volunteer scheduling - kickoff notes, 12 March

Attendees: Anna (coordinator), Ben (IT), Carla (board)

- Coordinators send shift reminders by email.
- Volunteers sign up for shifts and swap shifts with each other.
- Volunteer hours are tracked in a shared spreadsheet and coordinators lose about 6 hours a week reconciling it.
- No mobile app for now, and no WhatsApp integration.
- It runs on our WordPress hosting.
- Action: Ben to check the hosting plan before Friday.
"""


def draft(text: str) -> PRDData:
    return merge(PRDData(), extract_document(data=PRDData(), text=text, message_id=5))


def use_cases(data: PRDData) -> dict[str, str]:
    return {u.name: u.actor for u in data.use_cases}


def test_clinic_notes_keep_whole_use_case_names():
    found = use_cases(draft(CLINIC))
    assert {
        "Reschedule appointments": "Patient",
        "Receive SMS reminders the day before": "Patient",
        "Book appointments online": "Patient",
    }.items() <= found.items()
    assert not [name for name in found if "SMS" in name and not name.startswith("Receive")]


def test_clinic_notes_split_a_regulation_from_a_hosting_constraint():
    constraints = draft(CLINIC).constraints
    assert constraints.business == ["It must be GDPR compliant."]
    assert constraints.technical == ["It must be hosted on Azure."]


def test_clinic_notes_read_the_writer_of_a_note_as_a_relationship():
    note = next(e for e in draft(CLINIC).data_entities if e.name == "Note")
    assert note.attributes == ["text"]
    assert [(r.target, r.kind) for r in note.relationships] == [("Therapist", "many_to_one")]


def test_clinic_notes_keep_the_lost_appointments_in_the_problem_and_out_of_the_goals():
    data = draft(CLINIC)
    assert data.problem_statement.text.startswith("Physio clinics lose 15% of appointments to no-shows")
    assert [(g.metric, g.target) for g in data.goals] == [("no-shows", "5%")]


def test_factory_notes_read_a_verb_outside_the_lexicon_after_a_plural_person():
    data = draft(FACTORY)
    assert "Quality Engineer" in {a.name for a in data.actors}
    assert {"Investigate defects", "Record the root cause", "Create corrective actions"} <= {
        name for name, actor in use_cases(data).items() if actor == "Quality Engineer"
    }


def test_factory_notes_put_paper_forms_in_the_problem_not_in_the_constraints():
    data = draft(FACTORY)
    assert data.problem_statement.text.startswith("Today defects are written on paper")
    assert not [c for c in data.constraints.technical if "paper" in c]
    assert data.constraints.business == ["The budget is 60k EUR and we must go live by Q3."]


def test_factory_notes_invent_no_product_parts():
    assert draft(FACTORY).system_boundaries.internal == []


def test_parcel_notes_give_a_notification_use_case_and_both_providers():
    data = draft(PARCEL)
    assert use_cases(data)["Receive SMS and email notifications"] == "Customer"
    assert {"Twilio", "SendGrid", "Google Maps"} <= set(data.system_boundaries.external)
    assert not [name for name in use_cases(data) if name in {"Get SMS", "Email notifications"}]


def test_parcel_notes_read_a_deadline_and_a_budget_under_scope_as_constraints():
    data = draft(PARCEL)
    assert data.constraints.business == ["Due in Q3.", "The budget is 120k EUR."]
    assert data.system_boundaries.in_scope == ["Live tracking page for customers", "Driver app"]
    assert data.system_boundaries.out_of_scope == ["International shipping"]


def test_a_paragraph_of_use_cases_is_not_the_problem_statement():
    data = draft(PARCEL)
    assert data.problem_statement.text == ""
    assert {"Scan parcels at pickup", "Plan the routes"} <= set(use_cases(data))


def test_meeting_notes_read_what_is_ruled_out_as_out_of_scope():
    data = draft(MEETING)
    assert data.system_boundaries.out_of_scope == ["Mobile app", "WhatsApp integration"]
    assert data.system_boundaries.internal == [] and data.system_boundaries.external == []
    assert "WhatsApp" not in {a.name for a in data.actors}


def test_meeting_notes_give_use_cases_a_constraint_and_the_problem():
    data = draft(MEETING)
    assert use_cases(data)["Send shift reminders by email"] == "Coordinator"
    assert data.constraints.technical == ["It runs on our WordPress hosting."]
    assert data.problem_statement.text == (
        "Volunteer hours are tracked in a shared spreadsheet and coordinators lose about 6 hours a week reconciling it."
    )
    assert data.nfrs == []


def test_scope_comes_only_from_what_the_text_says_about_scope():
    for text in (CLINIC, FACTORY, MEETING):
        assert draft(text).system_boundaries.in_scope == []


def test_the_reviewed_documents_give_no_junk():
    for text in (CLINIC, FACTORY, PARCEL, MEETING):
        assert junk(draft(text)) == []


def test_a_long_document_without_headings_is_read_to_its_end():
    minutes = "".join(
        f"Point {i}: the group went through section {i} of the plan and agreed on the wording.\n"
        for i in range(1, 1200)
    )
    text = minutes + "\nDrivers scan parcels at the depot. Dispatchers plan the routes.\n"
    assert len(text) > 90_000
    data = draft(text)
    assert {"Driver", "Dispatcher"} <= {a.name for a in data.actors}
    assert {"Scan parcels at the depot", "Plan the routes"} <= set(use_cases(data))
