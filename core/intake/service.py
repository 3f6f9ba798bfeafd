"""The chat's turns (DESIGN §5): store the user's message (committed before anything else, once
per client id; storing charges nothing), then answer every waiting message up to it, oldest
first (turn.py answers each). A refused or failed message stays waiting, with the data as it
was, until Retry answers it or the user dismisses it; the messages after it wait behind it."""

from __future__ import annotations

import hashlib
from collections.abc import Generator, Iterator
from dataclasses import dataclass

from pydantic import BaseModel, Field, ValidationError
from sqlalchemy.orm import Session

from core.errors import Conflict, InvalidInput, pydantic_message
from core.intake import engine as engines
from core.intake.conversation import (
    DISMISS_PREFIX,
    MessageRead,
    add_marker,
    add_message,
    find_by_client_id,
    get_message,
    list_messages,
    reply_to,
    waiting_messages,
)
from core.intake.opening import open_chat
from core.intake.state import Engine
from core.intake.turn import DOCUMENT_PREFIX, SAVED_HINT, Scope, TurnResult, check_allowance, stream_reply
from core.permissions import Actor, Permission, require
from core.prd import PRDData
from core.projects import storage
from core.projects.scope import project_in_team
from db.session import session_scope

__all__ = ["DOCUMENT_PREFIX", "SAVED_HINT", "TurnResult", "check_allowance"]

MAX_DOCUMENT_BYTES = 200 * 1024
MAX_MESSAGE_CHARS = 20_000
DISMISSED = "Dismissed: this message was left without a reply."
OPENING_ID = "opening"  # the client id of the assistant's first message: a chat is opened once


class TurnInput(BaseModel):
    """A message as the chat sends it: the text and the id the client made for this submit."""

    text: str = Field(min_length=1, max_length=MAX_MESSAGE_CHARS)
    client_message_id: str = Field(min_length=1, max_length=60, pattern=r"^[A-Za-z0-9_-]+$")


@dataclass
class Turn:
    """One waiting message and the stream that answers it: read it to the end before the next."""

    message: MessageRead
    stream: Generator[str, None, TurnResult]
    earlier: bool  # sent before the message the answering was started for


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


def start_chat(db: Session, *, actor: Actor, project_id: int) -> int | None:
    """Open an empty chat from the project's vision: the vision is read as the problem statement
    (with the actors and tasks it names), the gauge moves, and the assistant's first message asks
    the first question, building on it. Returns that message's id; None when the chat has begun
    (a message, an asked question or data already there) or someone opened it meanwhile."""
    require(actor, Permission.PROJECTS_UPDATE)
    project = project_in_team(db, actor=actor, project_id=project_id)
    if list_messages(db, actor=actor, project_id=project_id, limit=1).messages:
        return None
    stored = storage.load(db, project_id=project_id)
    if stored.intake.asked or stored.data != PRDData():
        return None
    reply = open_chat(project.vision, data=stored.data, intake=stored.intake).reply
    if find_by_client_id(db, project_id=project_id, client_message_id=OPENING_ID) is not None:
        return None
    row = add_message(
        db, project_id=project_id, role="assistant", content=reply, author_user_id=None, client_message_id=OPENING_ID
    )
    # what the vision gave traces to the opening message, which quotes it
    opening = open_chat(project.vision, data=stored.data, intake=stored.intake, message_id=row.id)
    try:
        storage.store(
            db,
            project_id=project_id,
            data=opening.data,
            expected_version=stored.version,
            intake=opening.intake,
            extracted=True,
        )
    except Conflict:
        return None
    return row.id


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


def send_message(
    *, actor: Actor, project_id: int, text: str, client_message_id: str, scope: Scope = session_scope
) -> int:
    """Store the message and commit it, before anything can fail; returns its id."""
    with scope() as db:
        return submit_message(db, actor=actor, project_id=project_id, text=text, client_message_id=client_message_id)


def document_id(text: str) -> str:
    """The client id of an imported document: the same text imported twice is drafted from once."""
    return hashlib.sha256(text.strip().encode("utf-8")).hexdigest()[:40]


