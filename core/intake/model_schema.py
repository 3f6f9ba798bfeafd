"""What the language model is asked to write: a small JSON Schema inside OpenAI's strict subset
(every object closed, every property required, no defaults or length keywords), holding only
what the model should fill in. Ids, sources and limits are ours: the answer is validated
against the stored shapes (core.prd) after it arrives."""

from __future__ import annotations

import json
from typing import Any

from pydantic import ValidationError

from core.prd import PRDData

SCHEMA_NAME = "requirements_delta"
# Keywords the strict subset accepts; anything else in the schema makes a strict request fail.
STRICT_KEYWORDS = frozenset({"type", "properties", "required", "additionalProperties", "items", "enum", "description"})


def _text() -> dict[str, Any]:
    return {"type": "string"}


def _texts() -> dict[str, Any]:
    return {"type": "array", "items": {"type": "string"}}


def _choice(*values: str) -> dict[str, Any]:
    return {"type": "string", "enum": list(values)}


def _record(**fields: dict[str, Any]) -> dict[str, Any]:
    """A closed object whose every field is required (strict mode's rule)."""
    return {"type": "object", "properties": fields, "required": list(fields), "additionalProperties": False}


def _list(**fields: dict[str, Any]) -> dict[str, Any]:
    return {"type": "array", "items": _record(**fields)}


T, TS = _text(), _texts()
SCHEMA: dict[str, Any] = _record(
    actors=_list(name=T, role=T, kind=_choice("human", "external_system"), description=T, permissions=TS, goals=TS),
    use_cases=_list(
        name=T,
        description=T,
        actor=T,
        trigger=T,
        outcome=T,
        preconditions=TS,
        postconditions=TS,
        steps=TS,
        priority=_choice("must", "should", "could", "wont"),
    ),
    system_boundaries=_record(internal=TS, external=TS, in_scope=TS, out_of_scope=TS),
    data_entities=_list(
        name=T,
        description=T,
        attributes=TS,
        relationships=_list(
            target=T, kind=_choice("one_to_one", "one_to_many", "many_to_one", "many_to_many"), label=T
        ),
    ),
    problem_statement=T,
    goals=_list(statement=T, metric=T, target=T, owner=T, due=T),
    constraints=_record(business=TS, technical=TS),
    nfrs=_list(category=T, statement=T, metric=T, target=T),
)

# The field an item cannot do without: a model that writes an empty one means "nothing here".
_KEY_FIELD = {"actors": "name", "use_cases": "name", "data_entities": "name", "goals": "statement", "nfrs": "statement"}


def response_format(*, strict: bool) -> dict[str, Any]:
    """The schema as OpenAI's `response_format.json_schema` (name, schema, strict)."""
    return {"name": SCHEMA_NAME, "schema": SCHEMA, "strict": strict}


def tool() -> dict[str, Any]:
    """The schema as a function the model calls, for servers with tools but no structured output."""
    return {"name": SCHEMA_NAME, "description": "Record the requirements the text states.", "parameters": SCHEMA}


def shape_hint() -> str:
    """A one-line skeleton of the answer, for servers that only promise some JSON object."""
    return json.dumps(_skeleton(SCHEMA), separators=(",", ":"))


def _skeleton(node: dict[str, Any]) -> Any:
    if "enum" in node:
        return "|".join(node["enum"])
    if node["type"] == "object":
        return {k: _skeleton(v) for k, v in node["properties"].items()}
    if node["type"] == "array":
        return [_skeleton(node["items"])]
    return ""


def to_prd(answer: Any) -> PRDData:
    """The model's answer as project data, validated against the stored shapes; ValueError if unusable."""
    if not isinstance(answer, dict):
        raise ValueError("the answer is not a JSON object")
    raw = dict(answer)
    for section, key in _KEY_FIELD.items():
        items = raw.get(section)
        if isinstance(items, list):
            raw[section] = [i for i in items if not isinstance(i, dict) or str(i.get(key) or "").strip()]
    problem = raw.get("problem_statement")
    if isinstance(problem, str):
        raw["problem_statement"] = {"text": problem}
    try:
        return PRDData.model_validate(raw)
    except ValidationError as exc:
        raise ValueError(f"the answer does not fit the project data: {exc.error_count()} problems") from exc
