"""The shapes of extracted project data (DESIGN §5): what the assistant fills in and every
generator, check and export reads. Validated on the way into and out of the database."""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from core.names import visible_or_none


class Source(BaseModel):
    """Where an item came from: a conversation message, or edited by hand."""

    model_config = ConfigDict(extra="ignore")

    kind: Literal["message", "manual"] = "manual"
    message_id: int | None = None

    def describe(self, numbers: Mapping[int, int]) -> str:
        """How the source reads, given the project's message numbers (core/projects/sources.py), never its id."""
        if self.kind != "message" or self.message_id is None:
            return "edited by hand"
        number = numbers.get(self.message_id)
        return f"message #{number}" if number else "a message no longer stored"


def from_message(message_id: int | None) -> Source:
    return Source(kind="message", message_id=message_id) if message_id else Source(kind="manual")


class Item(BaseModel):
    model_config = ConfigDict(extra="ignore", str_strip_whitespace=True)

    source: Source | None = None


class Actor(Item):
    name: str = Field(min_length=1, max_length=500)

    _visible = field_validator("name", mode="before")(visible_or_none)
    role: str = Field(default="", max_length=500)
    kind: Literal["human", "external_system"] = "human"
    description: str = Field(default="", max_length=5000)
    permissions: list[str] = Field(default_factory=list)
    goals: list[str] = Field(default_factory=list)


Priority = Literal["must", "should", "could", "wont"]


class UserStory(BaseModel):
    """One backlog story kept on the use case it was grouped into, with its 'so that'."""

    model_config = ConfigDict(extra="ignore", str_strip_whitespace=True)

    text: str = Field(min_length=1, max_length=2000)  # the whole story as written
    actor: str = Field(default="", max_length=500)
    want: str = Field(default="", max_length=2000)
    so_that: str = Field(default="", max_length=2000)
    priority: str = Field(default="", max_length=20)


class UseCase(Item):
    id: str = Field(default="", max_length=20)  # UC-n, assigned on merge
    name: str = Field(min_length=1, max_length=500)
    description: str = Field(default="", max_length=5000)
    actor: str = Field(default="", max_length=500)
    trigger: str = Field(default="", max_length=2000)
    outcome: str = Field(default="", max_length=2000)
    preconditions: list[str] = Field(default_factory=list)
    postconditions: list[str] = Field(default_factory=list)
    steps: list[str] = Field(default_factory=list)
    priority: Priority = "should"
    stories: list[UserStory] = Field(default_factory=list)

    _visible = field_validator("name", "actor", mode="before")(visible_or_none)

    @field_validator("priority", mode="before")
    @classmethod
    def _priority(cls, value: object) -> object:
        if isinstance(value, str):
            value = value.strip().lower().replace("'", "").replace("’", "")
            return value or "should"
        return value


class SystemBoundaries(Item):
    internal: list[str] = Field(default_factory=list)
    external: list[str] = Field(default_factory=list)
    in_scope: list[str] = Field(default_factory=list)
    out_of_scope: list[str] = Field(default_factory=list)


RelationshipKind = Literal["one_to_one", "one_to_many", "many_to_one", "many_to_many"]
# What the link means in UML: a plain association, a whole and its parts, or "is a kind of".
RelationshipType = Literal["association", "aggregation", "composition", "generalization"]


class Relationship(BaseModel):
    model_config = ConfigDict(extra="ignore", str_strip_whitespace=True)

    target: str = Field(min_length=1, max_length=500)
    kind: RelationshipKind = "many_to_one"
    label: str = Field(default="", max_length=500)
    type: RelationshipType = "association"

    _visible = field_validator("target", mode="before")(visible_or_none)


class DataEntity(Item):
    name: str = Field(min_length=1, max_length=500)

    _visible = field_validator("name", mode="before")(visible_or_none)
    description: str = Field(default="", max_length=5000)
    attributes: list[str] = Field(default_factory=list)
    relationships: list[Relationship] = Field(default_factory=list)


class ProblemStatement(Item):
    text: str = Field(default="", max_length=10000)


class Goal(Item):
    statement: str = Field(min_length=1, max_length=2000)
    metric: str = Field(default="", max_length=500)
    target: str = Field(default="", max_length=500)
    owner: str = Field(default="", max_length=255)  # with a date, makes a "TBD" target acceptable
    due: str = Field(default="", max_length=100)


class Constraints(Item):
    business: list[str] = Field(default_factory=list)
    technical: list[str] = Field(default_factory=list)


class NFR(Item):
    category: str = Field(default="other", max_length=100)
    statement: str = Field(min_length=1, max_length=2000)
    metric: str = Field(default="", max_length=500)
    target: str = Field(default="", max_length=500)


class IntakeState(BaseModel):
    """Where the interview stands: rebuilt from the database each turn."""

    model_config = ConfigDict(extra="ignore")

    phase: str = "vision"
    asked: dict[str, int] = Field(default_factory=dict)  # question id -> times asked
    last_question_id: str | None = None
    skipped: list[str] = Field(default_factory=list)
    done: bool = False


class PRDData(BaseModel):
    """Everything extracted about one project; the input of diagrams, validation and export."""

    model_config = ConfigDict(extra="ignore")

    actors: list[Actor] = Field(default_factory=list)
    use_cases: list[UseCase] = Field(default_factory=list)
    system_boundaries: SystemBoundaries = Field(default_factory=SystemBoundaries)
    data_entities: list[DataEntity] = Field(default_factory=list)
    problem_statement: ProblemStatement = Field(default_factory=ProblemStatement)
    goals: list[Goal] = Field(default_factory=list)
    constraints: Constraints = Field(default_factory=Constraints)
    nfrs: list[NFR] = Field(default_factory=list)

    def actor_names(self) -> set[str]:
        return {normalise_name(a.name) for a in self.actors}

    def entity_names(self) -> set[str]:
        return {normalise_name(e.name) for e in self.data_entities}


class ProjectDocument(BaseModel):
    """A project with its data: what `python -m core extract` prints and the export reads."""

    name: str = Field(default="Untitled project", min_length=1, max_length=255)
    vision: str = Field(default="", max_length=5000)
    data: PRDData = Field(default_factory=PRDData)


_SPACES = re.compile(r"\s+")
_PUNCT = re.compile(r"[^\w\s]")


@lru_cache(maxsize=65536)  # called for every comparison of names while a long text is read
def normalise_name(name: str) -> str:
    """The key two names are compared by: case, spacing, punctuation and a plural 's' ignored."""
    key = _SPACES.sub(" ", _PUNCT.sub(" ", name.casefold())).strip()
    if key.endswith("ies") and len(key) > 4:
        key = key[:-3] + "y"
    elif key.endswith("s") and not key.endswith("ss") and len(key) > 3:
        key = key[:-1]
    return key
