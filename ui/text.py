"""User text shown through Markdown stays literal: no links, no formatting, no HTML."""

from __future__ import annotations

MD_SPECIAL = frozenset("\\`*_{}[]<>()#+-.!|~$@:")


def md(text: object) -> str:
    """Escape every character Markdown (or its autolinker) would interpret."""
    return "".join("\\" + c if c in MD_SPECIAL else c for c in str(text))
