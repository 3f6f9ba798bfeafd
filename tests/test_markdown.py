"""User text in Markdown shows literally: no links, no emphasis, no HTML."""

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

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
    assert text == "1\\. \\*Pay\\* \\<b>now\\</b><br>write to a@b.co"
    assert WORD_JOINER not in text


def test_a_downloaded_document_leaves_plain_punctuation_alone():
    assert (
        escape_lines("UC-1 no-show 99.5% (p95) a.b! #3 user_id C:\\temp")
        == "UC-1 no-show 99.5% (p95) a.b! #3 user_id C:\\temp"
    )


@settings(max_examples=100)
@given(st.text())
def test_a_document_line_never_starts_a_list_or_a_heading(text):
    for line in escape_lines(text).split("<br>"):
        assert not re.match(r"\d{1,9}[.)](\s|$)|[-+*](\s|$)|#{1,6}(\s|$)|>", line)


# A CommonMark renderer with GitHub's tables and strikethrough: what a reader of the download sees.
RENDERER = MarkdownIt("commonmark").enable(["table", "strikethrough"])
PLAIN = {"text", "softbreak"}


def shown(markdown: str) -> tuple[list[str], str]:
    """The block structure of rendered Markdown and its text; inline markup other than <br> fails."""
    blocks, text = [], []
    for token in RENDERER.parse(markdown):
        if token.type != "inline":
            blocks.append(token.type)
            continue
        for child in token.children or []:
            assert child.type in PLAIN or (child.type == "html_inline" and child.content == "<br>"), child
            text.append("\n" if child.type == "html_inline" else child.content)
        text.append("\t")
    return blocks, "".join(text).rstrip("\t")


def expected(text: str) -> str:
    return "\n".join(" ".join(line.split()) for line in text.splitlines() if line.split())


EXAMPLES = [
    "UC-1",
    "no-show",
    "99.5%",
    "- not a list",
    "+ not a list",
    "# not a heading",
    "## not a heading #",
    "1. not a list",
    "3) not a list",
    "> not a quote",
    "--- not a rule",
    "***",
    "a | b",
    "<b>x</b>",
    "[x](javascript:y)",
    "![x](y.png)",
    "[x]: https://example.com",
    "*em* _em_ **strong** ~~gone~~ `code`",
    "```",
    "~~~",
    "a\\*b\\",
    "&amp; &#42; &copy;",
    "snake_case __init__ _x_",
    "    indented code",
    "first\n- second\n# third",
]
PARAGRAPH = ["paragraph_open", "paragraph_close"]
TEXT = st.text(st.characters(exclude_characters="\x00"), min_size=1).filter(expected)


@pytest.mark.parametrize("text", EXAMPLES)
def test_a_downloaded_document_renders_exactly_the_text_in_every_place_it_stands(text):
    _renders_as_text(text)


@settings(max_examples=300)
@given(TEXT)
def test_any_text_in_a_downloaded_document_renders_as_itself(text):
    _renders_as_text(text)


def _renders_as_text(text: str) -> None:
    line = escape_lines(text)
    assert shown(line) == (PARAGRAPH, expected(text))
    assert shown(f"- {line}") == (
        ["bullet_list_open", "list_item_open", *PARAGRAPH, "list_item_close", "bullet_list_close"],
        expected(text),
    )
    assert shown(f"1. {line}") == (
        ["ordered_list_open", "list_item_open", *PARAGRAPH, "list_item_close", "ordered_list_close"],
        expected(text),
    )
    assert shown(f"### {line}") == (["heading_open", "heading_close"], expected(text))
    cell = escape_lines(text, in_table=True)
    blocks, cells = shown(f"| Head | Other |\n|---|---|\n| {cell} | x |")
    assert cells == f"Head\tOther\t{expected(text)}\tx"
    assert blocks.count("td_open") == 2
