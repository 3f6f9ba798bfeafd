"""Validation runs: what a run stores and changes, the no-duplicate rule, the diff between runs,
who may run and read them, and the team overview."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from core import artifacts
from core.config import ROOT
from core.errors import NotFound, PermissionDenied
from core.prd import PRDData, ProjectDocument
from core.projects import service as projects
from core.projects import storage
from core.validation import RUBRIC_VERSION, Report, runs, validate
from core.validation.overview import team_scores
from db.models import ARTIFACT_TYPES, Artifact, AuditLog, Project, Team, ValidationRun
from tests.factories import add_member, make_actor, make_project, make_user

GOLDEN = ROOT / "tests" / "golden" / "project.json"
PASSING = ROOT / "tests" / "data" / "passing_project.json"


def _document(path: Path) -> ProjectDocument:
    return ProjectDocument.model_validate_json(path.read_text(encoding="utf-8"))


@pytest.fixture
def member(db):
    return make_actor(db, role="member")


def _project(db, actor, path: Path = GOLDEN) -> int:
    doc = _document(path)
    project = make_project(db, actor=actor, name=doc.name, vision=doc.vision or "A vision long enough.")
    storage.store(db, project_id=project.id, data=doc.data, expected_version=1)
    return project.id


def _edit(db, project_id: int, change) -> None:
    stored = storage.load(db, project_id=project_id)
    storage.store(db, project_id=project_id, data=change(stored.data), expected_version=stored.version)


def _runs(db, project_id: int) -> list[ValidationRun]:
    return list(db.scalars(select(ValidationRun).where(ValidationRun.project_id == project_id)))


def _with_use_case(data: PRDData, name: str, **fields) -> PRDData:
    extra = {"name": name, "actor": "Customer", "trigger": "t", "outcome": "o", **fields}
    return data.model_copy(
        update={"use_cases": [*data.use_cases, *PRDData.model_validate({"use_cases": [extra]}).use_cases]}
    )


def test_a_run_stores_the_report_and_updates_the_projects_score(db, member):
    project_id = _project(db, member)
    expected = validate(_document(GOLDEN).data, name="Online Store")  # no diagrams yet: no artifact checks
    outcome = runs.run_validation(db, actor=member, project_id=project_id)
    assert outcome.created and outcome.changes is None and f"score {expected.score}/100" in outcome.message
    (row,) = _runs(db, project_id)
    assert Report.model_validate(row.results) == expected and not expected.passed
    counts = (expected.score, expected.passed_checks, expected.failed_checks)
    assert (row.score, row.passed, row.failed, row.rubric_version) == (*counts, RUBRIC_VERSION)
    assert row.results["input_hash"] == outcome.run.input_hash
    project = db.get(Project, project_id)
    db.refresh(project)
    assert (project.validation_score, project.validation_passed, project.validation_failed) == counts
    entry = db.scalar(select(AuditLog).where(AuditLog.action == "project.validated"))
    assert entry.team_id == member.team_id and entry.target_id == str(project_id)
    assert entry.details == {
        "run_id": row.id,
        "score": expected.score,
        "passed": False,
        "rubric_version": RUBRIC_VERSION,
        "validated": [],
    }


def test_a_passing_project_passes_and_its_diagrams_become_validated(db, member):
    project_id = _project(db, member, PASSING)
    artifacts.generate(db, actor=member, project_id=project_id)
    outcome = runs.run_validation(db, actor=member, project_id=project_id)
    assert outcome.run.passed and outcome.run.score == 100 and "passes" in outcome.message
    assert sorted(outcome.validated) == sorted(ARTIFACT_TYPES)
    current = artifacts.list_current(db, actor=member, project_id=project_id)
    assert {a.status for a in current} == {"validated"} and all(a.validation_errors == [] for a in current)


def test_each_diagram_keeps_the_failing_checks_of_its_type_and_only_diagrams_without_any_are_validated(db, member):
    project_id = _project(db, member)  # the golden project: CTX1 fails on the Email Provider
    artifacts.generate(db, actor=member, project_id=project_id)
    outcome = runs.run_validation(db, actor=member, project_id=project_id)
    by_type = {a.type: a for a in artifacts.list_current(db, actor=member, project_id=project_id)}
    context = by_type.pop("context_diagram")
    assert context.status == "draft"
    assert [e["check"] for e in context.validation_errors] == ["CTX1"]
    assert "Email Provider" in context.validation_errors[0]["where"] and context.validation_errors[0]["hint"]
    assert {a.status for a in by_type.values()} == {"validated"}
    assert sorted(outcome.validated) == sorted(by_type)


def test_stale_diagrams_stay_draft(db, member):
    project_id = _project(db, member, PASSING)
    artifacts.generate(db, actor=member, project_id=project_id)
    _edit(db, project_id, lambda d: _with_use_case(d, "Return an order"))
    outcome = runs.run_validation(db, actor=member, project_id=project_id)
    assert outcome.validated == []
    assert {(a.status, a.stale) for a in artifacts.list_current(db, actor=member, project_id=project_id)} == {
        ("draft", True)
    }


def test_a_validated_diagram_with_new_errors_goes_back_to_draft_and_an_exported_one_stays(db, member):
    project = projects.get_project(db, actor=member, project_id=_project(db, member, PASSING))
    artifacts.generate(db, actor=member, project_id=project.id, types=["use_case", "class_diagram"])
    digest = artifacts.data_hash(storage.load(db, project_id=project.id).data, project.name)
    assert artifacts.record_validation(db, project=project, digest=digest, errors={}) == ["use_case", "class_diagram"]
    db.execute(select(Artifact).where(Artifact.type == "class_diagram")).scalar_one().status = "exported"
    error = {"check": "UCD2", "where": "use case 'x'"}
    moved = artifacts.record_validation(
        db, project=project, digest=digest, errors={"use_case": [error], "class_diagram": [error]}
    )
    assert moved == []
    statuses = {a.type: a.status for a in artifacts.list_current(db, actor=member, project_id=project.id)}
    assert statuses == {"use_case": "draft", "class_diagram": "exported"}


def test_running_again_on_an_unchanged_project_stores_no_second_run_and_says_so(db, member):
    project_id = _project(db, member)
    artifacts.generate(db, actor=member, project_id=project_id)
    first = runs.run_validation(db, actor=member, project_id=project_id)
    again = runs.run_validation(db, actor=member, project_id=project_id)
    assert not again.created and again.run.id == first.run.id and "Nothing changed" in again.message
    assert len(_runs(db, project_id)) == 1
    audits = db.scalar(select(func.count()).select_from(AuditLog).where(AuditLog.action == "project.validated"))
    assert audits == 1


def test_new_data_new_diagrams_or_a_new_rubric_version_make_a_new_run(db, member, monkeypatch):
    project_id = _project(db, member)
    runs.run_validation(db, actor=member, project_id=project_id)
    _edit(db, project_id, lambda d: _with_use_case(d, "Return an order"))
    assert runs.run_validation(db, actor=member, project_id=project_id).created
    artifacts.generate(db, actor=member, project_id=project_id, types=["use_case"])
    assert runs.run_validation(db, actor=member, project_id=project_id).created
    monkeypatch.setattr(runs, "RUBRIC_VERSION", "2099.1")
    assert runs.run_validation(db, actor=member, project_id=project_id).created
    assert len(_runs(db, project_id)) == 4


def test_the_second_run_shows_what_is_new_fixed_and_still_failing(db, member):
    project_id = _project(db, member)
    runs.run_validation(db, actor=member, project_id=project_id)
    _edit(db, project_id, lambda d: _with_use_case(d, "Return an order", description="Returns are easy."))
    outcome = runs.run_validation(db, actor=member, project_id=project_id)
    changes = outcome.changes
    assert "HG5:use_cases" in {f.key for f in changes.fixed}
    assert any(f.check == "R7" and "easy" in f.text for f in changes.new)
    assert "HG4:externals/email provider" in {f.key for f in changes.still_failing}
    assert runs.changes_since_previous(db, actor=member, project_id=project_id) == changes


def test_the_view_has_the_latest_run_its_history_and_whether_the_project_changed_since(db, member):
    project_id = _project(db, member)
    assert runs.validation_view(db, actor=member, project_id=project_id).latest is None
    runs.run_validation(db, actor=member, project_id=project_id)
    _edit(db, project_id, lambda d: _with_use_case(d, "Return an order"))
    runs.run_validation(db, actor=member, project_id=project_id)
    view = runs.validation_view(db, actor=member, project_id=project_id)
    assert (
        view.up_to_date and view.previous_score == view.history[0].score and view.latest.score == view.history[-1].score
    )
    assert [p.passed for p in view.history] == [False, False] and view.changes is not None
    assert runs.run_history(db, actor=member, project_id=project_id, limit=1) == view.history[-1:]
    _edit(db, project_id, lambda d: _with_use_case(d, "Cancel an order"))
    assert not runs.validation_view(db, actor=member, project_id=project_id).up_to_date


def test_a_run_stored_in_an_older_shape_reads_without_a_report(db, member):
    project_id = _project(db, member)
    db.add(ValidationRun(project_id=project_id, score=50, passed=1, failed=1, rubric_version="0", results=[{}]))
    db.flush()
    latest = runs.latest_run(db, actor=member, project_id=project_id)
    assert latest.report is None and latest.passed is None and latest.score == 50
    assert runs.validation_view(db, actor=member, project_id=project_id).history[0].passed is None
    assert runs.run_validation(db, actor=member, project_id=project_id).created
    assert runs.stored_report({"score": "high"}) is None


def test_a_reviewer_reads_runs_but_cannot_run_one(db, member):
    project_id = _project(db, member)
    runs.run_validation(db, actor=member, project_id=project_id)
    reviewer = add_member(db, team=db.get(Team, member.team_id), user=make_user(db), role="reviewer")
    assert runs.latest_run(db, actor=reviewer, project_id=project_id).report.check("HG5").passed is False
    assert len(runs.run_history(db, actor=reviewer, project_id=project_id)) == 1
    assert runs.validation_view(db, actor=reviewer, project_id=project_id).latest is not None
    with pytest.raises(PermissionDenied):
        runs.run_validation(db, actor=reviewer, project_id=project_id)


@pytest.mark.parametrize(
    "call",
    [runs.run_validation, runs.latest_run, runs.run_history, runs.validation_view, runs.changes_since_previous],
)
def test_another_teams_project_is_not_found(db, member, call):
    project_id = _project(db, member)
    stranger = make_actor(db, role="owner")
    with pytest.raises(NotFound):
        call(db, actor=stranger, project_id=project_id)
    assert _runs(db, project_id) == []


def test_the_team_overview_lists_every_project_of_the_team_with_its_latest_score(db, member):
    passing = _project(db, member, PASSING)
    failing = _project(db, member)
    never = make_project(db, actor=member, name="Draft idea").id
    for project_id in (passing, failing):
        runs.run_validation(db, actor=member, project_id=project_id)
    _edit(db, failing, lambda d: _with_use_case(d, "Return an order"))
    latest = runs.run_validation(db, actor=member, project_id=failing).run
    _project(db, make_actor(db, role="owner"))  # another team's project stays out
    rows = {r.project_id: r for r in team_scores(db, actor=member)}
    assert list(rows) == [passing, never, failing]  # by name
    assert (rows[passing].score, rows[passing].passed) == (100, True)
    assert (rows[failing].score, rows[failing].passed, rows[failing].validated_at) == (
        latest.score,
        False,
        latest.created_at,
    )
    assert (rows[never].score, rows[never].passed, rows[never].validated_at) == (None, None, None)


def test_the_team_overview_filters_by_status_and_leaves_archived_projects_out_by_default(db, member):
    kept = _project(db, member)
    archived = _project(db, member, PASSING)
    projects.set_status(db, actor=member, project_id=kept, status="validation")
    projects.archive_project(db, actor=member, project_id=archived)
    reviewer = add_member(db, team=db.get(Team, member.team_id), user=make_user(db), role="reviewer")
    assert [r.project_id for r in team_scores(db, actor=reviewer)] == [kept]
    assert [r.project_id for r in team_scores(db, actor=reviewer, statuses=["archived"])] == [archived]
    assert team_scores(db, actor=reviewer, statuses=["intake", "bogus"]) == []
