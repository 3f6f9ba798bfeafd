"""Scripted conversations with the offline assistant, from the first question to the last."""

from __future__ import annotations

from itertools import pairwise

import pytest

from core.completeness import assess
from core.intake.classify import Intent, classify
from core.intake.merge import merge
from core.intake.offline import extract_document, extract_offline
from core.intake.questions import PHASES, current_phase, mark_asked, mark_skipped, next_question
from core.prd import IntakeState, PRDData, normalise_name

COURIER = {
    "problem": "Our courier company loses track of parcels between the depot and the door, and customers keep "
    "calling to ask where their parcel is.",
    "primary_users": "Drivers, dispatchers and customers.",
    "other_users": "Depot managers, who look at the daily reports.",
    "permissions": "Drivers can only see their own route. Dispatchers can see every parcel and reassign routes.",
    "external_systems": "We use Twilio for text messages and Google Maps for routing.",
    "external_interactions": (
        "We send delivery updates to customers through Twilio. Google Maps plans the driver routes."
    ),
    "main_use_cases": "Drivers scan parcels at pickup and mark them as delivered with a photo. Dispatchers assign "
    "parcels to routes. Customers track their parcel on a map.",
    "more_use_cases": "Depot managers export a daily delivery report. Customers can reschedule a delivery.",
    "use_case_triggers": (
        "Scanning starts when a driver picks up a parcel and ends with the parcel marked as in transit."
    ),
    "use_case_steps": "1. The driver opens today's route\n2. The driver scans the parcel barcode\n"
    "3. The app records the time and location\n4. The customer gets a text with the new status",
    "in_scope": "Parcel scanning, route assignment, live tracking and delivery notifications.",
    "out_of_scope": "Payments and international shipping are out of scope.",
    "internal_parts": "A mobile app for drivers, a web dashboard for dispatchers and a tracking page for customers.",
    "entities": "Parcels, routes, drivers and customers. A parcel has a tracking number, a weight, a status and a "
    "delivery address.",
    "entity_attributes": "A route has a date and a list of stops. A customer has a name, an email and a phone number.",
    "relationships": "Each parcel belongs to a route. A customer has many parcels.",
    "business_constraints": "The budget is 80k EUR and it must launch before the Christmas peak.",
    "technical_constraints": "The driver app must run on Android phones and work offline.",
    "goals": "Reduce calls asking where a parcel is by 40% within 6 months.",
    "performance": "The tracking page must load within 2 seconds for 5,000 concurrent users.",
    "availability_security": "99.9% uptime and all personal data encrypted at rest.",
    "review": "generate",
}
CLINIC = {
    "problem": (
        "Patients can only book by phone, so the front desk is swamped and many appointments end up as no-shows."
    ),
    "primary_users": "Patients book appointments. Receptionists manage the daily schedule.",
    "other_users": "Doctors, who need to see their agenda, and the clinic admin.",
    "permissions": "Patients see only their own appointments. Only the clinic admin can manage staff accounts.",
    "external_systems": "Stripe for payments, Twilio for SMS reminders and Google Calendar.",
    "external_interactions": "Patients pay the consultation fee through Stripe. The system sends SMS reminders via "
    "Twilio. Doctors sync their agenda with Google Calendar.",
    "main_use_cases": "As a patient, I want to cancel or reschedule my appointment so that I don't have to call.\n"
    "Receptionists check patients in when they arrive.",
    "more_use_cases": "Doctors write visit notes. The clinic admin configures opening hours.",
    "use_case_triggers": "Booking starts when a patient picks a free slot and ends with a confirmed appointment.",
    "use_case_steps": "The patient picks a doctor, then chooses a free slot, then enters their details, and then the "
    "system confirms the booking by SMS.",
    "in_scope": "Online booking, reminders, check-in and the doctor's agenda.",
    "out_of_scope": "No video consultations or insurance billing for now.",
    "internal_parts": "A patient web app, a receptionist dashboard and a back-end API.",
    "entities": "We keep track of patients, doctors and appointments.",
    "entity_attributes": "A patient has a name, a date of birth and a phone number. An appointment has a start time, "
    "a duration and a status. Doctors have a name and a specialty.",
    "relationships": "Each appointment belongs to one patient and one doctor.",
    "business_constraints": "Must comply with GDPR, and the budget is 50,000 euros.",
    "technical_constraints": "It has to work in any modern browser and be hosted in the EU.",
    "goals": "Cut no-shows by 25% within the first year.",
    "performance": "Booking pages should load in under 2 seconds, for up to 300 concurrent users.",
    "availability_security": "Medical data must be kept for 10 years and encrypted at rest and in transit.",
    "review": "Looks good, thanks.",
}
HOMEWORK = {
    "problem": "Teachers hand out homework on paper, students lose it, and parents have no idea what is due.",
    "primary_users": "teachers, students and parents",
    "other_users": "School administrators",
    "permissions": "Teachers: create assignments and grade submissions. Students: submit their own work only. "
    "Parents: read-only access to their child's grades.",
    "external_systems": "It should integrate with Google Classroom and the school's student information system.",
    "external_interactions": "We import class lists from the student information system. Grades are exported to "
    "Google Classroom.",
    "main_use_cases": "Teachers create assignments with a due date. Students submit homework and see feedback. "
    "Parents view their child's upcoming homework and grades.",
    "more_use_cases": "Teachers grade submissions and comment on them. School administrators manage classes.",
    "use_case_triggers": (
        "Submitting starts when a student uploads a file and ends with the submission marked as handed in."
    ),
    "use_case_steps": "1. Teacher opens the class\n2. Teacher writes the assignment and sets a due date\n"
    "3. The system notifies the students\n4. Students see it on their dashboard",
    "in_scope": "Assignments, submissions, grading and parent access.",
    "out_of_scope": "Video lessons and timetables are out of scope.",
    "internal_parts": "A web app and a mobile app.",
    "entities": "Assignments, submissions, classes and students.",
    "entity_attributes": "An assignment has a title, instructions and a due date. A submission has a file, a "
    "submitted date and a grade. A class has a name and a year.",
    "relationships": "A class has many students. Each submission belongs to an assignment.",
    "business_constraints": "It must comply with FERPA and launch before the new school year.",
    "technical_constraints": "It must run on Chromebooks and use single sign-on with Google accounts.",
    "goals": "Increase the homework submission rate from 70% to 90% by the end of the school year.",
    "performance": "Pages respond within 1 second, with 2,000 students online at the same time.",
    "availability_security": "99.5% availability during school hours; students' data is encrypted.",
    "review": "done",
}


