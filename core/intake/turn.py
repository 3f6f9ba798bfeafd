"""Answering one stored user message (DESIGN §5): check the limits, run the graph, store the
reply, every HTTP try's usage and the merged data. A failed turn keeps the message waiting
and the data as it was; a reply cut off before its end is kept, labelled, as no answer.
A turn spans several transactions so that a failed or slow model never holds one open: hence
these functions take a session factory (`scope`)."""

from __future__ import annotations

from collections.abc import Callable, Generator
from contextlib import AbstractContextManager

from pydantic import BaseModel
from sqlalchemy.orm import Session

from core import ratelimit, usage
from core.billing import check_turn_allowance
from core.config import get_settings
from core.errors import AssistantUnavailable, Conflict, InvalidInput, RateLimited
from core.intake import attempts, classify, edits, merge
from core.intake import engine as engines
from core.intake.conversation import (
    PARTIAL_PREFIX,
    REPLY_PREFIX,
    MessageRead,
    add_marker,
    get_message,
    is_dismissed,
    previous_message,
    reply_to,
)
from core.intake.graph import replaces_problem
from core.intake.locks import PROJECT_TURNS
from core.intake.state import Engine, TurnState
from core.permissions import Actor, Permission, require
from core.prd import PRDData
from core.projects import storage
from core.projects.scope import project_in_team

Scope = Callable[[], AbstractContextManager[Session]]
DOCUMENT_PREFIX = "doc:"
SAVED_HINT = " Your message is saved; press Retry then."


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


def check_allowance(db: Session, *, actor: Actor, engine: Engine, text: str) -> None:
    """Refuse before anything is charged: the plan's monthly turns, then the hourly model limit
    (which a stop word skips: classify's fast path answers it without a model call)."""
    try:
        check_turn_allowance(db, actor=actor)
        if engine == "llm" and classify.fast_path(text) is None:
            ratelimit.check_llm_rate(db, actor=actor)
    except RateLimited as refused:
        raise RateLimited(refused.message + SAVED_HINT, retry_at=refused.retry_at) from None


def _longest_turn_s() -> float:
    """How long a running turn may keep another waiting: two calls with every try and pause."""
    s = get_settings()
    return 2 * (s.llm_timeout_s * (s.llm_max_retries + 1) + 8 * s.llm_max_retries) + 30


def stream_reply(
    *, actor: Actor, project_id: int, message_id: int, engine: Engine, scope: Scope
) -> Generator[str, None, TurnResult]:
    """Answer a stored user message, one turn per project at a time (a turn already running for
    it is waited for); an answered one replays its reply, nothing runs again."""
    with PROJECT_TURNS.hold(project_id, wait_s=_longest_turn_s()):
        with scope() as db:
            require(actor, Permission.PROJECTS_UPDATE)
            project_in_team(db, actor=actor, project_id=project_id)
            message = _user_message(db, project_id=project_id, message_id=message_id)
            answered = reply_to(db, project_id=project_id, message_id=message.id)
            if answered is not None:
                result = _replayed(db, project_id=project_id, message=message, reply=answered, engine=engine)
            else:
                if is_dismissed(db, project_id=project_id, message_id=message.id):
                    raise InvalidInput("That message was dismissed; send it again to have it answered.")
                check_allowance(db, actor=actor, engine=engine, text=message.content)
                stored = storage.load(db, project_id=project_id)
                state = _state(stored, message, engine, free=_sent_while_waiting(db, project_id, message))
        if answered is not None:
            yield result.reply
            return result
        return (yield from _run(actor=actor, project_id=project_id, state=state, version=stored.version, scope=scope))


def _run(
    *, actor: Actor, project_id: int, state: TurnState, version: int, scope: Scope
) -> Generator[str, None, TurnResult]:
    shown: list[str] = []
    with attempts.call_log() as log:
        try:
            final = yield from _recorded(engines.stream(state), shown)
        except AssistantUnavailable as failed:
            with scope() as db:
                _charge(db, actor=actor, log=log)
                _keep_partial(db, project_id, state, "".join(shown) or getattr(failed, "partial", ""), log)
            raise
        except BaseException:  # the page went away mid-turn: what was sent is still counted
            if log.attempts:
                with scope() as db:
                    _charge(db, actor=actor, log=log)
            raise
    rest = remainder("".join(shown), final.reply)
    if rest:
        yield rest  # our own words after the model's (a note from the merge)
    with scope() as db:
        return _save(db, actor=actor, project_id=project_id, state=final, stored_version=version, log=log)


