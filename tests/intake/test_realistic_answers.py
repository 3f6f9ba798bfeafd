"""Realistic, messy answers read the way a product owner would expect, across four products."""

from __future__ import annotations

import re

import pytest

from core.completeness import assess
from core.intake.merge import merge
from core.intake.offline import extract_document, extract_offline
from core.intake.textutil import looks_like_person, verb_form
from core.project_data import Actor, PRDData, UseCase, normalise_name

PRONOUNS = {"it", "them", "they", "this", "that", "these", "those", "we", "you", "he", "she", "i", "its", "their"}
FACTORY = [Actor(name="Line Worker"), Actor(name="Supervisor"), Actor(name="Technician")]
FOOD = [Actor(name="Customer"), Actor(name="Restaurant"), Actor(name="Courier")]
CLINIC = [Actor(name="Patient"), Actor(name="Receptionist"), Actor(name="Doctor")]
BILLING = [Actor(name="Accountant"), Actor(name="Finance Manager"), Actor(name="Client")]

# (id, question id, known actors, answer, what a product owner expects)
CORPUS = [
    # ---- manufacturing defects --------------------------------------------------------------
    ("md-entity-after-who", "primary_users", [], "Each defect belongs to a machine and has a title, a severity and a photo.",
     {"actors": set(), "entities": {"Defect": ["title", "severity", "photo"], "Machine": []},
      "relationships": [("Defect", "Machine", "many_to_one")]}),
    ("md-integration-after-who", "primary_users", [], "It integrates with the SAP ERP system.",
     {"actors": set(), "externals": {"SAP ERP System"}}),
    ("md-pronouns", "primary_users", [],
     "Line workers report defects; supervisors assign them to technicians. Technicians fix them and close them.",
     {"actors": {"Line Worker", "Supervisor", "Technician"},
      "use_cases": {"Report defects": "Line Worker", "Assign defects to technicians": "Supervisor",
                    "Fix defects": "Technician", "Close defects": "Technician"}}),
    ("md-bullets", "primary_users", [], "- line workers\n- shift supervisors\n- maintenance technicians",
     {"actors": {"Line Worker", "Shift Supervisor", "Maintenance Technician"}}),
    ("md-shouting", "primary_users", [], "LINE WORKERS and SUPERVISORS.",
     {"actors": {"Line Worker", "Supervisor"}}),
    ("md-who-clause", "other_users", FACTORY, "The plant manager, who only reads the weekly reports.",
     {"actors": {"Plant Manager"}, "use_cases": {"Read the weekly reports": "Plant Manager"}}),
    ("md-permissions", "permissions", FACTORY,
     "Line workers can only see their own defects. Supervisors can reassign any defect. Technicians cannot delete defects.",
     {"actors": set(), "use_cases": {},
      "permissions": {"Line Worker": ["See their own defects"], "Supervisor": ["Reassign any defect"],
                      "Technician": ["Cannot delete defects"]}}),
    ("md-externals-list", "external_systems", FACTORY, "SAP for the machine list, and Microsoft Teams for notifications.",
     {"actors": set(), "externals": {"SAP", "Microsoft Teams"}}),
    ("md-numbered-tasks", "main_use_cases", FACTORY,
     "1. Report a defect with a photo\n2. Assign the defect to a technician\n3. Close the defect",
     {"actors": set(), "use_cases": {"Report a defect with a photo": "Line Worker",
                                     "Assign the defect to a technician": "Line Worker", "Close the defect": "Line Worker"}}),
    ("md-entity-list", "entities", FACTORY, "Machines, defects, technicians and repair orders.",
     {"entities": {"Machine": [], "Defect": [], "Technician": [], "Repair Order": []}}),
    ("md-attribute-lines", "entity_attributes", FACTORY,
     "A machine has a serial number, a location and a model.\nRepair orders: start time, end time, parts used",
     {"entities": {"Machine": ["serial number", "location", "model"],
                   "Repair Order": ["start time", "end time", "parts used"]}}),
    ("md-business", "business_constraints", FACTORY,
     "We need to go live by Q3 and the budget is around €60k. Must comply with ISO 9001.",
     {"business": 2, "technical": 0}),
    ("md-technical", "technical_constraints", FACTORY,
     "Must run on the Zebra handhelds the line already uses (Android 11), and it has to work offline on the shop floor.",
     {"business": 0, "technical": 1, "actors": set()}),
    ("md-goal-from-to", "goals", FACTORY, "Cut the average time to fix a defect from 3 days to 1 day within 6 months.",
     {"goals": [("average time to fix a defect", "1 day")]}),
    ("md-performance", "performance", FACTORY,
     "Reporting a defect must take less than 5 seconds, even with 200 workers online at the same time.",
     {"nfrs": [("performance", "response time", "≤ 5 seconds"), ("scalability", "concurrent workers", "200")],
      "use_cases": {}}),
    ("md-availability", "availability_security", FACTORY, "99.5% uptime during shifts. Photos are kept for 2 years.",
     {"nfrs": [("availability", "uptime", "99.5%"), ("compliance", "data retention period", "2 years")]}),
    ("md-out-of-scope", "out_of_scope", FACTORY, "spare parts inventory, predictive maintenance.",
     {"out_of_scope": ["Spare parts inventory", "Predictive maintenance"]}),
    ("md-in-scope", "in_scope", FACTORY, "Defect reporting, assignment to technicians and closing with a photo",
     {"in_scope": ["Defect reporting", "Assignment to technicians", "Closing with a photo"]}),
    ("md-entity-after-scope", "out_of_scope", FACTORY, "Each repair order belongs to a defect.",
     {"out_of_scope": [], "relationships": [("Repair Order", "Defect", "many_to_one")]}),
    # ---- food delivery -----------------------------------------------------------------------
    ("fd-problem-with-goal", "problem", [],
     "Restaurants lose orders because couriers call them on the phone. We want to reduce late deliveries by 25% by "
     "the end of the year.",
     {"problem": "Restaurants lose orders because couriers call them on the phone.",
      "goals": [("late deliveries", "-25%")]}),
    ("fd-lowercase-actions", "primary_users", [],
     "customers order food, restaurants accept or reject orders and couriers deliver them",
     {"actors": {"Customer", "Restaurant", "Courier"},
      "use_cases": {"Order food": "Customer", "Accept orders": "Restaurant", "Reject orders": "Restaurant",
                    "Deliver orders": "Courier"}}),
    ("fd-comma-list", "primary_users", [], "Customers, restaurant staff, couriers.",
     {"actors": {"Customer", "Restaurant Staff", "Courier"}}),
    ("fd-action-with-brand", "primary_users", [], "Customers place orders in the app and pay with Stripe.",
     {"actors": {"Customer"}, "externals": {"Stripe"},
      "use_cases": {"Place orders in the app": "Customer", "Pay with Stripe": "Customer"}}),
    ("fd-externals-sentence", "external_systems", FOOD,
     "Payments go through Stripe, maps through Google Maps and we text couriers via Twilio.",
     {"actors": set(), "externals": {"Stripe", "Google Maps", "Twilio"}}),
    ("fd-story", "main_use_cases", FOOD, "As a courier I want to see the pickup address so that I don't get lost",
     {"use_cases": {"See the pickup address": "Courier"}}),
    ("fd-two-clauses", "more_use_cases", FOOD,
     "customers track the courier on a map, couriers mark the order as delivered",
     {"actors": set(), "use_cases": {"Track the courier on a map": "Customer", "Mark the order as delivered": "Courier"}}),
    ("fd-entity-and-belongs", "entities", FOOD,
     "An order has a number, a total, a status and a delivery address. Each order belongs to a customer and a restaurant.",
     {"entities": {"Order": ["number", "total", "status", "delivery address"]},
      "relationships": [("Order", "Customer", "many_to_one"), ("Order", "Restaurant", "many_to_one")]}),
    ("fd-relationships", "relationships", FOOD,
     "A restaurant has many menu items; each menu item belongs to one restaurant.",
     {"relationships": [("Restaurant", "Menu Item", "one_to_many"), ("Menu Item", "Restaurant", "many_to_one")]}),
    ("fd-goal-bullets", "goals", FOOD,
     "* grow weekly orders to 10,000 by December\n* keep average delivery time under 30 minutes",
     {"goals": [("weekly orders", "10,000"), ("average delivery time", "under 30 minutes")]}),
    ("fd-ampersand", "entities", FOOD, "orders, menu items & couriers",
     {"entities": {"Order": [], "Menu Item": [], "Courier": []}}),
    ("fd-arrow-relationships", "relationships", FOOD, "- order -> customer (many to one)\n- an order has many order lines",
     {"relationships": [("Order", "Customer", "many_to_one"), ("Order", "Order Line", "one_to_many")]}),
    ("fd-parts-with-platforms", "internal_parts", FOOD, "a customer app (iOS + Android), and an admin panel",
     {"technical": 0, "business": 0}),
    ("fd-performance", "performance", FOOD, "The order page must load in under 2s.",
     {"nfrs": [("performance", "page load time", "≤ 2 seconds")]}),
    ("fd-wont-build", "out_of_scope", FOOD, "We won't build a loyalty programme or table reservations in v1.",
     {"out_of_scope": ["Loyalty programme", "Table reservations"]}),
    ("fd-constraint-after-who", "primary_users", [], "The budget is 50k and we must launch before summer.",
     {"actors": set(), "business": 1}),
    ("fd-tech-lowercase", "technical_constraints", FOOD, "react native for the apps, postgres on AWS",
     {"technical": 1, "business": 0}),
    ("fd-no-integration", "external_systems", FOOD, "No, we don't integrate with anything yet.",
     {"externals": set(), "actors": set()}),
    # ---- clinic booking --------------------------------------------------------------------
    ("cb-parentheses", "primary_users", [],
     "patients (book and cancel appointments), receptionists (manage the calendar) and doctors",
     {"actors": {"Patient", "Receptionist", "Doctor"},
      "use_cases": {"Book appointments": "Patient", "Cancel appointments": "Patient",
                    "Manage the calendar": "Receptionist"}}),
    ("cb-it-object", "primary_users", [], "Patients book an appointment online and cancel it if they can't come.",
     {"actors": {"Patient"}, "use_cases": {"Book an appointment online": "Patient", "Cancel an appointment": "Patient"}}),
    ("cb-interaction", "external_interactions", CLINIC,
     "We send SMS reminders through Twilio 24 hours before the appointment.",
     {"externals": {"Twilio"}, "actors": set()}),
    ("cb-attribute-lines", "entities", CLINIC,
     "Patient: name, date of birth, phone\nAppointment: start time, doctor, status\nDoctor: name, specialty",
     {"entities": {"Patient": ["name", "date of birth", "phone"], "Appointment": ["start time", "status"],
                   "Doctor": ["name", "specialty"]},
      "relationships": [("Appointment", "Doctor", "many_to_one")]}),
    ("cb-business-when-technical-asked", "technical_constraints", CLINIC, "It must comply with HIPAA.",
     {"business": 1, "technical": 0}),
    ("cb-security", "availability_security", CLINIC,
     "All patient data must be encrypted at rest and in transit, and sessions expire after 15 minutes.",
     {"nfrs": [("security", "encryption", "at rest and in transit"), ("security", "session timeout", "15 minutes")]}),
    ("cb-markdown", "primary_users", [], "**Receptionists** manage the calendar.\n**Doctors** see their daily agenda.",
     {"actors": {"Receptionist", "Doctor"},
      "use_cases": {"Manage the calendar": "Receptionist", "See their daily agenda": "Doctor"}}),
    ("cb-in-scope-lines", "in_scope", CLINIC, "online booking\nSMS reminders\nwaiting list",
     {"in_scope": ["Online booking", "SMS reminders", "Waiting list"]}),
    ("cb-nfr-after-use-cases", "main_use_cases", CLINIC, "The booking page must load within 2 seconds.",
     {"use_cases": {}, "nfrs": [("performance", "page load time", "≤ 2 seconds")]}),
    # ---- B2B invoicing -----------------------------------------------------------------------
    ("bi-them-to-clients", "primary_users", [],
     "Accountants create invoices and send them to clients. Finance managers approve invoices over 10,000 EUR.",
     {"actors": {"Accountant", "Finance Manager"},
      "use_cases": {"Create invoices": "Accountant", "Send invoices to clients": "Accountant",
                    "Approve invoices over 10,000 EUR": "Finance Manager"}}),
    ("bi-syncs-and-pulls", "external_systems", BILLING,
     "It syncs with QuickBooks and pulls exchange rates from the ECB API.",
     {"actors": set(), "externals": {"QuickBooks", "ECB API"}}),
    ("bi-entity-after-who", "primary_users", [], "An invoice has a number, a due date, line items and a total.",
     {"actors": set(), "entities": {"Invoice": ["number", "due date", "line items", "total"]}}),
    ("bi-must-be-able", "main_use_cases", BILLING,
     "Clients must be able to download their invoices as PDF and pay them by bank transfer.",
     {"use_cases": {"Download their invoices as PDF": "Client", "Pay invoices by bank transfer": "Client"}}),
    ("bi-share-goal", "goals", BILLING, "Get 80% of invoices paid within 30 days.",
     {"goals": [("invoices paid", "80%")]}),
    ("bi-two-nfrs", "performance", BILLING,
     "Generating a PDF should take under 3 seconds; we expect about 50 concurrent users.",
     {"nfrs": [("performance", "report generation time", "≤ 3 seconds"), ("scalability", "concurrent users", "50")]}),
    ("bi-no-sentences", "out_of_scope", BILLING, "No payroll. No tax filing.",
     {"out_of_scope": ["Payroll", "Tax filing"]}),
    ("bi-relationships-lowercase", "relationships", BILLING,
     "invoices have many line items, each line item belongs to a product",
     {"relationships": [("Invoice", "Line Item", "one_to_many"), ("Line Item", "Product", "many_to_one")]}),
    ("bi-story-after-problem", "problem", [],
     "As a finance manager I want to see overdue invoices so that I can chase clients.",
     {"actors": {"Finance Manager"}, "use_cases": {"See overdue invoices": "Finance Manager"}, "problem": ""}),
    ("bi-they-subject", "primary_users", [], "Accountants prepare invoices. They also chase late payments.",
     {"actors": {"Accountant"}, "use_cases": {"Prepare invoices": "Accountant", "Chase late payments": "Accountant"}}),
    ("bi-it-keeps", "entities", BILLING, "It keeps invoices, clients and payments.",
     {"entities": {"Invoice": [], "Client": [], "Payment": []}}),
    ("bi-access", "primary_users", [], "Managers have read-only access to reports and dashboards.",
     {"actors": {"Manager"}, "entities": {}, "permissions": {"Manager": ["Access reports and dashboards (read-only)"]}}),
    ("bi-inline-numbers", "primary_users", [], "1) Admin 2) Account managers 3) Clients",
     {"actors": {"Admin", "Account Manager", "Client"}}),
    ("fd-dash-they", "primary_users", [], "Dispatchers - they plan routes and assign couriers",
     {"actors": {"Dispatcher"}, "use_cases": {"Plan routes": "Dispatcher", "Assign couriers": "Dispatcher"}}),
    ("fd-three-actions", "primary_users", [], "Customers browse restaurants, add dishes to a basket and check out.",
     {"actors": {"Customer"}, "use_cases": {"Browse restaurants": "Customer", "Add dishes to a basket": "Customer",
                                            "Check out": "Customer"}}),
    ("cb-for-who", "primary_users", [], "The app is for physiotherapists who book sessions with their patients.",
     {"actors": {"Physiotherapist"}, "use_cases": {"Book sessions with their patients": "Physiotherapist"}}),
    ("cb-end-users", "primary_users", [], "The end users are front desk staff; the clinic owner configures everything.",
     {"actors": {"Front Desk Staff", "Clinic Owner"}}),
    ("bi-trailing-punctuation", "primary_users", [], "accountants!!! finance managers???",
     {"actors": {"Accountant", "Finance Manager"}}),
]


