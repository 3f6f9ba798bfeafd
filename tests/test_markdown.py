"""User text in Markdown shows literally: no links, no emphasis, no HTML."""

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from core.markdown import WORD_JOINER, escape_inline, escape_lines


def test_links_emails_and_markup_are_neutralised():
    text = escape_inline("Carol **bold** <b>x</b> [x](https://phish.example) a@b.co www.evil.com")
    assert "https:" not in text and "a@b" not in text and "www." not in text
    assert "**" not in text and "<b>" not in text and "](" not in text


@settings(max_examples=100)
@given(st.text())
def test_removing_the_escapes_gives_back_the_text_with_whitespace_folded(text):
    shown = escape_inline(text.replace(WORD_JOINER, ""))
    assert "\n" not in shown
    assert re.sub(r"\\(.)", r"\1", shown.replace(WORD_JOINER, "")) == " ".join(text.replace(WORD_JOINER, "").split())


def test_a_downloaded_document_keeps_its_lines_and_addresses_but_no_markup():
    text = escape_lines("1. *Pay* <b>now</b>\n\n  write to a@b.co  ")
    assert text == "1\\. \\*Pay\\* \\<b\\>now\\</b\\><br>write to a@b.co"
    assert WORD_JOINER not in text


@settings(max_examples=100)
@given(st.text())
def test_a_document_line_never_starts_a_list_or_a_heading(text):
    for line in escape_lines(text).split("<br>"):
        assert not re.match(r"\d+[.)]\s|[-+*#>]\s|#", line)
