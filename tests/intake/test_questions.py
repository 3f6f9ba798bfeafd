"""The question bank and the rule that picks the next question (DESIGN §5)."""

from __future__ import annotations

import pytest

from core.intake.questions import (
    PHASES,
    QUESTIONS,
    current_phase,
    get_question,
    mark_asked,
    mark_skipped,
    next_question,
    score,
)
from core.prd import Actor, IntakeState, PRDData, ProblemStatement

DESIGN_ORDER = (
    "vision",
    "actors",
    "external_systems",
    "use_cases",
    "scope",
    "data_entities",
    "constraints",
    "success_metrics",
    "nfrs",
    "review",
)


def with_problem() -> PRDData:
    return PRDData(problem_statement=ProblemStatement(text="Parcels get lost."))


def test_an_interview_where_every_question_is_skipped_walks_the_phases_in_the_design_order():
    state, walked = IntakeState(), []
    for _ in range(len(QUESTIONS) + 1):
        question = next_question(PRDData(), state)
        if question is None:
            break
        assert question.phase == current_phase(PRDData(), state), f"{question.id} is asked out of its phase"
        if not walked or walked[-1] != question.phase:
            walked.append(question.phase)
        state = mark_skipped(mark_asked(state, question.id), question.id)
    else:
        pytest.fail("the interview never ends")
    assert tuple(walked) == DESIGN_ORDER


def test_the_bank_is_well_formed():
    ids = [q.id for q in QUESTIONS]
    assert len(ids) == len(set(ids))
    assert {q.phase for q in QUESTIONS} == set(PHASES)
    assert all(p in ids for q in QUESTIONS for p in q.prerequisites)
    assert all(q.gate is None or q.gate in {f"HG{n}" for n in range(1, 10)} for q in QUESTIONS)
    assert all(q.text.strip() and q.target for q in QUESTIONS)
    assert [PHASES.index(q.phase) for q in QUESTIONS] == sorted(PHASES.index(q.phase) for q in QUESTIONS)


def test_the_interview_starts_with_the_problem():
    assert next_question(PRDData(), IntakeState()).id == "problem"


def test_primary_users_is_skipped_once_there_are_two_actors():
    data = with_problem()
    assert next_question(data, IntakeState()).id == "primary_users"
    data.actors = [Actor(name="Driver"), Actor(name="Dispatcher")]
    assert next_question(data, IntakeState()).id != "primary_users"


def test_a_failing_gate_adds_three_and_the_current_phase_two():
    question = get_question("primary_users")
    state = IntakeState()
    assert score(question, with_problem(), state, "actors") == question.base_priority + 3 + 2
    two = with_problem().model_copy(update={"actors": [Actor(name="A"), Actor(name="B")]})
    assert score(question, two, state, "vision") == question.base_priority


def test_each_time_asked_costs_two_points():
    question = get_question("goals")
    once, twice = mark_asked(IntakeState(), "goals"), mark_asked(mark_asked(IntakeState(), "goals"), "goals")
    assert score(question, PRDData(), once, "x") - score(question, PRDData(), twice, "x") == 2


def test_the_question_just_asked_is_not_asked_again_in_a_row():
    state = mark_asked(IntakeState(), "problem")
    assert next_question(PRDData(), state).id != "problem"


def test_a_skipped_question_is_not_asked_again():
    state = mark_skipped(mark_asked(IntakeState(), "problem"), "problem")
    state = mark_asked(state, "primary_users")
    assert "problem" not in {next_question(PRDData(), state).id}
    assert current_phase(PRDData(), state) != "vision"


def test_an_unanswered_question_comes_back_later_but_only_up_to_its_limit():
    question = get_question("problem")
    state = mark_asked(mark_asked(IntakeState(), "problem"), "primary_users")
    assert next_question(PRDData(), state).id == "problem"
    state = mark_asked(mark_asked(state, "problem"), "primary_users")
    assert state.asked["problem"] == question.max_asks
    assert next_question(PRDData(), state).id != "problem"


def test_questions_wait_for_their_prerequisites():
    data = with_problem()
    asked = [q.id for q in QUESTIONS if "primary_users" in q.prerequisites]
    assert next_question(data, IntakeState()).id not in asked


def test_current_phase_is_the_earliest_phase_with_an_open_question():
    assert current_phase(PRDData(), IntakeState()) == "vision"
    assert current_phase(with_problem(), IntakeState()) == "actors"


@pytest.mark.parametrize("phase", DESIGN_ORDER)
def test_every_phase_has_a_question_that_can_be_reached(phase):
    state = IntakeState()
    for question in QUESTIONS:
        if question.phase == phase:
            break
        state = mark_skipped(mark_asked(state, question.id), question.id)
    state = state.model_copy(update={"last_question_id": None})
    assert next_question(PRDData(), state).phase == phase


def test_once_everything_is_answered_or_skipped_there_is_no_question_and_the_phase_is_review():
    state = IntakeState()
    for question in QUESTIONS:
        state = mark_skipped(mark_asked(state, question.id), question.id)
    assert next_question(PRDData(), state) is None
    assert current_phase(PRDData(), state) == "review"


def test_a_finished_intake_asks_nothing():
    assert next_question(PRDData(), IntakeState(done=True)) is None


def test_mark_asked_counts_remembers_and_moves_the_phase():
    state = mark_asked(mark_asked(IntakeState(), "goals"), "goals")
    assert (state.asked["goals"], state.last_question_id, state.phase) == (2, "goals", "success_metrics")


def test_an_unknown_question_id_is_a_key_error():
    with pytest.raises(KeyError):
        get_question("nope")
