"""One chat turn (DESIGN §5): store the user's message (committed before anything else, once
per client id; storing charges nothing) → check the plan's allowance and the hourly model
limit (before anything is charged) → run the graph → store the reply, tokens, usage events
and the merged data. A refused or failed turn keeps the message, so Retry can answer it
later. A turn spans several transactions so that a failed or slow model never holds one
open: hence these functions take a session factory (`scope`, session_scope by default)."""

from __future__ import annotations

from collections.abc import Callable, Generator
from contextlib import AbstractContextManager

from pydantic import BaseModel, Field, ValidationError
from sqlalchemy.orm import Session

from core import ratelimit, usage
from core.errors import Conflict, InvalidInput, RateLimited, pydantic_message
from core.intake import classify, edits, llm, merge
from core.intake import engine as engines
from core.intake.conversation import (
    MessageRead,
    add_message,
    find_by_client_id,
    get_message,
    latest_message,
    reply_after,
)
from core.intake.state import Engine, TurnState
from core.permissions import Actor, Permission, require
from core.project_data import PRDData
from core.projects import storage
from core.projects.scope import project_in_team
from db.session import session_scope

Scope = Callable[[], AbstractContextManager[Session]]
DOCUMENT_PREFIX = "doc:"
MAX_DOCUMENT_BYTES = 200 * 1024
MAX_MESSAGE_CHARS = 20_000
REPLY_PREFIX = "reply:"  # a reply's client id; client-made ids cannot contain ':'
SAVED_HINT = " Your message is saved; press Retry then."


class TurnInput(BaseModel):
    """A message as the chat sends it: the text and the id the client made for this submit."""

    text: str = Field(min_length=1, max_length=MAX_MESSAGE_CHARS)
    client_message_id: str = Field(min_length=1, max_length=60, pattern=r"^[A-Za-z0-9_-]+$")


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
    text = text.strip()
    if not text:
        raise InvalidInput("Type a message first.")
    if len(text) > MAX_MESSAGE_CHARS:
        raise InvalidInput(
            f"The message is {len(text):,} characters long; a chat message can have up to "
            f"{MAX_MESSAGE_CHARS:,}. For a long text, use “Import a document” in the sidebar."
        )
    try:
        return TurnInput(text=text, client_message_id=client_message_id)
    except ValidationError as exc:
        raise pydantic_message(exc) from exc


def check_allowance(db: Session, *, actor: Actor, engine: Engine, text: str) -> None:
    """Refuse before anything is charged: the plan's monthly turns, then the hourly model limit
    (which a stop word skips: classify's fast path answers it without a model call)."""
    try:
        usage.check_monthly_allowance(db, actor=actor)
        if engine == "llm" and classify.fast_path(text) is None:
            ratelimit.check_llm_rate(db, actor=actor)
    except RateLimited as refused:
        raise RateLimited(refused.message + SAVED_HINT, retry_at=refused.retry_at) from None


def submit_message(db: Session, *, actor: Actor, project_id: int, text: str, client_message_id: str) -> int:
    """Store the user's message once per client id (flush only); returns its id. Storing
    charges nothing, so it comes before the limits: a refused message can be retried."""
    require(actor, Permission.PROJECTS_UPDATE)
    project_in_team(db, actor=actor, project_id=project_id)
    clean = _clean(text, client_message_id)
    row = add_message(
        db,
        project_id=project_id,
        role="user",
        content=clean.text,
        author_user_id=actor.user_id,
        client_message_id=clean.client_message_id,
    )
    return row.id


def stream_turn(
    *,
    actor: Actor,
    project_id: int,
    text: str,
    client_message_id: str,
    engine: Engine | None = None,
    scope: Scope = session_scope,
) -> Generator[str, None, TurnResult]:
    """A turn whose reply streams: yields text chunks, returns the TurnResult."""
    engine = engine or engines.default_engine()
    with scope() as db:
        message_id = submit_message(
            db,
            actor=actor,
            project_id=project_id,
            text=text,
            client_message_id=client_message_id,
        )
    return (
        yield from stream_reply(actor=actor, project_id=project_id, message_id=message_id, engine=engine, scope=scope)
    )


def stream_reply(
    *,
    actor: Actor,
    project_id: int,
    message_id: int,
    engine: Engine | None = None,
    scope: Scope = session_scope,
) -> Generator[str, None, TurnResult]:
    """Answer a stored user message (limits checked first); an answered one replays its reply."""
    engine = engine or engines.default_engine()
    with scope() as db:
        require(actor, Permission.PROJECTS_UPDATE)
        project_in_team(db, actor=actor, project_id=project_id)
        message = _user_message(db, project_id=project_id, message_id=message_id)
        answered = reply_after(db, project_id=project_id, message=message)
        if answered is not None:
            result = _replayed(db, project_id=project_id, message=message, reply=answered, engine=engine)
        else:
            check_allowance(db, actor=actor, engine=engine, text=message.content)
            stored = storage.load(db, project_id=project_id)
            state = _state(stored, message, engine)
    if answered is not None:
        yield result.reply
        return result
    with llm.call_log() as calls:
        try:
            final = yield from engines.stream(state)
        except Exception:
            if calls.calls:
                with scope() as db:
                    _charge_calls(db, actor=actor, calls=calls)
            raise
    with scope() as db:
        return _save(db, actor=actor, project_id=project_id, state=final, stored_version=stored.version, calls=calls)


def _charge_calls(db: Session, *, actor: Actor, calls: llm.CallLog) -> None:
    """One llm_call event per model call, failed ones too: they count toward the hourly limit."""
    for call in calls.calls:
        usage.record_usage(
            db,
            actor=actor,
            kind=usage.LLM_CALL,
            prompt_tokens=call.prompt_tokens,
            completion_tokens=call.completion_tokens,
        )


