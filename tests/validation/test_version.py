"""The rubric version names exactly one set of rules and word lists; changing either needs a new version."""

from __future__ import annotations

from core.validation import RUBRIC_VERSION
from core.validation.version import VERSIONS, fingerprint


def test_the_current_version_names_the_current_rules_and_word_lists():
    assert VERSIONS[RUBRIC_VERSION] == fingerprint(), (
        f"The rubric changed: add a version after {RUBRIC_VERSION!r} to VERSIONS in core/validation/version.py "
        f"with fingerprint {fingerprint()!r}."
    )


def test_every_version_names_a_different_rubric():
    assert list(VERSIONS)[-1] == RUBRIC_VERSION
    assert len(set(VERSIONS.values())) == len(VERSIONS)
    assert all(fp for fp in VERSIONS.values())