def store_document(
    *, actor: Actor, project_id: int, text: str, client_message_id: str, scope: Scope = session_scope
) -> int:
    """Store a whole requirements text as a message (once per client id); returns its id."""
    size = len(text.encode("utf-8"))
    if size > MAX_DOCUMENT_BYTES:
        raise InvalidInput(f"The document is {size // 1024} KB; the limit is {MAX_DOCUMENT_BYTES // 1024} KB.")
    if not text.strip():
        raise InvalidInput("The document is empty.")
    cid = DOCUMENT_PREFIX + _clean("document", client_message_id).client_message_id
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
        return existing.id


def answer_waiting(
    *,
    actor: Actor,
    project_id: int,
    through: int | None = None,
    engine: Engine | None = None,
    scope: Scope = session_scope,
) -> Iterator[Turn]:
    """The waiting messages up to `through` (all without it), oldest first, each with the stream
    that answers it. In order, because each is read against the data the ones before it left;
    stop reading after a failure and the messages after it keep waiting."""
    engine = engine or engines.default_engine()
    offered: set[int] = set()
    while True:
        with scope() as db:
            require(actor, Permission.PROJECTS_UPDATE)
            project_in_team(db, actor=actor, project_id=project_id)
            waiting = [m for m in waiting_messages(db, project_id=project_id, through=through) if m.id not in offered]
        if not waiting:
            return
        message = waiting[0]
        offered.add(message.id)
        stream = stream_reply(actor=actor, project_id=project_id, message_id=message.id, engine=engine, scope=scope)
        yield Turn(message=message, stream=stream, earlier=through is not None and message.id != through)


def _answer_through(
    *, actor: Actor, project_id: int, message_id: int, engine: Engine | None, scope: Scope
) -> Generator[str, None, TurnResult]:
    """Answer the waiting messages before this one first (without streaming them), then stream
    this one's reply; an answered one replays its reply."""
    engine = engine or engines.default_engine()
    for turn in answer_waiting(actor=actor, project_id=project_id, through=message_id, engine=engine, scope=scope):
        if turn.message.id == message_id:
            return (yield from turn.stream)
        finish(turn.stream)
    return (
        yield from stream_reply(actor=actor, project_id=project_id, message_id=message_id, engine=engine, scope=scope)
    )


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
    message_id = send_message(
        actor=actor, project_id=project_id, text=text, client_message_id=client_message_id, scope=scope
    )
    return (
        yield from _answer_through(
            actor=actor, project_id=project_id, message_id=message_id, engine=engine, scope=scope
        )
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
    *,
    actor: Actor,
    project_id: int,
    message_id: int | None = None,
    engine: Engine | None = None,
    scope: Scope = session_scope,
) -> Generator[str, None, TurnResult]:
    """Answer the waiting messages up to this one (all without it), streaming the last one's reply;
    a message answered meanwhile replays its reply."""
    if message_id is None:
        with scope() as db:
            require(actor, Permission.PROJECTS_UPDATE)
            project_in_team(db, actor=actor, project_id=project_id)
            waiting = waiting_messages(db, project_id=project_id)
        if not waiting:
            raise InvalidInput("There is no unanswered message to retry.")
        message_id = waiting[-1].id
    return (
        yield from _answer_through(
            actor=actor, project_id=project_id, message_id=message_id, engine=engine, scope=scope
        )
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
    message_id = store_document(
        actor=actor, project_id=project_id, text=text, client_message_id=client_message_id, scope=scope
    )
    return (
        yield from _answer_through(
            actor=actor, project_id=project_id, message_id=message_id, engine=engine, scope=scope
        )
    )


def import_document(**kwargs) -> TurnResult:
    return finish(stream_import(**kwargs))


def dismiss_message(db: Session, *, actor: Actor, project_id: int, message_id: int) -> MessageRead:
    """Leave a waiting message without a reply, on the user's word: it is marked dismissed (once)
    and the messages after it no longer wait behind it."""
    require(actor, Permission.PROJECTS_UPDATE)
    project_in_team(db, actor=actor, project_id=project_id)
    message = get_message(db, project_id=project_id, message_id=message_id)
    if message is None or message.role != "user":
        raise InvalidInput("That message cannot be dismissed.")
    if reply_to(db, project_id=project_id, message_id=message_id) is not None:
        raise InvalidInput("That message has its reply already.")
    return add_marker(
        db, project_id=project_id, prefix=DISMISS_PREFIX, message_id=message_id, role="system", content=DISMISSED
    )
