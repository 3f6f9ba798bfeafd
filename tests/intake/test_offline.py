"""The offline engine reads plain English: answers in context, patterns anywhere, whole documents."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.completeness import assess
from core.intake.classify import Intent, classify
from core.intake.merge import merge
from core.intake.offline import extract_document, extract_offline
from core.prd import Actor, DataEntity, PRDData, UseCase


def read(answer: str, question_id: str | None = None, data: PRDData | None = None) -> PRDData:
    return extract_offline(data=data or PRDData(), question_id=question_id, answer=answer, message_id=7)


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        ("line workers and store managers", ["Line Worker", "Store Manager"]),
        (
            "Mainly the couriers, dispatchers at the depot, and customers waiting for deliveries.",
            ["Courier", "Dispatcher", "Customer"],
        ),
        ("Teachers who set homework, and parents", ["Teacher", "Parent"]),
    ],
)
def test_a_list_after_who_uses_it_gives_singular_title_case_actors(answer, expected):
    assert [a.name for a in read(answer, "primary_users").actors] == expected


def test_a_list_after_what_must_it_do_gives_use_cases_for_the_main_actor():
    data = PRDData(actors=[Actor(name="Patient"), Actor(name="Receptionist")])
    delta = read("Book an appointment, cancel it and pay online", "main_use_cases", data)
    assert [(u.name, u.actor) for u in delta.use_cases] == [
        ("Book an appointment", "Patient"),
        ("Cancel an appointment", "Patient"),
        ("Pay online", "Patient"),
    ]


def test_a_list_after_the_entities_question_gives_entities():
    delta = read("Parcels, delivery routes and customers", "entities")
    assert [e.name for e in delta.data_entities] == ["Parcel", "Delivery Route", "Customer"]


def test_a_user_story_gives_actor_use_case_and_outcome():
    delta = read("As a dispatcher, I need to reassign a parcel so that it still arrives today.")
    assert [a.name for a in delta.actors] == ["Dispatcher"]
    (uc,) = delta.use_cases
    assert (uc.name, uc.actor, uc.outcome, uc.priority) == (
        "Reassign a parcel",
        "Dispatcher",
        "It still arrives today",
        "must",
    )


@pytest.mark.parametrize(("modal", "priority"), [("must", "must"), ("should", "should"), ("could", "could")])
def test_x_modal_y_gives_actor_use_case_and_priority(modal, priority):
    (uc,) = read(f"Store managers {modal} approve purchase orders.").use_cases
    assert (uc.name, uc.actor, uc.priority) == ("Approve purchase orders", "Store Manager", priority)


def test_x_has_a_b_and_c_gives_an_entity_with_attributes():
    (entity,) = read("A parcel has a tracking number, a weight and a status.").data_entities
    assert (entity.name, entity.attributes) == ("Parcel", ["tracking number", "weight", "status"])


def test_belongs_to_and_has_many_give_relationships_whose_targets_exist():
    delta = read("Each parcel belongs to a route. A customer has many orders.")
    rels = {e.name: [(r.target, r.kind) for r in e.relationships] for e in delta.data_entities}
    assert rels["Parcel"] == [("Route", "many_to_one")]
    assert rels["Customer"] == [("Order", "one_to_many")]
    assert {"Route", "Order"} <= {e.name for e in delta.data_entities}


def test_integrates_with_gives_an_external_system_and_boundary():
    delta = read("It integrates with Salesforce and our payroll system.")
    externals = [a.name for a in delta.actors if a.kind == "external_system"]
    assert externals == ["Salesforce", "Payroll System"]
    assert delta.system_boundaries.external == externals


@pytest.mark.parametrize(
    ("sentence", "category", "metric", "target"),
    [
        ("The app must respond within 2 seconds.", "performance", "response time", "≤ 2 seconds"),
        ("We need 99.9% uptime.", "availability", "uptime", "99.9%"),
        ("It must handle 10,000 concurrent users.", "scalability", "concurrent users", "10,000"),
        ("Records are kept for 7 years.", "compliance", "data retention period", "7 years"),
    ],
)
def test_numbers_with_units_give_measurable_nfrs(sentence, category, metric, target):
    (nfr,) = read(sentence).nfrs
    assert (nfr.category, nfr.metric, nfr.target) == (category, metric, target)


def test_out_of_scope_constraints_and_goals_are_recognised_anywhere():
    delta = read(
        "Out of scope: payroll and invoicing. The app must run on iPads. The budget is $40k. "
        "We want to reduce paper forms by 30% within 6 months."
    )
    assert delta.system_boundaries.out_of_scope == ["Payroll", "Invoicing"]
    assert delta.constraints.technical == ["The app must run on iPads."]
    assert delta.constraints.business == ["The budget is $40k."]
    (goal,) = delta.goals
    assert (goal.metric, goal.target, goal.due) == ("paper forms", "-30%", "within 6 months")


def test_every_extracted_item_points_at_its_message():
    delta = read("Drivers scan parcels. A parcel has a barcode and a weight. Budget is 10k. 99% uptime.")
    items = [*delta.actors, *delta.use_cases, *delta.data_entities, *delta.nfrs, delta.constraints]
    assert items and all(i.source.kind == "message" and i.source.message_id == 7 for i in items)


def test_the_delta_holds_only_what_the_answer_adds():
    data = PRDData(
        actors=[Actor(name="Driver", role="Primary user")],
        use_cases=[UseCase(id="UC-1", name="Scan parcels", actor="Driver", trigger="t", outcome="o")],
    )
    delta = read("Drivers scan parcels and dispatchers plan routes.", "main_use_cases", data)
    scan = next(u for u in delta.use_cases if u.name == "Scan parcels")
    assert "trigger" not in scan.model_fields_set and "outcome" not in scan.model_fields_set
    assert "role" not in next(a for a in delta.actors if a.name == "Driver").model_fields_set
    assert merge(data, delta).use_cases[0].trigger == "t"


def test_attributes_naming_another_entity_become_a_relationship():
    data = PRDData(data_entities=[DataEntity(name="Driver", attributes=["name", "phone"])])
    (route,) = read("A route has a date, a driver and a vehicle.", "entity_attributes", data).data_entities
    assert route.attributes == ["date", "vehicle"]
    assert [(r.target, r.kind) for r in route.relationships] == [("Driver", "many_to_one")]


DOCUMENT = """# FieldFix — maintenance requests

