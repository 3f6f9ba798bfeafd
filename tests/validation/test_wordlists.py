"""The word lists: one documented data file, each list said to be for a rule, and every list read by one."""

from __future__ import annotations

import pytest

from core.validation import words
from core.validation.words import WORDLISTS, all_lists

SOURCES = "".join(p.read_text(encoding="utf-8") for p in WORDLISTS.parent.glob("*.py"))


@pytest.mark.parametrize("name", sorted(all_lists()))
def test_each_list_says_what_it_is_for_and_is_read_by_the_rubric(name):
    wl = all_lists()[name]
    assert wl.about.strip() and wl.rule.strip() and wl.words
    assert f'"{name}"' in SOURCES, f"no check reads the word list {name!r}"
    assert len(set(wl.words)) == len(wl.words), f"{name} lists a word twice"
    assert all(other in all_lists() for other in wl.yields_to)


def test_the_lists_are_read_once():
    assert all_lists() is all_lists()
    assert words.words("vague") is words.words("vague")


def test_no_code_module_holds_a_word_list_of_its_own():
    for path in WORDLISTS.parent.glob("*.py"):
        for line in path.read_text(encoding="utf-8").splitlines():
            assert not (line.count('", "') >= 6 and "=" in line), f"{path.name}: {line.strip()}"
