"""Reading a PROJECT.json (what `python -m core extract` prints) for the other commands."""

from __future__ import annotations

import sys
from pathlib import Path

from pydantic import ValidationError

from core.errors import pydantic_message
from core.prd import ProjectDocument


def read_document(path: Path) -> ProjectDocument | None:
    """The document, or None after printing why it cannot be read."""
    try:
        raw = path.read_text(encoding="utf-8")
    except OSError as exc:
        print(f"error: cannot read {path}: {exc.strerror}", file=sys.stderr)
        return None
    try:
        return ProjectDocument.model_validate_json(raw)
    except ValidationError as exc:
        print(f"error: {path} is not a project document: {pydantic_message(exc).message}", file=sys.stderr)
        return None