## Background
Tenants report repairs by phone and email, and requests get lost between the office and the technicians.

## Users
- Tenants: report a repair and follow its progress
- Property managers - approve repairs and assign technicians
- Technicians close jobs with a photo

## Requirements
1. Tenants can upload photos of the problem.
2. The system sends status updates to tenants by email via SendGrid.
3. As a property manager, I want to see all open requests so that nothing is forgotten.

## Data
A repair request has a description, a priority and a status.
Each repair request belongs to a property.
A property has an address and an owner.

## Out of scope
Rent collection and accounting.

## Constraints
- Must launch by March with a budget of 30k.
- Must run on Android and iOS.

## Success metrics
- Reduce the average repair time by 20% within a year.

## Quality
- Pages load within 3 seconds.
- 99.5% uptime.
"""


def test_a_requirements_document_gives_a_useful_first_draft():
    data = merge(PRDData(), extract_document(data=PRDData(), text=DOCUMENT, message_id=3))
    assert {"Tenant", "Property Manager", "Technician", "SendGrid"} <= {a.name for a in data.actors}
    names = {u.name for u in data.use_cases}
    assert {
        "Report a repair",
        "Approve repairs",
        "Assign technicians",
        "Close jobs with a photo",
        "Upload photos of the problem",
        "See all open requests",
    } <= names
    assert all(u.actor and u.trigger and u.outcome for u in data.use_cases)
    assert {"Repair Request", "Property"} <= {e.name for e in data.data_entities}
    assert data.problem_statement.text.startswith("Tenants report repairs")
    assert data.system_boundaries.out_of_scope == ["Rent collection", "Accounting"]
    assert assess(data).score >= 80


def test_extraction_is_deterministic():
    first = extract_document(data=PRDData(), text=DOCUMENT, message_id=3)
    assert first == extract_document(data=PRDData(), text=DOCUMENT, message_id=3)


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("skip", Intent.skip),
        ("Next!", Intent.skip),
        ("I don't know", Intent.skip),
        ("pass", Intent.skip),
        ("done", Intent.generate),
        ("Generate", Intent.generate),
        ("finish", Intent.generate),
        ("What do you mean by an actor?", Intent.question),
        ("why?", Intent.question),
        ("Rename Driver to Courier", Intent.edit),
        ("Drivers scan parcels and dispatchers plan routes.", Intent.provide_info),
        ("Drivers must scan parcels?", Intent.provide_info),
    ],
)
def test_classify_names_the_intent(text, intent):
    assert classify(text) is intent


def test_a_tentative_answer_in_context_is_information_not_a_question():
    assert classify("Drivers and dispatchers?", question_id="primary_users") is Intent.provide_info


@settings(max_examples=60, deadline=None)
@given(
    st.text(max_size=400),
    st.sampled_from(
        [
            None,
            "problem",
            "primary_users",
            "permissions",
            "main_use_cases",
            "use_case_triggers",
            "use_case_steps",
            "entities",
            "goals",
            "entity_attributes",
            "performance",
            "in_scope",
            "out_of_scope",
        ]
    ),
)
def test_extract_offline_never_raises_and_returns_valid_data(text, question_id):
    data = PRDData(
        actors=[Actor(name="Driver")],
        use_cases=[UseCase(id="UC-1", name="Scan parcels")],
        data_entities=[DataEntity(name="Parcel")],
    )
    delta = extract_offline(data=data, question_id=question_id, answer=text, message_id=1)
    PRDData.model_validate(delta.model_dump())
    PRDData.model_validate(merge(data, delta).model_dump())


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "# Users",
                "- Drivers: scan parcels",
                "A parcel has a code and a weight",
                "Out of scope: billing",
                "99% uptime",
                "",
                "x",
                "::",
                "As a , I want",
            ]
        ),
        max_size=12,
    ),
    st.text(max_size=80),
)
def test_extract_document_never_raises_on_odd_documents(lines, noise):
    delta = extract_document(data=PRDData(), text="\n".join([*lines, noise]), message_id=None)
    PRDData.model_validate(delta.model_dump())


def test_a_purpose_clause_becomes_the_outcome_not_part_of_the_use_case_name():
    from core.intake.offline import extract_offline
    from core.prd import PRDData

    delta = extract_offline(
        data=PRDData(),
        question_id=None,
        message_id=1,
        answer="Line workers report defects from the shop floor so supervisors can fix them within a shift.",
    )
    (use_case,) = delta.use_cases
    assert (use_case.name, use_case.actor) == ("Report defects from the shop floor", "Line Worker")
    assert use_case.outcome == "Supervisors can fix them within a shift"


EVASIVE = [
    "hmm, good question, we have not decided that yet",
    "Nothing special.",
    "No constraints really.",
    "Same as before.",
    "Not decided yet, probably next month.",
    "It depends.",
    "TBD",
    "n/a",
    "Hmm, let me think about that one with the team first.",
    "Good question. I'll get back to you.",
]


@pytest.mark.parametrize("answer", EVASIVE)
def test_an_evasive_answer_is_a_skip(answer):
    assert classify(answer, question_id="entities") is Intent.skip


@pytest.mark.parametrize("answer", EVASIVE)
def test_an_evasive_answer_adds_nothing_whatever_was_asked(answer):
    from core.intake.questions import QUESTIONS

    data = PRDData(actors=[Actor(name="Driver"), Actor(name="Dispatcher")])
    assert {q.id: read(answer, q.id, data) for q in QUESTIONS} == {q.id: PRDData() for q in QUESTIONS}


@pytest.mark.parametrize(
    "answer",
    [
        "Not decided yet, but drivers scan parcels.",
        "No mobile app for now.",
        "Not really a question: dispatchers plan routes.",
    ],
)
def test_an_answer_with_something_in_it_is_not_a_skip(answer):
    assert classify(answer, question_id="main_use_cases") is Intent.provide_info


def test_a_hedge_inside_a_list_is_not_an_item():
    delta = read("Drivers, dispatchers and, hmm, not sure about the rest.", "primary_users")
    assert [a.name for a in delta.actors] == ["Driver", "Dispatcher"]
    delta = read("Parcels, routes, good question.", "entities")
    assert [e.name for e in delta.data_entities] == ["Parcel", "Route"]


def test_a_number_about_today_is_problem_text_not_a_goal():
    delta = read("Physio clinics lose 15% of appointments to no-shows.", "problem")
    assert delta.problem_statement.text == "Physio clinics lose 15% of appointments to no-shows."
    assert delta.goals == [] and delta.nfrs == []


@pytest.mark.parametrize(
    "sentence",
    [
        "Receptionists currently spend 3 hours a day on the phone.",
        "Today 20% of parcels arrive late.",
        "Planning a route takes 2 hours.",
    ],
)
def test_a_sentence_about_today_is_no_goal_anywhere(sentence):
    assert read(sentence).goals == []


@pytest.mark.parametrize(
    ("sentence", "metric", "target"),
    [
        ("Reduce no-shows to 5% within a year.", "no-shows", "5%"),
        ("We want to cut planning time from 2 hours to 20 minutes.", "planning time", "20 minutes"),
        ("Increase repeat bookings by 10% by December.", "repeat bookings", "+10%"),
    ],
)
def test_a_goal_has_a_verb_of_change(sentence, metric, target):
    (goal,) = read(sentence, "problem").goals
    assert (goal.metric, goal.target) == (metric, target)


def test_a_share_without_a_verb_of_change_is_no_goal_after_the_problem_question():
    delta = read("About 30% of our orders arrive after the promised time.", "problem")
    assert delta.goals == [] and delta.problem_statement.text


def test_a_pain_sentence_does_not_replace_a_stated_problem():
    from core.prd import ProblemStatement

    data = PRDData(problem_statement=ProblemStatement(text="Parcels get lost."))
    delta = read("Today drivers spend an hour a day on paper forms.", "technical_constraints", data)
    assert delta == PRDData()


def test_a_product_part_that_is_ruled_out_is_not_part_of_the_product():
    delta = read("We do not need a mobile app and there is no admin panel for now.")
    assert delta.system_boundaries.internal == []


def test_a_brand_that_is_ruled_out_is_not_an_external_system():
    delta = read("Payments go through Stripe, without any PayPal integration.")
    assert delta.system_boundaries.external == ["Stripe"]


def test_a_plural_person_with_a_verb_outside_the_lexicon_still_acts():
    (use_case,) = read("Archivists digitise old letters.").use_cases
    assert (use_case.name, use_case.actor) == ("Digitise old letters", "Archivist")


def test_a_bare_list_item_after_a_person_is_not_a_verb():
    delta = read("Driver app", "in_scope", PRDData(actors=[Actor(name="Driver")]))
    assert delta.use_cases == [] and delta.system_boundaries.in_scope == ["Driver app"]


def test_a_place_that_acts_is_its_staff():
    delta = read(
        "The warehouse ships parcels and the depot sorts returns.",
        "main_use_cases",
        PRDData(actors=[Actor(name="Driver")]),
    )
    assert [(u.name, u.actor) for u in delta.use_cases] == [
        ("Ship parcels", "Warehouse Staff"),
        ("Sort returns", "Depot Staff"),
    ]


def test_in_scope_is_not_copied_from_the_use_cases():
    text = "Drivers scan parcels. Dispatchers plan routes. Customers track parcels."
    assert extract_document(data=PRDData(), text=text, message_id=1).system_boundaries.in_scope == []
    assert read(text, "main_use_cases").system_boundaries.in_scope == []


def test_steps_that_take_a_photo_are_steps_not_the_problem():
    from core.intake.offline import extract_offline
    from core.prd import Actor, PRDData, UseCase

    data = PRDData(
        actors=[Actor(name="Line Worker")], use_cases=[UseCase(id="UC-1", name="Report a defect", actor="Line Worker")]
    )
    delta = extract_offline(
        data=data,
        question_id="use_case_steps",
        message_id=3,
        answer="First the line worker scans the machine, then takes a photo, then the system files the defect.",
    )
    assert not delta.problem_statement.text
    assert [len(u.steps) for u in delta.use_cases] == [3]
