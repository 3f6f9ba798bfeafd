"""The stored conversation and the chat's status: reads for the chat page, and the writes a
turn makes. Functions taking an actor check it and the team scope (core/projects/scope.py);
the ones taking only a project id are for flows that already did (intake/service.py,
intake/steering.py). Messages come back as MessageRead, never as rows.

A user message is answered by the assistant message whose client id is `reply:<its id>`, and
dismissed by a system message `dismiss:<its id>`; a reply cut off before its end is kept as
`partial:<its id>:<n>` and answers nothing. The unique client id per project makes each of
these happen once, whoever gets there first."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel
from sqlalchemy import String, and_, cast, exists, literal, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, aliased

from core.completeness import assess
from core.intake.graph import READY_SCORE, find_question
from core.permissions import Actor, Permission, require
from core.projects import storage
from core.projects.scope import project_in_team
from db.models import Conversation

PAGE_SIZE = 50
REPLY_PREFIX = "reply:"  # client-made ids cannot contain ':', so these never clash with theirs
DISMISS_PREFIX = "dismiss:"
PARTIAL_PREFIX = "partial:"


class MessageRead(BaseModel):
    """One message as the chat shows it."""

    id: int
    role: str
    content: str
    client_message_id: str | None
    created_at: datetime
    prompt_tokens: int = 0
    completion_tokens: int = 0
    reply_to: int | None = None  # the user message a reply, a cut-off reply or a dismissal is about
    incomplete: bool = False  # a reply cut off before its end: shown, labelled, and no answer
    waiting: bool = False  # a user message with no reply yet, not dismissed
    dismissed: bool = False  # a user message the user chose to leave unanswered


class MessagePage(BaseModel):
    """The newest messages, oldest first, and whether there are earlier ones to load."""

    messages: list[MessageRead]
    has_earlier: bool


class GapRead(BaseModel):
    key: str
    label: str


class ChatStatus(BaseModel):
    """What the chat sidebar shows: completeness, phase, gaps, and which actions are open."""

    project_id: int
    project_status: str
    completeness: int
    phase: str
    gaps: list[GapRead]
    last_question: str | None  # the question waiting for an answer; None once the interview ended
    ready: bool
    done: bool
    awaiting_reply: bool
    waiting: list[int] = []  # the user messages with no reply yet, oldest first


def _read(row: Conversation) -> MessageRead:
    message = MessageRead.model_validate(row, from_attributes=True)
    cid = message.client_message_id or ""
    for prefix in (REPLY_PREFIX, DISMISS_PREFIX, PARTIAL_PREFIX):
        number = cid.removeprefix(prefix).split(":")[0]
        if cid.startswith(prefix) and number.isdigit():
            message.reply_to = int(number)
            message.incomplete = prefix == PARTIAL_PREFIX
    return message


def _marker(prefix: str, message_id: int) -> str:
    return f"{prefix}{message_id}"


def _with_states(db: Session, project_id: int, messages: list[MessageRead]) -> list[MessageRead]:
    """Each user message marked waiting or dismissed, from the markers stored for it."""
    users = [m.id for m in messages if m.role == "user"]
    if not users:
        return messages
    wanted = [_marker(p, i) for i in users for p in (REPLY_PREFIX, DISMISS_PREFIX)]
    found = set(
        db.scalars(
            select(Conversation.client_message_id).where(
                Conversation.project_id == project_id, Conversation.client_message_id.in_(wanted)
            )
        )
    )
    for m in messages:
        if m.role == "user":
            m.dismissed = _marker(DISMISS_PREFIX, m.id) in found and _marker(REPLY_PREFIX, m.id) not in found
            m.waiting = not m.dismissed and _marker(REPLY_PREFIX, m.id) not in found
    return messages


def list_messages(
    db: Session, *, actor: Actor, project_id: int, before_id: int | None = None, limit: int = PAGE_SIZE
) -> MessagePage:
    """The newest `limit` messages (before `before_id` when loading earlier ones), oldest first."""
    require(actor, Permission.PROJECTS_READ)
    project_in_team(db, actor=actor, project_id=project_id)
    limit = max(1, min(limit, 500))
    query = select(Conversation).where(Conversation.project_id == project_id)
    if before_id is not None:
        pivot = db.scalar(
            select(Conversation.created_at).where(Conversation.id == before_id, Conversation.project_id == project_id)
        )
        if pivot is not None:
            query = query.where(
                or_(
                    Conversation.created_at < pivot, and_(Conversation.created_at == pivot, Conversation.id < before_id)
                )
            )
    rows = db.scalars(query.order_by(Conversation.created_at.desc(), Conversation.id.desc()).limit(limit + 1)).all()
    messages = _with_states(db, project_id, [_read(r) for r in reversed(rows[:limit])])
    return MessagePage(messages=messages, has_earlier=len(rows) > limit)


def _read_or_none(row: Conversation | None) -> MessageRead | None:
    return None if row is None else _read(row)


def get_message(db: Session, *, project_id: int, message_id: int) -> MessageRead | None:
    """One message of the project (None when it is not the project's)."""
    return _read_or_none(
        db.scalar(select(Conversation).where(Conversation.id == message_id, Conversation.project_id == project_id))
    )


def _answered(marker_prefix: str):
    """A condition on Conversation: the marker `<prefix><id>` of this message is stored."""
    other = aliased(Conversation)
    return exists().where(
        other.project_id == Conversation.project_id,
        other.client_message_id == literal(marker_prefix, String).concat(cast(Conversation.id, String)),
    )


def waiting_messages(db: Session, *, project_id: int, through: int | None = None) -> list[MessageRead]:
    """The user messages with no reply that were not dismissed, oldest first; with `through`, only
    those up to that message."""
    query = select(Conversation).where(
        Conversation.project_id == project_id,
        Conversation.role == "user",
        ~_answered(REPLY_PREFIX),
        ~_answered(DISMISS_PREFIX),
    )
    if through is not None:
        last = db.scalar(
            select(Conversation.created_at).where(Conversation.id == through, Conversation.project_id == project_id)
        )
        if last is not None:
            query = query.where(
                or_(Conversation.created_at < last, and_(Conversation.created_at == last, Conversation.id <= through))
            )
    rows = db.scalars(query.order_by(Conversation.created_at, Conversation.id)).all()
    return [_read(r).model_copy(update={"waiting": True}) for r in rows]


def reply_to(db: Session, *, project_id: int, message_id: int) -> MessageRead | None:
    """The assistant's reply to a user message, if it has one."""
    return find_by_client_id(db, project_id=project_id, client_message_id=_marker(REPLY_PREFIX, message_id))


def is_dismissed(db: Session, *, project_id: int, message_id: int) -> bool:
    return (
        find_by_client_id(db, project_id=project_id, client_message_id=_marker(DISMISS_PREFIX, message_id)) is not None
    )


def previous_message(db: Session, *, project_id: int, message: MessageRead) -> MessageRead | None:
    """The message stored just before this one."""
    row = db.scalar(
        select(Conversation)
        .where(
            Conversation.project_id == project_id,
            or_(
                Conversation.created_at < message.created_at,
                and_(Conversation.created_at == message.created_at, Conversation.id < message.id),
            ),
        )
        .order_by(Conversation.created_at.desc(), Conversation.id.desc())
        .limit(1)
    )
    return _read_or_none(row)


def add_marker(db: Session, *, project_id: int, prefix: str, message_id: int, role: str, content: str, **tokens: int):
    """Store the reply, cut-off reply or dismissal of a user message (once: its client id is unique)."""
    suffix = f":{_count_partials(db, project_id, message_id) + 1}" if prefix == PARTIAL_PREFIX else ""
    return add_message(
        db,
        project_id=project_id,
        role=role,
        content=content,
        author_user_id=None,
        client_message_id=_marker(prefix, message_id) + suffix,
        **tokens,
    )


def _count_partials(db: Session, project_id: int, message_id: int) -> int:
    prefix = _marker(PARTIAL_PREFIX, message_id) + ":"
    rows = db.scalars(
        select(Conversation.client_message_id).where(
            Conversation.project_id == project_id, Conversation.client_message_id.startswith(prefix, autoescape=True)
        )
    )
    return len(list(rows))


def find_by_client_id(db: Session, *, project_id: int, client_message_id: str) -> MessageRead | None:
    return _read_or_none(
        db.scalar(
            select(Conversation).where(
                Conversation.project_id == project_id, Conversation.client_message_id == client_message_id
            )
        )
    )


def add_message(
    db: Session,
    *,
    project_id: int,
    role: str,
    content: str,
    author_user_id: int | None,
    client_message_id: str | None = None,
    prompt_tokens: int = 0,
    completion_tokens: int = 0,
) -> MessageRead:
    """Insert a message; a client id already stored returns that message instead (double submit)."""
    row = Conversation(
        project_id=project_id,
        role=role,
        content=content,
        author_user_id=author_user_id,
        client_message_id=client_message_id,
        prompt_tokens=prompt_tokens,
        completion_tokens=completion_tokens,
    )
    try:
        with db.begin_nested():
            db.add(row)
            db.flush()
    except IntegrityError:
        if client_message_id is None:
            raise
        existing = find_by_client_id(db, project_id=project_id, client_message_id=client_message_id)
        if existing is None:
            raise
        return existing
    return _read(row)


def chat_status(db: Session, *, actor: Actor, project_id: int) -> ChatStatus:
    """Completeness with its gaps, the phase, and whether the last message still needs a reply."""
    require(actor, Permission.PROJECTS_READ)
    project = project_in_team(db, actor=actor, project_id=project_id)
    stored = storage.load(db, project_id=project_id)
    result = assess(stored.data)
    waiting = [m.id for m in waiting_messages(db, project_id=project_id)]
    done = stored.intake.done
    question = None if done else find_question(stored.intake.last_question_id)
    return ChatStatus(
        project_id=project_id,
        project_status=project.status,
        completeness=result.score,
        phase="review" if done else stored.intake.phase,
        gaps=[GapRead(key=g.key, label=g.label) for g in result.gaps],
        last_question=question.text if question else None,
        ready=result.score >= READY_SCORE,
        done=done,
        awaiting_reply=bool(waiting),
        waiting=waiting,
    )
