"""Any text a user can type gives diagrams that Graphviz and Mermaid parse and show literally."""

from __future__ import annotations

from hypothesis import strategies as st

from core.diagrams import generate_all
from core.diagrams.check import dot_structure_ok, mermaid_structure_ok
from tests.diagrams.strategies import name, prd_data
from tests.diagrams.support import collect, dot_svgs, shown_text, squash, svg_text

projects = st.tuples(prd_data(), name)


def _drawings(count: int):
    return [d for data, system in collect(projects, count) for d in generate_all(data, system=system).all()]


def test_any_text_gives_dot_that_graphviz_draws_with_the_text_shown(dot_binary):
    drawings = _drawings(60)
    for drawing, svg in zip(drawings, dot_svgs(dot_binary, [d.dot for d in drawings])):
        shown = shown_text(svg_text(svg))
        for use in drawing.labels:
            assert squash(use.text) in shown, (use.item, drawing.dot)


def test_any_text_gives_mermaid_that_mermaid_renders_with_the_text_shown(mermaid_checker):
    drawings = _drawings(30)
    results = mermaid_checker.check([d.mermaid for d in drawings])
    for drawing, result in zip(drawings, results):
        assert result["ok"], (result.get("error"), drawing.mermaid)
        shown = shown_text(result["text"])
        for use in drawing.labels:
            assert squash(use.text) in shown, (use.item, drawing.mermaid)


def test_any_text_passes_the_structural_checks_used_without_graphviz():
    for drawing in _drawings(60):
        assert dot_structure_ok(drawing.dot), drawing.dot
        assert mermaid_structure_ok(drawing.mermaid), drawing.mermaid
