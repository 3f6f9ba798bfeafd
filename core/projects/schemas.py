"""The shapes a project takes at the boundary: what create and update accept, what pages read."""

from __future__ import annotations

import unicodedata
from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field, field_validator

from core.names import visible_name
from db.models import PROJECT_STATUSES

ARCHIVED = "archived"
# Statuses a project moves through by hand; "archived" is reached only by archive/restore.
WORK_STATUSES = tuple(s for s in PROJECT_STATUSES if s != ARCHIVED)
NAME_MAX, VISION_MIN, VISION_MAX = 255, 10, 5000


def has_visible_text(value: str) -> bool:
    """Some character shows: not only spaces and format characters like U+200B."""
    return any(not ch.isspace() and unicodedata.category(ch) not in {"Cf", "Cc", "Zs"} for ch in value)


def _clean_name(value: str) -> str:
    if "\x00" in value:
        raise ValueError("The name cannot contain a null character.")
    value = visible_name(value)
    if not has_visible_text(value):
        raise ValueError("Give the project a name.")
    if len(value) > NAME_MAX:
        raise ValueError(f"The name is {len(value)} characters long; the limit is {NAME_MAX}.")
    return value


def _clean_vision(value: str) -> str:
    value = value.strip()
    if "\x00" in value:
        raise ValueError("The vision cannot contain a null character.")
    if len(value) < VISION_MIN:
        raise ValueError(f"Describe the vision in at least {VISION_MIN} characters (it has {len(value)}).")
    if len(value) > VISION_MAX:
        raise ValueError(f"The vision is {len(value)} characters long; the limit is {VISION_MAX}.")
    return value


class ProjectCreate(BaseModel):
    """What a new project needs: a name and a vision, trimmed."""

    model_config = ConfigDict(extra="forbid")

    name: str
    vision: str

    _name = field_validator("name")(_clean_name)
    _vision = field_validator("vision")(_clean_vision)


class ProjectUpdate(BaseModel):
    """An edit of name and/or vision, naming the version it was made against."""

    model_config = ConfigDict(extra="forbid")

    name: str | None = None
    vision: str | None = None
    expected_version: int = Field(ge=1)

    @field_validator("name")
    @classmethod
    def _name(cls, value: str | None) -> str | None:
        return None if value is None else _clean_name(value)

    @field_validator("vision")
    @classmethod
    def _vision(cls, value: str | None) -> str | None:
        return None if value is None else _clean_vision(value)


class ProjectRead(BaseModel):
    """A project as pages show it, with its data's completeness."""

    id: int
    team_id: int
    name: str
    vision: str
    status: str
    completeness: int
    validation_score: int | None
    validation_passed: int | None
    validation_failed: int | None
    created_by: int | None
    created_at: datetime
    updated_at: datetime
    version: int

    @property
    def archived(self) -> bool:
        return self.status == ARCHIVED
