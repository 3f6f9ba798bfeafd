"""The Diagrams & export page for each role."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import select
from streamlit.runtime.media_file_manager import MediaFileManager

from core import artifacts
from core.diagrams import escape, render
from core.diagrams.base import NOTHING_TO_DRAW
from core.prd import PRDData, ProjectDocument
from core.projects import storage
from db.models import AuditLog, Team
from db.session import session_scope
from tests.factories import add_member, make_actor, make_project, make_user
from tests.pages.apptest import open_app, shown

PAGE = "pages/artifacts.py"


def _project_with_data(role: str, data: PRDData | None = None):
    doc = ProjectDocument.model_validate_json(Path("tests/golden/project.json").read_text(encoding="utf-8"))
    if data is not None:
        doc = doc.model_copy(update={"data": data})
    with session_scope() as db:
        owner = make_actor(db, role="member")
        project = make_project(db, actor=owner, name=doc.name)
        storage.store(db, project_id=project.id, data=doc.data, expected_version=1)
        actor = (
            owner
            if role == "member"
            else add_member(db, team=db.get(Team, owner.team_id), user=make_user(db), role=role)
        )
        return owner, actor, project.id


@pytest.fixture
def downloads(monkeypatch):
    """The files download buttons build on a click, by their deferred id (AppTest keeps no server to ask)."""
    builders: dict[str, tuple[str, Callable[[], str]]] = {}
    register = MediaFileManager.add_deferred

    def add_deferred(self, data, *args, **kwargs):
        file_id = register(self, data, *args, **kwargs)
        builders[file_id] = (kwargs.get("file_name") or "", data)
        return file_id

    monkeypatch.setattr(MediaFileManager, "add_deferred", add_deferred)
    return builders


def click_download(at, key: str, downloads: dict[str, tuple[str, Callable[[], str]]]) -> tuple[str, str]:
    """One click on a download button as the browser makes it: the file is built, then the page reruns."""
    button = at.download_button(key=key)
    file_name, build = downloads[button.proto.deferred_file_id]
    content = build()
    button.click().run()
    return file_name, content


def _button_keys(at) -> set[str]:
    return {b.key for b in at.button}


def _download_keys(at) -> set[str]:
    return {b.key for b in at.get("download_button")}


def test_a_member_generates_all_five_diagrams(app_db):
    _, member, project_id = _project_with_data("member")
    at = open_app(member, PAGE, project_id=project_id)
    assert not at.exception
    at.button(key="artifacts_generate_all").click().run()
    assert not at.exception and not at.error
    with session_scope() as db:
        current = artifacts.list_current(db, actor=member, project_id=project_id)
    assert len(current) == 5
    assert at.selectbox(key="artifacts_sequence_diagram_use_case").options == [
        "UC-1 Place an order",
        "UC-2 Add a product",
        "UC-3 Ship an order",
    ]


def test_a_reviewer_sees_the_diagrams_but_no_generate_button(app_db):
    owner, reviewer, project_id = _project_with_data("reviewer")
    with session_scope() as db:
        artifacts.generate(db, actor=owner, project_id=project_id)
    at = open_app(reviewer, PAGE, project_id=project_id)
    assert not at.exception
    assert "artifacts_generate_all" not in _button_keys(at)
    assert at.selectbox(key="artifacts_activity_diagram_use_case").value == 0
    assert any("Read-only: as a reviewer" in c.value for c in at.caption)


def test_a_reviewer_with_no_diagrams_yet_is_not_pointed_at_a_button_they_lack(app_db):
    _, reviewer, project_id = _project_with_data("reviewer")
    at = open_app(reviewer, PAGE, project_id=project_id)
    assert not at.exception
    empty = [shown(i.value) for i in at.info if "yet" in i.value]
    assert empty and not any("Generate" in text for text in empty)
    assert any("Nobody in the team has generated it yet" in text for text in empty)


def test_stale_diagrams_offer_a_regenerate_button(app_db):
    owner, member, project_id = _project_with_data("member")
    with session_scope() as db:
        artifacts.generate(db, actor=owner, project_id=project_id)
        data = storage.load(db, project_id=project_id)
        storage.store(
            db, project_id=project_id, data=data.data.model_copy(update={"actors": []}), expected_version=data.version
        )
    at = open_app(member, PAGE, project_id=project_id)
    assert any("changed since" in shown(w.value) for w in at.warning)
    at.button(key="artifacts_regenerate").click().run()
    assert not at.exception and "artifacts_regenerate" not in _button_keys(at)


def test_exporting_the_prd_is_recorded_in_the_audit_log(app_db, downloads):
    _, reviewer, project_id = _project_with_data("reviewer")
    at = open_app(reviewer, PAGE, project_id=project_id)
    with session_scope() as db:
        assert "project.exported" not in db.scalars(select(AuditLog.action)).all()
    file_name, content = click_download(at, "artifacts_export_markdown", downloads)
    assert file_name == "online-store-prd.md"
    assert not at.exception and not at.error
    assert content.startswith("# Online Store\n")
    with session_scope() as db:
        actions = db.scalars(select(AuditLog.action).where(AuditLog.team_id == reviewer.team_id)).all()
    assert actions.count("project.exported") == 1


def test_a_regenerated_diagram_can_be_compared_with_its_previous_version(app_db):
    owner, member, project_id = _project_with_data("member")
    with session_scope() as db:
        artifacts.generate(db, actor=owner, project_id=project_id, types=["class_diagram"])
        data = storage.load(db, project_id=project_id)
        renamed = [e.model_copy(update={"name": e.name + " Record"}) for e in data.data.data_entities]
        storage.store(
            db,
            project_id=project_id,
            data=data.data.model_copy(update={"data_entities": renamed}),
            expected_version=data.version,
        )
        artifacts.generate(db, actor=owner, project_id=project_id, types=["class_diagram"])
    at = open_app(member, PAGE, project_id=project_id)
    assert not at.exception
    options = at.selectbox(key="artifacts_class_diagram_compare").options
    assert len(options) == 1 and options[0].startswith("version 1 ")
    diff = next(c.value for c in at.code if c.language == "diff")
    assert "+" in diff and "Record" in diff


def test_generating_up_to_date_diagrams_again_says_so_and_keeps_their_versions(app_db):
    owner, member, project_id = _project_with_data("member")
    with session_scope() as db:
        artifacts.generate(db, actor=owner, project_id=project_id)
    at = open_app(member, PAGE, project_id=project_id)
    at.button(key="artifacts_generate_all").click().run()
    assert not at.exception and not at.error
    assert any("Already up to date: Context diagram" in s.value for s in at.success)
    with session_scope() as db:
        assert {a.version for a in artifacts.list_current(db, actor=member, project_id=project_id)} == {1}


def test_one_click_exports_the_prd_and_the_tabs_then_say_exported(app_db, downloads):
    owner, member, project_id = _project_with_data("member")
    with session_scope() as db:
        artifacts.generate(db, actor=owner, project_id=project_id)
    at = open_app(member, PAGE, project_id=project_id)
    assert any(":gray-badge[draft]" in m.value for m in at.markdown)
    assert "<!DOCTYPE html>" in click_download(at, "artifacts_export_html", downloads)[1]
    assert not at.exception and not at.error
    assert any(":blue-badge[exported]" in m.value for m in at.markdown)
    assert not any(":gray-badge[draft]" in m.value for m in at.markdown)
    assert {"artifacts_export_markdown", "artifacts_export_html"} <= _download_keys(at)


def test_the_page_names_the_item_that_broke_a_diagram_and_what_was_saved(app_db, monkeypatch):
    data = ProjectDocument.model_validate_json(Path("tests/golden/project.json").read_text(encoding="utf-8")).data
    data = data.model_copy(
        update={"actors": [*data.actors, data.actors[0].model_copy(update={"name": "Courier *fast* <b>"})]}
    )
    _, member, project_id = _project_with_data("member", data)
    escaped = escape._mermaid_line
    monkeypatch.setattr(
        escape,
        "_mermaid_line",
        lambda line, context=escape.FLOWCHART: escaped(line, context) + ('"' if "Courier" in line else ""),
    )
    at = open_app(member, PAGE, project_id=project_id)
    at.button(key="artifacts_generate_all").click().run()
    assert not at.exception
    errors = [e.value for e in at.error]  # as written to the page: the name's marks escaped
    assert any("actor 'Courier \\*fast\\* \\<b\\>' breaks it" in e for e in errors), errors
    report = shown(at.warning[-1].value)
    assert "Saved: Class diagram, Sequence diagram, Activity diagram." in report
    assert "Not saved: Context diagram, Use case diagram" in report
    with session_scope() as db:
        saved = [a.type for a in artifacts.list_current(db, actor=member, project_id=project_id)]
    assert saved == ["class_diagram", "sequence_diagram", "activity_diagram"]


def test_without_graphviz_the_page_offers_dot_and_mermaid_but_no_svg_or_png(app_db, monkeypatch):
    owner, reviewer, project_id = _project_with_data("reviewer")
    with session_scope() as db:
        artifacts.generate(db, actor=owner, project_id=project_id, types=["context_diagram"])
    monkeypatch.setattr(render, "dot_available", lambda: False)
    at = open_app(reviewer, PAGE, project_id=project_id)
    assert not at.exception
    keys = _download_keys(at)
    assert {"artifacts_context_diagram_dot", "artifacts_context_diagram_mmd"} <= keys
    assert not {"artifacts_context_diagram_svg", "artifacts_context_diagram_png"} & keys
    assert any("need Graphviz" in c.value for c in at.caption)


def test_with_graphviz_the_page_offers_svg_and_png_too(app_db, monkeypatch):
    owner, reviewer, project_id = _project_with_data("reviewer")
    with session_scope() as db:
        artifacts.generate(db, actor=owner, project_id=project_id, types=["context_diagram"])
    monkeypatch.setattr(render, "dot_available", lambda: True)
    at = open_app(reviewer, PAGE, project_id=project_id)
    assert {"artifacts_context_diagram_svg", "artifacts_context_diagram_png"} <= _download_keys(at)


def test_an_empty_project_gets_every_tab_saying_what_to_add(app_db):
    _, member, project_id = _project_with_data("member", PRDData())
    at = open_app(member, PAGE, project_id=project_id)
    at.button(key="artifacts_generate_all").click().run()
    assert not at.exception and not at.error
    shown = {i.value for i in at.info}
    assert set(NOTHING_TO_DRAW.values()) <= shown
    assert _download_keys(at) == {"artifacts_export_markdown", "artifacts_export_html"}  # the PRD only


def test_a_project_with_only_actors_shows_its_context_diagram(app_db):
    data = PRDData.model_validate({"actors": [{"name": "Buyer"}, {"name": "Bank", "kind": "external_system"}]})
    _, member, project_id = _project_with_data("member", data)
    at = open_app(member, PAGE, project_id=project_id)
    at.button(key="artifacts_generate_all").click().run()
    assert not at.exception and not at.error
    assert "artifacts_context_diagram_mmd" in _download_keys(at)
    assert NOTHING_TO_DRAW["class_diagram"] in {i.value for i in at.info}


def test_a_diagram_too_large_for_mermaid_carries_a_warning(app_db):
    entities = [
        {"name": f"Entity {i}", "attributes": [f"attribute_number_{j}: string" for j in range(8)]} for i in range(250)
    ]
    owner, reviewer, project_id = _project_with_data("reviewer", PRDData.model_validate({"data_entities": entities}))
    with session_scope() as db:
        artifacts.generate(db, actor=owner, project_id=project_id, types=["class_diagram"])
    at = open_app(reviewer, PAGE, project_id=project_id)
    assert not at.exception
    assert any(
        "Too large for Mermaid renderers" in w.value and "DOT/SVG is complete" in shown(w.value) for w in at.warning
    )