def converse(script: dict[str, str], *, data: PRDData | None = None, default: str = "skip", limit: int = 80):
    """The chat loop of the offline engine: ask, answer, extract, merge, move on."""
    data, state, asked = data or PRDData(), IntakeState(), []
    for turn in range(1, limit + 1):
        question = next_question(data, state)
        if question is None:
            return data, state, asked
        asked.append(question.id)
        state = mark_asked(state, question.id)
        answer = script.get(question.id, default)
        intent = classify(answer, question_id=question.id)
        if intent is Intent.generate:
            return data, state.model_copy(update={"done": True}), asked
        if intent is Intent.skip:
            state = mark_skipped(state, question.id)
        else:
            delta = extract_offline(data=data, question_id=question.id, answer=answer, message_id=turn)
            data = merge(data, delta)
        state = state.model_copy(update={"phase": current_phase(data, state)})
    raise AssertionError(f"the conversation did not end within {limit} turns: {asked}")


def names(items) -> set[str]:
    return {normalise_name(i.name) for i in items}


EXPECTED = {
    "courier": (
        COURIER,
        {"Driver", "Dispatcher", "Customer", "Twilio", "Google Maps"},
        {"Scan parcels at pickup", "Assign parcels to routes", "Track their parcel on a map"},
        {"Parcel", "Route", "Customer"},
    ),
    "clinic": (
        CLINIC,
        {"Patient", "Receptionist", "Doctor", "Clinic Admin", "Stripe", "Twilio"},
        {"Book appointments", "Manage the daily schedule", "Pay the consultation fee", "See their agenda"},
        {"Patient", "Doctor", "Appointment"},
    ),
    "homework": (
        HOMEWORK,
        {"Teacher", "Student", "Parent", "Google Classroom", "Student Information System"},
        {"Create assignments with a due date", "Submit homework", "See feedback", "Export grades to Google Classroom"},
        {"Assignment", "Submission", "Class", "Student"},
    ),
}


@pytest.mark.parametrize("product", sorted(EXPECTED))
def test_scripted_conversation_reaches_a_complete_prd(product):
    script, actors, use_cases, entities = EXPECTED[product]
    data, _, asked = converse(script)
    assert assess(data).score >= 80, assess(data).gaps
    assert {normalise_name(n) for n in actors} <= names(data.actors)
    assert {normalise_name(n) for n in use_cases} <= names(data.use_cases)
    assert {normalise_name(n) for n in entities} <= names(data.data_entities)
    assert all(a != b for a, b in pairwise(asked))


