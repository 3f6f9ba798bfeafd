"""The text rules against the hand-labelled statements of tests/data (bench/textcheck.py prints the detail)."""

from __future__ import annotations

from bench.textcheck import PRECISION_GOAL, RECALL_GOAL, SUBSETS, evaluate, load


def test_the_labelled_set_is_large_and_mixed():
    rows = load()
    assert len(rows) >= 80
    assert sum(not r["rules"] for r in rows) >= 20 and sum(bool(r["rules"]) for r in rows) >= 40
    assert {r.get("set") for r in rows} == set(SUBSETS)


def test_the_rules_find_what_the_labels_say_overall():
    overall = evaluate().overall
    assert overall.precision >= PRECISION_GOAL, overall
    assert overall.recall >= RECALL_GOAL, overall


def test_ears_patterns_match_the_labels():
    assert evaluate().ears_accuracy >= 0.9
