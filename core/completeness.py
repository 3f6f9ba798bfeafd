"""Completeness of a PRD (DESIGN §5): one formula in one place, with what is still missing.

An item counts only when it is right enough to use: a use case whose actor is not a defined
actor, a goal without a metric, an NFR without a metric, a relationship to an entity that does
not exist, or a "part of the product" that is really one of its actors or entities, earns
nothing; a use case whose trigger and outcome were only derived from its name earns half.
What is there but does not count is listed as weak, so the wrap-up can name it."""

from __future__ import annotations

from pydantic import BaseModel

from core.intake.offline.language.text import default_outcome, default_trigger
from core.prd import PRDData, UseCase, normalise_name


class Gap(BaseModel):
    """One part of the formula that is not yet met."""

    key: str
    label: str
    points: int
    earned: int


class Completeness(BaseModel):
    score: int
    gaps: list[Gap]
    weak: list[str] = []
    """Items that are there but do not count yet, each saying why ('use case “X”: no actor')."""


def _humans(d: PRDData) -> list:
    return [a for a in d.actors if a.kind == "human"]


def _actors(d: PRDData) -> float:
    return min(len(_humans(d)), 2) / 2


def _own_text(u: UseCase) -> bool:
    """Trigger and outcome written for this use case, not derived from its name."""
    return u.trigger != default_trigger(u.actor, u.name) and u.outcome != default_outcome(u.name)


def _use_case_worth(u: UseCase, actors: set[str]) -> float:
    if not (u.actor and normalise_name(u.actor) in actors and u.trigger and u.outcome):
        return 0.0
    return 1.0 if _own_text(u) else 0.5


def _use_cases(d: PRDData) -> float:
    names = d.actor_names()
    worth = sorted((_use_case_worth(u, names) for u in d.use_cases), reverse=True)
    return sum(worth[:5]) / 5


def _real_internal(d: PRDData) -> list[str]:
    """Parts of the product itself: not one of its actors or data entities under another label."""
    others = d.actor_names() | d.entity_names()
    return [x for x in d.system_boundaries.internal if normalise_name(x) not in others]


def _boundaries(d: PRDData) -> float:
    b = d.system_boundaries
    return sum(bool(x) for x in (_real_internal(d), b.external, b.in_scope, b.out_of_scope)) / 4


def _entities(d: PRDData) -> float:
    names = d.entity_names()
    good = [e for e in d.data_entities if len(e.attributes) >= 2]
    has_rel = any(normalise_name(r.target) in names for e in d.data_entities for r in e.relationships)
    return (min(len(good), 2) / 2) * 0.8 + (0.2 if has_rel else 0.0)


def _problem_goals(d: PRDData) -> float:
    measurable = any(g.metric and g.target for g in d.goals)
    return (0.5 if d.problem_statement.text else 0.0) + (0.5 if measurable else 0.0)


def _constraints(d: PRDData) -> float:
    return (0.5 if d.constraints.business else 0.0) + (0.5 if d.constraints.technical else 0.0)


def _nfrs(d: PRDData) -> float:
    return min(len({normalise_name(n.statement) for n in d.nfrs if n.metric}), 2) / 2


PARTS = (
    ("actors", "At least 2 actors", 15, _actors),
    ("use_cases", "At least 5 use cases with actor, trigger and outcome", 25, _use_cases),
    ("boundaries", "System boundary: internal, external, in scope and out of scope", 15, _boundaries),
    ("entities", "At least 2 data entities with 2 attributes and a relationship", 15, _entities),
    ("problem_goals", "Problem statement and a measurable goal", 10, _problem_goals),
    ("constraints", "Business and technical constraints", 10, _constraints),
    ("nfrs", "At least 2 non-functional requirements with a metric", 10, _nfrs),
)


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _names(names: list[str], most: int = 4) -> str:
    shown = [f"“{_short(n)}”" for n in names[:most]]
    more = len(names) - len(shown)
    return ", ".join(shown) + (f" and {more} more" if more else "")


def _use_case_reason(u: UseCase, actors: set[str]) -> str:
    if not u.actor:
        return "use cases with no actor"
    if normalise_name(u.actor) not in actors:
        return "use cases whose actor is not a defined actor"
    if not u.trigger or not u.outcome:
        return "use cases with no trigger or outcome"
    return "" if _own_text(u) else "use cases with no trigger and outcome of their own"


def weak(data: PRDData) -> list[str]:
    """What is there but does not count yet, one line per reason naming the items, in the order
    of the formula: 'use cases with no actor: “Pay”, “Refund”'."""
    actors, entities = data.actor_names(), data.entity_names()
    reasons: dict[str, list[str]] = {}

    def add(reason: str, name: str) -> None:
        if reason:
            reasons.setdefault(reason, []).append(name)

    for u in data.use_cases:
        add(_use_case_reason(u, actors), u.name)
    for x in data.system_boundaries.internal:
        if normalise_name(x) in actors | entities:
            add("internal parts that are really actors or data entities", x)
    for e in data.data_entities:
        if len(e.attributes) < 2:
            add("entities with fewer than 2 attributes", e.name)
        for r in e.relationships:
            if normalise_name(r.target) not in entities:
                add("relationships to something that is no entity", f"{e.name} → {r.target}")
    for g in data.goals:
        if not (g.metric and g.target):
            add("goals without a metric and target", g.statement)
    for n in data.nfrs:
        if not n.metric:
            add("NFRs without a metric", n.statement)
    return [f"{reason}: {_names(names)}" for reason, names in reasons.items()]


def usable_use_cases(data: PRDData) -> list[UseCase]:
    """The use cases that earn their full share: a defined actor, a trigger and an outcome of their own."""
    names = data.actor_names()
    return [u for u in data.use_cases if _use_case_worth(u, names) == 1.0]


def assess(data: PRDData) -> Completeness:
    """Score 0–100 and the gaps, highest missing points first, and what is there but weak."""
    score = 0
    gaps: list[Gap] = []
    for key, label, points, part in PARTS:
        earned = round(points * part(data))
        score += earned
        if earned < points:
            gaps.append(Gap(key=key, label=label, points=points, earned=earned))
    gaps.sort(key=lambda g: g.earned - g.points)
    return Completeness(score=min(score, 100), gaps=gaps, weak=weak(data))
