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


def escape_lines(text: object, *, line_break: str = "<br>") -> str:
    """Several lines of literal text for a downloaded document: each line escaped, blank lines dropped."""
    lines = (escape_inline(line, plain_links=False) for line in str(text).splitlines())
    return line_break.join(line for line in lines if line)
