"""One "Generate": close the intake when it is ready, draw every diagram that has data, and
validate the PRD, so the chat's word and button do what the Diagrams and Validation pages do."""

from __future__ import annotations

from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from core import artifacts
from core.diagrams import ACTIVITY, CLASS, CONTEXT, SEQUENCE, TITLES, TYPES, USE_CASE
from core.intake.replies import READY_SCORE
from core.permissions import Actor, Permission, require
from core.projects import storage
from core.projects.scope import project_in_team
from core.validation.runs import run_validation

# Why a type has nothing to draw: what the project data lacks for it.
WHY_NOT_DRAWN = {
    CONTEXT: "it needs actors or external systems",
    USE_CASE: "it needs use cases",
    CLASS: "it needs data entities",
    SEQUENCE: "no use case has steps yet",
    ACTIVITY: "no use case has steps yet",
}


class Generated(BaseModel):
    """What one Generate did: the types drawn, those that could not be yet and why, the score."""

    drawn: list[str] = Field(default_factory=list)
    not_drawn: dict[str, str] = Field(default_factory=dict)  # type -> what to add first
    score: int | None = None
    passed: bool | None = None
    closed_intake: bool = False

    def summary(self) -> str:
        """The sentence the chat shows: what was drawn, what was not and why, and the score."""
        parts = []
        if self.drawn:
            parts.append("Drawn: " + ", ".join(TITLES[t] for t in self.drawn) + ".")
        else:
            parts.append("No diagram could be drawn yet.")
        for artifact_type, why in self.not_drawn.items():
            parts.append(f"The {TITLES[artifact_type].lower()} is not drawn yet: {why}.")
        if self.not_drawn:
            parts.append("Add what is missing on the Project data page, then generate again.")
        if self.score is not None:
            verdict = "passes" if self.passed else "does not pass yet"
            parts.append(f"Validation: score {self.score}/100, {verdict}.")
        return " ".join(parts)


def generate_everything(db: Session, *, actor: Actor, project_id: int, tell_chat: bool = True) -> Generated:
    """Close a ready intake, draw all five types (unchanged ones kept), then run validation; with
    `tell_chat` the summary is also the assistant's next message, so the chat keeps it."""
    require(actor, Permission.PROJECTS_UPDATE)
    project = project_in_team(db, actor=actor, project_id=project_id)
    result = Generated()
    stored = storage.load(db, project_id=project_id)
    if project.status == "intake" and stored.completeness >= READY_SCORE:
        from core.intake.steering import mark_intake_done

        mark_intake_done(db, actor=actor, project_id=project_id)
        result.closed_intake = True
    artifacts.generate(db, actor=actor, project_id=project_id, types=list(TYPES))
    current = {a.type: a for a in artifacts.list_current(db, actor=actor, project_id=project_id)}
    for artifact_type in TYPES:
        drawn = current.get(artifact_type)
        if drawn is not None and drawn.drawings:
            result.drawn.append(artifact_type)
        else:
            result.not_drawn[artifact_type] = WHY_NOT_DRAWN[artifact_type]
    outcome = run_validation(db, actor=actor, project_id=project_id)
    result.score, result.passed = outcome.run.score, outcome.run.passed
    if tell_chat:
        from core.intake.conversation import add_message

        text = result.summary() + " The diagrams are on the Diagrams & export page, the score on Validation."
        add_message(db, project_id=project_id, role="assistant", content=text, author_user_id=None)
    return result
