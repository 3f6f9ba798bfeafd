"""The few error types the UI maps to messages; anything else is a bug with an error id."""

from __future__ import annotations

from datetime import datetime
from typing import Any


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


def pydantic_message(exc: Exception) -> InvalidInput:
    """Turn a pydantic ValidationError into InvalidInput with one line per field."""
    errors: dict[str, str] = {}
    for err in getattr(exc, "errors", lambda: [])():
        field = ".".join(str(p) for p in err.get("loc", ())) or "input"
        msg = str(err.get("msg", "is invalid"))
        msg = msg.removeprefix("Value error, ")
        errors[field] = msg
    text = "; ".join(f"{k}: {v}" for k, v in errors.items()) or str(exc)
    return InvalidInput(text, errors)
