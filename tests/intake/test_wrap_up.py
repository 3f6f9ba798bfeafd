"""The assistant's wrap-up once the data is ready: it names the hard gates validation would fail
and offers to ask about them."""

from __future__ import annotations

import json

from core.config import ROOT
from core.intake import graph as intake_graph
from core.intake import questions
from core.intake.state import TurnState
from core.prd import IntakeState, PRDData
from core.validation import failing_gates
from tests.factories import ready_prd_data

ALL_ASKED = IntakeState(asked={q.id: q.max_asks for q in questions.QUESTIONS})


def _wrap_up(data: PRDData) -> dict:
    return intake_graph.graph.invoke(TurnState(data=data, intake=ALL_ASKED, message="Nothing more to add, thanks."))


def test_the_wrap_up_of_a_ready_project_names_each_failing_hard_gate_and_offers_to_ask_about_them():
    data = ready_prd_data()
    out = _wrap_up(data)
    assert out["question_id"] is None and "Generate diagrams and validate" in out["reply"]
    failing = failing_gates(data)
    assert [gate for gate, _ in failing] == ["HG3", "HG4", "HG7", "HG8", "HG9", "HG10"]
    assert f"Validation would still fail {len(failing)} of its hard gates: HG3 roles and permissions;" in out["reply"]
    assert "HG10 source reference." in out["reply"] and "Say **revisit**" in out["reply"]
    again = intake_graph.graph.invoke(TurnState(data=out["data"], intake=out["intake"], message="revisit"))
    assert again["intent"] == "revisit"
    assert questions.get_question(again["question_id"]).gate in {gate for gate, _ in failing}


def test_the_wrap_up_of_a_project_passing_every_hard_gate_says_so():
    body = json.loads((ROOT / "tests" / "data" / "passing_project.json").read_text(encoding="utf-8"))
    out = _wrap_up(PRDData.model_validate(body["data"]))
    assert "Every hard gate of the validation passes." in out["reply"] and "would still fail" not in out["reply"]


def test_an_unready_project_hears_its_gaps_not_the_gates():
    out = _wrap_up(PRDData.model_validate({"actors": [{"name": "Buyer"}]}))
    assert "main gaps" in out["reply"] and "hard gate" not in out["reply"]
