"""A project's extracted data for people: read it, and save hand edits with optimistic locking."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from core import audit
from core.errors import Conflict
from core.permissions import Actor, Permission, require
from core.prd import PRDData, Source, UseCase, normalise_name
from core.projects import storage
from core.projects.data_rows import LISTS, SINGLES, carry, validate_project_data
from core.projects.merge_edits import CONTESTED_MESSAGE, EditConflict, merge
from core.projects.scope import project_in_team
from core.projects.storage import StoredData

CONFLICT_MESSAGE = (
    "Someone else saved this project's data since you started editing. "
    "Their version is shown; your edits are kept and nothing was saved."
)
MANUAL = Source(kind="manual")
_UC_ID = re.compile(r"UC-(\d+)")


class SavedData(StoredData):
    """The data after a save, and in plain words what the save did beyond the edits as typed."""

    carried_over: list[str] = Field(default_factory=list)  # renames carried over to what named the old name
    merged_with: int | None = None  # the version someone else saved meanwhile, merged with these edits
    theirs_kept: list[str] = Field(default_factory=list)  # the items whose change came from that version


def get_project_data(db: Session, *, actor: Actor, project_id: int) -> StoredData:
    """The project's data with the version a later save must name (projects:read)."""
    require(actor, Permission.PROJECTS_READ)
    project_in_team(db, actor=actor, project_id=project_id)
    return storage.load(db, project_id=project_id)


def save_project_data(
    db: Session,
    *,
    actor: Actor,
    project_id: int,
    data: PRDData | dict[str, Any],
    expected_version: int,
    base: PRDData | None = None,
    choices: Mapping[str, str] | None = None,
) -> SavedData:
    """Store hand edits made on version `expected_version` (projects:update). If someone saved since,
    and `base` (that version's data) is given, merge item by item with theirs; EditConflict lists the
    items both changed unless `choices` ("section/key" -> mine or theirs) settle them; else Conflict."""
    require(actor, Permission.PROJECTS_UPDATE)
    project_in_team(db, actor=actor, project_id=project_id)
    current = storage.load(db, project_id=project_id)
    raw = data.model_dump(mode="json") if isinstance(data, PRDData) else data
    if current.version == expected_version:
        edited = validate_project_data(raw, stored=current.data)
        return _store(db, actor, current, edited.data, carried_over=edited.carried_over)
    if base is None:
        raise Conflict(CONFLICT_MESSAGE, current=current)
    edited = validate_project_data(raw, stored=base)
    merged = merge(base, edited.data, edited.keys, current.data, choices or {})
    if merged.contested:
        raise EditConflict(CONTESTED_MESSAGE, current=current, contested=merged.contested)
    for rename in edited.renames:  # their rows may still name the old name
        carry(merged.data, rename)
    checked = validate_project_data(merged.data.model_dump(mode="json"))
    return _store(
        db, actor, current, checked.data, carried_over=edited.carried_over, theirs_kept=merged.theirs_kept
    ).model_copy(update={"merged_with": current.version})


def _store(db: Session, actor: Actor, current: StoredData, data: PRDData, **said: list[str]) -> SavedData:
    """Store `data` over `current` (ids given, sources kept where unchanged) and audit it; unchanged stores nothing."""
    data = data.model_copy(update={"use_cases": _assign_ids(data.use_cases, current.data.use_cases)})
    data = _with_sources(data, current.data)
    changed = _changed_sections(data, current.data)
    if not changed:
        return SavedData(**dict(current), **said)
    saved = storage.store(db, project_id=current.project_id, data=data, expected_version=current.version)
    audit.log(
        db,
        actor,
        "project_data.edited",
        target=("project", current.project_id),
        details={"from_version": current.version, "to_version": saved.version, "sections": changed},
    )
    return SavedData(**dict(saved), **said)


def _assign_ids(use_cases: list[UseCase], stored: list[UseCase]) -> list[UseCase]:
    """Keep existing UC-n ids (or the stored id of the same name); new rows get the next UC-n."""
    taken: set[str] = set()
    ids: list[str] = []
    for use_case in use_cases:
        keep = bool(_UC_ID.fullmatch(use_case.id)) and use_case.id not in taken
        ids.append(use_case.id if keep else "")
        taken.update([use_case.id] if keep else [])
    by_name = {normalise_name(u.name): u.id for u in stored if u.id}
    for index, use_case in enumerate(use_cases):
        guess = by_name.get(normalise_name(use_case.name), "")
        if not ids[index] and guess and guess not in taken:
            ids[index] = guess
            taken.add(guess)
    known = taken | {u.id for u in stored}
    number = max((int(m.group(1)) for i in known if (m := _UC_ID.fullmatch(i))), default=0)
    for index, ident in enumerate(ids):
        if not ident:
            number += 1
            ids[index] = f"UC-{number}"
    return [u.model_copy(update={"id": ident}) for u, ident in zip(use_cases, ids, strict=True)]


def _same(item: BaseModel, before: BaseModel | None) -> bool:
    if before is None:
        return False
    return item.model_dump(exclude={"source"}) == before.model_dump(exclude={"source"})


def _sourced(item: Any, before: Any) -> Any:
    """An unchanged item keeps where it came from; anything else was edited by hand."""
    source = before.source if _same(item, before) else MANUAL
    return item.model_copy(update={"source": source})


def _with_sources(new: PRDData, old: PRDData) -> PRDData:
    update: dict[str, Any] = {}
    for section, (_, _, key) in LISTS.items():
        stored: dict[str, Any] = {}
        for item in getattr(old, section):
            stored.setdefault(key(item), item)
        update[section] = [_sourced(i, stored.get(key(i))) for i in getattr(new, section)]
    for section in SINGLES:
        update[section] = _sourced(getattr(new, section), getattr(old, section))
    return new.model_copy(update=update)


def _changed_sections(new: PRDData, old: PRDData) -> list[str]:
    before, after = old.model_dump(mode="json"), new.model_dump(mode="json")
    return [section for section in (*LISTS, *SINGLES) if before[section] != after[section]]
