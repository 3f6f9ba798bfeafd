"""Where an item came from, as people read it: a message by its number in the project's own
conversation (1, 2, 3… in the order stored), never by its database id. Every place that shows
a source (the Project data page, the export) reads it through `source_label`."""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.permissions import Actor, Permission, require
from core.prd import Source
from core.projects.scope import project_in_team
from db.models import Conversation


def message_numbers(db: Session, *, project_id: int) -> dict[int, int]:
    """Message id -> its number in the project (data layer: the caller has checked access)."""
    ids = db.scalars(select(Conversation.id).where(Conversation.project_id == project_id).order_by(Conversation.id))
    return {message_id: number for number, message_id in enumerate(ids, 1)}


def get_message_numbers(db: Session, *, actor: Actor, project_id: int) -> dict[int, int]:
    """The numbers sources are shown with (projects:read)."""
    require(actor, Permission.PROJECTS_READ)
    project_in_team(db, actor=actor, project_id=project_id)
    return message_numbers(db, project_id=project_id)


def source_label(source: Source | None, numbers: Mapping[int, int]) -> str:
    """ "message #3", "edited by hand" or "no source"."""
    return source.describe(numbers) if source is not None else "no source"
