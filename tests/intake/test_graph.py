from itertools import pairwise

import pytest
from langgraph.checkpoint.memory import MemorySaver

from core.intake import graph as intake_graph
from core.intake import questions
from core.intake.graph import builder, fast_intent
from core.intake.state import TurnState
from core.prd import IntakeState, PRDData
from tests.factories import ready_prd_data

STORY = "Line workers report defects. Supervisors approve repairs."
DESCRIPTION = (
    "A marketplace where makers sell handmade furniture to private buyers. Buyers order furniture and makers ship it."
)


def test_the_builder_compiles_with_a_memory_checkpointer_and_answers_a_turn():
    compiled = builder.compile(checkpointer=MemorySaver())
    config = {"configurable": {"thread_id": "t1"}}
    out = compiled.invoke(TurnState(message=STORY, message_id=7), config)
    assert out["reply"] and out["intent"] == "provide_info"
    assert compiled.get_state(config).values["reply"] == out["reply"]


def test_stop_words_take_the_fast_path_without_extraction():
    assert fast_intent(" Skip! ") == "skip" and fast_intent("done.") == "generate"
    assert fast_intent("Buyers and sellers") is None
    out = intake_graph.graph.invoke(TurnState(message="next", last_question_id=None))
    assert out["fast_path"] and out["delta"] is None


def test_the_next_question_is_recorded_in_the_interview_state():
    out = intake_graph.graph.invoke(TurnState(message=STORY, message_id=1))
    intake = out["intake"]
    assert intake.last_question_id == out["question_id"]
    assert intake.asked[out["question_id"]] == 1
    assert out["question_text"] in out["reply"]


def test_a_skipped_question_is_not_asked_again_in_a_row():
    first = intake_graph.graph.invoke(TurnState(message=STORY, message_id=1))
    asked = first["question_id"]
    state = TurnState(data=first["data"], intake=first["intake"], message="skip", last_question_id=asked)
    second = intake_graph.graph.invoke(state)
    assert asked in second["intake"].skipped
    assert second["question_id"] != asked


def test_a_skip_after_a_skip_keeps_moving_forward():
    seen = []
    out = intake_graph.graph.invoke(TurnState(message=STORY, message_id=1))
    for _ in range(6):
        seen.append(out["question_id"])
        if out["question_id"] is None:
            break
        out = intake_graph.graph.invoke(
            TurnState(data=out["data"], intake=out["intake"], message="skip", last_question_id=out["question_id"])
        )
    assert len(seen) > 1
    assert all(a != b for a, b in pairwise(seen) if a is not None)


def test_after_the_last_question_a_ready_project_is_offered_the_generate_button(monkeypatch):
    monkeypatch.setattr(questions, "next_question", lambda data, state: None)
    out = intake_graph.graph.invoke(TurnState(data=ready_prd_data(), message="Nothing more to add, thanks."))
    assert out["question_id"] is None and out["completeness"] >= intake_graph.READY_SCORE
    assert "Generate diagrams and validate" in out["reply"]


def test_after_the_last_question_an_unready_project_hears_its_gaps_and_is_offered_a_second_pass():
    out = intake_graph.graph.invoke(TurnState(message=STORY, message_id=1))
    for _ in range(40):
        if out["question_id"] is None:
            break
        out = intake_graph.graph.invoke(
            TurnState(data=out["data"], intake=out["intake"], message="skip", last_question_id=out["question_id"])
        )
    assert out["question_id"] is None and out["completeness"] < intake_graph.READY_SCORE
    assert "Generate diagrams and validate" not in out["reply"]
    assert "revisit" in out["reply"] and "main gaps" in out["reply"]
    again = intake_graph.graph.invoke(TurnState(data=out["data"], intake=out["intake"], message="Revisit"))
    assert again["intent"] == "revisit" and again["question_id"] is not None
    assert again["intake"].skipped == []


def test_a_closed_intake_says_so_and_still_reads_the_message():
    intake = IntakeState(done=True, phase="review", asked={"problem": 1})
    out = intake_graph.graph.invoke(
        TurnState(data=ready_prd_data(), intake=intake, message="Managers export a monthly report.", message_id=9)
    )
    assert "Generate diagrams and validate" not in out["reply"] and "Project data" in out["reply"]
    assert out["question_id"] is None and out["intake"].phase == "review"
    assert "Manager" in {a.name for a in out["data"].actors}


