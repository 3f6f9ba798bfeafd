"""The Validation page as a member (runs it) and as a reviewer (reads it), and the team's
validation overview on the Projects page."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select

from core import artifacts
from core.config import ROOT
from core.prd import PRDData, ProjectDocument
from core.projects import storage
from core.validation import runs
from db.models import Team, ValidationRun
from db.session import session_scope
from tests.factories import add_member, make_actor, make_project, make_user
from tests.pages.apptest import open_app

PAGE = "pages/validation.py"
GOLDEN = ROOT / "tests" / "golden" / "project.json"
PASSING = ROOT / "tests" / "data" / "passing_project.json"
CHARTS = {"validation_gauge", "validation_history", "validation_categories", "validation_failing"}


def _team(path: Path = GOLDEN, data: PRDData | None = None):
    """A member with one project of `path`'s data, and a reviewer of the same team."""
    doc = ProjectDocument.model_validate_json(path.read_text(encoding="utf-8"))
    with session_scope() as db:
        member = make_actor(db, role="member")
        project = make_project(db, actor=member, name=doc.name)
        storage.store(db, project_id=project.id, data=data or doc.data, expected_version=1)
        reviewer = add_member(db, team=db.get(Team, member.team_id), user=make_user(db), role="reviewer")
        return member, reviewer, project.id


def _run(actor, project_id: int):
    with session_scope() as db:
        return runs.run_validation(db, actor=actor, project_id=project_id)


def _charts(at) -> set[str]:
    return {c.key for c in at.get("plotly_chart")}


def _table(at, column: str):
    """The table with this column (dataframes carry no key AppTest can read)."""
    return next(d.value for d in at.dataframe if column in d.value.columns)


def _checks(at) -> list[str]:
    return list(_table(at, "Failing items")["Check"])


def test_a_member_runs_validation_and_sees_the_score_the_charts_and_the_checks(app_db):
    member, _, project_id = _team()
    at = open_app(member, PAGE, project_id=project_id)
    assert not at.exception and [i.value for i in at.info] == ["Not validated yet."]
    at.button(key="validation_run").click().run()
    assert not at.exception
    assert at.success[0].value.startswith("Validated: score ")
    assert "hard gates failing: HG4, HG5, HG10" in at.error[0].value
    assert {m.label: m.value for m in at.metric}["Hard gates passed"] == "7/10"
    assert _charts(at) == CHARTS
    tabs = ["Gates and checks", "Requirement text", "EARS patterns", "How the score works"]
    assert [t.label for t in at.tabs] == tabs
    assert {"HG1", "HG5", "R7", "EARS"} <= set(_checks(at))
    assert any("This is the first run" in c.value for c in at.caption)


def test_running_again_on_an_unchanged_project_says_nothing_changed_and_stores_no_run(app_db):
    member, _, project_id = _team()
    _run(member, project_id)
    at = open_app(member, PAGE, project_id=project_id)
    at.button(key="validation_run").click().run()
    assert not at.exception and "Nothing changed since the last run" in at.info[0].value
    with session_scope() as db:
        assert db.scalar(select(func.count()).select_from(ValidationRun)) == 1


def test_the_second_run_shows_what_is_new_fixed_and_still_failing(app_db):
    member, _, project_id = _team()
    _run(member, project_id)
    with session_scope() as db:
        stored = storage.load(db, project_id=project_id)
        extra = PRDData.model_validate(
            {"use_cases": [{"name": "Return an order", "actor": "Customer", "trigger": "t", "outcome": "o"}]}
        )
        data = stored.data.model_copy(update={"use_cases": [*stored.data.use_cases, *extra.use_cases]})
        storage.store(db, project_id=project_id, data=data, expected_version=stored.version)
    at = open_app(member, PAGE, project_id=project_id)
    assert any("changed since this run. Run validation again" in w.value for w in at.warning)
    at.button(key="validation_run").click().run()
    metrics = {m.label: m.value for m in at.metric}
    assert int(metrics["Fixed"]) >= 1 and int(metrics["Still failing"]) >= 1 and "New" in metrics
    assert not at.warning


def test_a_reviewer_reads_everything_but_has_no_run_button(app_db):
    member, reviewer, project_id = _team()
    with session_scope() as db:
        artifacts.generate(db, actor=member, project_id=project_id)
    _run(member, project_id)
    at = open_app(reviewer, PAGE, project_id=project_id)
    assert not at.exception
    assert "validation_run" not in {b.key for b in at.button}
    assert any("Read-only: as a reviewer you read the validation results" in c.value for c in at.caption)
    assert _charts(at) == CHARTS
    assert "CTX1" in _checks(at) and at.dataframe  # the diagram checks ran for the generated diagrams
    assert any("Score" in i.value and "passed weight" in i.value for i in at.info)