def read(question_id: str, known: list[Actor], answer: str) -> tuple[PRDData, PRDData]:
    data = PRDData(actors=[a.model_copy() for a in known])
    delta = extract_offline(data=data, question_id=question_id, answer=answer, message_id=9)
    return data, delta


def humans(delta: PRDData, data: PRDData) -> set[str]:
    """New human actors the answer introduced (known ones it only mentions do not count)."""
    known = data.actor_names()
    return {a.name for a in delta.actors if a.kind == "human" and normalise_name(a.name) not in known}


def externals(delta: PRDData) -> set[str]:
    return {a.name for a in delta.actors if a.kind == "external_system"} | set(delta.system_boundaries.external)


def check(delta: PRDData, data: PRDData, expect: dict) -> None:
    """Every expectation a product owner would state about this answer."""
    if "actors" in expect:
        assert humans(delta, data) == expect["actors"]
    if "externals" in expect:
        assert externals(delta) == expect["externals"]
    if "use_cases" in expect:
        found = {u.name: u.actor for u in delta.use_cases}
        assert found == expect["use_cases"] if not expect["use_cases"] else expect["use_cases"].items() <= found.items()
    for name, attrs in expect.get("entities", {}).items():
        entity = next(e for e in delta.data_entities if e.name == name)
        assert set(attrs) <= set(entity.attributes)
    rels = {(e.name, r.target, r.kind) for e in delta.data_entities for r in e.relationships}
    assert set(expect.get("relationships", [])) <= rels
    for field in ("in_scope", "out_of_scope"):
        if field in expect:
            assert getattr(delta.system_boundaries, field) == expect[field]
    for kind in ("business", "technical"):
        if kind in expect:
            assert len(getattr(delta.constraints, kind)) == expect[kind]
    assert set(expect.get("goals", [])) <= {(g.metric, g.target) for g in delta.goals}
    assert set(expect.get("nfrs", [])) <= {(n.category, n.metric, n.target) for n in delta.nfrs}
    if "problem" in expect:
        assert delta.problem_statement.text == expect["problem"]
    for actor, permissions in expect.get("permissions", {}).items():
        assert next(a for a in delta.actors if a.name == actor).permissions == permissions


