"""The state one chat turn carries through the graph; rebuilt from the database every turn."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from core.intake.edits import Edit
from core.intake.merge import Changes
from core.prd import IntakeState, PRDData

Engine = Literal["offline", "llm"]
Mode = Literal["answer", "document"]


@dataclass(kw_only=True)
class TurnState:
    """Input: the project as stored plus the user's latest message. Output: reply and tokens."""

    data: PRDData = field(default_factory=PRDData)
    """The project's data as stored when the turn started."""

    intake: IntakeState = field(default_factory=IntakeState)
    """Where the interview stands: phase, questions asked, skipped, done."""

    message: str = ""
    """The user's latest message, the only part of the conversation the turn reads."""

    message_id: int | None = None
    """The stored id of that message: every extracted item records it as its source."""

    last_question_id: str | None = None
    """The question the message answers, so an answer is read in its context; None when it answers
    none (free information)."""

    free_information: bool = False
    """Sent while an earlier message had no reply: read without the pending question, since the
    user may not have seen it, and never taken as skipping it."""

    engine: Engine = "offline"
    """Which engine extracts and phrases: the rule-based one, or the language model."""

    mode: Mode = "answer"
    """An answer to a question, or a whole imported document to draft from."""

    intent: str = ""
    """What the message is: provide_info, skip, generate, question, edit, or revisit (a second
    pass over the questions left open once the interview ended short of ready)."""

    fast_path: bool = False
    """A short stop word ("skip", "next", "done"): no extraction and no model call."""

    edit: Edit | None = None
    """A correction the message asked for ("Remove the actor X"), applied to `data` directly."""

    edit_note: str = ""
    """What the correction changed, in words, for the reply."""

    delta: PRDData | None = None
    """What the message added, before it is merged into `data`."""

    changes: Changes = field(default_factory=Changes)
    """What the merge really changed: items added and updated, counted by kind."""

    merge_notes: list[str] = field(default_factory=list)
    """What the merge kept or replaced against the message (a hand edit, the problem statement),
    said in the reply so nothing is overwritten silently."""

    completeness: int = 0
    """The score of the merged data (0-100)."""

    gaps: list[str] = field(default_factory=list)
    """Labels of what is still missing, highest missing points first."""

    question_id: str | None = None
    """The question asked next, or None once every phase is covered."""

    question_text: str = ""
    """The next question as written in the bank, before any phrasing."""

    reply: str = ""
    """The assistant's reply shown to the user."""

    prompt_tokens: int = 0
    """Prompt tokens the model calls of this turn used."""

    completion_tokens: int = 0
    """Completion tokens the model calls of this turn used."""

    llm_calls: int = 0
    """How many model calls the turn made (0 on the offline engine and the fast path)."""
