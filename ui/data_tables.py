"""Project data sections as tables for st.data_editor, and edited tables back as data to save."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from core.errors import InvalidInput
from core.prd import PRDData, Relationship
from core.projects.data_rows import ORIGIN, item_key
from core.projects.sources import source_label

KEY = "_key"  # hidden: which stored item a row started as, empty on added rows
SOURCE = "Source"
ITEM = "Item"
SEP = "; "

TITLES: dict[str, str] = {
    "actors": "Actors",
    "use_cases": "Use cases",
    "system_boundaries": "System boundaries",
    "data_entities": "Data entities",
    "problem_statement": "Problem statement",
    "goals": "Goals",
    "constraints": "Constraints",
    "nfrs": "NFRs",
}


@dataclass(frozen=True)
class Column:
    """One editable column: its header, the item field behind it and how its text is read."""

    label: str
    field: str
    kind: str = "text"  # text | list | choice | relationships | fixed
    options: dict[str, str] = field(default_factory=dict)  # stored value -> shown text
    help: str = ""


LIST_HELP = "Separate items with ;"
TABLES: dict[str, tuple[Column, ...]] = {
    "actors": (
        Column("Name", "name"),
        Column("Role", "role"),
        Column("Kind", "kind", "choice", {"human": "human", "external_system": "external system"}),
        Column("Description", "description"),
        Column("Permissions", "permissions", "list", help=LIST_HELP),
        Column("Goals", "goals", "list", help=LIST_HELP),
    ),
    "use_cases": (
        Column("ID", "id", "fixed", help="Given on save"),
        Column("Name", "name", help="A verb phrase, e.g. Book a visit"),
        Column("Actor", "actor", help="One of the actors"),
        Column("Trigger", "trigger"),
        Column("Outcome", "outcome"),
        Column("Steps", "steps", "list", help=LIST_HELP),
        Column("Description", "description"),
        Column("Preconditions", "preconditions", "list", help=LIST_HELP),
        Column("Postconditions", "postconditions", "list", help=LIST_HELP),
        Column(
            "Priority",
            "priority",
            "choice",
            {"must": "must", "should": "should", "could": "could", "wont": "won't"},
        ),
    ),
    "data_entities": (
        Column("Name", "name"),
        Column("Description", "description"),
        Column("Attributes", "attributes", "list", help=LIST_HELP),
        Column(
            "Relationships",
            "relationships",
            "relationships",
            help="Target (kind), separated by ; e.g. Customer (many to one)",
        ),
    ),
    "goals": (
        Column("Goal", "statement"),
        Column("Metric", "metric"),
        Column("Target", "target"),
        Column("Owner", "owner"),
        Column("Due", "due"),
    ),
    "nfrs": (
        Column("Category", "category"),
        Column("Requirement", "statement"),
        Column("Metric", "metric"),
        Column("Target", "target"),
    ),
}
# Sections that are one object of lists: one row per entry, with the list it belongs to.
PARTS: dict[str, Column] = {
    "system_boundaries": Column(
        "Part",
        "part",
        "choice",
        {
            "internal": "Internal",
            "external": "External",
            "in_scope": "In scope",
            "out_of_scope": "Out of scope",
        },
    ),
    "constraints": Column("Kind", "kind", "choice", {"business": "Business", "technical": "Technical"}),
}
KIND_ALIASES = {
    "1_1": "one_to_one",
    "1_n": "one_to_many",
    "1_*": "one_to_many",
    "n_1": "many_to_one",
    "*_1": "many_to_one",
    "n_n": "many_to_many",
    "n_m": "many_to_many",
    "m_n": "many_to_many",
}
_RELATIONSHIP = re.compile(r"^(?P<target>[^()]+?)\s*(?:\((?P<kind>[^()]*)\))?\s*(?::\s*(?P<label>.*))?$")


def columns(section: str) -> tuple[Column, ...]:
    """The editable columns of a section's table, in order."""
    if section in PARTS:
        return (PARTS[section], Column(ITEM, "item"))
    return TABLES[section]


def to_frame(section: str, data: PRDData, numbers: Mapping[int, int] | None = None) -> pd.DataFrame:
    """A section as a table: one row per item, its source (by the project's message `numbers`) shown read-only."""
    if section in PARTS:
        part = PARTS[section]
        value = getattr(data, section)
        rows = [
            {part.label: shown, ITEM: text} for name, shown in part.options.items() for text in getattr(value, name)
        ]
        return pd.DataFrame(rows, columns=[part.label, ITEM], dtype="object")
    rows = [
        {KEY: str(index), **_cells(section, item), SOURCE: source_label(item.source, numbers or {})}
        for index, item in enumerate(getattr(data, section))
    ]
    headers = [KEY, *(c.label for c in TABLES[section]), SOURCE]
    return pd.DataFrame(rows, columns=headers, dtype="object")


def _cells(section: str, item: Any) -> dict[str, str]:
    return {c.label: render_cell(c, getattr(item, c.field)) for c in TABLES[section]}