def test_the_checks_table_filters_by_category_severity_and_state(app_db):
    member, reviewer, project_id = _team()
    _run(member, project_id)
    at = open_app(reviewer, PAGE, project_id=project_id)
    at.button_group(key="validation_filter_category").set_value(["gate"]).run()
    assert _checks(at) == [f"HG{n}" for n in range(1, 11)]
    at.button_group(key="validation_filter_state").set_value(["Failing"]).run()
    assert _checks(at) == ["HG4", "HG5", "HG10"]
    at.button_group(key="validation_filter_category").set_value(["gate", "text", "ears"]).run()
    at.button_group(key="validation_filter_severity").set_value(["warning"]).run()
    assert _checks(at) == ["R7", "EARS"]
    assert [e.label.split(" · ")[0] for e in at.expander if e.label.startswith(("R7", "EARS"))] == [
        "EARS patterns",
        "R7 Vague terms",
    ]


def test_each_failing_gate_links_to_the_page_that_fixes_it(app_db):
    member, reviewer, project_id = _team()
    _run(member, project_id)
    at = open_app(reviewer, PAGE, project_id=project_id)
    at.button_group(key="validation_filter_state").set_value(["Failing"]).run()
    gates = [e for e in at.expander if e.label.startswith("HG")]
    assert [e.label.split(" ")[0] for e in gates] == ["HG10", "HG4", "HG5"]
    links = {e.label.split(" ")[0]: [(p.proto.page, p.proto.label) for p in e.get("page_link")] for e in gates}
    assert links["HG10"] == [("project_data", "Fix it on Project data")]
    assert links["HG5"] == [("chat", "Ask the assistant about it"), ("project_data", "Fix it on Project data")]
    hg5 = next(e for e in gates if e.label.startswith("HG5"))
    assert any("List between 5 and 15 use cases" in m.value for m in hg5.markdown)


def test_requirement_text_is_escaped_and_its_offending_words_marked(app_db):
    data = PRDData.model_validate(
        {"nfrs": [{"category": "performance", "statement": "<b>Pages</b> load *fast* [here](javascript:x)"}]}
    )
    member, reviewer, project_id = _team(data=data)
    _run(member, project_id)
    at = open_app(reviewer, PAGE, project_id=project_id)
    line = next(m.value for m in at.markdown if ":red[**" in m.value)
    assert ":red[**fast**]" in line
    assert "\\<b\\>Pages\\</b\\>" in line and "\\*:red[**fast**]\\*" in line and "\\[here\\]" in line
    assert "<b>" not in line and "](javascript" not in line
    assert "(javascript" not in line.replace("\\(javascript", "")


def test_the_ears_tab_lists_each_statement_with_its_pattern_and_a_hint_for_the_odd_ones(app_db):
    member, reviewer, project_id = _team()
    _run(member, project_id)
    at = open_app(reviewer, PAGE, project_id=project_id)
    odd = _table(at, "Closest pattern")
    assert list(odd["Text"]) == ["Pages load quickly"] and list(odd["Pattern"]) == ["Not conforming"]
    assert "shall" in odd["How to fix"][0] and odd["Closest pattern"][0] == "Ubiquitous"
    at.toggle(key="validation_ears_odd").set_value(False).run()
    assert len(_table(at, "Closest pattern")["Text"]) >= 1


def test_a_passing_prd_says_so(app_db):
    member, _, project_id = _team(PASSING)
    with session_scope() as db:
        artifacts.generate(db, actor=member, project_id=project_id)
    _run(member, project_id)
    at = open_app(member, PAGE, project_id=project_id)
    assert not at.exception and "The PRD passes: score 100" in at.success[0].value
    assert "validation_failing" not in _charts(at) and any(s.value == "No check fails." for s in at.success)


def test_a_run_in_an_older_shape_is_explained_instead_of_drawn(app_db):
    member, reviewer, project_id = _team()
    with session_scope() as db:
        db.add(ValidationRun(project_id=project_id, score=40, passed=1, failed=1, rubric_version="0", results=[]))
    at = open_app(reviewer, PAGE, project_id=project_id)
    assert not at.exception and "stored by an older rubric" in at.info[0].value and not _charts(at)


def test_the_projects_page_shows_every_projects_latest_score_filtered_by_status(app_db):
    member, reviewer, project_id = _team()
    with session_scope() as db:
        make_project(db, actor=member, name="Another idea")
    _run(member, project_id)
    at = open_app(reviewer, "pages/projects.py")
    assert not at.exception
    overview = _table(at, "Verdict")
    assert list(overview["Project"]) == ["Another idea", "Online Store"]
    assert list(overview["Verdict"]) == ["Not validated", "Fails"]
    assert "projects_overview_chart" in _charts(at)
    assert any(c.value.startswith("1 of 2 projects validated; 0 pass") for c in at.caption)
    at.multiselect(key="projects_overview_status").set_value(["completed"]).run()
    assert "No project has one of these statuses." in [i.value for i in at.info]
    assert "projects_overview_chart" not in _charts(at)
