"""The chat's opening: the vision typed when the project was made is read as the problem
statement (with the kinds of users it names), and the first question builds on it, so a
new chat neither sits at 0% nor waits for the user to start."""

from __future__ import annotations

from dataclasses import dataclass

from core.intake import questions
from core.intake.merge import merge
from core.intake.offline import extract_document, extract_offline
from core.intake.replies import captured
from core.markdown import escape_inline
from core.prd import IntakeState, PRDData

OPENING = "Let's start from your vision, “{vision}”, which I took as the problem statement{more}."
NO_VISION = "Tell me about your product: what it is, who uses it and what they do with it."


@dataclass(frozen=True)
class Opening:
    """The data and interview state after reading the vision, and the assistant's first words."""

    data: PRDData
    intake: IntakeState
    reply: str


def read_vision(vision: str, *, data: PRDData | None = None, message_id: int | None = None) -> PRDData:
    """What the vision adds: itself as the problem statement, plus the kinds of users it names."""
    data = data or PRDData()
    text = " ".join(vision.split())
    if not text:
        return PRDData()
    described = extract_document(data=data, text=vision, message_id=message_id)
    problem = extract_offline(data=data, question_id="problem", answer=text, message_id=message_id)
    delta = merge(described, problem.model_copy(update={"problem_statement": PRDData().problem_statement}))
    # a vision says who it is for and why; what it tells of today ("patients can only book by phone")
    # is no task of the product, and its nouns are no data: only its actors are kept besides the problem
    return PRDData(actors=delta.actors, problem_statement=problem.problem_statement)


def open_chat(
    vision: str,
    *,
    data: PRDData | None = None,
    intake: IntakeState | None = None,
    message_id: int | None = None,
) -> Opening:
    """Start the interview from the vision: data read from it, the first question asked."""
    data, intake = data or PRDData(), intake or IntakeState()
    delta = read_vision(vision, data=data, message_id=message_id)
    data = merge(data, delta)
    question = questions.next_question(data, intake)
    if question is not None:
        intake = questions.mark_asked(intake, question.id)
    return Opening(data=data, intake=intake, reply=_reply(vision, delta, question))


def _reply(vision: str, delta: PRDData, question: questions.Question | None) -> str:
    text = " ".join(vision.split())
    if not text:
        return NO_VISION if question is None else question.text
    shown = text if len(text) <= 200 else text[:199].rstrip() + "…"
    noted = captured(delta.model_copy(update={"problem_statement": PRDData().problem_statement}))
    lead = OPENING.format(vision=escape_inline(shown.rstrip(".")), more=f", with {noted}" if noted else "")
    return f"{lead}\n\n{question.text}" if question is not None else lead