def junk(data: PRDData) -> list[str]:
    """Names no product owner would accept: verb phrases or pronouns as actors, pronoun objects, duplicates."""
    bad = []
    for a in data.actors:
        tokens = [t.lower() for t in re.findall(r"[A-Za-z']+", a.name)]
        if PRONOUNS & set(tokens) or a.kind == "human" and not looks_like_person(a.name):
            bad.append(f"actor {a.name!r}")
    for u in data.use_cases:
        tokens = [t.lower() for t in re.findall(r"[A-Za-z']+", u.name)]
        if {"it", "them", "they", "these", "those"} & set(tokens) or not verb_form(tokens[0]):
            bad.append(f"use case {u.name!r}")
    for e in data.data_entities:
        if e.name.split()[0].lower() in PRONOUNS:
            bad.append(f"entity {e.name!r}")
    for items in (data.actors, data.use_cases, data.data_entities):
        keys = [normalise_name(i.name) for i in items]
        bad += [f"duplicate {k!r}" for k in sorted({k for k in keys if keys.count(k) > 1})]
    return bad


@pytest.mark.parametrize(("question_id", "known", "answer", "expect"), [c[1:] for c in CORPUS], ids=[c[0] for c in CORPUS])
def test_a_realistic_answer_gives_what_a_product_owner_expects(question_id, known, answer, expect):
    data, delta = read(question_id, known, answer)
    check(delta, data, expect)
    assert junk(merge(data, delta)) == []


