"""Any text a user can type gives diagrams that Graphviz and Mermaid parse and show literally."""

from __future__ import annotations

from hypothesis import strategies as st

from core.diagrams import generate_all
from core.diagrams.check import dot_structure_ok, mermaid_structure_ok, verify
from core.prd import PRDData
from tests.diagrams.strategies import name, prd_data
from tests.diagrams.support import collect, dot_svgs, shown_text, squash, svg_text

projects = st.tuples(prd_data(), name)


def _drawings(count: int):
    return [d for data, system in collect(projects, count) for d in generate_all(data, system=system).all()]


def test_any_text_gives_dot_that_graphviz_draws_with_the_text_shown(dot_binary):
    drawings = _drawings(60)
    for drawing, svg in zip(drawings, dot_svgs(dot_binary, [d.dot for d in drawings]), strict=True):
        shown = shown_text(svg_text(svg))
        for use in drawing.labels:
            assert squash(use.text) in shown, (use.item, drawing.dot)


def test_any_text_gives_mermaid_that_mermaid_renders_with_the_text_shown(mermaid_checker):
    drawings = _drawings(30)
    results = mermaid_checker.check([d.mermaid for d in drawings])
    for drawing, result in zip(drawings, results, strict=True):
        assert result["ok"], (result.get("error"), drawing.mermaid)
        shown = shown_text(result["text"])
        for use in drawing.labels:
            assert squash(use.text) in shown, (use.item, drawing.mermaid)


def test_any_text_passes_the_structural_checks_used_without_graphviz():
    for drawing in _drawings(60):
        assert dot_structure_ok(drawing.dot), drawing.dot
        assert mermaid_structure_ok(drawing.mermaid), drawing.mermaid


EMPTY = PRDData()
SPARSE = [
    PRDData.model_validate({"actors": [{"name": "Buyer"}, {"name": "Bank", "kind": "external_system"}]}),
    PRDData.model_validate({"use_cases": [{"name": "Pay"}]}),
    PRDData.model_validate({"data_entities": [{"name": "Order"}]}),
    PRDData.model_validate({"system_boundaries": {"external": ["Bank"]}}),
]


def test_an_empty_project_draws_no_diagram_rather_than_one_that_does_not_parse():
    assert generate_all(EMPTY, system="Shop").all() == []
    assert [d.type for d in generate_all(SPARSE[0], system="Shop").all()] == ["context_diagram"]


def test_projects_with_one_kind_of_item_draw_diagrams_that_parse(mermaid_checker, dot_binary):
    drawings = [d for data in SPARSE for d in generate_all(data, system="Shop").all()]
    assert sorted({d.type for d in drawings}) == ["class_diagram", "context_diagram", "use_case"]
    verify(drawings)
    results = mermaid_checker.check([d.mermaid for d in drawings] + ["classDiagram\n"])
    assert [r["ok"] for r in results] == [True] * len(drawings) + [False]


TRICKY = [
    "_a_ x",
    "**bold** " + "y" * 40,
    "a\\-b " + "z" * 40 + "`",
    "wrap: x",
    "nowrap:x",
    "style a:<b>",
    "field_0: string",
    "x : y",
    "ﬂ\u2060°",
    "¶\u2060ß",
    "1) x",
    "__init__",
    "café_crème, naïve. déjà-vu",
    "a:<br>b",
]


def test_labels_with_the_punctuation_left_unencoded_render_literally_in_every_place(mermaid_checker):
    """Each text sits in each kind of place once, marked by a prefix, so no copy can stand in for it."""
    data = PRDData.model_validate(
        {
            "actors": [
                {"name": f"P{n} {t}", "kind": "external_system" if n % 2 else "human"} for n, t in enumerate(TRICKY)
            ],
            "use_cases": [
                {"name": f"U{n} {t}", "actor": f"P{n} {t}", "steps": [f"S{n} {t}", f"If C{n} {t}, then A{n} {t}"]}
                for n, t in enumerate(TRICKY)
            ],
            "data_entities": [
                {
                    "name": f"E{n} {t}",
                    "attributes": [f"F{n} {t}"],
                    "relationships": [{"target": f"T{n} {t}", "label": f"R{n} {t}"}],
                }
                for n, t in enumerate(TRICKY)
            ],
        }
    )
    drawings = generate_all(data, system="Shop").all()
    for drawing, result in zip(drawings, mermaid_checker.check([d.mermaid for d in drawings]), strict=True):
        assert result["ok"], (result.get("error"), drawing.mermaid)
        for use in drawing.labels:
            assert squash(use.text) in shown_text(result["text"]), (use.item, drawing.mermaid)
