"""The few error types the UI maps to messages; anything else is a bug with an error id."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

# Phrases one pydantic error (its dict from ValidationError.errors()) for the field it names.
Describe = Callable[[str, Mapping[str, Any]], str | None]


class AppError(Exception):
    """An expected failure whose message is safe and useful to show to the user."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class NotFound(AppError):
    """The thing does not exist, or belongs to another team (never say which)."""


class PermissionDenied(AppError):
    """The acting member's role does not allow this."""


class InvalidInput(AppError):
    """The input failed validation; `errors` maps a field or row to its message."""

    def __init__(self, message: str, errors: dict[str, str] | None = None):
        super().__init__(message)
        self.errors = errors or {}


class Conflict(AppError):
    """Someone else changed the thing first; `current` holds their version when known."""

    def __init__(self, message: str, current: Any = None):
        super().__init__(message)
        self.current = current


class RateLimited(AppError):
    """Too many calls; `retry_at` says when the next one is allowed."""

    def __init__(self, message: str, retry_at: datetime | None = None):
        super().__init__(message)
        self.retry_at = retry_at


class AccountLocked(AppError):
    """Too many failed sign-ins; `locked_until` says when the account opens again."""

    def __init__(self, message: str, locked_until: datetime):
        super().__init__(message)
        self.locked_until = locked_until


class AssistantUnavailable(AppError):
    """The language model failed or timed out; the user's message is kept and can be retried."""


class AssistantMisconfigured(AppError):
    """The model's provider refused the request as configured (key, model, setting): retrying
    cannot help until the configuration changes; the user's message is kept."""


def pydantic_message(exc: Exception, *, describe: Describe | None = None, sentences: bool = False) -> InvalidInput:
    """Turn a pydantic ValidationError into InvalidInput with one phrase per field."""
    # describe(field, error) may word an error itself (None keeps pydantic's words); with
    # sentences the message is the phrases alone, for phrases that need no field name.
    errors: dict[str, str] = {}
    for err in getattr(exc, "errors", lambda: [])():
        field = ".".join(str(p) for p in err.get("loc", ())) or "input"
        phrase = describe(field, err) if describe else None
        errors.setdefault(field, phrase or str(err.get("msg", "is invalid")).removeprefix("Value error, "))
    if sentences:
        return InvalidInput(" ".join(dict.fromkeys(errors.values())) or str(exc), errors)
    return InvalidInput("; ".join(_phrase(k, v) for k, v in errors.items()) or str(exc), errors)


def _phrase(field: str, text: str) -> str:
    """'Describe the vision in at least 10 characters.' reads on its own; pydantic's own words
    ('String should have at least 1 character') get the field's name, as a person writes it."""
    if text.endswith("."):
        return text
    name = field.replace("_", " ").replace(".", " ")
    return f"{name[:1].upper()}{name[1:]}: {text}"
