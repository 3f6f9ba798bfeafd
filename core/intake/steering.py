"""Steering the interview from the chat's sidebar: ask about a missing part, or close the
intake once the data is ready."""

from __future__ import annotations

from sqlalchemy.orm import Session

from core.errors import InvalidInput
from core.intake import questions
from core.intake.conversation import ChatStatus, add_message, chat_status
from core.intake.graph import READY_SCORE, question_for_gap, second_pass
from core.permissions import Actor, Permission, require
from core.projects import service as projects
from core.projects import storage
from core.projects.scope import project_in_team


def mark_intake_done(db: Session, *, actor: Actor, project_id: int) -> ChatStatus:
    """Close the intake once the data is ready (completeness >= READY_SCORE): the project moves
    from intake to in_progress, so diagrams can be generated from it."""
    require(actor, Permission.PROJECTS_UPDATE)
    project = project_in_team(db, actor=actor, project_id=project_id)
    stored = storage.load(db, project_id=project_id)
    if stored.completeness < READY_SCORE:
        raise InvalidInput(
            f"The requirements are {stored.completeness}% complete; generating needs {READY_SCORE}%. "
            "Answer a few more questions first."
        )
    intake = stored.intake.model_copy(update={"done": True, "phase": "review", "last_question_id": None})
    storage.store(db, project_id=project_id, data=stored.data, expected_version=stored.version, intake=intake)
    if project.status == "intake":  # like every status change: version bumped, audited
        projects.set_status(db, actor=actor, project_id=project_id, status="in_progress")
    return chat_status(db, actor=actor, project_id=project_id)


def ask_about(db: Session, *, actor: Actor, project_id: int, gap_key: str) -> int:
    """Turn the interview to a missing part: the assistant asks the bank's question for it, and
    the questions skipped earlier are open again (a second pass)."""
    require(actor, Permission.PROJECTS_UPDATE)
    project_in_team(db, actor=actor, project_id=project_id)
    stored = storage.load(db, project_id=project_id)
    reopened = second_pass(stored.intake, stored.data)
    question = question_for_gap(gap_key, stored.data, reopened)
    if question is None:
        raise InvalidInput(f"Unknown topic {gap_key!r}.")
    intake = questions.mark_asked(reopened, question.id)
    storage.store(db, project_id=project_id, data=stored.data, expected_version=stored.version, intake=intake)
    row = add_message(db, project_id=project_id, role="assistant", content=question.text, author_user_id=None)
    return row.id
