"""Reading hand-edited project data row by row: every bad row named at once, and a renamed
actor or entity carried over to what names it before the rows are checked against each other."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

from pydantic import BaseModel, ValidationError

from core.errors import InvalidInput, pydantic_message
from core.prd import (
    NFR,
    Constraints,
    DataEntity,
    Goal,
    PRDData,
    ProblemStatement,
    SystemBoundaries,
    UseCase,
    normalise_name,
)
from core.prd import Actor as PRDActor
from core.projects.renames import carry_rename

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
RENAMED = {"actors": "actor", "data_entities": "entity"}  # sections whose renames are carried over
# A row may name the stored item it was opened as (its key in LISTS), so a renamed row is still that item.
ORIGIN = "_stored"

Row = tuple[int, dict[str, Any], Any]  # position, the row as given, the parsed item


def item_key(section: str, item: Any) -> str:
    """The key a list item is matched to its stored self by."""
    return LISTS[section][2](item)


class Rename(NamedTuple):
    section: str
    old: str
    new: str


class Edited(NamedTuple):
    """Hand-edited data as read: the data, each list item's identity, the renames and what they carried over."""

    data: PRDData
    keys: dict[str, list[str]]
    renames: list[Rename]
    carried_over: list[str]


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


def validate_project_data(raw: Any, *, stored: PRDData | None = None) -> Edited:
    """Parse every section row by row; InvalidInput names each bad row and what is wrong.
    Rows naming their stored item (ORIGIN) are matched to `stored`, so a rename is carried over."""
    if not isinstance(raw, dict):
        raise InvalidInput("Project data should be an object with one entry per section.")
    problems = _Problems()
    rows = {section: _parse_rows(section, raw.get(section), problems) for section in LISTS}
    singles = {section: _parse_single(section, raw.get(section), problems) for section in SINGLES}
    lists = {section: [item for _, _, item in parsed] for section, parsed in rows.items()}
    data = PRDData.model_construct(**lists, **singles)
    keys = {section: _identities(section, parsed, stored) for section, parsed in rows.items()}
    renames = [r for section in RENAMED for r in _renames(section, rows[section], keys[section], stored)]
    carried = [carry(data, rename) for rename in renames]
    for section in NAMED:
        _check_unique_names(section, rows[section], problems)
    _check_use_case_actors(rows["use_cases"], rows["actors"], problems)
    _check_relationships(rows["data_entities"], problems)
    problems.raise_if_any()
    return Edited(data, keys, renames, [text for text in carried if text])


def _identities(section: str, rows: list[Row], stored: PRDData | None) -> list[str]:
    """Each row's identity: the stored item it names, else its own key; new use cases have none yet."""
    known = {item_key(section, item) for item in getattr(stored, section)} if stored is not None else set()
    out: list[str] = []
    for index, row, item in rows:
        origin = row.get(ORIGIN) if isinstance(row, dict) else None
        out.append(origin if isinstance(origin, str) and origin in known else item_key(section, item) or f"new:{index}")
    return out


def _renames(section: str, rows: list[Row], keys: list[str], stored: PRDData | None) -> list[Rename]:
    """Rows whose name changed from the stored item they were opened as, its old name defined nowhere else."""
    if stored is None:
        return []
    before = {item_key(section, item): item for item in getattr(stored, section)}
    now = {item_key(section, item) for _, _, item in rows}
    return [
        Rename(section, before[key].name, item.name)
        for key, (_, _, item) in zip(keys, rows, strict=True)
        if key in before and key != item_key(section, item) and key not in now
    ]


def carry(data: PRDData, rename: Rename) -> str:
    """Carry a rename over to what names the old name; in words, what that changed (empty: nothing)."""
    changes = carry_rename(data, section=rename.section, old=rename.old, new=rename.new)
    if not changes:
        return ""
    return f"Renamed the {RENAMED[rename.section]} “{rename.old}” to “{rename.new}”: {'; '.join(changes)}."


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