def render_cell(column: Column, value: Any) -> str:
    """A field's value as the table shows it."""
    if column.kind == "list":
        return SEP.join(value)
    if column.kind == "relationships":
        return SEP.join(relationship_text(r) for r in value)
    if column.kind == "choice":
        return column.options.get(value, value)
    return str(value or "")


def relationship_text(relationship: Relationship) -> str:
    text = f"{relationship.target} ({relationship.kind.replace('_', ' ')})"
    return f"{text}: {relationship.label}" if relationship.label else text


def parse_relationship(text: str) -> dict[str, str]:
    """'Customer (many to one): places' -> target, kind and label; a bare name is a target."""
    match = _RELATIONSHIP.match(text)
    if match is None:
        return {"target": text}
    relationship = {"target": match["target"].strip()}
    if match["kind"] and match["kind"].strip():
        kind = re.sub(r"[\s\-:]+", "_", match["kind"].strip().casefold())
        relationship["kind"] = KIND_ALIASES.get(kind, kind)
    if match["label"]:
        relationship["label"] = match["label"].strip()
    return relationship


def split_items(text: str) -> list[str]:
    return [part.strip() for part in re.split(r"[;\n]", text) if part.strip()]


def cell_text(value: Any) -> str:
    """A cell as text: added rows hold None or NaN where nothing was typed."""
    if value is None:
        return ""
    try:
        if pd.isna(value):
            return ""
    except (TypeError, ValueError):
        pass
    return str(value).strip()


def _parse(column: Column, text: str) -> Any:
    if column.kind == "list":
        return split_items(text)
    if column.kind == "relationships":
        return [parse_relationship(part) for part in split_items(text)]
    if column.kind == "choice":
        shown = {label.casefold(): value for value, label in column.options.items()}
        return shown.get(text.casefold(), text)
    return text


def from_frame(section: str, frame: pd.DataFrame, base: PRDData) -> Any:
    """An edited table back as the section's data; untouched cells keep their exact value."""
    if section in PARTS:
        return _parts_from_frame(section, frame)
    originals = getattr(base, section)
    items = [_item(section, row, originals) for row in frame.to_dict("records")]
    return [item for item in items if item is not None]


def _item(section: str, row: Mapping[str, Any], originals: list[Any]) -> dict[str, Any] | None:
    cols = TABLES[section]
    cells = {c.label: cell_text(row.get(c.label)) for c in cols}
    if not any(cells[c.label] for c in cols if c.kind != "fixed"):
        return None  # a row added and left empty
    original = _original(row.get(KEY), originals)
    before = _cells(section, original) if original is not None else {}
    item = original.model_dump(mode="json", exclude={"source"}) if original is not None else {}
    if original is not None:
        item[ORIGIN] = item_key(section, original)  # a renamed row is still the item it was opened as
    for column in cols:
        text = cells[column.label]
        if column.label in before and cell_text(before[column.label]) == text:
            continue
        if column.kind == "choice" and not text:
            item.pop(column.field, None)
            continue
        item[column.field] = _parse(column, text)
        if column.kind == "relationships" and original is not None:
            _keep_link_types(item[column.field], original.relationships)
    return item


def _keep_link_types(edited: list[dict[str, Any]], before: list[Any]) -> None:
    """The cell shows no link type (composition, generalization…): an edited link to the same
    target keeps the type it had, instead of falling back to a plain association."""
    types = {r.target.casefold(): r.type for r in before}
    for link in edited:
        kept = types.get(str(link.get("target", "")).casefold())
        if kept and "type" not in link:
            link["type"] = kept


def _original(key: Any, originals: list[Any]) -> Any:
    text = cell_text(key)
    if not text.isdigit() or int(text) >= len(originals):
        return None
    return originals[int(text)]


def _parts_from_frame(section: str, frame: pd.DataFrame) -> dict[str, list[str]]:
    part = PARTS[section]
    by_label = {label.casefold(): name for name, label in part.options.items()}
    out: dict[str, list[str]] = {name: [] for name in part.options}
    errors: dict[str, str] = {}
    for index, row in enumerate(frame.to_dict("records")):
        text = cell_text(row.get(ITEM))
        name = by_label.get(cell_text(row.get(part.label)).casefold())
        if not text:
            continue
        if name is None:
            choices = ", ".join(part.options.values())
            label = f"{TITLES[section]} row {index + 1}"
            errors[f"{section}[{index}]"] = f"{label}: {part.label.lower()} should be one of {choices}"
            continue
        out[name].append(text)
    if errors:
        raise InvalidInput("Some rows need fixing: " + " · ".join(errors.values()), errors)
    return out


def to_payload(frames: Mapping[str, pd.DataFrame], problem: str, base: PRDData) -> dict[str, Any]:
    """Every edited section as one dict for save_project_data; sections not shown stay as they were."""
    payload = base.model_dump(mode="json")
    errors: dict[str, str] = {}
    for section, frame in frames.items():
        try:
            payload[section] = from_frame(section, frame, base)
        except InvalidInput as exc:
            errors.update(exc.errors)
    if errors:
        raise InvalidInput("Some rows need fixing: " + " · ".join(errors.values()), errors)
    payload["problem_statement"] = {"text": problem.strip()}
    return payload
