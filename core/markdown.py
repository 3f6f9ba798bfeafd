"""User text placed into Markdown stays literal: no links, emphasis, tables or HTML."""

from __future__ import annotations

import re

# Characters that can start Markdown, HTML, math or table syntax, or Streamlit's :red[…],
# :material/…: and :emoji: directives.
_PUNCT = re.compile(r"([\\`*_{}\[\]()#+\-!|<>~=&$:])")
# "1." opening a line starts an ordered list.
_ORDERED = re.compile(r"^(\d+)\.")
# The renderer turns emails, www. names and scheme:// URLs into links even when escaped; an
# invisible word joiner around just those separators keeps them plain text (and nothing else
# carries one, so copied text stays clean).
_LINKY = re.compile(r"(?<=\w)@(?=\w)|(?<=\w)\\:(?=//)|(?<=\b[wW]{3})\.")
WORD_JOINER = "\u2060"


def escape_inline(text: object, *, plain_links: bool = True) -> str:
    """One line of literal text: whitespace folded, every significant mark neutralised."""
    # plain_links=False is for downloaded documents: an email copied from them must stay the
    # email, with no invisible characters, so addresses are left to the reader's renderer.
    escaped = _ORDERED.sub(r"\1\\.", _PUNCT.sub(r"\\\1", " ".join(str(text).split())))
    if not plain_links:
        return escaped
    return _LINKY.sub(lambda m: f"{WORD_JOINER}\\{m.group(0).lstrip(chr(92))}{WORD_JOINER}", escaped)


# A downloaded document escapes only what Markdown would misread where it stands, so it also reads
# as plain text: these marks anywhere (a backslash only before punctuation or at the end, "_" only
# outside a word, "&" only before an entity name) …
_ANYWHERE = re.compile(r"[`*\[\]<~$]|\\(?=[!-/:-@\[-`{-~]|$)|(?<![^\W_])_|_(?![^\W_])|&(?=#?\w+;)")
# … a heading, list, quote or thematic break opening a line, or a heading's closing "#"s …
_LINE_START = re.compile(r"^(?:#{1,6}(?=\s|$)|[-+](?=\s|$)|-(?=-)|>)|^\d{1,9}(?=[.)](?:\s|$))")
_HEADING_END = re.compile(r"(?<=\s)#+$")
# … and "|" in a table cell.
_PIPE = re.compile(r"\|")


def _escape_line(line: str, *, in_table: bool) -> str:
    line = _ANYWHERE.sub(lambda m: "\\" + m.group(0), " ".join(line.split()))
    if in_table:
        line = _PIPE.sub(r"\|", line)
    line = _HEADING_END.sub(r"\\\g<0>", line)
    match = _LINE_START.match(line)
    if match is None:
        return line
    end = match.end()
    # a number keeps its digits, the "." or ")" after it is escaped
    return line[:end] + "\\" + line[end:] if line[0].isdigit() else "\\" + line


def escape_lines(text: object, *, line_break: str = "<br>", in_table: bool = False) -> str:
    """Several lines of literal text for a downloaded document: each line escaped, blank lines dropped."""
    lines = (_escape_line(line, in_table=in_table) for line in str(text).splitlines())
    return line_break.join(line for line in lines if line)
