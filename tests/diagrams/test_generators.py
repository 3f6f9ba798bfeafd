"""What each generator draws from project data, and how labels are escaped."""

from __future__ import annotations

import pytest

from core.diagrams import CLASS, CONTEXT, USE_CASE, generate, generate_all
from core.diagrams.activity import parse_step
from core.diagrams.escape import display_lines, dot_label, mermaid_label, mermaid_text
from core.diagrams.sequence import message
from core.prd import PRDData

DATA = PRDData.model_validate(
    {
        "actors": [{"name": "Buyer", "kind": "human"}, {"name": "Bank", "kind": "external_system"}],
        "use_cases": [
            {"id": "UC-1", "name": "Pay", "actor": "Buyer", "steps": ["Buyer pays", "System charges the Bank"]}
        ],
        "data_entities": [
            {"name": "Order", "attributes": ["id"], "relationships": [{"target": "Ghost", "kind": "one_to_many"}]}
        ],
    }
)


def test_a_label_keeps_the_users_line_breaks_and_wraps_long_lines():
    assert display_lines("a  b\nc", width=40) == ["a b", "c"]
    assert display_lines("x" * 90, width=40) == ["x" * 40, "x" * 40, "x" * 10]


def test_control_characters_become_a_visible_replacement_mark():
    assert display_lines("a\x00b") == ["a\ufffdb"]


def test_dot_labels_escape_markup_backslashes_and_brackets():
    assert dot_label('<b>"x" & \\N ]') == "<&lt;b&gt;&quot;x&quot; &amp; \\\\N &#93;>"


def test_mermaid_labels_keep_only_letters_digits_spaces_and_harmless_punctuation_literal():
    assert mermaid_label('a "b" --> end;') == '"a #34;b#34; --#62; end#59;"'
    assert mermaid_label("field_0: string, x.y-z café") == '"field_0: string, x.y-z café"'
    assert mermaid_text("direction TB") == "#100;irection TB"
    assert mermaid_label("") == '"#32;"'


def test_the_context_diagram_puts_the_system_in_the_middle_with_labelled_flows():
    dot = generate(DATA, CONTEXT, "Shop")[0].dot
    assert "n2 -> n1 [label=<Pay>];" in dot
    assert "n1 -> n3 [label=<Pay>, dir=both];" in dot


def test_the_use_case_diagram_keeps_actors_outside_the_system_boundary():
    dot = generate(DATA, USE_CASE, "Shop")[0].dot
    cluster = dot[dot.index("subgraph") : dot.index("}", dot.index("subgraph"))]
    assert "Pay" in cluster and "Buyer" not in cluster
    assert "label=<Shop>" in cluster


def test_the_class_diagram_shows_multiplicity_and_a_missing_target_dashed():
    drawing = generate(DATA, CLASS, "Shop")[0]
    assert 'taillabel="1", headlabel="*"' in drawing.dot
    assert "[label=<Ghost>, shape=box, style=dashed]" in drawing.dot
    assert 'n1 "1" --> "*" n2' in drawing.mermaid


@pytest.mark.parametrize(
    ("step", "condition", "action"),
    [
        ("If the card is declined, show an error", "the card is declined", "show an error"),
        ("if stock is low then reorder", "stock is low", "reorder"),
        ("Retry if the payment fails.", "the payment fails", "Retry"),
        ("If the user is a guest", "the user is a guest", ""),
        ("Verify the gift card", "", "Verify the gift card"),
    ],
)
def test_a_step_with_if_becomes_a_decision(step, condition, action):
    parsed = parse_step(step)
    assert (parsed.condition, parsed.action) == (condition, action)


def test_the_activity_diagram_branches_on_a_decision():
    data = PRDData.model_validate({"use_cases": [{"name": "Pay", "steps": ["Pay", "If it fails, retry", "Done"]}]})
    mermaid = generate_all(data).of("activity_diagram")[0].mermaid
    assert 'n4{"it fails#63;"}' in mermaid and "n4 -->|yes| n5" in mermaid and "n4 -->|no| n6" in mermaid


@pytest.mark.parametrize(
    ("step", "expected"),
    [
        ("Buyer enters the card", (0, 1, False)),
        ("System charges the card with the Bank", (1, 2, False)),
        ("Bank confirms the charge", (2, 1, True)),
        ("System shows the receipt", (1, 0, True)),
        ("System stores the order", (1, 1, False)),
    ],
)
def test_sequence_messages_go_between_actor_system_and_externals(step, expected):
    assert message(step, "Shop", ["Bank"]) == expected


def test_sequence_and_activity_diagrams_are_drawn_per_use_case_with_steps():
    data = DATA.model_copy(
        update={"use_cases": [*DATA.use_cases, DATA.use_cases[0].model_copy(update={"id": "UC-2", "steps": []})]}
    )
    diagrams = generate_all(data, system="Shop")
    assert [d.key for d in diagrams.of("sequence_diagram")] == ["UC-1"]
    assert [d.key for d in diagrams.of("activity_diagram")] == ["UC-1"]


def test_names_without_letters_or_digits_keep_their_own_nodes_and_edges():
    data = PRDData.model_validate(
        {
            "actors": [{"name": "!!!"}, {"name": "???"}],
            "use_cases": [{"name": "Pay", "actor": "!!!"}, {"name": "Ship", "actor": "???"}],
            "data_entities": [{"name": "😀", "relationships": [{"target": "🎉"}]}, {"name": "🎉"}],
        }
    )
    use_case = generate(data, USE_CASE, "Shop")[0].dot
    assert "n1 -> n4 [dir=none];" in use_case and "n2 -> n5 [dir=none];" in use_case
    assert 'n1 "*" --> "1" n2' in generate(data, CLASS, "Shop")[0].mermaid


def test_types_with_nothing_to_draw_give_no_drawing():
    assert (
        generate(PRDData(), CLASS) == [] and generate(PRDData(), USE_CASE) == [] and generate(PRDData(), CONTEXT) == []
    )
    only_actors = PRDData.model_validate({"actors": [{"name": "Buyer"}]})
    assert [len(generate(only_actors, t)) for t in (CONTEXT, USE_CASE, CLASS)] == [1, 0, 0]
