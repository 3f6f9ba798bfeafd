"""The hard gates as the question steering reads them: the validation rubric's own checks, not a copy."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from core.prd import PRDData
from core.validation import gates as rubric
from core.validation.context import Context


def externals(data: PRDData) -> list[str]:
    """Outside systems: external-system actors and the external side of the boundary."""
    return Context(data).externals


def has_interaction(data: PRDData, system: str) -> bool:
    """A use case is performed by the system, or names it in its name, description or steps."""
    return rubric.has_interaction(Context(data), system)


GATES: dict[str, Callable[[PRDData], bool]] = {rule.id: partial(rubric.gate_passes, rule.id) for rule in rubric.RULES}


def hg1(d: PRDData) -> bool:
    return GATES["HG1"](d)


def hg2(d: PRDData) -> bool:
    return GATES["HG2"](d)


def hg3(d: PRDData) -> bool:
    return GATES["HG3"](d)


def hg4(d: PRDData) -> bool:
    return GATES["HG4"](d)


def hg5(d: PRDData) -> bool:
    return GATES["HG5"](d)


def hg6(d: PRDData) -> bool:
    return GATES["HG6"](d)


def hg7(d: PRDData) -> bool:
    return GATES["HG7"](d)


def hg8(d: PRDData) -> bool:
    return GATES["HG8"](d)


def hg9(d: PRDData) -> bool:
    return GATES["HG9"](d)


def gate_failing(gate: str | None, data: PRDData) -> bool:
    """A question serving this gate gets a bonus while the gate fails (unknown or no gate: never)."""
    check = GATES.get(gate or "")
    return bool(check) and not check(data)
