"""The requirement-text rules: the words they point at, what they leave alone, and any text at all."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.validation import text_problems


def words_found(text: str) -> dict[str, list[str]]:
    return {rule: [text[a:b] for a, b in spans] for rule, spans in text_problems(text).items()}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The checkout shall be fast and user-friendly.", {"R7": ["fast", "user-friendly"]}),
        ("The app shall retry where possible.", {"R8": ["where possible"]}),
        ("Export to PDF, CSV, etc.", {"R9": ["etc."]}),
        ("Reports go to finance and/or legal.", {"R9": ["and/or"]}),
        ("The system shall have the ability to pause a job.", {"R10": ["the ability to"]}),
        ("Staff can read/write the notes.", {"R17": ["read/write"]}),
        ("The app shall validate the card and store the order.", {"R19": ["and"]}),
        ("They see their own invoices.", {"R24": ["They"]}),
        ("The service shall always respond.", {"R26": ["always"]}),
        ("Retention: TBD.", {"PLACEHOLDER": ["TBD"]}),
        ("The page shall load within 3.", {"R6": ["3"]}),
    ],
)
def test_each_rule_points_at_the_offending_words(text, expected):
    assert words_found(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "The API shall handle 200 requests/s at 99.9 % availability per month.",
        "The system shall use TLS 1.3 on Windows 11 and store data in eu-west-1 until 31 March 2026.",
        "When a parcel is scanned, the system shall record the time and the GPS position.",
        "The system shall keep invoices for 10 years as required by tax law.",
        "Retry at most 3 times between 2 and 5 seconds apart.",
        "This report lists every order of the last 30 days.",
        "The to-do list shall keep 50 todo items per user.",
        "See https://example.com/api/v1/orders for the order API.",
    ],
)
def test_well_written_statements_pass_every_text_rule(text):
    assert text_problems(text) == {}


@given(st.text(max_size=300))
def test_any_text_is_checked_without_error_and_spans_lie_inside_it(text):
    for spans in text_problems(text).values():
        assert spans
        for start, end in spans:
            assert 0 <= start < end <= len(text)
