"""`python -m core diagrams` and `python -m core export`, chained after `extract`."""

from __future__ import annotations

import json
import shutil

import pytest

from core.__main__ import main
from core.config import ROOT
from core.diagrams import escape, render
from core.diagrams.render import DotError
from core.prd import PRDData, ProjectDocument

SAMPLE = ROOT / "tests" / "golden" / "project.json"


def test_diagrams_writes_dot_mermaid_and_svg_for_every_diagram(tmp_path, capsys):
    assert main(["diagrams", str(SAMPLE), "--out", str(tmp_path / "out")]) == 0
    names = {p.name for p in (tmp_path / "out").iterdir()}
    for stem in (
        "context_diagram",
        "use_case",
        "class_diagram",
        "sequence_diagram-01-uc-1",
        "activity_diagram-03-uc-3",
    ):
        assert {f"{stem}.dot", f"{stem}.mmd"} <= names
        assert (f"{stem}.svg" in names) == bool(shutil.which("dot"))
    golden = (ROOT / "tests" / "golden" / "use_case.mmd").read_text(encoding="utf-8")
    assert (tmp_path / "out" / "use_case.mmd").read_text(encoding="utf-8") == golden


@pytest.mark.parametrize(("fmt", "start"), [("md", "# Online Store\n"), ("html", "<!DOCTYPE html>")])
def test_export_prints_the_prd(fmt, start, capsys):
    assert main(["export", str(SAMPLE), "--format", fmt]) == 0
    assert capsys.readouterr().out.startswith(start)


def test_extract_output_chains_into_diagrams_and_export(tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    notes = tmp_path / "notes.md"
    notes.write_text(
        "# Bike rental\n\nRent city bikes by the hour from any station.\n\n"
        "As a rider, I want to unlock a bike so that I can ride.\n"
        "As a rider, I want to pay for a ride so that the rental ends.\n",
        encoding="utf-8",
    )
    assert main(["extract", str(notes), "--engine", "offline"]) == 0
    project = tmp_path / "project.json"
    project.write_text(capsys.readouterr().out, encoding="utf-8")
    assert json.loads(project.read_text())["name"]
    assert main(["diagrams", str(project), "--out", str(tmp_path / "d")]) == 0
    assert (tmp_path / "d" / "use_case.mmd").exists()
    assert main(["export", str(project), "--format", "md"]) == 0
    assert "## Use cases" in capsys.readouterr().out


def test_a_file_that_is_not_a_project_document_is_refused(tmp_path, capsys):
    bad = tmp_path / "bad.json"
    bad.write_text('{"name": ""}', encoding="utf-8")
    assert main(["export", str(bad)]) == 2
    assert "not a project document" in capsys.readouterr().err


def _dot_failing_on_the_class_diagram(source: str, fmt: str, tool: str = "dot") -> bytes:
    if "digraph class_diagram" in source:
        raise DotError("Error: syntax error in line 3")
    return b'<?xml version="1.0"?>\n<svg viewBox="0 0 10 10"></svg>\n'


def test_diagrams_says_which_svg_graphviz_could_not_draw(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(render, "dot_available", lambda: True)
    monkeypatch.setattr(render, "run_dot", _dot_failing_on_the_class_diagram)
    assert main(["diagrams", str(SAMPLE), "--out", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert "class_diagram.svg not written: Graphviz could not draw it (Error: syntax error in line 3)" in err
    names = {p.name for p in tmp_path.iterdir()}
    assert {"class_diagram.dot", "class_diagram.mmd", "use_case.svg"} <= names and "class_diagram.svg" not in names


def test_diagrams_without_graphviz_says_no_svg_is_written(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(render, "dot_available", lambda: False)
    assert main(["diagrams", str(SAMPLE), "--out", str(tmp_path)]) == 0
    assert "Graphviz (dot) is not installed: no .svg written" in capsys.readouterr().err
    assert not list(tmp_path.glob("*.svg"))


def test_diagrams_of_an_empty_project_writes_nothing_and_says_why(tmp_path, capsys):
    project = tmp_path / "empty.json"
    project.write_text(ProjectDocument(name="Empty").model_dump_json(), encoding="utf-8")
    assert main(["diagrams", str(project), "--out", str(tmp_path / "d")]) == 0
    assert list((tmp_path / "d").iterdir()) == []
    assert "no class diagram: nothing to draw yet" in capsys.readouterr().err


def test_a_diagram_that_would_not_parse_is_named_in_plain_text(tmp_path, capsys, monkeypatch):
    escaped = escape._mermaid_line
    monkeypatch.setattr(
        escape,
        "_mermaid_line",
        lambda line, context=escape.FLOWCHART: escaped(line, context) + ('"' if "Buyer" in line else ""),
    )
    project = tmp_path / "p.json"
    data = PRDData.model_validate({"actors": [{"name": "Buyer <vip>"}]})
    project.write_text(ProjectDocument(name="Shop", data=data).model_dump_json(), encoding="utf-8")
    assert main(["export", str(project)]) == 1
    assert "actor 'Buyer <vip>' breaks it" in capsys.readouterr().err


def test_diagrams_warns_when_a_mermaid_file_is_too_large_for_mermaid(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(render, "dot_available", lambda: False)
    entities = [
        {"name": f"Entity {i}", "attributes": [f"attribute_number_{j}: string" for j in range(8)]} for i in range(250)
    ]
    project = tmp_path / "big.json"
    project.write_text(
        ProjectDocument(name="Big", data=PRDData.model_validate({"data_entities": entities})).model_dump_json(),
        encoding="utf-8",
    )
    assert main(["diagrams", str(project), "--out", str(tmp_path / "d")]) == 0
    assert "warning: class_diagram.mmd: Its Mermaid text is" in capsys.readouterr().err
