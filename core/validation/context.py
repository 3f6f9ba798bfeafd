"""What every check reads: the PRD, the system's name, the diagrams that exist, the statements."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from core.diagrams import DEFAULT_SYSTEM, TYPES, Drawing, generate
from core.prd import PRDData, UseCase, normalise_name
from core.validation.words import matcher


@dataclass(frozen=True)
class Statement:
    """One piece of requirement text: where it lives (stable path and a label) and what it says."""

    item: str
    where: str
    text: str
    kind: str  # description, step, constraint, goal, nfr, or field (metrics, targets, triggers)


def uc_key(uc: UseCase) -> str:
    return uc.id.strip() or normalise_name(uc.name)


def uc_label(uc: UseCase) -> str:
    name = " ".join(uc.name.split())
    return f"{uc.id} '{name}'" if uc.id.strip() else f"use case '{name}'"


def filled(text: str) -> bool:
    """Text with something in it (blank strings count as missing)."""
    return bool(text and text.strip())


def _constraint_statements(data: PRDData) -> list[Statement]:
    out: list[Statement] = []
    for side in ("business", "technical"):
        for i, text in enumerate(getattr(data.constraints, side), 1):
            out.append(Statement(f"constraints/{side}/{i}", f"{side} constraint {i}", text, "constraint"))
    return out


def _use_case_statements(data: PRDData) -> list[Statement]:
    out: list[Statement] = []
    for uc in data.use_cases:
        key, label = uc_key(uc), uc_label(uc)
        if filled(uc.description):
            out.append(
                Statement(f"use_cases/{key}/description", f"{label}, description", uc.description, "description")
            )
        for i, step in enumerate(uc.steps, 1):
            out.append(Statement(f"use_cases/{key}/steps/{i}", f"{label}, step {i}", step, "step"))
    return out


def _field_statements(data: PRDData) -> list[Statement]:
    """Short fields that can still hold a placeholder: triggers, outcomes, metrics, targets."""
    out: list[Statement] = []
    for uc in data.use_cases:
        for name in ("trigger", "outcome"):
            text = getattr(uc, name)
            if filled(text):
                out.append(Statement(f"use_cases/{uc_key(uc)}/{name}", f"{uc_label(uc)}, {name}", text, "field"))
    for kind, items in (("goals", data.goals), ("nfrs", data.nfrs)):
        for i, item in enumerate(items, 1):
            for name in ("metric", "target"):
                text = getattr(item, name)
                if filled(text):
                    label = f"{'goal' if kind == 'goals' else 'NFR'} {i}, {name}"
                    out.append(Statement(f"{kind}/{i}/{name}", label, text, "field"))
    return out


class Context:
    """The input of one validation run; derived views are computed once and shared by the checks."""

    def __init__(self, data: PRDData, *, name: str | None = None, artifacts: Iterable[str | Drawing] = ()):
        self.data = data
        self.name = (name or "").strip()
        self._artifacts = list(artifacts)
        self._memo: dict[str, Any] = {}

    def memo(self, key: str, build: Callable[[], Any]) -> Any:
        """A value several checks need, built by the first that asks."""
        if key not in self._memo:
            self._memo[key] = build()
        return self._memo[key]

    @cached_property
    def drawings(self) -> dict[str, list[Drawing]]:
        """The diagrams that exist, by type; a type given by name is drawn from the data."""
        out: dict[str, list[Drawing]] = {}
        for art in self._artifacts:
            if isinstance(art, Drawing):
                out.setdefault(art.type, []).append(art)
            elif art not in TYPES:
                raise ValueError(f"unknown artifact type {art!r}; expected one of {', '.join(TYPES)}")
            elif art not in out:
                out[art] = generate(self.data, art, self.name or DEFAULT_SYSTEM)
        return out

    @cached_property
    def statements(self) -> list[Statement]:
        """Requirement text the INCOSE rules read: use-case descriptions and steps, constraints, goals, NFRs."""
        goals = [
            Statement(f"goals/{i}/statement", f"goal {i}", g.statement, "goal")
            for i, g in enumerate(self.data.goals, 1)
        ]
        nfrs = [
            Statement(f"nfrs/{i}/statement", f"NFR {i} ({n.category})", n.statement, "nfr")
            for i, n in enumerate(self.data.nfrs, 1)
        ]
        found = _use_case_statements(self.data) + _constraint_statements(self.data) + goals + nfrs
        return [s for s in found if filled(s.text)]

    @cached_property
    def fields(self) -> list[Statement]:
        return _field_statements(self.data)

    @cached_property
    def actor_keys(self) -> set[str]:
        return {normalise_name(a.name) for a in self.data.actors}

    @cached_property
    def human_actor_keys(self) -> set[str]:
        return {normalise_name(a.name) for a in self.data.actors if a.kind == "human"}

    @cached_property
    def entity_keys(self) -> set[str]:
        return {normalise_name(e.name) for e in self.data.data_entities}

    @cached_property
    def externals(self) -> list[str]:
        """Outside systems: external-system actors and the external side of the boundary, once each."""
        names = [a.name for a in self.data.actors if a.kind == "external_system"] + list(
            self.data.system_boundaries.external
        )
        seen: dict[str, str] = {}
        for name in names:
            if filled(name):
                seen.setdefault(normalise_name(name), name.strip())
        return list(seen.values())

    @cached_property
    def known_names(self) -> set[str]:
        """Every name the PRD defines: system, actors, externals, internal parts, entities."""
        b = self.data.system_boundaries
        names = [self.name, *self.externals, *b.internal, *(a.name for a in self.data.actors)]
        names += [e.name for e in self.data.data_entities]
        return {normalise_name(n) for n in names if filled(n)}


def meaningful(text: str) -> bool:
    """Text that says something beyond a placeholder such as 'TBD' or '???'."""
    if not filled(text):
        return False
    rest = text
    for start, end in reversed(matcher("placeholder").find(text)):
        rest = rest[:start] + rest[end:]
    return any(ch.isalnum() for ch in rest)
