"""The rubric's version, stored with every run; changing a rule or a word list needs a new one."""

from __future__ import annotations

import hashlib
import json

# Each version with the fingerprint of the rubric it names (tests/validation/test_version.py checks
# the last one is current). Add a version when a rule, a weight or a word list changes.
VERSIONS: dict[str, str] = {
    "2025.1": "d99d96922527fd15",
}
RUBRIC_VERSION = list(VERSIONS)[-1]


def fingerprint() -> str:
    """A hash of what the rubric decides by: rule ids, categories, severities, weights, word lists."""
    from core.validation.engine import RULES
    from core.validation.model import PASS_SCORE, WEIGHTS
    from core.validation.words import fingerprint_source

    rules = [(r.id, r.category, r.severity, r.artifact) for r in RULES]
    raw = json.dumps([rules, WEIGHTS, PASS_SCORE, fingerprint_source()], sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(raw.encode()).hexdigest()[:16]