@pytest.mark.parametrize("ask", ["What do you mean?", "Can you give an example?"])
def test_a_clarifying_question_explains_the_same_question_without_counting_an_ask(ask):
    first = intake_graph.graph.invoke(TurnState(message=STORY, message_id=1))
    asked = first["question_id"]
    out = intake_graph.graph.invoke(
        TurnState(data=first["data"], intake=first["intake"], message=ask, last_question_id=asked)
    )
    question = questions.get_question(asked)
    assert out["intent"] == "question" and out["question_id"] == asked
    assert question.explain and question.example
    assert out["reply"].startswith(question.explain) and f"For example: “{question.example}”" in out["reply"]
    assert out["reply"].endswith(question.text)
    assert out["intake"].asked == first["intake"].asked and out["intake"].last_question_id == asked


def test_the_first_message_is_read_as_a_whole_description():
    out = intake_graph.graph.invoke(TurnState(message=DESCRIPTION, message_id=1))
    data = out["data"]
    assert data.problem_statement.text and len(data.actors) >= 2 and len(data.use_cases) >= 2
    assert out["question_id"] != "problem"


def test_an_edit_message_removes_the_actor_instead_of_adding_one():
    first = intake_graph.graph.invoke(TurnState(message=STORY, message_id=1))
    out = intake_graph.graph.invoke(
        TurnState(
            data=first["data"],
            intake=first["intake"],
            message="Remove the actor Supervisor.",
            last_question_id=first["question_id"],
            message_id=2,
        )
    )
    assert [a.name for a in out["data"].actors] == ["Line Worker"]
    assert out["reply"].startswith("Done: removed the actor “Supervisor”")
    assert out["delta"] is None and out["question_id"] == first["question_id"]


def test_an_edit_that_matches_nothing_changes_nothing_and_points_to_the_project_data_page():
    first = intake_graph.graph.invoke(TurnState(message=STORY, message_id=1))
    out = intake_graph.graph.invoke(
        TurnState(
            data=first["data"],
            intake=first["intake"],
            message="Rename Driver to Courier.",
            last_question_id=first["question_id"],
            message_id=2,
        )
    )
    assert out["data"] == first["data"]
    assert "nothing called “Driver”" in out["reply"] and "Project data" in out["reply"]


def _answer_to_who_uses_it(message: str) -> dict:
    data = PRDData.model_validate({"problem_statement": {"text": "Parcels get lost."}})
    intake = questions.mark_asked(IntakeState(), "primary_users")
    state = TurnState(data=data, intake=intake, message=message, last_question_id="primary_users", message_id=3)
    return intake_graph.graph.invoke(state) | {"before": data}


@pytest.mark.parametrize(
    "message", ["skip", "Skip!", "next", "pass", "I don't know", "no idea", "n/a", "nope", "not sure", "ask me later"]
)
def test_a_stop_word_skips_the_question_on_the_fast_path_and_changes_no_data(message):
    out = _answer_to_who_uses_it(message)
    assert (out["intent"], out["fast_path"]) == ("skip", True)
    assert out["data"] == out["before"]
    assert "primary_users" in out["intake"].skipped
    assert out["question_id"] not in (None, "primary_users")


@pytest.mark.parametrize("message", ["done", "generate", "Generate the diagrams", "I'm done", "ready", "ok, done"])
def test_a_generate_word_asks_for_the_artifacts_on_the_fast_path_and_changes_no_data(message):
    out = _answer_to_who_uses_it(message)
    assert (out["intent"], out["fast_path"]) == ("generate", True)
    assert out["data"] == out["before"]
    assert "Here is where the requirements stand" in out["reply"] and "Not ready to generate yet" in out["reply"]
    assert out["question_id"] is None and out["intake"].last_question_id is None


def test_a_short_answer_that_is_no_stop_word_is_read_as_data():
    out = _answer_to_who_uses_it("drivers and dispatchers")
    assert (out["intent"], out["fast_path"]) == ("provide_info", False)
    assert [a.name for a in out["data"].actors] == ["Driver", "Dispatcher"]


def test_the_offline_reply_names_what_the_answer_added_with_markdown_kept_literal():
    from core.intake.replies import captured
    from core.prd import Actor, UseCase

    delta = PRDData(
        actors=[Actor(name="Line Worker"), Actor(name="[Boss](http://evil.example)")],
        use_cases=[UseCase(name=f"Report defect {n}") for n in range(6)],
    )
    text = captured(delta).replace("\u2060", "")
    assert text.startswith("actors “Line Worker” and “\\[Boss\\]\\(http\\:")
    assert "use cases “Report defect 0”" in text and "and 2 more" in text
    assert captured(PRDData()) == ""
