"""How each audit action reads as a sentence: one template per action, over the entry's details.

Placeholders: {actor} (who did it), {project}, {user}, {team} (the target, by its name now or at
the time), and the entry's details by key. A template whose details are missing falls back to
`fallback_sentence`, so an entry always reads as a sentence and never as raw data.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

PHRASES: dict[str, str] = {
    "account.signed_up": "{actor} signed up as {email}",
    "account.password_changed": "{actor} changed their password",
    "account.password_reset_requested": "{actor} asked for a password reset link",
    "account.reset_link_created": "{actor} made a password reset link for {user}",
    "account.password_reset": "{actor} set a new password with a reset link",
    "auth.sign_in_failed": "{actor} failed to sign in (attempt {attempt})",
    "auth.unknown_sign_in_failed": "{actor} failed to sign in with an address that has no account",
    "auth.lockout": "{actor} was locked out until {locked_until}",
    "team.created": "{actor} created {team}",
    "team.renamed": "{actor} renamed the team “{old}” to “{new}”",
    "member.role_changed": "{actor} changed {user}'s role from {old} to {new}",
    "member.removed": "{actor} removed {user} ({role}) from the team",
    "member.left": "{actor} left the team (was {role})",
    "invitation.created": "{actor} invited {email} as {role}",
    "invitation.revoked": "{actor} withdrew the invitation of {email} as {role} ({reason})",
    "invitation.accepted": "{actor} accepted the invitation for {email} and joined as {role}",
    "plan.changed": "{actor} changed the team's plan from {from} to {to} ({source})",
    "project.created": "{actor} created {project}",
    "project.updated": "{actor} changed the {fields} of {project}",
    "project.renamed": "{actor} renamed the project “{old}” to “{new}”",
    "project.status_changed": "{actor} moved {project} from {from} to {to}",
    "project.archived": "{actor} archived {project}",
    "project.restored": "{actor} restored {project} to {status}",
    "project.deleted": "{actor} deleted {project}",
    "project.exported": "{actor} exported {project} as {format}",
    "project.validated": "{actor} validated {project}: score {score}, {verdict}",
    "project_data.edited": "{actor} edited the {sections} of {project} (version {from_version} to {to_version})",
}

# Details whose values are identifiers (in_progress) rather than text a person typed.
_WORDY = {"from", "to", "status", "previous_status", "role", "old", "new", "source", "reason"}
_IDENTIFIER_ACTIONS = {"member.role_changed", "plan.changed", "project.status_changed"}


def _words(items: object) -> str:
    """A list as "a, b and c"; anything else as its text."""
    if not isinstance(items, list | tuple):
        return str(items)
    parts = [str(i).replace("_", " ") for i in items]
    if not parts:
        return "details"
    return parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} and {parts[-1]}"


def _utc(stamp: str) -> str:
    """An ISO time as "2026-12-01 22:20 UTC"; left as it is when it is not one."""
    try:
        return f"{datetime.fromisoformat(stamp).astimezone(UTC):%Y-%m-%d %H:%M} UTC"
    except ValueError:
        return stamp


def _values(action: str, details: Mapping[str, Any]) -> dict[str, str]:
    values = {key: _words(value) for key, value in details.items()}
    for key in _WORDY & values.keys():
        if action in _IDENTIFIER_ACTIONS or key not in {"old", "new"}:
            values[key] = values[key].replace("_", " ")
    if isinstance(details.get("locked_until"), str):
        values["locked_until"] = _utc(details["locked_until"])
    if "passed" in details:
        values["verdict"] = "passes" if details["passed"] else "does not pass yet"
    return values


def fallback_sentence(action: str, names: Mapping[str, str], details: Mapping[str, Any]) -> str:
    """An action with no template: who, the action in words, what it was done to, the details as text."""
    words = action.replace(".", " ").replace("_", " ")
    sentence = f"{names['actor']}: {words}"
    if names.get("target"):
        sentence += f", on {names['target']}"
    shown = "; ".join(f"{key.replace('_', ' ')} {_words(value)}" for key, value in sorted(details.items()))
    return f"{sentence} ({shown})" if shown else sentence


def sentence(action: str, names: Mapping[str, str], details: Mapping[str, Any]) -> str:
    """The entry as one sentence: the action's template over the names and details, else the fallback."""
    template = PHRASES.get(action)
    if template is not None:
        try:
            return template.format_map({**_values(action, details), **names})
        except (KeyError, IndexError, ValueError):
            pass
    return fallback_sentence(action, names, details)


def action_label(action: str) -> str:
    """An action for a filter list: "member.role_changed" → "member role changed"."""
    return action.replace(".", " ").replace("_", " ")
