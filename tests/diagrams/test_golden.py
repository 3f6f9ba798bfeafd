"""The sample project's diagrams, compared exactly with reviewed files (UPDATE_GOLDEN=1 rewrites them)."""

from __future__ import annotations

import os

from core.commands.diagrams import file_stem
from core.config import ROOT
from core.diagrams import TYPES, Drawing, generate_all
from core.prd import ProjectDocument

GOLDEN = ROOT / "tests" / "golden"


def sample_drawings() -> list[tuple[str, Drawing]]:
    doc = ProjectDocument.model_validate_json((GOLDEN / "project.json").read_text(encoding="utf-8"))
    out, counters = [], {}
    for drawing in generate_all(doc.data, system=doc.name).all():
        counters[drawing.type] = counters.get(drawing.type, 0) + 1
        out.append((file_stem(drawing, counters[drawing.type]), drawing))
    return out


def test_the_sample_project_draws_exactly_the_reviewed_diagrams():
    drawings = sample_drawings()
    if os.environ.get("UPDATE_GOLDEN") == "1":
        for stem, d in drawings:
            (GOLDEN / f"{stem}.dot").write_text(d.dot, encoding="utf-8")
            (GOLDEN / f"{stem}.mmd").write_text(d.mermaid, encoding="utf-8")
    for stem, d in drawings:
        assert (GOLDEN / f"{stem}.dot").read_text(encoding="utf-8") == d.dot, stem
        assert (GOLDEN / f"{stem}.mmd").read_text(encoding="utf-8") == d.mermaid, stem
    expected = {p.stem for p in GOLDEN.glob("*.dot")}
    assert expected == {stem for stem, _ in drawings}
    assert {d.type for _, d in drawings} == set(TYPES)


def test_the_sample_diagrams_render_in_mermaid(mermaid_checker):
    drawings = [d for _, d in sample_drawings()]
    results = mermaid_checker.check([d.mermaid for d in drawings])
    assert [r.get("error") for r in results if not r["ok"]] == []
    assert "Place an order" in results[1]["text"]


def test_drawing_the_same_data_twice_gives_the_same_text():
    first = [(s, d.dot, d.mermaid) for s, d in sample_drawings()]
    assert first == [(s, d.dot, d.mermaid) for s, d in sample_drawings()]
