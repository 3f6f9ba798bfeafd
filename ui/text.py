"""User text shown through Markdown stays literal: no links, no formatting, no HTML."""

from __future__ import annotations

from core.markdown import escape_inline as md

__all__ = ["md"]
