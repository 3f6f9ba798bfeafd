"""Every rule of the rubric carries a failing and a passing example, and both behave as documented."""

from __future__ import annotations

import pytest

from core.validation import RULES
from core.validation.engine import applies
from core.validation.rule import example_context
from core.validation.text import TEXT_RULES, text_problems

IDS = [r.id for r in RULES]


def test_rule_ids_are_unique_and_every_rule_explains_itself():
    assert len(IDS) == len(set(IDS))
    for rule in RULES:
        assert rule.why.strip() and rule.hint.strip() and rule.title.strip(), rule.id
        assert rule.passing and rule.failing, f"{rule.id} needs a passing and a failing example"
        assert rule.passing != rule.failing, rule.id


@pytest.mark.parametrize("rule", RULES, ids=IDS)
def test_the_failing_example_fails(rule):
    ctx = example_context(rule.failing)
    assert applies(rule, ctx), f"{rule.id}: its failing example has no {rule.artifact}"
    found = rule.check(ctx)
    assert found, f"{rule.id} does not catch its own failing example"
    assert all(f.item and f.where and f.detail for f in found)


@pytest.mark.parametrize("rule", RULES, ids=IDS)
def test_the_passing_example_passes(rule):
    ctx = example_context(rule.passing)
    assert applies(rule, ctx), f"{rule.id}: its passing example has no {rule.artifact}"
    assert rule.check(ctx) == [], f"{rule.id} fails its own passing example"


@pytest.mark.parametrize("rule", TEXT_RULES, ids=[r.id for r in TEXT_RULES])
def test_a_text_rule_points_at_words_of_its_failing_example_and_only_its_own(rule):
    spans = text_problems(rule.failing).get(rule.id, [])
    assert spans and all(rule.failing[a:b].strip() for a, b in spans)
    assert rule.id not in text_problems(rule.passing)
