"""The stored conversation and the chat's status: reads for the chat page, and the writes a
turn makes. Functions taking an actor check it and the team scope (core/projects/scope.py);
the ones taking only a project id are for flows that already did (intake/service.py,
intake/steering.py). Messages come back as MessageRead, never as rows."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel
from sqlalchemy import and_, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from core.completeness import assess
from core.intake.graph import READY_SCORE, find_question
from core.permissions import Actor, Permission, require
from core.projects import storage
from core.projects.scope import project_in_team
from db.models import Conversation

PAGE_SIZE = 50


class MessageRead(BaseModel):
    """One message as the chat shows it."""

    id: int
    role: str
    content: str
    client_message_id: str | None
    created_at: datetime
    prompt_tokens: int = 0
    completion_tokens: int = 0


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


def _read(row: Conversation) -> MessageRead:
    return MessageRead.model_validate(row, from_attributes=True)


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
    return MessagePage(messages=[_read(r) for r in reversed(rows[:limit])], has_earlier=len(rows) > limit)


def _read_or_none(row: Conversation | None) -> MessageRead | None:
    return None if row is None else _read(row)


def get_message(db: Session, *, project_id: int, message_id: int) -> MessageRead | None:
    """One message of the project (None when it is not the project's)."""
    return _read_or_none(
        db.scalar(select(Conversation).where(Conversation.id == message_id, Conversation.project_id == project_id))
    )


def latest_message(db: Session, *, project_id: int) -> MessageRead | None:
    return _read_or_none(
        db.scalar(
            select(Conversation)
            .where(Conversation.project_id == project_id)
            .order_by(Conversation.created_at.desc(), Conversation.id.desc())
            .limit(1)
        )
    )


def reply_after(db: Session, *, project_id: int, message: MessageRead) -> MessageRead | None:
    """The assistant's reply to a user message: the next message, when it is the assistant's."""
    row = db.scalar(
        select(Conversation)
        .where(
            Conversation.project_id == project_id,
            or_(
                Conversation.created_at > message.created_at,
                and_(Conversation.created_at == message.created_at, Conversation.id > message.id),
            ),
        )
        .order_by(Conversation.created_at, Conversation.id)
        .limit(1)
    )
    return _read(row) if row is not None and row.role == "assistant" else None


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
    last = latest_message(db, project_id=project_id)
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
        awaiting_reply=last is not None and last.role == "user",
    )
