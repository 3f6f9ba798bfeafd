"""`python -m core diagrams` and `python -m core export`, chained after `extract`."""

from __future__ import annotations

import json
import shutil

import pytest

from core.__main__ import main
from core.config import ROOT

SAMPLE = ROOT / "tests" / "golden" / "project.json"


def test_diagrams_writes_dot_mermaid_and_svg_for_every_diagram(tmp_path, capsys):
    assert main(["diagrams", str(SAMPLE), "--out", str(tmp_path / "out")]) == 0
    names = {p.name for p in (tmp_path / "out").iterdir()}
    for stem in ("context_diagram", "use_case", "class_diagram", "sequence_diagram-01-uc-1", "activity_diagram-03-uc-3"):
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
