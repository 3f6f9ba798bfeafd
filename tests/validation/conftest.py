"""Shared project data for the validation tests: the PRD of tests/data/passing_project.json."""

from __future__ import annotations

import pytest

from core.config import ROOT
from core.prd import ProjectDocument

PASSING = ROOT / "tests" / "data" / "passing_project.json"


@pytest.fixture
def passing() -> ProjectDocument:
    """A complete PRD that passes every check (each test gets its own copy to break)."""
    return ProjectDocument.model_validate_json(PASSING.read_text(encoding="utf-8"))
