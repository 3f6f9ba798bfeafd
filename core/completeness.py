"""Completeness of a PRD (DESIGN §5): one formula in one place, with what is still missing."""

from __future__ import annotations

from pydantic import BaseModel

from core.prd import PRDData, normalise_name


class Gap(BaseModel):
    """One part of the formula that is not yet met."""

    key: str
    label: str
    points: int
    earned: int


class Completeness(BaseModel):
    score: int
    gaps: list[Gap]


def _actors(d: PRDData) -> float:
    return min(len(d.actors), 2) / 2


def _use_cases(d: PRDData) -> float:
    names = d.actor_names()
    full = [u for u in d.use_cases if u.actor and normalise_name(u.actor) in names and u.trigger and u.outcome]
    return min(len(full), 5) / 5


def _boundaries(d: PRDData) -> float:
    b = d.system_boundaries
    return sum(bool(x) for x in (b.internal, b.external, b.in_scope, b.out_of_scope)) / 4


def _entities(d: PRDData) -> float:
    good = [e for e in d.data_entities if len(e.attributes) >= 2]
    has_rel = any(e.relationships for e in d.data_entities)
    return (min(len(good), 2) / 2) * 0.8 + (0.2 if has_rel else 0.0)


def _problem_goals(d: PRDData) -> float:
    measurable = any(g.metric and g.target for g in d.goals)
    return (0.5 if d.problem_statement.text else 0.0) + (0.5 if measurable else 0.0)


def _constraints(d: PRDData) -> float:
    return (0.5 if d.constraints.business else 0.0) + (0.5 if d.constraints.technical else 0.0)


def _nfrs(d: PRDData) -> float:
    return min(len([n for n in d.nfrs if n.metric]), 2) / 2


PARTS = (
    ("actors", "At least 2 actors", 15, _actors),
    ("use_cases", "At least 5 use cases with actor, trigger and outcome", 25, _use_cases),
    ("boundaries", "System boundary: internal, external, in scope and out of scope", 15, _boundaries),
    ("entities", "At least 2 data entities with 2 attributes and a relationship", 15, _entities),
    ("problem_goals", "Problem statement and a measurable goal", 10, _problem_goals),
    ("constraints", "Business and technical constraints", 10, _constraints),
    ("nfrs", "At least 2 non-functional requirements with a metric", 10, _nfrs),
)


def assess(data: PRDData) -> Completeness:
    """Score 0–100 and the gaps, highest missing points first."""
    score = 0
    gaps: list[Gap] = []
    for key, label, points, part in PARTS:
        earned = round(points * part(data))
        score += earned
        if earned < points:
            gaps.append(Gap(key=key, label=label, points=points, earned=earned))
    gaps.sort(key=lambda g: g.earned - g.points)
    return Completeness(score=min(score, 100), gaps=gaps)