def test_the_corpus_covers_every_phase_and_four_products():
    from core.intake.questions import get_question

    assert len(CORPUS) >= 40
    assert {get_question(c[1]).phase for c in CORPUS} >= {"vision", "actors", "external_systems", "use_cases", "scope",
                                                          "data_entities", "constraints", "success_metrics", "nfrs"}
    assert {c[0][:2] for c in CORPUS} == {"md", "fd", "cb", "bi"}


def test_an_entity_sentence_after_who_uses_it_gives_no_actors():
    _, delta = read("primary_users", [], "Each defect belongs to a machine and has a title, a severity and a photo.")
    assert delta.actors == []
    defect = next(e for e in delta.data_entities if e.name == "Defect")
    assert defect.attributes == ["title", "severity", "photo"]
    assert [(r.target, r.kind) for r in defect.relationships] == [("Machine", "many_to_one")]
    assert "Machine" in {e.name for e in delta.data_entities}


def test_integrates_with_after_who_uses_it_gives_an_external_system():
    _, delta = read("primary_users", [], "It integrates with the SAP ERP system.")
    assert [(a.name, a.kind) for a in delta.actors] == [("SAP ERP System", "external_system")]
    assert delta.system_boundaries.external == ["SAP ERP System"]


def test_pronoun_objects_resolve_to_the_most_recent_noun():
    _, delta = read("primary_users", [], "Line workers report defects; supervisors assign them to technicians. "
                                         "Technicians fix them and close them.")
    assert [a.name for a in delta.actors] == ["Line Worker", "Supervisor", "Technician"]
    assert [(u.name, u.actor) for u in delta.use_cases] == [
        ("Report defects", "Line Worker"), ("Assign defects to technicians", "Supervisor"),
        ("Fix defects", "Technician"), ("Close defects", "Technician"),
    ]


