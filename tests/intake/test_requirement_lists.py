"""A pasted list of 'The system shall …' statements: features become use cases, qualities become
NFRs with their category, and a metric and target when the statement gives a number with a unit."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.completeness import assess
from core.intake.offline import extract_document, extract_offline
from core.prd import PRDData
from core.validation.engine import validate

LISTS = Path(__file__).resolve().parents[1] / "data" / "requirement_lists"


def paste(text: str) -> PRDData:
    return extract_document(data=PRDData(), text=text, message_id=3)


def answer(text: str, question_id: str) -> PRDData:
    return extract_offline(data=PRDData(), question_id=question_id, answer=text, message_id=4)


def nfr_of(data: PRDData, words: str):
    found = [n for n in data.nfrs if words.lower() in n.statement.lower()]
    assert found, f"no NFR says {words!r}: {[n.statement for n in data.nfrs]}"
    return found[0]


def said_by_use_cases(data: PRDData) -> str:
    return " ".join(f"{u.name} {u.description} {' '.join(u.steps)}" for u in data.use_cases).lower()


@pytest.fixture(scope="module")
def library() -> PRDData:
    return paste((LISTS / "library.txt").read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    ("words", "category", "metric", "target"),
    [
        ("search shall return results within 2 seconds", "performance", "search response time", "≤ 2 seconds"),
        ("300 concurrent members", "scalability", "concurrent members", "300"),
        ("available 99.5% of the time", "availability", "uptime", "99.5%"),
        ("only authorised librarians", "security", "", ""),
        ("shall be logged with the librarian", "security", "", ""),
        ("colour scheme and logo", "look and feel", "", ""),
        ("learn the loan desk screens", "usability", "time to learn", "≤ one hour"),
        ("existing branch workstations", "operational", "", ""),
        ("data protection regulations", "legal", "", ""),
        ("backed up every night", "reliability", "backup interval", "every night"),
        ("coding standards", "maintainability", "", ""),
        ("platform independent", "portability", "", ""),
    ],
)
def test_each_quality_in_a_pasted_list_is_an_nfr_of_its_category(library, words, category, metric, target):
    nfr = nfr_of(library, words)
    assert (nfr.category, nfr.metric, nfr.target) == (category, metric, target)


FEATURES = ("search the catalogue", "reserve a book", "record the return", "reminder email", "register a new member")


def test_the_features_of_a_pasted_list_are_use_cases_and_its_qualities_are_not(library):
    said = said_by_use_cases(library)
    for feature in (*FEATURES, "calculate the fine", "renew a loan"):
        assert feature in said
    assert not library.problem_statement.text.startswith("The system shall")
    for quality in ("concurrent", "99.5%", "colour scheme", "coding standards", "backed up"):
        assert quality not in said
    assert len(library.nfrs) == 12


def test_a_bulleted_list_reads_as_the_plain_one(library):
    lines = (LISTS / "library.txt").read_text(encoding="utf-8").splitlines()
    bulleted = paste("\n".join(f"- {line}" for line in lines))
    assert sorted((n.category, n.target) for n in bulleted.nfrs) == sorted((n.category, n.target) for n in library.nfrs)
    assert all(feature in said_by_use_cases(bulleted) for feature in FEATURES)


def test_a_rule_about_platforms_or_law_is_also_a_constraint(library):
    assert any("operating system" in c for c in library.constraints.technical)


def test_a_statement_and_its_fit_criterion_on_one_line_make_one_nfr_with_the_criterions_target():
    data = paste((LISTS / "clinic_with_criteria.txt").read_text(encoding="utf-8"))
    learn = [n for n in data.nfrs if "easy to learn" in n.statement]
    assert [(n.category, n.metric, n.target) for n in learn] == [("usability", "time to learn", "≤ 30 minutes")]
    assert "receptionists shall learn" in learn[0].statement.lower()
    assert "learn to book" not in said_by_use_cases(data)


def test_a_response_time_for_most_requests_keeps_its_share():
    data = paste((LISTS / "clinic_with_criteria.txt").read_text(encoding="utf-8"))
    nfr = nfr_of(data, "booking page")
    assert (nfr.category, nfr.target) == ("performance", "≤ 3 seconds (95% of the time)")


def test_a_functional_line_no_use_case_took_becomes_a_step_of_the_one_it_speaks_of():
    data = paste((LISTS / "clinic_with_criteria.txt").read_text(encoding="utf-8"))
    steps = [s for u in data.use_cases for s in u.steps if "reminder shall include" in s]
    owners = [u.name for u in data.use_cases if any("reminder shall include" in s for s in u.steps)]
    assert len(steps) == 1 and "reminder" in owners[0].lower()
    assert not [n for n in data.nfrs if "reminder shall include" in n.statement]


def test_a_pasted_list_with_qualities_passes_the_nfr_part_of_completeness(library):
    assert "nfrs" not in [gap.key for gap in assess(library).gaps]


def test_new_categories_pass_through_validation():
    report = validate(paste((LISTS / "library.txt").read_text(encoding="utf-8")), name="Library")
    assert report.checks


@pytest.mark.parametrize(
    ("statement", "category"),
    [
        ("The web shop shall handle up to 5000 orders per hour at the January sale.", "scalability"),
        ("The ticket scanner shall keep working offline when the network link fails over.", "fault tolerance"),
        ("The meter app shall be usable with a screen reader.", "accessibility"),
        ("Only shift leads can approve overtime for the warehouse crew.", "security"),
        ("The dispatch console shall refresh the vehicle positions every 5 seconds.", "performance"),
        ("The parking app shall be available 24/7.", "availability"),
        ("The grant portal shall be available between 7:00 am and 10:00 pm on weekdays.", "availability"),
        ("If the primary database fails, the system shall switch to the replica within 30 seconds.", "fault tolerance"),
        ("Users shall be locked out after five failed login attempts.", "security"),
        ("Access to salary data shall be restricted to the HR team.", "security"),
        ("A first-time user shall complete a booking without help in under 5 minutes.", "usability"),
        ("New payment providers shall be addable without changing the checkout code.", "maintainability"),
        ("The site shall look consistent with the printed catalogue.", "look and feel"),
    ],
)
def test_a_single_statement_is_read_with_its_category(statement, category):
    assert [n.category for n in paste(statement).nfrs] == [category]


@pytest.mark.parametrize(
    "statement",
    [
        "The system shall let the warehouse clerk print a packing slip.",
        "The system shall colour code late deliveries in red.",
        "The search radius shall be between 1 and 50 kilometres.",
        "The scoring shall use a scale of 1 to 5.",
        "Only one reservation shall be allowed per seat.",
        "The system shall record the training sessions each employee attended.",
        "The user shall be able to change the colour of a label.",
        "The nurse shall update the patient's personal information.",
        "The technician shall install the meter at the customer's address.",
        "The system shall export the timesheet as a CSV file.",
    ],
)
def test_a_feature_statement_is_no_nfr(statement):
    assert paste(statement).nfrs == []


def test_a_refresh_interval_is_a_performance_target():
    nfr = nfr_of(paste("The system shall refresh the display every 60 seconds."), "refresh")
    assert (nfr.category, nfr.metric, nfr.target) == ("performance", "refresh interval", "60 seconds")


def test_in_chat_somebodys_task_with_a_time_bound_is_a_use_case_not_a_performance_nfr():
    for question in ("performance", "main_use_cases", "use_case_steps"):
        delta = answer("A nurse records the vitals within 10 minutes of arrival.", question)
        assert delta.nfrs == [], question
        assert [u.name for u in delta.use_cases] == ["Record the vitals"], question


def test_in_chat_the_product_answering_within_a_time_is_still_performance():
    delta = answer("The app must respond within 2 seconds.", "performance")
    assert [(n.category, n.target) for n in delta.nfrs] == [("performance", "≤ 2 seconds")]


def test_in_chat_logging_every_access_is_security_not_performance():
    for question in ("performance", "availability_security"):
        assert [n.category for n in answer("Every access is logged.", question).nfrs] == ["security"], question


@pytest.mark.parametrize(
    ("statement", "category", "metric", "target"),
    [
        ("The API shall process 200 requests per second.", "performance", "throughput (requests per second)", "200"),
        (
            "The platform shall support 10,000 registered households by the end of year two.",
            "scalability",
            "capacity (registered households)",
            "10,000",
        ),
        ("Search results shall appear within one second.", "performance", "search response time", "≤ one second"),
        (
            "A first-time user shall complete a booking without help in under 5 minutes.",
            "usability",
            "time to complete the task",
            "≤ 5 minutes",
        ),
    ],
)
def test_a_number_with_a_unit_gives_the_metric_and_target(statement, category, metric, target):
    assert [(n.category, n.metric, n.target) for n in paste(statement).nfrs] == [(category, metric, target)]


def test_a_feature_stated_as_what_the_product_allows_is_a_use_case_named_by_its_verb():
    data = paste(
        "The depot system shall allow generation of delivery notes on demand.\n"
        "The depot system shall allow entering, storing and modifying van routes.\n"
        "The depot system shall support the assignment of parcels to vans.\n"
        "The depot system shall be available between 5:00 am and 9:00 pm.\n"
    )
    names = {u.name for u in data.use_cases}
    assert {"Generate delivery notes on demand", "Enter van routes", "Assign parcels to vans"} <= names
    assert [n.category for n in data.nfrs] == ["availability"]


def test_requirement_ids_stay_out_of_the_nfrs_and_do_not_turn_them_into_steps():
    data = paste((LISTS / "fleet_with_ids.md").read_text(encoding="utf-8"))
    load = nfr_of(data, "repair list shall load")
    assert load.statement == "The repair list shall load within 2 seconds."
    assert (load.category, load.target) == ("performance", "≤ 2 seconds")
    assert nfr_of(data, "integrate with the SAP").category == "operational"
    assert nfr_of(data, "shall be reliable").category == "reliability"
    assert "load within" not in said_by_use_cases(data)
    assert "export the repair history as a pdf" in said_by_use_cases(data)


def test_in_chat_only_managers_can_is_a_security_rule_and_still_their_task():
    from core.prd import Actor

    data = PRDData(actors=[Actor(name="Manager", role="User"), Actor(name="Cashier", role="User")])
    delta = extract_offline(
        data=data,
        question_id="main_use_cases",
        answer="Cashiers can sell items but only managers can issue refunds.",
        message_id=5,
    )
    assert [n.category for n in delta.nfrs] == ["security"]
    assert ("Issue refunds", "Manager") in [(u.name, u.actor) for u in delta.use_cases]


def test_a_share_of_users_who_succeed_is_usability_but_a_share_who_buy_is_a_goal():
    nfr = nfr_of(paste("85% of all users will be satisfied with the product."), "satisfied")
    assert (nfr.category, nfr.metric, nfr.target) == (
        "usability",
        "share of users who are satisfied with the product",
        "85%",
    )
    delta = answer("80% of customers should book online within a year.", "main_use_cases")
    assert delta.nfrs == [] and [g.target for g in delta.goals] == ["80%"]
