"""Every offline rule carries an example it must read and one it must leave alone: run them all,
so a rule's documentation cannot drift from what it does."""

import pytest

from core.intake.offline.rules.rulebook import Finding, Rule, all_tables, first

RULES = [(table, rule) for table, rules in all_tables().items() for rule in rules]


@pytest.mark.parametrize(("table", "rule"), RULES, ids=[f"{t}:{r.id}" for t, r in RULES])
def test_rule_reads_its_example_and_leaves_its_counter_example(table: str, rule: Rule) -> None:
    assert rule.why.strip(), f"{table}:{rule.id} says nothing about why it exists"
    found = rule(rule.example)
    assert rule.gives in [f.text for f in found], f"{rule.id} read {rule.example!r} as {found}"
    assert rule(rule.counter) == [], f"{rule.id} should leave {rule.counter!r} alone"


def test_rule_ids_are_unique_across_tables() -> None:
    ids = [rule.id for _, rule in RULES]
    assert len(ids) == len(set(ids))


def test_the_first_matching_rule_wins_and_findings_name_their_rule() -> None:
    def finds(text: str):
        return lambda s: [Finding("actor", text)] if "x" in s else []

    table = (Rule("A1", "first", "x", "A", "y", finds("A")), Rule("A2", "second", "x", "B", "y", finds("B")))
    assert [(f.text, f.rule) for f in first(table, "x")] == [("A", "A1")]
    assert first(table, "y") == []


def test_a_finding_of_an_unknown_kind_is_refused() -> None:
    with pytest.raises(ValueError):
        Finding("wish", "a pony")


def test_the_writer_turns_findings_into_project_data() -> None:
    from core.intake.offline.writer import Draft, write
    from core.prd import PRDData

    draft = Draft(PRDData(), None)
    write(
        draft,
        [
            Finding("actor", "courier"),
            Finding("use_case", "deliver a parcel", {"actor": "courier"}),
            Finding("step", "Scan the label", {"use_case": "deliver a parcel"}),
            Finding("relationship", "parcel", {"target": "route", "multiplicity": "many_to_one"}),
            Finding("nfr", "Pages load within 2 seconds", {"category": "performance", "metric": "load time"}),
            Finding("external", "Stripe"),
        ],
    )
    data = draft.build()
    assert [a.name for a in data.actors if a.kind == "human"] == ["Courier"]
    (uc,) = data.use_cases
    assert (uc.name, uc.actor, uc.steps) == ("Deliver a parcel", "Courier", ["Scan the label"])
    parcel = next(e for e in data.data_entities if e.name == "Parcel")
    assert [(r.target, r.kind) for r in parcel.relationships] == [("Route", "many_to_one")]
    assert [(n.category, n.metric) for n in data.nfrs] == [("performance", "load time")]
    assert data.system_boundaries.external == ["Stripe"]
