from langgraph.checkpoint.memory import MemorySaver

from core.intake import graph as intake_graph
from core.intake import questions
from core.intake.graph import builder, fast_intent
from core.intake.state import TurnState

STORY = "Line workers report defects. Supervisors approve repairs."


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
    assert all(a != b for a, b in zip(seen, seen[1:]) if a is not None)


def test_after_the_last_question_the_assistant_offers_to_generate(monkeypatch):
    monkeypatch.setattr(questions, "next_question", lambda data, state: None)
    out = intake_graph.graph.invoke(TurnState(message="done"))
    assert out["question_id"] is None
    assert "Generate artifacts" in out["reply"]


def test_the_offline_reply_names_what_the_answer_added_with_markdown_kept_literal():
    from core.intake.graph import captured
    from core.project_data import Actor, PRDData, UseCase

    delta = PRDData(
        actors=[Actor(name="Line Worker"), Actor(name="[Boss](http://evil.example)")],
        use_cases=[UseCase(name=f"Report defect {n}") for n in range(6)],
    )
    text = captured(delta)
    assert text.startswith("actors “Line Worker” and “\\[Boss\\]\\(http\\:")
    assert "use cases “Report defect 0”" in text and "and 2 more" in text
    assert captured(PRDData()) == ""
