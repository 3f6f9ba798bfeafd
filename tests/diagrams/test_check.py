"""A diagram that would not parse is refused, naming the item that broke it."""

from __future__ import annotations

import pytest

from core.diagrams import Drawing, LabelUse, escape, generate_all
from core.diagrams import check as check_module
from core.diagrams.check import DiagramRefused, dot_structure_ok, mermaid_structure_ok, verify
from core.diagrams.render import inline_svg, render_svgs
from core.errors import InvalidInput
from core.prd import PRDData

DATA = PRDData.model_validate(
    {"actors": [{"name": "Buyer <vip>"}], "use_cases": [{"name": "Pay", "actor": "Buyer <vip>", "steps": ["Pay"]}]}
)


def _broken(label: str) -> Drawing:
    return Drawing(
        type="context_diagram",
        title="Context diagram",
        dot=f"digraph g {{ n1 [label=<{label}>]; }}\n",
        mermaid='flowchart LR\n  n1["x"]\n',
        labels=[LabelUse(item="system name", text="Shop"), LabelUse(item="actor 'Buyer <vip>'", text=label)],
    )


def test_generated_diagrams_pass_the_check():
    verify(generate_all(DATA, system="Shop").all())


def test_a_drawing_graphviz_refuses_names_the_item_that_broke_it(dot_binary, monkeypatch):
    monkeypatch.setattr(check_module, "dot_label", lambda text: f"<{text}>")
    with pytest.raises(DiagramRefused) as caught:
        verify([_broken("Buyer <vip>")])
    assert "actor 'Buyer <vip>'" in caught.value.message


def _leave_raw(monkeypatch, marker: str) -> None:
    """Mermaid escaping skips lines holding `marker`, as a broken escaper would."""
    escaped = escape._mermaid_line
    monkeypatch.setattr(
        escape,
        "_mermaid_line",
        lambda line, context=escape.FLOWCHART: line if marker in line else escaped(line, context),
    )


def test_a_drawing_mermaid_would_refuse_names_the_item_that_broke_it(monkeypatch):
    _leave_raw(monkeypatch, "vip")
    with pytest.raises(InvalidInput) as caught:
        verify(generate_all(DATA, system="Shop").all())
    assert "actor 'Buyer <vip>'" in caught.value.plain and "Mermaid" in caught.value.plain


def test_a_refusal_cuts_long_names(monkeypatch):
    long_name = "**Buyer** [vip](http://x) " + "x" * 100
    data = PRDData.model_validate({"actors": [{"name": long_name}]})
    _leave_raw(monkeypatch, "vip")
    with pytest.raises(DiagramRefused) as caught:
        verify(generate_all(data, system="Shop").all())
    assert f"actor '{long_name[:60]}…'" in caught.value.plain
    assert "x" * 61 not in caught.value.message


def test_a_diagram_with_nothing_in_it_fails_the_structural_checks():
    assert not mermaid_structure_ok("classDiagram\n")
    assert not mermaid_structure_ok("sequenceDiagram\n  autonumber\n")
    assert not mermaid_structure_ok('flowchart LR\n  subgraph n1["x"]\n  end\n')
    assert not dot_structure_ok('digraph g {\n  node [fontname="Helvetica"];\n}\n')


def test_without_graphviz_a_malformed_drawing_is_refused_by_the_structural_check(monkeypatch):
    monkeypatch.setattr(check_module, "dot_available", lambda: False)
    with pytest.raises(InvalidInput, match="DOT text is malformed"):
        verify([_broken("Buyer <vip")])


def test_a_mermaid_label_with_raw_punctuation_is_refused():
    drawing = _broken("ok").model_copy(update={"mermaid": 'flowchart LR\n  n1["a --> b"]\n'})
    with pytest.raises(InvalidInput, match="Mermaid text is malformed"):
        verify([drawing])


def test_the_structural_checks_spot_unbalanced_blocks():
    assert not mermaid_structure_ok('flowchart LR\n  subgraph n1["x"]\n  n2["y"]\n')
    assert not dot_structure_ok("digraph g { n1 [label=<a>]; \n")
    assert dot_structure_ok("digraph g { n1 -> n2 [label=<a<BR/>b>]; }\n")


def test_svgs_are_drawn_in_one_batch_and_fit_inline_in_html(dot_binary):
    svgs = render_svgs([d.dot for d in generate_all(DATA, system="Shop").all()])
    assert all(s and "<svg" in s for s in svgs)
    inline = inline_svg(svgs[0])
    assert inline.startswith("<svg") and "http" not in inline and "Buyer &lt;vip&gt;" in inline
