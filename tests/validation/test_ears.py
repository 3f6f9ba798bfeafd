"""EARS: each of the five patterns is recognised; anything else gets its closest pattern and a hint."""

from __future__ import annotations

import pytest

from core.validation import classify_ears


@pytest.mark.parametrize(
    ("text", "pattern"),
    [
        ("The system shall send a receipt by email.", "ubiquitous"),
        ("While the scanner is offline, the app shall queue every scan.", "state-driven"),
        ("When a patient books a slot, the system shall send a confirmation.", "event-driven"),
        ("Where the SMS add-on is enabled, the system shall send reminders.", "optional-feature"),
        ("If the card is declined, then the system shall show the reason.", "unwanted-behaviour"),
        ("Online Store shall list every product.", "not-conforming"),
    ],
)
def test_the_five_patterns_are_recognised(text, pattern):
    assert classify_ears(text).pattern == pattern


def test_the_system_may_be_named_by_its_own_name():
    assert classify_ears("Online Store shall list every product.", system="Online Store").pattern == "ubiquitous"


@pytest.mark.parametrize(
    ("text", "closest", "reason"),
    [
        ("Pages load quickly.", "ubiquitous", "it has no 'shall'"),
        ("The system must log every sign-in.", "ubiquitous", "it uses 'must' where EARS uses 'shall'"),
        ("Users shall reset their own password.", "ubiquitous", "is a person, not the system"),
        ("If the card is declined, the system shall show the reason.", "unwanted-behaviour", "not followed by 'then'"),
        ("After checkout, the system shall empty the basket.", "event-driven", "opens with 'after'"),
        ("During an exam, the system shall block other tabs.", "state-driven", "opens with 'during'"),
        ("It shall send a reminder.", "ubiquitous", "is a pronoun"),
    ],
)
def test_a_statement_fitting_no_pattern_gets_the_closest_and_what_to_change(text, closest, reason):
    result = classify_ears(text)
    assert result.pattern == "not-conforming" and result.closest == closest
    assert reason in result.hint and "shall <response>" in result.hint


def test_a_person_named_as_an_actor_is_not_the_system():
    assert classify_ears("The clerk shall file the claim.").pattern == "ubiquitous"
    assert classify_ears("The clerk shall file the claim.", people=frozenset({"clerk"})).pattern == "not-conforming"
