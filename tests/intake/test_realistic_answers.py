"""Realistic, messy answers read the way a product owner would expect, across four products."""

from __future__ import annotations

import re

import pytest

from core.completeness import assess
from core.intake.merge import merge
from core.intake.offline import extract_document, extract_offline
from core.intake.offline.language.text import looks_like_person, verb_form
from core.prd import Actor, PRDData, normalise_name
from tests.intake.corpus import CLINIC, CORPUS, PRONOUNS


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
    if expect.get("empty"):
        assert delta == PRDData()
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
    for field in ("internal", "in_scope", "out_of_scope"):
        if field in expect:
            assert getattr(delta.system_boundaries, field) == expect[field]
    for kind in ("business", "technical"):
        if kind in expect:
            assert len(getattr(delta.constraints, kind)) == expect[kind]
    assert set(expect.get("goals", [])) <= {(g.metric, g.target) for g in delta.goals}
    assert len(delta.goals) == expect.get("goal_count", len(delta.goals))
    assert len(delta.nfrs) == expect.get("nfr_count", len(delta.nfrs))
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


@pytest.mark.parametrize(
    ("question_id", "known", "answer", "expect"), [c[1:] for c in CORPUS], ids=[c[0] for c in CORPUS]
)
def test_a_realistic_answer_gives_what_a_product_owner_expects(question_id, known, answer, expect):
    data, delta = read(question_id, known, answer)
    check(delta, data, expect)
    assert junk(merge(data, delta)) == []


def test_the_corpus_covers_every_phase_and_four_products():
    from core.intake.questions import get_question

    assert len(CORPUS) >= 100
    assert {get_question(c[1]).phase for c in CORPUS} >= {
        "vision",
        "actors",
        "external_systems",
        "use_cases",
        "scope",
        "data_entities",
        "constraints",
        "success_metrics",
        "nfrs",
    }
    assert {c[0][:2] for c in CORPUS} == {"md", "fd", "cb", "bi", "pd", "vn"}
    assert sum(1 for c in CORPUS if c[4].get("empty")) >= 15


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
    _, delta = read(
        "primary_users",
        [],
        "Line workers report defects; supervisors assign them to technicians. Technicians fix them and close them.",
    )
    assert [a.name for a in delta.actors] == ["Line Worker", "Supervisor", "Technician"]
    assert [(u.name, u.actor) for u in delta.use_cases] == [
        ("Report defects", "Line Worker"),
        ("Assign defects to technicians", "Supervisor"),
        ("Fix defects", "Technician"),
        ("Close defects", "Technician"),
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
    assert {
        ("Create invoices", "Accountant"),
        ("Send invoices to clients", "Accountant"),
        ("Approve credit notes", "Finance Manager"),
        ("Pay invoices online", "Client"),
        ("Record incoming payments", "Accountant"),
    } <= set(by_name.items())
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
