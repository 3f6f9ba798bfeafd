"""User text placed into Markdown stays literal: no links, emphasis, tables or HTML."""

from __future__ import annotations

import re

# Characters that can start Markdown, HTML, math, autolink or table syntax.
_PUNCT = re.compile(r"([\\`*_{}\[\]()#+\-!|<>~=&$@:.])")


def escape_inline(text: object) -> str:
    """One line of literal text: whitespace folded, every significant mark backslash-escaped."""
    return _PUNCT.sub(r"\\\1", " ".join(str(text).split()))
