"""Completeness (DESIGN §5): each part of the formula pinned just below, at and above its mark.

actors ≥ 2 (15) · use cases ≥ 5 with actor, trigger and outcome (25) · boundaries with internal,
external, in and out of scope (15) · entities ≥ 2 with ≥ 2 attributes and a relationship (15) ·
problem statement and ≥ 1 measurable goal (10) · constraints business and technical (10) ·
≥ 2 NFRs with a metric (10). Parts short of their mark earn points in proportion, rounded."""

from __future__ import annotations

import pytest

from core.completeness import assess
from core.prd import PRDData

TWO_ACTORS = [{"name": "Buyer"}, {"name": "Seller"}]


def score(**data) -> int:
    return assess(PRDData.model_validate(data)).score


def use_case(n: int, **fields) -> dict:
    complete = {"name": f"Place order {n}", "actor": "Buyer", "trigger": "Buyer opens the cart", "outcome": "Saved"}
    return complete | fields


def entity(name: str, attributes: int, *, related: bool = False) -> dict:
    return {
        "name": name,
        "attributes": [f"field_{i}" for i in range(attributes)],
        "relationships": [{"target": "Order"}] if related else [],
    }


def full_prd() -> dict:
    return {
        "actors": TWO_ACTORS,
        "use_cases": [use_case(n) for n in range(5)],
        "system_boundaries": {"internal": ["Shop"], "external": ["Bank"], "in_scope": ["a"], "out_of_scope": ["b"]},
        "data_entities": [entity("Customer", 2, related=True), entity("Order", 2)],
        "problem_statement": {"text": "Orders get lost."},
        "goals": [{"statement": "Fewer lost orders", "metric": "lost orders per month", "target": "< 5"}],
        "constraints": {"business": ["Launch in May"], "technical": ["Runs on PostgreSQL"]},
        "nfrs": [
            {"category": "performance", "statement": "Pages load quickly", "metric": "p95 load time", "target": "1 s"},
            {"category": "availability", "statement": "The shop stays up", "metric": "uptime", "target": "99.9%"},
        ],
    }


def test_an_empty_prd_scores_zero_and_lists_every_part_as_missing():
    result = assess(PRDData())
    assert result.score == 0
    assert [(g.key, g.points, g.earned) for g in result.gaps] == [
        ("use_cases", 25, 0),
        ("actors", 15, 0),
        ("boundaries", 15, 0),
        ("entities", 15, 0),
        ("problem_goals", 10, 0),
        ("constraints", 10, 0),
        ("nfrs", 10, 0),
    ]


def test_a_prd_meeting_every_part_scores_a_hundred_with_nothing_missing():
    result = assess(PRDData.model_validate(full_prd()))
    assert (result.score, result.gaps) == (100, [])


@pytest.mark.parametrize(("actors", "points"), [(0, 0), (1, 8), (2, 15), (3, 15)])
def test_two_actors_earn_the_fifteen_actor_points(actors, points):
    assert score(actors=[{"name": f"Actor {n}"} for n in range(actors)]) == points


@pytest.mark.parametrize(("use_cases", "points"), [(4, 20), (5, 25), (6, 25)])
def test_five_complete_use_cases_earn_the_twenty_five_use_case_points(use_cases, points):
    assert score(actors=TWO_ACTORS, use_cases=[use_case(n) for n in range(use_cases)]) == 15 + points


@pytest.mark.parametrize(
    "gap",
    [{"actor": ""}, {"trigger": ""}, {"outcome": ""}, {"actor": "Ghost"}],
    ids=["no-actor", "no-trigger", "no-outcome", "actor-not-defined"],
)
def test_a_use_case_without_actor_trigger_or_outcome_or_with_an_undefined_actor_does_not_count(gap):
    use_cases = [use_case(n) for n in range(4)] + [use_case(4, **gap)]
    assert score(actors=TWO_ACTORS, use_cases=use_cases) == 15 + 20


def test_a_use_case_actor_counts_when_it_names_a_defined_actor_in_other_words():
    use_cases = [use_case(n, actor="buyers") for n in range(5)]
    assert score(actors=TWO_ACTORS, use_cases=use_cases) == 15 + 25


@pytest.mark.parametrize(
    ("parts", "points"),
    [
        ((), 0),
        (("internal",), 4),
        (("internal", "external"), 8),
        (("internal", "external", "in_scope"), 11),
        (("external", "in_scope", "out_of_scope"), 11),
        (("internal", "in_scope", "out_of_scope"), 11),
        (("internal", "external", "out_of_scope"), 11),
        (("internal", "external", "in_scope", "out_of_scope"), 15),
    ],
)
def test_each_of_the_four_sides_of_the_boundary_earns_a_quarter_of_fifteen(parts, points):
    assert score(system_boundaries={part: ["x"] for part in parts}) == points


