"""User text placed into Markdown stays literal: no links, emphasis, tables or HTML."""

from __future__ import annotations

import re

# Characters that can start Markdown, HTML, math or table syntax.
_PUNCT = re.compile(r"([\\`*_{}\[\]()#+\-!|<>~=&$])")
# The renderer turns emails, www. names and scheme: URLs into links even when escaped;
# an invisible word joiner around their separators keeps them plain text.
_LINKY = re.compile(r"([@:.])")
WORD_JOINER = "\u2060"


def escape_inline(text: object) -> str:
    """One line of literal text: whitespace folded, every significant mark neutralised."""
    folded = " ".join(str(text).split())
    escaped = _PUNCT.sub(r"\\\1", folded)
    return _LINKY.sub(lambda m: f"{WORD_JOINER}\\{m.group(1)}{WORD_JOINER}", escaped)
