"""Names people see of each other's work (actors, teams, projects, people) carry no invisible
characters: a right-to-left override or a zero-width space could make one name look like
another to a teammate. Text elsewhere keeps them; names drop them on the way in."""

from __future__ import annotations

import re
import unicodedata

# Bidirectional embeddings, overrides and isolates; marks; zero-width characters; the BOM; soft hyphen.
_INVISIBLE = re.compile("[\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")
_SPACES = re.compile(r"\s+")


def visible_name(text: str) -> str:
    """The name as it reads: invisible and control characters removed, spaces collapsed, NFC."""
    text = _INVISIBLE.sub("", unicodedata.normalize("NFC", text))
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Cc" or ch in "\t\n")
    return _SPACES.sub(" ", text).strip()


def visible_or_none(value: object) -> object:
    """For `mode="before"` validators: strings cleaned, anything else left to the field's type check."""
    return visible_name(value) if isinstance(value, str) else value
