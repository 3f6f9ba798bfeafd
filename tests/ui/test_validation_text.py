"""Highlighting the offending words of a requirement statement: escaped first, then marked."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from core.markdown import WORD_JOINER
from core.validation import Span
from ui.validation_text import highlighted


def _span(text: str, word: str) -> Span:
    start = text.index(word)
    return Span(start=start, end=start + len(word), text=word)


def test_each_offending_word_is_marked_and_the_spaces_around_it_are_kept():
    text = "The page loads fast and is easy to use"
    assert highlighted(text, [_span(text, "easy"), _span(text, "fast")]) == (
        "The page loads :red[**fast**] and is :red[**easy**] to use"
    )


def test_markup_in_the_statement_is_escaped_inside_and_outside_the_marked_words():
    text = "<i>fast</i> | [x](y)"
    assert highlighted(text, [_span(text, "fast")]) == "\\<i\\>:red[**fast**]\\</i\\> \\| \\[x\\]\\(y\\)"


def test_overlapping_empty_and_out_of_range_spans_mark_each_character_once():
    text = "always never"
    spans = [Span(start=0, end=6, text="always"), Span(start=3, end=12, text=""), Span(start=20, end=25, text="")]
    assert highlighted(text, spans) == ":red[**always**] :red[**never**]"
    assert highlighted("a   b", [Span(start=1, end=4, text="   ")]) == "a b"
    assert highlighted("", []) == ""


SIGNIFICANT = set("\\`*_{}[]()#+-!|<>~=&$:")


def _unescaped_marks(markdown: str) -> list[str]:
    """Markdown-significant characters not escaped by a backslash."""
    found, i = [], 0
    while i < len(markdown):
        if markdown[i] == "\\":
            i += 2
            continue
        if markdown[i] in SIGNIFICANT:
            found.append(markdown[i])
        i += 1
    return found


@given(st.text(max_size=60), st.lists(st.tuples(st.integers(0, 60), st.integers(0, 60)), max_size=4))
def test_no_statement_brings_its_own_markdown_or_html(text, pairs):
    spans = [Span(start=min(a, b), end=max(a, b), text="") for a, b in pairs]
    out = highlighted(text, spans).replace(":red[**", "").replace("**]", "").replace(WORD_JOINER, "")
    assert _unescaped_marks(out) == []
    assert re.sub(r"\\(.)", r"\1", out).split() == " ".join(text.split()).split()