def test_a_pronoun_with_nothing_to_refer_to_is_left_out_of_the_use_case():
    _, delta = read("main_use_cases", CLINIC, "Receptionists check in. They confirm it by phone.")
    assert all("it" not in u.name.lower().split() for u in delta.use_cases)


def test_extraction_of_the_corpus_is_deterministic():
    for _, question_id, known, answer, _ in CORPUS[:12]:
        assert read(question_id, known, answer) == read(question_id, known, answer)


INVOICING = """# PayFlow — B2B invoicing

Small wholesalers send invoices as Word files by email. Payments arrive late, nobody knows which invoices are
overdue, and the month-end close takes a week.

## Who uses it
- **Accountants** create invoices and send them to clients.
- Finance managers approve credit notes and export the monthly ledger.
- Clients download their invoices and pay them online.

## Features
1. Accountants can record incoming payments.
2. The system reminds clients about overdue invoices every week.
3. As a finance manager, I want to see a dashboard of overdue invoices so that I can chase clients early.

## Integrations
It integrates with Xero and takes card payments through Stripe.

## Data
- An invoice has a number, an issue date, a due date and a total.
- Each invoice belongs to a client.
- A client has a name, a VAT number and a billing address.
- An invoice has many line items.

## Scope
The first release includes invoicing, payment tracking and reminders.
Out of scope: payroll and tax filing.

## Constraints
- The budget is 45k EUR and we must go live by October.
- It must run in the browser and be hosted in the EU.

## Goals
- Reduce overdue invoices by 30% within 6 months.

## Non-functional
- Invoice pages load within 2 seconds.
- 99.9% uptime.
"""


