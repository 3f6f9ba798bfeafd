"""The rules OpenAI's strict structured output applies to a JSON Schema, written out so the fake
server can refuse a request the way the real one does, and a test can check the schema we send."""

from __future__ import annotations

from typing import Any

# Conservative: keywords the strict subset is documented to accept; others (default, minLength,
# maxLength, format, ...) have been reported refused with HTTP 400.
ALLOWED = frozenset(
    {
        "type",
        "properties",
        "required",
        "additionalProperties",
        "items",
        "enum",
        "description",
        "anyOf",
        "$ref",
        "$defs",
        "const",
        "title",
    }
)


def problems(schema: Any, path: str = "$") -> list[str]:
    """Every place where `schema` breaks the strict subset's rules; empty when it is accepted."""
    if not isinstance(schema, dict):
        return [f"{path}: a schema must be an object"]
    found = [f"{path}: '{k}' is not supported" for k in schema if k not in ALLOWED]
    if schema.get("type") == "object" or "properties" in schema:
        props = schema.get("properties") or {}
        if schema.get("additionalProperties") is not False:
            found.append(f"{path}: additionalProperties must be false")
        if sorted(schema.get("required") or []) != sorted(props):
            found.append(f"{path}: every property must be required")
        for name, sub in props.items():
            found += problems(sub, f"{path}.{name}")
    if "items" in schema:
        found += problems(schema["items"], f"{path}[]")
    for i, sub in enumerate(schema.get("anyOf") or []):
        found += problems(sub, f"{path}.anyOf[{i}]")
    for name, sub in (schema.get("$defs") or {}).items():
        found += problems(sub, f"$defs.{name}")
    return found
