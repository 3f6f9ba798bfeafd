"""One chat turn (DESIGN §5): check the limits → store the user's message (committed before
any model call, once per client id) → run the graph → store the reply, tokens, one usage
event and the merged data. A turn spans two transactions so that a failed or slow model
never holds a transaction open and never loses the user's message: hence these functions
take a session factory (`scope`, session_scope by default) instead of a session."""

from __future__ import annotations

from collections.abc import Callable, Generator
from contextlib import AbstractContextManager
from pydantic import BaseModel, Field, ValidationError
from sqlalchemy.orm import Session

from core import ratelimit, usage
from core.errors import Conflict, InvalidInput, pydantic_message
from core.intake import engine as engines
from core.intake import merge, questions
from core.intake.conversation import (
    ChatStatus, add_message, chat_status, find_by_client_id, latest_message, project_in_team, reply_after,
)
from core.intake.graph import READY_SCORE, fast_intent, question_for_gap
from core.intake.state import Engine, TurnState
from core.permissions import Actor, Permission, require
from core.projects import storage
from db.models import Conversation
from db.session import session_scope

Scope = Callable[[], AbstractContextManager[Session]]
DOCUMENT_PREFIX = "doc:"
MAX_DOCUMENT_BYTES = 200 * 1024


class TurnInput(BaseModel):
    """A message as the chat sends it: the text and the id the client made for this submit."""

    text: str = Field(min_length=1, max_length=20_000)
    client_message_id: str = Field(min_length=1, max_length=60)


class TurnResult(BaseModel):
    """What a turn stored and what the page shows next."""

    user_message_id: int
    assistant_message_id: int
    reply: str
    engine: Engine
    completeness: int
    phase: str
    question_id: str | None
    prompt_tokens: int = 0
    completion_tokens: int = 0
    data_version: int
    replayed: bool = False  # a double submit: the stored reply, nothing ran again


def _clean(text: str, client_message_id: str) -> TurnInput:
    try:
        return TurnInput(text=text.strip(), client_message_id=client_message_id)
    except ValidationError as exc:
        raise pydantic_message(exc) from exc


def check_allowance(db: Session, *, actor: Actor, engine: Engine, text: str | None) -> None:
    """Refuse before anything is charged: the plan's monthly turns, then the hourly model limit."""
    usage.check_monthly_allowance(db, actor=actor)
    if engine == "llm" and (text is None or fast_intent(text) is None):
        ratelimit.check_llm_rate(db, actor=actor)


def submit_message(
    db: Session, *, actor: Actor, project_id: int, text: str, client_message_id: str, engine: Engine
) -> int:
    """Store the user's message once per client id (flush only); returns its id."""
    require(actor, Permission.PROJECTS_UPDATE)
    project_in_team(db, actor=actor, project_id=project_id)
    clean = _clean(text, client_message_id)
    existing = find_by_client_id(db, project_id=project_id, client_message_id=clean.client_message_id)
    if existing is not None:
        return existing.id
    check_allowance(db, actor=actor, engine=engine, text=clean.text)
    row = add_message(
        db, project_id=project_id, role="user", content=clean.text,
        author_user_id=actor.user_id, client_message_id=clean.client_message_id,
    )
    return row.id


def stream_turn(
    *, actor: Actor, project_id: int, text: str, client_message_id: str,
    engine: Engine | None = None, scope: Scope = session_scope,
) -> Generator[str, None, TurnResult]:
    """A turn whose reply streams: yields text chunks, returns the TurnResult."""
    engine = engine or engines.default_engine()
    with scope() as db:
        message_id = submit_message(
            db, actor=actor, project_id=project_id, text=text,
            client_message_id=client_message_id, engine=engine,
        )
    return (yield from stream_reply(actor=actor, project_id=project_id, message_id=message_id, engine=engine, scope=scope))


def stream_reply(
    *, actor: Actor, project_id: int, message_id: int, engine: Engine | None = None,
    scope: Scope = session_scope, recheck: bool = False,
) -> Generator[str, None, TurnResult]:
    """Answer a stored user message; an answered one replays its stored reply."""
    engine = engine or engines.default_engine()
    with scope() as db:
        require(actor, Permission.PROJECTS_UPDATE)
        project_in_team(db, actor=actor, project_id=project_id)
        message = _user_message(db, project_id=project_id, message_id=message_id)
        answered = reply_after(db, project_id=project_id, message=message)
        if answered is not None:
            result = _replayed(db, project_id=project_id, message=message, reply=answered, engine=engine)
        else:
            if recheck:
                check_allowance(db, actor=actor, engine=engine, text=message.content)
            stored = storage.load(db, project_id=project_id)
            state = _state(stored, message, engine)
    if answered is not None:
        yield result.reply
        return result
    final = yield from engines.stream(state)
    with scope() as db:
        return _save(db, actor=actor, project_id=project_id, state=final, stored_version=stored.version)


def _user_message(db: Session, *, project_id: int, message_id: int) -> Conversation:
    row = db.get(Conversation, message_id)
    if row is None or row.project_id != project_id or row.role != "user":
        raise InvalidInput("That message cannot be answered.")
    return row


def _state(stored: storage.StoredData, message: Conversation, engine: Engine) -> TurnState:
    """The graph's input, rebuilt from the database: the data, the interview, the message."""
    is_document = (message.client_message_id or "").startswith(DOCUMENT_PREFIX)
    return TurnState(
        data=stored.data, intake=stored.intake, message=message.content, message_id=message.id,
        last_question_id=stored.intake.last_question_id, engine=engine,
        mode="document" if is_document else "answer",
    )