@pytest.mark.parametrize("product", sorted(EXPECTED))
def test_every_use_case_gets_an_id_an_actor_a_trigger_and_an_outcome(product):
    data, _, _ = converse(EXPECTED[product][0])
    ids = [u.id for u in data.use_cases]
    assert len(ids) == len(set(ids)) and all(i.startswith("UC-") for i in ids)
    assert all(u.actor and u.trigger and u.outcome for u in data.use_cases)
    assert {normalise_name(u.actor) for u in data.use_cases} <= names(data.actors)


def test_every_phase_is_reached_by_some_conversation():
    from core.intake.questions import get_question

    reached = set()
    for script, *_ in EXPECTED.values():
        _, _, asked = converse(script)
        reached |= {get_question(q).phase for q in asked}
    assert reached == set(PHASES)


@pytest.mark.parametrize("word", ["skip", "next", "pass", "I don't know", "no", "n/a"])
def test_skipping_every_question_ends_without_asking_anything_twice(word):
    data, state, asked = converse({}, default=word, limit=40)
    assert len(asked) == len(set(asked))
    assert next_question(data, state) is None


def test_answers_with_nothing_in_them_never_repeat_a_question_in_a_row():
    _, _, asked = converse({}, default="Hmm, let me think about that one with the team first.", limit=60)
    assert all(a != b for a, b in pairwise(asked))
    assert len(asked) <= 2 * 22


def test_saying_generate_ends_the_interview():
    _, state, asked = converse({"problem": "generate"})
    assert asked == ["problem"] and state.done
    assert next_question(PRDData(), state) is None


def test_a_pasted_paragraph_gives_the_actors_and_a_use_case_per_action():
    text = (
        "Our warehouse app has three kinds of users. Line workers scan incoming pallets and report damaged "
        "goods. Store managers approve orders, review stock levels and export weekly reports. Suppliers "
        "upload invoices."
    )
    for delta in (
        extract_document(data=PRDData(), text=text, message_id=1),
        extract_offline(data=PRDData(), question_id=None, answer=text, message_id=1),
    ):
        data = merge(PRDData(), delta)
        assert [a.name for a in data.actors] == ["Line Worker", "Store Manager", "Supplier"]
        by_name = {u.name: u.actor for u in data.use_cases}
        assert by_name == {
            "Scan incoming pallets": "Line Worker",
            "Report damaged goods": "Line Worker",
            "Approve orders": "Store Manager",
            "Review stock levels": "Store Manager",
            "Export weekly reports": "Store Manager",
            "Upload invoices": "Supplier",
        }


def test_after_a_pasted_paragraph_the_assistant_asks_about_the_gaps():
    text = "Line workers scan incoming pallets. Store managers approve orders and export weekly reports."
    data = merge(PRDData(), extract_document(data=PRDData(), text=text, message_id=1))
    question = next_question(data, IntakeState())
    assert question is not None and question.id not in {"primary_users"}
    data, _, asked = converse(COURIER, data=data)
    assert "primary_users" not in asked and assess(data).score >= 80


def test_the_same_conversation_gives_the_same_data():
    first, _, asked_first = converse(CLINIC)
    second, _, asked_second = converse(CLINIC)
    assert first == second and asked_first == asked_second


@pytest.mark.parametrize(
    "answer",
    [
        "hmm, good question, we have not decided that yet",
        "Not decided yet, probably next month.",
        "Nothing special.",
        "Same as before.",
    ],
)
def test_evasive_answers_to_every_question_add_nothing_and_the_interview_ends(answer):
    data, state, asked = converse({}, default=answer, limit=40)
    assert data == PRDData() and assess(data).score == 0
    assert len(asked) == len(set(asked)) and next_question(data, state) is None


def test_a_problem_with_a_number_is_the_problem_and_the_goals_question_is_still_asked():
    script = {**CLINIC, "problem": "Physio clinics lose 15% of appointments to no-shows."}
    data, _, asked = converse(script)
    assert data.problem_statement.text == "Physio clinics lose 15% of appointments to no-shows."
    assert "goals" in asked
    assert [(g.metric, g.target) for g in data.goals] == [("no-shows", "-25%")]


def test_a_warehouse_conversation_names_the_staff_who_ship():
    script = {**COURIER, "main_use_cases": "The warehouse ships parcels. Drivers deliver them to customers."}
    data, _, _ = converse(script)
    assert ("Ship parcels", "Warehouse Staff") in {(u.name, u.actor) for u in data.use_cases}
    assert not [u.name for u in data.use_cases if u.name.startswith("Manage The")]
