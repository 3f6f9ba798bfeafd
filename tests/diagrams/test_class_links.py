"""The class diagram draws what a link means: inheritance as a hollow triangle on the parent, a whole
and its parts as a filled (composition) or hollow (aggregation) diamond on the whole."""

from __future__ import annotations

import re

from core.diagrams import class_diagram
from core.diagrams.check import mermaid_structure_ok, verify
from core.intake.merge import merge
from core.prd import DataEntity, PRDData, Relationship, Source

DATA = PRDData(
    data_entities=[
        DataEntity(
            name="Order",
            attributes=["number"],
            relationships=[
                Relationship(target="Line item", kind="one_to_many", label="consists of", type="composition"),
                Relationship(target="Customer", kind="many_to_one", label="placed by"),
            ],
        ),
        DataEntity(name="Van", relationships=[Relationship(target="Vehicle", type="generalization")]),
        DataEntity(
            name="Fleet",
            relationships=[Relationship(target="Van", kind="one_to_many", label='"groups"', type="aggregation")],
        ),
        DataEntity(name="Vehicle", attributes=["plate"]),
    ]
)


def drawing():
    (d,) = class_diagram.generate(DATA)
    return d


def edge(text: str, label: str) -> str:
    return next(line for line in text.splitlines() if label in line)


def test_a_kind_of_link_is_an_inheritance_arrow_without_multiplicities():
    d = drawing()
    assert "arrowhead=empty" in edge(d.dot, "is a") and "taillabel" not in edge(d.dot, "is a")
    assert re.fullmatch(r"n\d+ --\|> n\d+ : is a", edge(d.mermaid, "is a").strip())


def test_a_whole_and_its_parts_put_a_filled_diamond_on_the_whole():
    d = drawing()
    dot = edge(d.dot, "consists of")
    assert "arrowtail=diamond" in dot and "dir=both" in dot and 'headlabel="*"' in dot
    assert re.fullmatch(r'n1 "1" \*-- "\*" n\d+ : consists of', edge(d.mermaid, "consists of").strip())


def test_a_collection_puts_a_hollow_diamond_on_the_whole_and_escapes_its_label():
    d = drawing()
    assert "arrowtail=odiamond" in edge(d.dot, "groups") and "&quot;groups&quot;" in edge(d.dot, "groups")
    assert re.fullmatch(r'n\d+ "1" o-- "\*" n\d+ : #34;groups#34;', edge(d.mermaid, "groups").strip())


def test_a_plain_association_keeps_its_open_arrow():
    d = drawing()
    assert "arrowhead=vee" in edge(d.dot, "placed by")
    assert " --> " in edge(d.mermaid, "placed by")


def test_every_kind_of_link_passes_the_diagram_check(dot_binary):
    d = drawing()
    assert mermaid_structure_ok(d.mermaid)
    verify([d])


def test_every_kind_of_link_renders_in_mermaid(mermaid_checker):
    (result,) = mermaid_checker.check([drawing().mermaid])
    assert result["ok"], result.get("error")


def test_merging_a_new_reading_keeps_what_a_link_means():
    current = PRDData(data_entities=[DataEntity(name="Order", relationships=[Relationship(target="Line item")])])
    delta = PRDData(
        data_entities=[
            DataEntity(
                name="Order",
                source=Source(kind="message", message_id=3),
                relationships=[Relationship(target="Line item", kind="one_to_many", type="composition")],
            )
        ]
    )
    (rel,) = merge(current, delta).data_entities[0].relationships
    assert (rel.kind, rel.type) == ("one_to_many", "composition")
