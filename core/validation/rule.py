"""One rule = id + why + a failing and a passing example + a pure check returning what failed."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from core.diagrams import Drawing
from core.prd import PRDData
from core.validation.context import Context
from core.validation.model import Category, Severity
from core.validation.words import Hit


@dataclass(frozen=True)
class Failed:
    """What a check found wrong with one item (the engine adds the check id)."""

    item: str
    where: str
    detail: str = ""
    text: str = ""
    spans: tuple[Hit, ...] = ()


# An example is either one requirement statement (for text rules, read as an NFR statement) or a
# dict of PRD fields, with optional "name" (the system's) and "artifacts" (diagram types that exist).
Example = str | dict[str, Any]


@dataclass(frozen=True)
class Rule:
    """A check of the rubric; `check` only looks at the context and returns what failed."""

    id: str
    title: str
    category: Category
    severity: Severity
    why: str
    hint: str
    passing: Example
    failing: Example
    check: Callable[[Context], list[Failed]] = field(compare=False)
    artifact: str | None = None  # run only when a diagram of this type exists


def example_context(example: Example) -> Context:
    """The context a rule's example describes."""
    if isinstance(example, str):
        return Context(PRDData.model_validate({"nfrs": [{"statement": example}]}))
    body = dict(example)
    name = body.pop("name", None)
    artifacts = [Drawing.model_validate(a) if isinstance(a, dict) else a for a in body.pop("artifacts", ())]
    return Context(PRDData.model_validate(body), name=name, artifacts=artifacts)
