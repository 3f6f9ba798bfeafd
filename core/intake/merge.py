"""Folding a delta into project data: dedupe by name, ids stable, hand edits win, nothing dropped."""

from __future__ import annotations

import re
from typing import TypeVar

from pydantic import BaseModel

from core.project_data import Actor, PRDData, Relationship, UseCase, normalise_name

T = TypeVar("T", bound=BaseModel)
_KEYS = {"name", "id", "source", "statement"}  # identity fields: the first spelling stays


def _manual(item: BaseModel) -> bool:
    source = getattr(item, "source", None)
    return source is not None and source.kind == "manual"


def _union(current: list[str], new: list[str]) -> list[str]:
    out = list(current)
    seen = {normalise_name(x) for x in out}
    for value in new:
        key = normalise_name(value)
        if value and key not in seen:
            out.append(value)
            seen.add(key)
    return out


def _relationships(current: list[Relationship], new: list[Relationship], *, manual: bool) -> list[Relationship]:
    out = [r.model_copy() for r in current]
    index = {normalise_name(r.target): i for i, r in enumerate(out)}
    for rel in new:
        i = index.get(normalise_name(rel.target))
        if i is None:
            index[normalise_name(rel.target)] = len(out)
            out.append(rel.model_copy())
        elif not manual and "kind" in rel.model_fields_set:
            out[i] = out[i].model_copy(update={"kind": rel.kind, "label": rel.label or out[i].label})
    return out


def merge_item(current: T, delta: T) -> T:
    """One item updated from another describing the same thing: lists united, blanks filled;
    a value from a message replaces an earlier one unless a person edited the item by hand."""
    manual = _manual(current)
    update: dict[str, object] = {}
    for field in delta.model_fields_set - _KEYS:
        new, old = getattr(delta, field), getattr(current, field)
        if isinstance(old, list) and field == "relationships":
            update[field] = _relationships(old, new, manual=manual)
        elif isinstance(old, list):
            update[field] = _union(old, new)
        elif isinstance(old, BaseModel) or new in ("", None) or new == old:
            continue
        elif not old or not manual:
            update[field] = new
    if getattr(current, "source", None) is None and getattr(delta, "source", None) is not None:
        update["source"] = delta.source
    return current.model_copy(update=update, deep=True) if update else current.model_copy(deep=True)


def _merge_named(current: list[T], delta: list[T], key=lambda item: normalise_name(item.name)) -> list[T]:
    out = [item.model_copy(deep=True) for item in current]
    index = {key(item): i for i, item in enumerate(out)}
    for item in delta:
        k = key(item)
        if k in index:
            out[index[k]] = merge_item(out[index[k]], item)
        elif k:
            index[k] = len(out)
            out.append(item.model_copy(deep=True))
    return out


def _next_ids(use_cases: list) -> list:
    """Keep every id; give the ones without an id UC-n, n after the highest in use."""
    numbers = [int(m.group(1)) for u in use_cases if (m := re.fullmatch(r"UC-(\d+)", u.id or ""))]
    taken = {u.id for u in use_cases if u.id}
    n = max(numbers, default=0)
    out = []
    for u in use_cases:
        if not u.id:
            n += 1
            while f"UC-{n}" in taken:
                n += 1
            taken.add(f"UC-{n}")
            u = u.model_copy(update={"id": f"UC-{n}"})
        out.append(u)
    return out


def _new_use_cases(current: list, delta: list) -> list:
    """New use cases get their ids here, whatever id the delta carried."""
    known = {normalise_name(u.name) for u in current}
    cleaned = [u if normalise_name(u.name) in known else u.model_copy(update={"id": ""}) for u in delta]
    return _merge_named(current, cleaned)


def merge(current: PRDData, delta: PRDData) -> PRDData:
    """current + delta: dedupe by normalised name, keep ids stable, never drop an item."""
    use_cases = _next_ids(_new_use_cases(current.use_cases, delta.use_cases))
    return PRDData(
        actors=_with_use_case_actors(_merge_named(current.actors, delta.actors), use_cases, delta),
        use_cases=use_cases,
        system_boundaries=merge_item(current.system_boundaries, delta.system_boundaries),
        data_entities=_merge_named(current.data_entities, delta.data_entities),
        problem_statement=_merge_problem(current, delta),
        goals=_merge_named(current.goals, delta.goals, key=lambda g: normalise_name(g.statement)),
        constraints=merge_item(current.constraints, delta.constraints),
        nfrs=_merge_named(
            current.nfrs, delta.nfrs, key=lambda n: f"{normalise_name(n.statement)}|{normalise_name(n.metric)}"
        ),
    )


def _with_use_case_actors(actors: list[Actor], use_cases: list[UseCase], delta: PRDData) -> list[Actor]:
    """A use case's actor is always a defined actor: one named only on a use case is added,
    as an external system when the boundary lists it so, so the data stays consistent."""
    known = {normalise_name(a.name) for a in actors}
    externals = {normalise_name(x) for x in delta.system_boundaries.external}
    out = list(actors)
    for use_case in use_cases:
        key = normalise_name(use_case.actor)
        if key and key not in known:
            kind = "external_system" if key in externals else "human"
            out.append(Actor(name=use_case.actor, kind=kind, source=use_case.source))
            known.add(key)
    return out


def _merge_problem(current: PRDData, delta: PRDData):
    old, new = current.problem_statement, delta.problem_statement
    if not new.text or normalise_name(new.text) in normalise_name(old.text):
        return old.model_copy(deep=True)
    if old.text and _manual(old):
        return old.model_copy(deep=True)
    return new.model_copy(deep=True)