def _recorded(stream: Generator[str, None, TurnState], shown: list[str]) -> Generator[str, None, TurnState]:
    """The chunks passed on and noted; closing this generator leaves `stream` to its owner."""
    while True:
        try:
            chunk = next(stream)
        except StopIteration as stop:
            return stop.value
        shown.append(chunk)
        yield chunk


def remainder(shown: str, reply: str) -> str:
    """What of the final reply was not streamed yet."""
    start = shown.strip()
    if not start:
        return reply
    return reply[len(start) :] if reply.startswith(start) else ""


def _keep_partial(db: Session, project_id: int, state: TurnState, text: str, log: attempts.CallLog) -> None:
    """A reply cut off before its end stays visible, labelled; it does not answer the message."""
    if not text.strip():
        return
    add_marker(
        db,
        project_id=project_id,
        prefix=PARTIAL_PREFIX,
        message_id=state.message_id or 0,
        role="assistant",
        content=text.strip(),
        prompt_tokens=sum(a.prompt_tokens for a in log.attempts),
        completion_tokens=sum(a.completion_tokens for a in log.attempts),
    )


def _charge(db: Session, *, actor: Actor, log: attempts.CallLog) -> None:
    """One llm_call event per HTTP request sent, retries and failures too: each may be billed
    and counts toward the hourly limit."""
    for attempt in log.attempts:
        usage.record_usage(
            db,
            actor=actor,
            kind=usage.LLM_CALL,
            prompt_tokens=attempt.prompt_tokens,
            completion_tokens=attempt.completion_tokens,
        )


def _user_message(db: Session, *, project_id: int, message_id: int) -> MessageRead:
    message = get_message(db, project_id=project_id, message_id=message_id)
    if message is None or message.role != "user":
        raise InvalidInput("That message cannot be answered.")
    return message


def _sent_while_waiting(db: Session, project_id: int, message: MessageRead) -> bool:
    """Sent while an earlier message had no reply: the question on screen then may not be the
    one pending now, so the message is read as free information."""
    before = previous_message(db, project_id=project_id, message=message)
    return before is not None and (before.role == "user" or before.incomplete)


def _state(stored: storage.StoredData, message: MessageRead, engine: Engine, *, free: bool) -> TurnState:
    """The graph's input, rebuilt from the database: the data, the interview, the message."""
    is_document = (message.client_message_id or "").startswith(DOCUMENT_PREFIX)
    return TurnState(
        data=stored.data,
        intake=stored.intake,
        message=message.content,
        message_id=message.id,
        last_question_id=None if free else stored.intake.last_question_id,
        free_information=free,
        engine=engine,
        mode="document" if is_document else "answer",
    )


def _save(
    db: Session, *, actor: Actor, project_id: int, state: TurnState, stored_version: int, log: attempts.CallLog
) -> TurnResult:
    """Store the reply, the turn's usage and the data; an edit made meanwhile is kept, not lost.
    A second submit of the same message that finished first wins: this one replays its reply."""
    message = _user_message(db, project_id=project_id, message_id=state.message_id or 0)
    _charge(db, actor=actor, log=log)
    answered = reply_to(db, project_id=project_id, message_id=message.id)
    if answered is not None:
        return _replayed(db, project_id=project_id, message=message, reply=answered, engine=state.engine)
    reply = add_marker(
        db,
        project_id=project_id,
        prefix=REPLY_PREFIX,
        message_id=message.id,
        role="assistant",
        content=state.reply,
        prompt_tokens=state.prompt_tokens,
        completion_tokens=state.completion_tokens,
    )
    usage.record_usage(db, actor=actor, kind=usage.ASSISTANT_TURN)
    saved = _store(db, project_id=project_id, state=state, version=stored_version)
    return TurnResult(
        user_message_id=message.id,
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


def _store(db: Session, *, project_id: int, state: TurnState, version: int) -> storage.StoredData:
    extracted = state.delta is not None
    try:
        return storage.store(
            db,
            project_id=project_id,
            data=state.data,
            expected_version=version,
            intake=state.intake,
            extracted=extracted,
        )
    except Conflict as conflict:
        current = conflict.current
        return storage.store(
            db,
            project_id=project_id,
            data=_reapply(current.data, state),
            expected_version=current.version,
            intake=state.intake,
            extracted=extracted,
        )


def _reapply(current: PRDData, state: TurnState) -> PRDData:
    """The turn's change on top of data saved meanwhile: the correction again, or the delta merged."""
    if state.edit is not None:
        return edits.apply(current, state.edit).data
    if state.delta is not None:
        return merge.merge(current, state.delta, replace_problem=replaces_problem(state))
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
