"""Counts read the way a person says them."""

import pytest

from core.wording import counted, plural


@pytest.mark.parametrize(
    ("n", "word", "said"),
    [
        (1, "member", "1 member"),
        (0, "member", "0 members"),
        (2, "pending invitation", "2 pending invitations"),
        (3, "entity", "3 entities"),
        (2, "day", "2 days"),
        (2, "process", "2 processes"),
        (1200, "turn", "1,200 turns"),
    ],
)
def test_a_count_takes_the_plural_unless_it_is_one(n, word, said):
    assert counted(n, word) == said


def test_the_plural_of_a_phrase_changes_its_last_word():
    assert plural("use case") == "use cases" and plural("relationship target") == "relationship targets"
