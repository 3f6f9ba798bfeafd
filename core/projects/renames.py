"""Carrying a rename over: a renamed actor or entity is renamed wherever the data names it, so
nothing is left pointing at the old name. Shared by the chat's "Rename Driver to Courier" and
the Project data page's tables."""

from __future__ import annotations

import re

from core.prd import PRDData, UseCase, normalise_name
from core.wording import counted

USE_CASE_TEXT = ("description", "trigger", "outcome")
USE_CASE_LISTS = ("preconditions", "postconditions", "steps")


def _cased(found: str, old: str, new: str) -> str:
    """The new name written the way the old one was: "driver" -> "courier", "Driver" -> "Courier"."""
    if found == old:
        return new
    if found.islower():
        return new.lower()
    if found.isupper() and len(found) > 1:
        return new.upper()
    return new[:1].upper() + new[1:] if found[:1].isupper() else new


def whole_word(old: str) -> re.Pattern[str]:
    """The old name as a whole word, singular or plural, in any case."""
    return re.compile(rf"(?<!\w){re.escape(old)}(?P<plural>s)?(?!\w)", re.I)


def _replace(text: str, old: str, new: str) -> str:
    def one(match: re.Match[str]) -> str:
        plural = match["plural"] or ""
        return _cased(match.group(0).removesuffix(plural), old, new) + plural

    return whole_word(old).sub(one, text)


def carry_rename(data: PRDData, *, section: str, old: str, new: str) -> list[str]:
    """Rename, in place, what names `old` (an actor or a data entity); returns what changed in plain words."""
    if section == "actors":
        return _carry_actor(data, old, new)
    if section == "data_entities":
        return _carry_entity(data, old, new)
    return []


def _carry_actor(data: PRDData, old: str, new: str) -> list[str]:
    was, changes = normalise_name(old), []
    cases = [u for u in data.use_cases if u.actor and normalise_name(u.actor) == was]
    for use_case in cases:
        use_case.actor = new
    if cases:
        changes.append(f"changed the actor on {counted(len(cases), 'use case')}")
    texts = [u.id or u.name for u in data.use_cases if _rename_text(u, old, new)]
    if texts:
        changes.append(f"renamed it in the text of {', '.join(texts)}")
    return changes + _carry_to_entities(data, old, new)


def _rename_text(use_case: UseCase, old: str, new: str) -> bool:
    """Rename the name in a use case's trigger, steps and other text; whether anything changed."""
    before = use_case.model_dump(include={*USE_CASE_TEXT, *USE_CASE_LISTS})
    for name in USE_CASE_TEXT:
        setattr(use_case, name, _replace(getattr(use_case, name), old, new))
    for name in USE_CASE_LISTS:
        setattr(use_case, name, [_replace(v, old, new) for v in getattr(use_case, name)])
    return use_case.model_dump(include={*USE_CASE_TEXT, *USE_CASE_LISTS}) != before


def _carry_to_entities(data: PRDData, old: str, new: str) -> list[str]:
    """An entity named after the actor ("Driver", "Driver profile") follows it, with its relationships."""
    changes: list[str] = []
    taken = data.entity_names()
    for entity in data.data_entities:
        renamed = _replace(entity.name, old, new)
        if renamed != entity.name and normalise_name(renamed) not in taken:
            changes.append(f"renamed the entity “{entity.name}” to “{renamed}”")
            changes += _carry_entity(data, entity.name, renamed)
            entity.name = renamed
        entity.description = _replace(entity.description, old, new)
        entity.attributes = [_replace(a, old, new) for a in entity.attributes]
    return changes


def _carry_entity(data: PRDData, old: str, new: str) -> list[str]:
    was, count = normalise_name(old), 0
    for entity in data.data_entities:
        for relationship in entity.relationships:
            if normalise_name(relationship.target) == was:
                relationship.target = new
                count += 1
    return [f"changed {counted(count, 'relationship target')}"] if count else []
