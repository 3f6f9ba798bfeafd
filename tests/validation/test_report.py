"""The report: score and verdict as DESIGN §6 defines them, JSON a run can store, and run-to-run diffs."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.diagrams import TYPES
from core.names import visible_name
from core.prd import PRDData
from core.validation import Report, diff, validate
from core.validation.model import WEIGHTS


def test_a_complete_prd_passes_every_check(passing):
    report = validate(passing.data, name=passing.name, artifacts=TYPES)
    assert report.passed and report.gates_passed and report.score == 100
    assert report.failed_checks == 0 and report.passed_checks == len(report.checks)


def test_the_score_is_passed_weight_over_total_weight_with_errors_weighing_three(passing):
    passing.data.nfrs[0].statement = "The system shall show free slots quickly."  # R7 fails
    passing.data.use_cases = passing.data.use_cases[:4]  # HG5 fails
    report = validate(passing.data, name=passing.name)
    assert {c.id for c in report.failing()} == {"R7", "HG5"}
    total = sum(WEIGHTS[c.severity] for c in report.checks)
    assert report.total_weight == total
    assert report.passed_weight == total - 3 - 1
    assert report.score == round(100 * (total - 4) / total)
    assert sum(c.total_weight for c in report.categories) == total
    gate = next(c for c in report.categories if c.category == "gate")
    assert (gate.passed_weight, gate.total_weight, gate.passed_checks, gate.total_checks) == (27, 30, 9, 10)


def test_a_failing_hard_gate_fails_the_prd_whatever_the_score(passing):
    passing.data.goals = []
    report = validate(passing.data, name=passing.name, artifacts=TYPES)
    assert report.score >= 95 and not report.gates_passed and not report.passed


def test_warnings_alone_fail_the_prd_once_the_score_drops_below_95(passing):
    passing.data.nfrs[0].statement = "It should show free slots quickly, etc."
    report = validate(passing.data, name=passing.name)
    assert report.gates_passed and report.score < 95 and not report.passed
    assert {c.id for c in report.failing()} == {"R7", "R9", "R24", "EARS"}


def test_artifact_checks_run_only_for_the_diagrams_that_exist(passing):
    none = validate(passing.data, name=passing.name)
    some = validate(passing.data, name=passing.name, artifacts=["class_diagram", "use_case"])
    assert not [c for c in none.checks if c.category == "artifact"]
    assert {c.id for c in some.checks if c.category == "artifact"} == {"UCD1", "UCD2", "UCD3", "CLS1", "CLS2"}


def test_text_findings_say_where_the_statement_is_and_which_words_to_highlight(passing):
    passing.data.use_cases[0].steps[1] = "Patient picks a free slot if possible"
    finding = validate(passing.data, name=passing.name).check("R8").findings[0]
    assert finding.item == "use_cases/UC-1/steps/2"
    assert finding.where == "UC-1 'Book an appointment', step 2"
    assert finding.text == "Patient picks a free slot if possible"
    assert [(s.start, s.end, s.text) for s in finding.spans] == [(26, 37, "if possible")]


def test_every_requirement_statement_gets_its_ears_pattern(passing):
    report = validate(passing.data, name=passing.name)
    assert [(e.item, e.pattern) for e in report.ears] == [
        ("constraints/technical/1", "ubiquitous"),
        ("nfrs/1/statement", "ubiquitous"),
        ("nfrs/2/statement", "event-driven"),
        ("nfrs/3/statement", "unwanted-behaviour"),
    ]


def test_a_stored_report_rebuilds_to_the_same_report(passing):
    passing.data.nfrs[0].statement = "Slots load fast/slow"
    report = validate(passing.data, name=passing.name, artifacts=TYPES)
    stored = report.model_dump(mode="json")
    assert Report.model_validate(stored) == report


def test_the_diff_of_two_runs_shows_what_is_new_fixed_and_still_failing(passing):
    passing.data.nfrs[0].statement = "The system shall show free slots quickly."
    passing.data.nfrs[1].statement = "Sign-in shall be easy."
    before = validate(passing.data, name=passing.name)
    passing.data.nfrs[0].statement = "The system shall show free slots within 2 seconds."
    passing.data.nfrs[2].statement = "The system shall retry as needed."
    after = validate(passing.data, name=passing.name)
    changes = diff(before, after)
    assert {f.key for f in changes.fixed} == {"R7:nfrs/1/statement"}
    assert {f.key for f in changes.still_failing} == {"R7:nfrs/2/statement", "EARS:nfrs/2/statement"}
    assert {f.key for f in changes.new} == {"R8:nfrs/3/statement"}


def test_findings_keep_their_keys_from_run_to_run(passing):
    passing.data.use_cases = passing.data.use_cases[:3]
    first, second = validate(passing.data), validate(PRDData.model_validate(passing.data.model_dump()))
    assert [f.key for f in first.findings()] == [f.key for f in second.findings()]
    assert diff(first, second).new == [] and diff(first, second).fixed == []
    assert {f.key for f in diff(None, first).new} == {f.key for f in first.findings()}


def test_the_explanation_shows_how_the_score_was_computed(passing):
    report = validate(passing.data)
    assert f"100 × {report.passed_weight} passed weight / {report.total_weight} total weight" in report.explanation()


def test_a_stored_finding_carries_its_key(passing):
    passing.data.use_cases = passing.data.use_cases[:3]
    stored = validate(passing.data).model_dump(mode="json")
    hg5 = next(c for c in stored["checks"] if c["id"] == "HG5")
    assert hg5["findings"][0]["key"] == "HG5:use_cases"


def test_an_unknown_artifact_type_is_refused(passing):
    with pytest.raises(ValueError, match="unknown artifact type 'mind_map'"):
        validate(passing.data, artifacts=["mind_map"])


_text = st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=60)


@settings(max_examples=40, deadline=None)
@given(names=st.lists(_text.filter(visible_name), min_size=1, max_size=4), steps=st.lists(_text, max_size=4))
def test_any_text_anywhere_gives_a_report_whose_score_follows_its_checks(names, steps):
    d = PRDData.model_validate(
        {
            "actors": [{"name": n, "role": n} for n in names],
            "use_cases": [{"name": n, "actor": n, "description": n, "steps": steps} for n in names],
            "data_entities": [{"name": n, "attributes": steps} for n in names],
            "nfrs": [{"statement": s} for s in steps if s.strip()],
            "system_boundaries": {"external": names, "out_of_scope": steps},
        }
    )
    report = validate(d, name=names[0], artifacts=TYPES)
    assert report.total_weight == sum(c.weight for c in report.checks)
    assert all(c.findings for c in report.checks if not c.passed)
    assert Report.model_validate(report.model_dump(mode="json")) == report
