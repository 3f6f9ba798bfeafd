"""The hard gates: none passes on empty data or on a keyword; each passes on the data it asks for."""

from __future__ import annotations

import pytest

from core.intake import gates as steering
from core.prd import PRDData
from core.validation import gate_passes, validate
from core.validation.gates import RULES

GATE_IDS = [r.id for r in RULES]


def data(**fields) -> PRDData:
    return PRDData.model_validate(fields)


@pytest.mark.parametrize("gate", GATE_IDS)
def test_no_gate_passes_on_empty_data(gate):
    assert not gate_passes(gate, PRDData())


def test_every_gate_of_an_empty_prd_names_what_is_missing():
    report = validate(PRDData())
    gates = [c for c in report.checks if c.category == "gate"]
    assert [c.id for c in gates] == [f"HG{i}" for i in range(1, 11)]
    assert all(not c.passed and c.findings and c.severity == "error" and c.weight == 3 for c in gates)
    assert report.check("HG3").findings[0].detail == "no actors defined, so nobody has a role or permissions"


def test_placeholders_do_not_fill_a_boundary_or_a_trigger():
    boundary = {"internal": ["App"], "external": ["Bank"], "in_scope": ["Orders"], "out_of_scope": ["???"]}
    assert not gate_passes("HG1", data(system_boundaries=boundary))
    cases = [{"name": f"Do {i}", "trigger": "TBD", "outcome": "done"} for i in range(5)]
    assert not gate_passes("HG6", data(use_cases=cases))


def test_an_actor_needs_a_role_and_a_human_needs_permissions_or_a_use_case():
    actors = [{"name": "Clerk", "role": "files"}, {"name": "Bank", "kind": "external_system", "role": "pays"}]
    assert not gate_passes("HG3", data(actors=actors))
    assert gate_passes("HG3", data(actors=actors, use_cases=[{"name": "File a claim", "actor": "clerks"}]))
    assert not gate_passes("HG3", data(actors=[{"name": "Clerk", "permissions": ["files"]}]))


def test_an_external_counts_as_used_only_when_a_use_case_names_it_as_a_whole_word():
    boundary = {"external": ["Bank"]}
    named = data(system_boundaries=boundary, use_cases=[{"name": "Pay", "steps": ["System asks the bank"]}])
    inside_a_word = data(system_boundaries=boundary, use_cases=[{"name": "Pay", "steps": ["Show the bankruptcy"]}])
    assert gate_passes("HG4", named)
    assert not gate_passes("HG4", inside_a_word)


@pytest.mark.parametrize(
    ("goal", "passes"),
    [
        ({"metric": "weekly orders", "target": "500 by June"}, True),
        ({"metric": "weekly orders", "target": "double"}, True),
        ({"metric": "weekly orders", "target": "a lot"}, False),
        ({"metric": "", "target": "500"}, False),
        ({"metric": "no-show rate", "target": "TBD"}, False),
        ({"metric": "no-show rate", "target": "TBD", "owner": "Ana"}, False),
        ({"metric": "no-show rate", "target": "TBD", "owner": "Ana", "due": "soon"}, False),
        ({"metric": "no-show rate", "target": "TBD", "owner": "Ana", "due": "end of March"}, True),
    ],
)
def test_a_goal_is_measurable_with_a_numeric_target_or_tbd_with_an_owner_and_a_date(goal, passes):
    assert gate_passes("HG7", data(goals=[{"statement": "Grow", **goal}])) is passes


def test_entities_need_attributes_and_a_relationship_to_a_defined_entity():
    dangling = [
        {"name": "Order", "attributes": ["id"], "relationships": [{"target": "Invoice"}]},
        {"name": "Item", "attributes": ["sku"]},
    ]
    assert not gate_passes("HG9", data(data_entities=dangling))
    linked = [dangling[0] | {"relationships": [{"target": "items"}]}, dangling[1]]
    assert gate_passes("HG9", data(data_entities=linked))


def test_an_item_without_a_source_fails_the_trace_gate_by_name():
    d = data(actors=[{"name": "Buyer", "source": {"kind": "manual"}}, {"name": "Seller"}])
    finding = validate(d).check("HG10").findings
    assert [(f.item, f.where) for f in finding] == [("actors/seller", "actor 'Seller'")]
    d = data(actors=[{"name": "Buyer", "source": {"kind": "message", "message_id": None}}])
    assert not gate_passes("HG10", d)


def test_the_question_steering_reads_the_same_gates():
    filled = data(actors=[{"name": "Buyer", "role": "buys"}, {"name": "Seller", "role": "sells"}])
    for gate in [f"HG{i}" for i in range(1, 10)]:
        for d in (PRDData(), filled):
            assert steering.gate_failing(gate, d) is not gate_passes(gate, d)
    assert steering.hg3(filled) is gate_passes("HG3", filled) is False
    assert not steering.gate_failing(None, PRDData()) and not steering.gate_failing("HG99", PRDData())
