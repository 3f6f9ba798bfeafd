"""The PRD export: Markdown that renders on GitHub, HTML with every user text escaped."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from core import artifacts
from core.diagrams import generate_all
from core.errors import NotFound
from core.export import export_html, export_markdown, render_html, render_markdown
from core.export.summary import ValidationSummary
from core.project_data import PRDData, ProjectDocument
from core.projects import storage
from db.models import AuditLog, Team, ValidationRun
from tests.factories import add_member, make_actor, make_project, make_user

SCRIPT = "<script>alert(1)</script>"


def _evil_document() -> ProjectDocument:
    """Every text field of a project holds a script tag."""
    s = SCRIPT
    data = PRDData.model_validate({
        "actors": [{"name": f"A{s}", "role": s, "description": s, "permissions": [s], "goals": [s], "kind": "external_system"},
                   {"name": f"B{s}", "role": s}],
        "use_cases": [{"id": s[:20], "name": f"U{s}", "description": s, "actor": f"B{s}", "trigger": s, "outcome": s,
                       "preconditions": [s], "postconditions": [s], "steps": [s, f"If {s}, then {s}", f"A{s} replies"]}],
        "system_boundaries": {"internal": [s], "external": [s], "in_scope": [s], "out_of_scope": [s]},
        "data_entities": [{"name": f"E{s}", "description": s, "attributes": [s],
                           "relationships": [{"target": f"F{s}", "label": s}]}],
        "problem_statement": {"text": s},
        "goals": [{"statement": s, "metric": s, "target": s, "owner": s, "due": s}],
        "constraints": {"business": [s], "technical": [s]},
        "nfrs": [{"category": s, "statement": s, "metric": s, "target": s}],
    })
    return ProjectDocument(name=f"P{s}", vision=f"V{s}", data=data)


def test_html_export_escapes_every_user_text_and_makes_no_outside_request():
    doc = _evil_document()
    validation = ValidationSummary(score=50, passed=1, failed=1, rubric_version=SCRIPT,
                                   failing=[{"check": SCRIPT, "hint": SCRIPT}])
    page = render_html(doc, generate_all(doc.data, system=doc.name), validation)
    assert "<script" not in page.lower()
    assert "&lt;script&gt;" in page
    assert not re.search(r"https?:", page)
    assert page.count("<svg") == 5


def test_html_export_without_graphviz_shows_the_mermaid_text_escaped():
    doc = _evil_document()
    page = render_html(doc, generate_all(doc.data, system=doc.name), with_svg=False)
    assert "<svg" not in page and "<script" not in page.lower() and "<pre>flowchart LR" in page


def test_markdown_export_has_every_section_and_the_diagrams_as_mermaid_blocks():
    doc = ProjectDocument.model_validate_json(open("tests/golden/project.json", encoding="utf-8").read())
    text = render_markdown(doc, generate_all(doc.data, system=doc.name))
    for heading in ("# Online Store", "## Vision", "## Problem statement", "## Goals and success metrics", "## Actors",
                    "## Use cases", "## Scope", "## Data entities", "## Constraints", "## Non-functional requirements",
                    "## Diagrams", "## Validation"):
        assert f"\n{heading}\n" in f"\n{text}"
    assert text.count("```mermaid") == 9
    assert "1. Customer reviews the cart" in text


def test_markdown_export_escapes_pipes_and_markup_in_user_text():
    doc = ProjectDocument(name="P", data=PRDData.model_validate({"actors": [{"name": "a|b", "role": "<b>*x*</b>"}]}))
    text = render_markdown(doc, generate_all(doc.data))
    assert "| a\\|b | human | \\<b\\>\\*x\\*\\</b\\> |" in text


def test_markdown_export_includes_the_validation_summary():
    summary = ValidationSummary(score=87, passed=20, failed=3, rubric_version="1", failing=[{"check": "HG5", "hint": "Add use cases"}])
    text = render_markdown(ProjectDocument(name="P"), generate_all(PRDData()), summary)
    assert "Score **87/100**" in text and "- HG5: Add use cases" in text


@pytest.fixture
def member(db):
    return make_actor(db, role="member")


@pytest.fixture
def project(db, member):
    project = make_project(db, actor=member, name="Shop", vision="Sell things to people online.")
    doc = ProjectDocument.model_validate_json(open("tests/golden/project.json", encoding="utf-8").read())
    storage.store(db, project_id=project.id, data=doc.data, expected_version=1)
    return project


def test_export_records_an_audit_entry_and_moves_current_artifacts_to_exported(db, member, project):
    artifacts.generate(db, actor=member, project_id=project.id)
    exported = export_markdown(db, actor=member, project_id=project.id)
    assert exported.filename == "shop-prd.md" and exported.content.startswith("# Shop\n")
    assert {a.status for a in artifacts.list_current(db, actor=member, project_id=project.id)} == {"exported"}
    entry = db.scalar(select(AuditLog).where(AuditLog.team_id == member.team_id, AuditLog.action == "project.exported"))
    assert entry.target_id == str(project.id) and entry.details["format"] == "markdown"
    assert len(entry.details["artifacts"]) == 5


def test_export_leaves_stale_artifacts_as_they_were(db, member, project):
    artifacts.generate(db, actor=member, project_id=project.id, types=["use_case"])
    data = storage.load(db, project_id=project.id)
    storage.store(db, project_id=project.id, data=data.data.model_copy(update={"actors": []}), expected_version=data.version)
    export_html(db, actor=member, project_id=project.id)
    assert artifacts.list_current(db, actor=member, project_id=project.id)[0].status == "draft"


def test_export_shows_the_latest_validation_run(db, member, project):
    db.add(ValidationRun(project_id=project.id, score=72, passed=18, failed=2, rubric_version="2024.1",
                         results=[{"id": "HG5", "title": "Use case list", "passed": False, "hint": "Add use cases"},
                                  {"id": "HG1", "passed": True}]))
    db.flush()
    text = export_markdown(db, actor=member, project_id=project.id).content
    assert "Score **72/100**" in text and "HG5 Use case list: Add use cases" in text and "HG1" not in text


def test_a_reviewer_can_export_but_not_another_teams_project(db, member, project):
    reviewer = add_member(db, team=db.get(Team, member.team_id), user=make_user(db), role="reviewer")
    assert export_html(db, actor=reviewer, project_id=project.id).content.startswith("<!DOCTYPE html>")
    stranger = make_actor(db, role="reviewer")
    with pytest.raises(NotFound):
        export_markdown(db, actor=stranger, project_id=project.id)
