"""A project's extracted data for people: read it, and save hand edits with optimistic locking."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from pydantic import BaseModel, ValidationError
from sqlalchemy.orm import Session

from core import audit
from core.errors import Conflict, InvalidInput, pydantic_message
from core.permissions import Actor, Permission, require
from core.project_data import (
    NFR,
    Constraints,
    DataEntity,
    Goal,
    PRDData,
    ProblemStatement,
    Source,
    SystemBoundaries,
    UseCase,
    normalise_name,
)
from core.project_data import Actor as PRDActor
from core.projects import storage
from core.projects.scope import project_in_team
from core.projects.storage import StoredData

CONFLICT_MESSAGE = (
    "Someone else saved this project's data since you started editing. "
    "Their version is shown; your edits are kept and nothing was saved."
)
MANUAL = Source(kind="manual")
_UC_ID = re.compile(r"UC-(\d+)")

# section -> (title in messages, item model, the key an item is matched to its stored self by)
LISTS: dict[str, tuple[str, type[BaseModel], Callable[[Any], str]]] = {
    "actors": ("Actors", PRDActor, lambda item: normalise_name(item.name)),
    "use_cases": ("Use cases", UseCase, lambda item: item.id),
    "data_entities": ("Data entities", DataEntity, lambda item: normalise_name(item.name)),
    "goals": ("Goals", Goal, lambda item: normalise_name(item.statement)),
    "nfrs": ("NFRs", NFR, lambda item: normalise_name(item.statement)),
}
SINGLES: dict[str, tuple[str, type[BaseModel]]] = {
    "system_boundaries": ("System boundaries", SystemBoundaries),
    "problem_statement": ("Problem statement", ProblemStatement),
    "constraints": ("Constraints", Constraints),
}
NAMED = ("actors", "use_cases", "data_entities")

Row = tuple[int, dict[str, Any], Any]  # position, the row as given, the parsed item


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
) -> StoredData:
    """Store hand edits if nobody saved since `expected_version` (projects:update)."""
    require(actor, Permission.PROJECTS_UPDATE)
    project_in_team(db, actor=actor, project_id=project_id)
    current = storage.load(db, project_id=project_id)
    if current.version != expected_version:
        raise Conflict(CONFLICT_MESSAGE, current=current)
    raw = data.model_dump(mode="json") if isinstance(data, PRDData) else data
    edited = validate_project_data(raw)
    edited = edited.model_copy(update={"use_cases": _assign_ids(edited.use_cases, current.data.use_cases)})
    edited = _with_sources(edited, current.data)
    changed = _changed_sections(edited, current.data)
    if not changed:
        return current
    saved = storage.store(db, project_id=project_id, data=edited, expected_version=expected_version)
    audit.log(
        db,
        actor,
        "project_data.edited",
        target=("project", project_id),
        details={"from_version": expected_version, "to_version": saved.version, "sections": changed},
    )
    return saved


class _Problems:
    """Problems collected per row, so one save reports every bad row at once."""

    def __init__(self) -> None:
        self.rows: dict[str, tuple[str, list[str]]] = {}

    def add(self, key: str, label: str, problem: str) -> None:
        self.rows.setdefault(key, (label, []))[1].append(problem)

    def raise_if_any(self) -> None:
        if not self.rows:
            return
        errors = {key: f"{label}: {'; '.join(found)}" for key, (label, found) in self.rows.items()}
        raise InvalidInput("Some rows need fixing: " + " · ".join(errors.values()), errors)


def validate_project_data(raw: Any) -> PRDData:
    """Parse every section row by row; InvalidInput names each bad row and what is wrong."""
    if not isinstance(raw, dict):
        raise InvalidInput("Project data should be an object with one entry per section.")
    problems = _Problems()
    rows = {section: _parse_rows(section, raw.get(section), problems) for section in LISTS}
    singles = {section: _parse_single(section, raw.get(section), problems) for section in SINGLES}
    for section in NAMED:
        _check_unique_names(section, rows[section], problems)
    _check_use_case_actors(rows["use_cases"], rows["actors"], problems)
    _check_relationships(rows["data_entities"], problems)
    problems.raise_if_any()
    lists = {section: [item for _, _, item in parsed] for section, parsed in rows.items()}
    return PRDData.model_construct(**lists, **singles)


def _parse_rows(section: str, value: Any, problems: _Problems) -> list[Row]:
    title, model, _ = LISTS[section]
    if value is None:
        return []
    if not isinstance(value, list):
        problems.add(section, title, "should be a list of rows")
        return []
    parsed: list[Row] = []
    for index, row in enumerate(value):
        try:
            parsed.append((index, row, model.model_validate(row)))
        except ValidationError as exc:
            for problem in pydantic_message(exc, describe=_describe).errors.values():
                problems.add(f"{section}[{index}]", row_label(section, index, row), problem)
    return parsed


def _parse_single(section: str, value: Any, problems: _Problems) -> BaseModel:
    title, model = SINGLES[section]
    try:
        return model.model_validate(value or {})
    except ValidationError as exc:
        for problem in pydantic_message(exc, describe=_describe).errors.values():
            problems.add(section, title, problem)
        return model()


def row_label(section: str, index: int, row: Any) -> str:
    """How a message names a row: "Use cases row 2 (UC-2 Book visit)"."""
    text = f"{LISTS[section][0]} row {index + 1}"
    if not isinstance(row, dict) or section not in NAMED:
        return text
    parts = [str(row.get("id") or "").strip()] if section == "use_cases" else []
    parts.append(str(row.get("name") or "").strip())
    name = " ".join(p for p in parts if p)
    return f"{text} ({name})" if name else text


def _describe(_field: str, err: Any) -> str:
    """One pydantic error as a short phrase about the field, in the user's words."""
    loc = err.get("loc", ())
    field = " ".join(str(p + 1) if isinstance(p, int) else str(p).replace("_", " ") for p in loc)
    field = field or "row"
    kind, ctx = err.get("type"), err.get("ctx") or {}
    if kind == "missing" or (kind == "string_too_short" and ctx.get("min_length") == 1):
        return f"{field} is required"
    if kind == "string_too_long":
        return f"{field} is too long (at most {ctx.get('max_length')} characters)"
    message = str(err.get("msg", "is invalid"))
    if message.startswith("Input should be "):
        return f"{field} should be {message.removeprefix('Input should be ')}"
    return f"{field}: {message.removeprefix('Value error, ')}"


def _check_unique_names(section: str, rows: list[Row], problems: _Problems) -> None:
    seen: dict[str, int] = {}
    for index, row, item in rows:
        key = normalise_name(item.name)
        if key in seen:
            problems.add(
                f"{section}[{index}]",
                row_label(section, index, row),
                f"name '{item.name}' is already used by row {seen[key] + 1}",
            )
        else:
            seen[key] = index


def _check_use_case_actors(use_cases: list[Row], actors: list[Row], problems: _Problems) -> None:
    defined = {normalise_name(actor.name) for _, _, actor in actors}
    for index, row, use_case in use_cases:
        if use_case.actor and normalise_name(use_case.actor) not in defined:
            problems.add(
                f"use_cases[{index}]",
                row_label("use_cases", index, row),
                f"actor '{use_case.actor}' is not a defined actor",
            )


def _check_relationships(entities: list[Row], problems: _Problems) -> None:
    defined = {normalise_name(entity.name) for _, _, entity in entities}
    for index, row, entity in entities:
        for relationship in entity.relationships:
            if normalise_name(relationship.target) not in defined:
                problems.add(
                    f"data_entities[{index}]",
                    row_label("data_entities", index, row),
                    f"relationship target '{relationship.target}' is not a data entity",
                )


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
