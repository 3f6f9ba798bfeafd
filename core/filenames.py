"""File names made from user text: the same safe stem for downloads, exports and the command line."""

from __future__ import annotations

import re

_UNSAFE = re.compile(r"[^A-Za-z0-9]+")


def slug(text: str, limit: int = 40) -> str:
    """Lower-case ASCII letters and digits joined by hyphens, at most `limit` characters; may be empty."""
    return _UNSAFE.sub("-", text).strip("-").lower()[:limit]