def _save(db: Session, *, actor: Actor, project_id: int, state: TurnState, stored_version: int) -> TurnResult:
    """Store the reply, one usage event and the data; an edit made meanwhile is merged, not lost."""
    reply = add_message(
        db, project_id=project_id, role="assistant", content=state.reply, author_user_id=None,
        prompt_tokens=state.prompt_tokens, completion_tokens=state.completion_tokens,
    )
    kind = usage.LLM_CALL if state.llm_calls else usage.ASSISTANT_TURN
    usage.record_usage(
        db, actor=actor, kind=kind, prompt_tokens=state.prompt_tokens, completion_tokens=state.completion_tokens
    )
    extracted = state.delta is not None
    try:
        saved = storage.store(
            db, project_id=project_id, data=state.data, expected_version=stored_version,
            intake=state.intake, extracted=extracted,
        )
    except Conflict as conflict:
        current = conflict.current
        data = merge.merge(current.data, state.delta) if state.delta is not None else current.data
        saved = storage.store(
            db, project_id=project_id, data=data, expected_version=current.version,
            intake=state.intake, extracted=extracted,
        )
    return TurnResult(
        user_message_id=state.message_id or 0, assistant_message_id=reply.id, reply=state.reply,
        engine=state.engine, completeness=saved.completeness, phase=saved.intake.phase,
        question_id=state.question_id, prompt_tokens=state.prompt_tokens,
        completion_tokens=state.completion_tokens, data_version=saved.version,
    )


def _replayed(
    db: Session, *, project_id: int, message: Conversation, reply: Conversation, engine: Engine
) -> TurnResult:
    stored = storage.load(db, project_id=project_id)
    return TurnResult(
        user_message_id=message.id, assistant_message_id=reply.id, reply=reply.content, engine=engine,
        completeness=stored.completeness, phase=stored.intake.phase,
        question_id=stored.intake.last_question_id, data_version=stored.version, replayed=True,
    )


def finish(stream: Generator[str, None, TurnResult]) -> TurnResult:
    """Run a streaming turn to the end and return its result."""
    while True:
        try:
            next(stream)
        except StopIteration as stop:
            return stop.value


def run_turn(**kwargs) -> TurnResult:
    """One whole turn at once; the keyword arguments of stream_turn."""
    return finish(stream_turn(**kwargs))


def stream_retry(
    *, actor: Actor, project_id: int, engine: Engine | None = None, scope: Scope = session_scope
) -> Generator[str, None, TurnResult]:
    """Re-run the turn for the latest user message that has no reply; it is not stored again."""
    with scope() as db:
        require(actor, Permission.PROJECTS_UPDATE)
        project_in_team(db, actor=actor, project_id=project_id)
        last = latest_message(db, project_id=project_id)
        if last is None or last.role != "user":
            raise InvalidInput("There is no unanswered message to retry.")
        message_id = last.id
    return (yield from stream_reply(
        actor=actor, project_id=project_id, message_id=message_id, engine=engine, scope=scope, recheck=True
    ))


def retry_turn(**kwargs) -> TurnResult:
    return finish(stream_retry(**kwargs))


def skip_question(*, actor: Actor, project_id: int, client_message_id: str, **kwargs) -> TurnResult:
    """"Skip this question" is a turn saying "skip": recorded, never asked again in a row."""
    return run_turn(actor=actor, project_id=project_id, text="skip", client_message_id=client_message_id, **kwargs)


def stream_import(
    *, actor: Actor, project_id: int, text: str, client_message_id: str,
    engine: Engine | None = None, scope: Scope = session_scope,
) -> Generator[str, None, TurnResult]:
    """Draft project data from a whole document in one go, then ask about the gaps."""
    size = len(text.encode("utf-8"))
    if size > MAX_DOCUMENT_BYTES:
        raise InvalidInput(f"The document is {size // 1024} KB; the limit is {MAX_DOCUMENT_BYTES // 1024} KB.")
    if not text.strip():
        raise InvalidInput("The document is empty.")
    cid = DOCUMENT_PREFIX + client_message_id[:60]
    engine = engine or engines.default_engine()
    with scope() as db:
        require(actor, Permission.PROJECTS_UPDATE)
        project_in_team(db, actor=actor, project_id=project_id)
        existing = find_by_client_id(db, project_id=project_id, client_message_id=cid)
        if existing is None:
            check_allowance(db, actor=actor, engine=engine, text=None)
            existing = add_message(
                db, project_id=project_id, role="user", content=text.strip(),
                author_user_id=actor.user_id, client_message_id=cid,
            )
        message_id = existing.id
    return (yield from stream_reply(actor=actor, project_id=project_id, message_id=message_id, engine=engine, scope=scope))


def import_document(**kwargs) -> TurnResult:
    return finish(stream_import(**kwargs))


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
    intake = stored.intake.model_copy(update={"done": True})
    storage.store(db, project_id=project_id, data=stored.data, expected_version=stored.version, intake=intake)
    if project.status == "intake":
        project.status = "in_progress"
        project.version += 1
    db.flush()
    return chat_status(db, actor=actor, project_id=project_id)


def ask_about(db: Session, *, actor: Actor, project_id: int, gap_key: str) -> int:
    """Turn the interview to a missing part: the assistant asks the bank's question for it."""
    require(actor, Permission.PROJECTS_UPDATE)
    project_in_team(db, actor=actor, project_id=project_id)
    stored = storage.load(db, project_id=project_id)
    question = question_for_gap(gap_key, stored.data, stored.intake)
    if question is None:
        raise InvalidInput(f"Unknown topic {gap_key!r}.")
    intake = questions.mark_asked(stored.intake, question.id)
    storage.store(db, project_id=project_id, data=stored.data, expected_version=stored.version, intake=intake)
    row = add_message(db, project_id=project_id, role="assistant", content=question.text, author_user_id=None)
    return row.id
