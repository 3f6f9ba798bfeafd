"""`python -m core validate`, run as a user runs it: a readable report or JSON, and an exit code."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from core.config import ROOT
from core.validation import RUBRIC_VERSION, Report

GOLDEN = ROOT / "tests" / "golden" / "project.json"
PASSING = ROOT / "tests" / "data" / "passing_project.json"


def validate(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "core", "validate", *args], cwd=ROOT, capture_output=True, text=True, timeout=120
    )


def test_the_golden_project_fails_and_the_report_says_why_and_how_to_fix_it():
    result = validate(str(GOLDEN))
    assert result.returncode == 1, result.stderr
    out = result.stdout
    assert out.startswith("Online Store: FAIL, score ")
    assert "x HG5 Use case list (error, weight 3)" in out
    assert "4 use case(s); a PRD lists 5 to 15" in out
    assert "external system 'Email Provider': no use case or step names it" in out
    assert "fix: List between 5 and 15 use cases." in out
    assert '"Pages load quickly"' in out  # the offending statement of the vague-term check


def test_a_complete_prd_passes_with_exit_code_zero():
    result = validate(str(PASSING))
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("Clinic Booking: PASS, score ")
    assert "failing checks:" not in result.stdout


def test_json_is_the_report_a_run_stores_and_agrees_with_the_exit_code():
    result = validate(str(GOLDEN), "--json")
    assert result.returncode == 1
    report = Report.model_validate(json.loads(result.stdout))
    assert report.version == RUBRIC_VERSION and report.project == "Online Store"
    assert not report.passed and not report.gates_passed
    assert {c.id for c in report.failing()} >= {"HG4", "HG5", "HG10", "R7"}
    assert f"score {report.score}/100" in validate(str(GOLDEN)).stdout
    assert {c.category for c in report.categories} == {"gate", "artifact", "consistency", "text", "ears", "set"}
    assert [e.pattern for e in report.ears] == ["not-conforming"]


def test_without_diagrams_no_artifact_check_runs():
    report = Report.model_validate(json.loads(validate(str(PASSING), "--json", "--no-diagrams").stdout))
    assert report.passed
    assert all(c.category != "artifact" for c in report.checks)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "is not a project document"),
        ('{"name": "X", "data": {"actors": "everyone"}}', "is not a project document"),
        ("[]", "is not a project document"),
    ],
    ids=["malformed-json", "wrong-shape", "a-list"],
)
def test_an_invalid_document_exits_2_with_a_message_on_stderr(tmp_path, content, message):
    path = tmp_path / "project.json"
    path.write_text(content, encoding="utf-8")
    result = validate(str(path))
    assert result.returncode == 2
    assert message in result.stderr and result.stdout == ""


def test_a_missing_file_exits_2(tmp_path):
    result = validate(str(tmp_path / "nowhere.json"), "--json")
    assert result.returncode == 2
    assert "cannot read" in result.stderr and result.stdout == ""