def _user_message(db: Session, *, project_id: int, message_id: int) -> MessageRead:
    message = get_message(db, project_id=project_id, message_id=message_id)
    if message is None or message.role != "user":
        raise InvalidInput("That message cannot be answered.")
    return message


def _state(stored: storage.StoredData, message: MessageRead, engine: Engine) -> TurnState:
    """The graph's input, rebuilt from the database: the data, the interview, the message."""
    is_document = (message.client_message_id or "").startswith(DOCUMENT_PREFIX)
    return TurnState(
        data=stored.data,
        intake=stored.intake,
        message=message.content,
        message_id=message.id,
        last_question_id=stored.intake.last_question_id,
        engine=engine,
        mode="document" if is_document else "answer",
    )


def _save(
    db: Session,
    *,
    actor: Actor,
    project_id: int,
    state: TurnState,
    stored_version: int,
    calls: llm.CallLog | None = None,
) -> TurnResult:
    """Store the reply, the turn's usage and the data; an edit made meanwhile is kept, not lost.
    A second submit of the same message that finished first wins: this one replays its reply."""
    message = _user_message(db, project_id=project_id, message_id=state.message_id or 0)
    answered = reply_after(db, project_id=project_id, message=message)
    if answered is not None:
        if calls is not None:
            _charge_calls(db, actor=actor, calls=calls)
        return _replayed(db, project_id=project_id, message=message, reply=answered, engine=state.engine)
    reply = add_message(
        db,
        project_id=project_id,
        role="assistant",
        content=state.reply,
        author_user_id=None,
        prompt_tokens=state.prompt_tokens,
        completion_tokens=state.completion_tokens,
        client_message_id=f"{REPLY_PREFIX}{message.id}",  # one reply per message, even in a race
    )
    usage.record_usage(db, actor=actor, kind=usage.ASSISTANT_TURN)
    if calls is not None:
        _charge_calls(db, actor=actor, calls=calls)
    extracted = state.delta is not None
    try:
        saved = storage.store(
            db,
            project_id=project_id,
            data=state.data,
            expected_version=stored_version,
            intake=state.intake,
            extracted=extracted,
        )
    except Conflict as conflict:
        current = conflict.current
        data = _reapply(current.data, state)
        saved = storage.store(
            db,
            project_id=project_id,
            data=data,
            expected_version=current.version,
            intake=state.intake,
            extracted=extracted,
        )
    return TurnResult(
        user_message_id=state.message_id or 0,
        assistant_message_id=reply.id,
        reply=state.reply,
        engine=state.engine,
        completeness=saved.completeness,
        phase=saved.intake.phase,
        question_id=state.question_id,
        prompt_tokens=state.prompt_tokens,
        completion_tokens=state.completion_tokens,
        data_version=saved.version,
    )


def _reapply(current: PRDData, state: TurnState) -> PRDData:
    """The turn's change on top of data saved meanwhile: the correction again, or the delta merged."""
    if state.edit is not None:
        return edits.apply(current, state.edit).data
    if state.delta is not None:
        return merge.merge(current, state.delta)
    return current


def _replayed(db: Session, *, project_id: int, message: MessageRead, reply: MessageRead, engine: Engine) -> TurnResult:
    stored = storage.load(db, project_id=project_id)
    return TurnResult(
        user_message_id=message.id,
        assistant_message_id=reply.id,
        reply=reply.content,
        engine=engine,
        completeness=stored.completeness,
        phase=stored.intake.phase,
        question_id=stored.intake.last_question_id,
        data_version=stored.version,
        replayed=True,
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
    return (
        yield from stream_reply(actor=actor, project_id=project_id, message_id=message_id, engine=engine, scope=scope)
    )


def retry_turn(**kwargs) -> TurnResult:
    return finish(stream_retry(**kwargs))


def skip_question(*, actor: Actor, project_id: int, client_message_id: str, **kwargs) -> TurnResult:
    """ "Skip this question" is a turn saying "skip": recorded, never asked again in a row."""
    return run_turn(actor=actor, project_id=project_id, text="skip", client_message_id=client_message_id, **kwargs)


def stream_import(
    *,
    actor: Actor,
    project_id: int,
    text: str,
    client_message_id: str,
    engine: Engine | None = None,
    scope: Scope = session_scope,
) -> Generator[str, None, TurnResult]:
    """Draft project data from a whole document in one go, then ask about the gaps."""
    size = len(text.encode("utf-8"))
    if size > MAX_DOCUMENT_BYTES:
        raise InvalidInput(f"The document is {size // 1024} KB; the limit is {MAX_DOCUMENT_BYTES // 1024} KB.")
    if not text.strip():
        raise InvalidInput("The document is empty.")
    cid = DOCUMENT_PREFIX + _clean("document", client_message_id).client_message_id
    engine = engine or engines.default_engine()
    with scope() as db:
        require(actor, Permission.PROJECTS_UPDATE)
        project_in_team(db, actor=actor, project_id=project_id)
        existing = find_by_client_id(db, project_id=project_id, client_message_id=cid)
        if existing is None:
            existing = add_message(
                db,
                project_id=project_id,
                role="user",
                content=text.strip(),
                author_user_id=actor.user_id,
                client_message_id=cid,
            )
        message_id = existing.id
    return (
        yield from stream_reply(actor=actor, project_id=project_id, message_id=message_id, engine=engine, scope=scope)
    )


def import_document(**kwargs) -> TurnResult:
    return finish(stream_import(**kwargs))