@pytest.mark.parametrize(
    ("entities", "points"),
    [
        ([entity("Customer", 2, related=True)], 6),
        ([entity("Customer", 2, related=True), entity("Order", 1)], 9),
        ([entity("Customer", 2, related=True), entity("Order", 2)], 15),
        ([entity("Customer", 3, related=True), entity("Order", 3), entity("Item", 3)], 15),
        ([entity("Customer", 2), entity("Order", 2)], 12),
        ([entity("Customer", 1, related=True), entity("Order", 1)], 3),
    ],
    ids=[
        "one-entity-related-to-no-entity",
        "second-has-1-attribute",
        "two-with-2",
        "three-with-3",
        "no-relationship",
        "1-attribute-each",
    ],
)
def test_two_entities_with_two_attributes_and_a_relationship_earn_the_fifteen_entity_points(entities, points):
    assert score(data_entities=entities) == points


@pytest.mark.parametrize(
    ("problem", "goal", "points"),
    [
        ("", None, 0),
        ("Orders get lost.", None, 5),
        ("", {"metric": "lost orders per month", "target": "< 5"}, 5),
        ("Orders get lost.", {"metric": "", "target": "< 5"}, 5),
        ("Orders get lost.", {"metric": "lost orders per month", "target": ""}, 5),
        ("Orders get lost.", {"metric": "lost orders per month", "target": "< 5"}, 10),
    ],
    ids=["nothing", "problem-only", "goal-only", "goal-without-metric", "goal-without-target", "both"],
)
def test_a_problem_statement_and_a_measurable_goal_earn_five_points_each(problem, goal, points):
    goals = [{"statement": "Fewer lost orders"} | goal] if goal else []
    assert score(problem_statement={"text": problem}, goals=goals) == points


def test_one_measurable_goal_among_vague_ones_is_enough():
    goals = [{"statement": "Happy buyers"}, {"statement": "Fewer lost orders", "metric": "lost", "target": "< 5"}]
    assert score(problem_statement={"text": "Orders get lost."}, goals=goals) == 10


@pytest.mark.parametrize(
    ("business", "technical", "points"),
    [([], [], 0), (["Launch in May"], [], 5), ([], ["Runs on PostgreSQL"], 5), (["Launch in May"], ["Python"], 10)],
)
def test_business_and_technical_constraints_earn_five_points_each(business, technical, points):
    assert score(constraints={"business": business, "technical": technical}) == points


@pytest.mark.parametrize(
    ("metrics", "points"),
    [(["p95 load time"], 5), (["p95 load time", ""], 5), (["p95 load time", "uptime"], 10), (["a", "b", "c"], 10)],
    ids=["one", "second-without-metric", "two", "three"],
)
def test_two_nfrs_with_a_metric_earn_the_ten_nfr_points(metrics, points):
    nfrs = [{"category": "performance", "statement": f"Requirement {n}", "metric": m} for n, m in enumerate(metrics)]
    assert score(nfrs=nfrs) == points


def test_a_part_short_of_its_mark_is_a_gap_with_the_points_it_earned_and_gaps_missing_most_come_first():
    data = full_prd() | {"actors": TWO_ACTORS[:1], "use_cases": [use_case(n, actor="Buyer") for n in range(3)]}
    result = assess(PRDData.model_validate(data))
    assert [(g.key, g.points, g.earned) for g in result.gaps] == [("use_cases", 25, 15), ("actors", 15, 8)]
    assert result.score == 100 - 10 - 7


def test_external_systems_are_not_counted_as_the_two_actors():
    actors = [{"name": "Buyer"}, {"name": "Stripe", "kind": "external_system"}]
    assert score(actors=actors) == 8


def test_a_use_case_whose_trigger_and_outcome_were_only_derived_from_its_name_earns_half():
    from core.intake.offline.language.text import default_outcome, default_trigger

    derived = {"trigger": default_trigger("Buyer", "Place order 4"), "outcome": default_outcome("Place order 4")}
    use_cases = [use_case(n) for n in range(4)] + [use_case(4, **derived)]
    assert score(actors=TWO_ACTORS, use_cases=use_cases) == 15 + round(25 * 4.5 / 5)


def test_an_internal_part_that_is_really_an_entity_or_actor_does_not_count():
    boundaries = {"internal": ["Order", "Buyer"], "external": ["Bank"], "in_scope": ["a"], "out_of_scope": ["b"]}
    assert score(system_boundaries=boundaries, data_entities=[entity("Order", 0)], actors=TWO_ACTORS) == 15 + 11


def test_what_is_there_but_does_not_count_is_listed_as_weak_with_why():
    data = full_prd()
    data["use_cases"][0]["actor"] = "Ghost"
    data["goals"].append({"statement": "Happy buyers"})
    data["data_entities"].append({"name": "Invoice", "relationships": [{"target": "Ledger"}]})
    weak = assess(PRDData.model_validate(data)).weak
    assert "use cases whose actor is not a defined actor: “Place order 0”" in weak
    assert "goals without a metric and target: “Happy buyers”" in weak
    assert "entities with fewer than 2 attributes: “Invoice”" in weak
    assert "relationships to something that is no entity: “Invoice → Ledger”" in weak
    assert assess(PRDData.model_validate(full_prd())).weak == []