def test_a_one_page_invoicing_document_gives_a_useful_draft():
    data = merge(PRDData(), extract_document(data=PRDData(), text=INVOICING, message_id=4))
    assert {a.name for a in data.actors if a.kind == "human"} == {"Accountant", "Finance Manager", "Client"}
    assert {"Xero", "Stripe"} <= {a.name for a in data.actors if a.kind == "external_system"}
    by_name = {u.name: u.actor for u in data.use_cases}
    assert {("Create invoices", "Accountant"), ("Send invoices to clients", "Accountant"),
            ("Approve credit notes", "Finance Manager"), ("Pay invoices online", "Client"),
            ("Record incoming payments", "Accountant")} <= set(by_name.items())
    assert {"Invoice", "Client", "Line Item"} <= {e.name for e in data.data_entities}
    assert data.problem_statement.text.startswith("Small wholesalers send invoices")
    assert junk(data) == []
    assert assess(data).score >= 70, assess(data).gaps


FACTORY_CHAT = {
    "problem": "defects on the line are written on paper, so nobody knows which machine is broken or who is fixing it",
    "primary_users": "Line workers report defects; supervisors assign them to technicians. Technicians fix them and "
                     "close them.",
    "external_systems": "It integrates with the SAP ERP system.",
    "external_interactions": "We import the machine list from the SAP ERP system every night.",
    "in_scope": "defect reporting, assignment, closing",
    "out_of_scope": "spare parts inventory, predictive maintenance.",
    "internal_parts": "a tablet app for the line and a web dashboard for supervisors",
    "entities": "Each defect belongs to a machine and has a title, a severity and a photo.",
    "entity_attributes": "Machine: serial number, location, model",
    "business_constraints": "We need to go live by Q3; budget around €60k.",
    "technical_constraints": "Must run on the Zebra handhelds (Android 11) and work offline.",
    "goals": "Cut the average time to fix a defect from 3 days to 1 day within 6 months.",
    "performance": "Reporting a defect must take less than 5 seconds, with 200 workers online at the same time.",
    "availability_security": "99.5% uptime during shifts. Photos are kept for 2 years.",
    "review": "done",
}


def test_a_messy_factory_conversation_reaches_a_complete_prd_without_junk():
    from tests.intake.test_conversations import converse

    data, _, asked = converse(FACTORY_CHAT)
    assert assess(data).score >= 80, assess(data).gaps
    assert {a.name for a in data.actors} == {"Line Worker", "Supervisor", "Technician", "SAP ERP System"}
    assert {e.name for e in data.data_entities} == {"Defect", "Machine"}
    assert data.problem_statement.text.startswith("Defects on the line are written on paper")
    assert asked.count("problem") == 1 and junk(data) == []
