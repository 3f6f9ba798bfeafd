"""Folding a delta into project data: dedupe by name, ids stable, hand edits win, nothing dropped.
What a hand edit kept, or what happened to the problem statement, comes back as notes for the
reply, so nothing is overwritten (or refused) silently."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal, TypeVar

from pydantic import BaseModel

from core.prd import Actor, PRDData, Relationship, UseCase, normalise_name

T = TypeVar("T", bound=BaseModel)
_KEYS = {"name", "id", "source", "statement"}  # identity fields: the first spelling stays
NoteKind = Literal["kept_edit", "kept_problem", "kept_edited_problem", "replaced_problem"]


@dataclass(frozen=True)
class Note:
    """Something the merge did against what the message said: kept a hand edit (`fields` of the
    `label` item `name`), kept the problem statement (`text`: the message's), or replaced it
    (`text`: the old one)."""

    kind: NoteKind
    label: str = ""
    name: str = ""
    fields: tuple[str, ...] = ()
    text: str = ""


@dataclass
class Changes:
    """What a merge really changed, by kind of item: how many were added, how many updated."""

    added: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)


@dataclass
class Merged:
    data: PRDData
    changes: Changes
    notes: list[Note]


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


def _stories(current: list, new: list) -> list:
    """A use case's user stories united by their text: a story told again is not listed twice."""
    out = [story.model_copy() for story in current]
    seen = {normalise_name(story.text) for story in out}
    for story in new:
        if normalise_name(story.text) not in seen:
            seen.add(normalise_name(story.text))
            out.append(story.model_copy())
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
            update = {"kind": rel.kind, "label": rel.label or out[i].label}
            out[i] = out[i].model_copy(update=update | ({"type": rel.type} if "type" in rel.model_fields_set else {}))
    return out


def merge_item(current: T, delta: T, kept: list[str] | None = None) -> T:
    """One item updated from another describing the same thing: lists united, blanks filled;
    a value from a message replaces an earlier one unless a person edited the item by hand (the
    fields kept so are added to `kept`)."""
    manual = _manual(current)
    update: dict[str, object] = {}
    for name in sorted(delta.model_fields_set - _KEYS):
        new, old = getattr(delta, name), getattr(current, name)
        if isinstance(old, list) and name == "relationships":
            update[name] = _relationships(old, new, manual=manual)
        elif isinstance(old, list) and name == "stories":
            update[name] = _stories(old, new)
        elif isinstance(old, list):
            update[name] = _union(old, new)
        elif isinstance(old, BaseModel) or new in ("", None) or new == old:
            continue
        elif not old or not manual:
            update[name] = new
        elif kept is not None:
            kept.append(name)
    if getattr(current, "source", None) is None and getattr(delta, "source", None) is not None:
        update["source"] = delta.source
    return current.model_copy(update=update, deep=True) if update else current.model_copy(deep=True)


def _by_name(item) -> str:
    return normalise_name(item.name)


def _merge_named(current: list[T], delta: list[T], key=_by_name, notes: list[Note] | None = None) -> list[T]:
    out = [item.model_copy(deep=True) for item in current]
    index = {key(item): i for i, item in enumerate(out)}
    for item in delta:
        k = key(item)
        if k in index:
            kept: list[str] = []
            merged = merge_item(out[index[k]], item, kept)
            if kept and notes is not None:
                notes.append(Note("kept_edit", _LABELS[type(item).__name__], _named(merged), tuple(kept)))
            out[index[k]] = merged
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


_LABELS = {"Actor": "actor", "UseCase": "use case", "DataEntity": "entity", "Goal": "goal", "NFR": "NFR"}


def _named(item) -> str:
    return getattr(item, "name", "") or getattr(item, "statement", "")


def _goal_key(goal) -> str:
    return normalise_name(goal.statement)


def _nfr_key(nfr) -> str:
    return f"{normalise_name(nfr.statement)}|{normalise_name(nfr.metric)}"


def _new_use_cases(current: list, delta: list, notes: list[Note]) -> list:
    """New use cases get their ids here, whatever id the delta carried."""
    known = {normalise_name(u.name) for u in current}
    cleaned = [u if normalise_name(u.name) in known else u.model_copy(update={"id": ""}) for u in delta]
    return _merge_named(current, cleaned, notes=notes)


def merge(current: PRDData, delta: PRDData, *, replace_problem: bool = False) -> PRDData:
    """current + delta: dedupe by normalised name, keep ids stable, never drop an item."""
    return merge_noted(current, delta, replace_problem=replace_problem).data


def merge_noted(current: PRDData, delta: PRDData, *, replace_problem: bool = False) -> Merged:
    """The merge, with what it changed and what it kept. The problem statement is replaced only
    when the message answers the question asking for it (`replace_problem`) and a person did
    not write it by hand; every other time the one there stays, and a note says so."""
    notes: list[Note] = []
    use_cases = _next_ids(_new_use_cases(current.use_cases, delta.use_cases, notes))
    data = PRDData(
        actors=_with_use_case_actors(_merge_named(current.actors, delta.actors, notes=notes), use_cases, delta),
        use_cases=use_cases,
        system_boundaries=merge_item(current.system_boundaries, delta.system_boundaries),
        data_entities=_merge_named(current.data_entities, delta.data_entities, notes=notes),
        problem_statement=_merge_problem(current, delta, replace_problem, notes),
        goals=_merge_named(current.goals, delta.goals, key=_goal_key, notes=notes),
        constraints=merge_item(current.constraints, delta.constraints),
        nfrs=_merge_named(current.nfrs, delta.nfrs, key=_nfr_key, notes=notes),
    )
    return Merged(data=data, changes=changes(current, data), notes=notes)


def changes(before: PRDData, after: PRDData) -> Changes:
    """Items added and items updated, by kind: what a message really did to the data."""
    out = Changes()
    for label, key, old, new in (
        ("actor", _by_name, before.actors, after.actors),
        ("use case", _by_name, before.use_cases, after.use_cases),
        ("entity", _by_name, before.data_entities, after.data_entities),
        ("goal", _goal_key, before.goals, after.goals),
        ("NFR", _nfr_key, before.nfrs, after.nfrs),
    ):
        was = {key(item): _content(item) for item in old}
        _count(out.added, label, sum(1 for item in new if key(item) not in was))
        _count(out.updated, label, sum(1 for item in new if key(item) in was and was[key(item)] != _content(item)))
    for label, parts, fields in (
        (
            "scope item",
            (before.system_boundaries, after.system_boundaries),
            ("internal", "external", "in_scope", "out_of_scope"),
        ),
        ("constraint", (before.constraints, after.constraints), ("business", "technical")),
    ):
        _count(out.added, label, sum(len(getattr(parts[1], f)) - len(getattr(parts[0], f)) for f in fields))
    old_problem, new_problem = before.problem_statement.text, after.problem_statement.text
    _count(out.added, "problem statement", int(bool(new_problem) and not old_problem))
    _count(out.updated, "problem statement", int(bool(old_problem) and new_problem != old_problem))
    return out


def _content(item: BaseModel) -> dict:
    """What an item says, without where it came from: a source filled in is no change."""
    return item.model_dump(exclude={"source"})


def _count(counts: dict[str, int], label: str, n: int) -> None:
    if n > 0:
        counts[label] = n


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


def _merge_problem(current: PRDData, delta: PRDData, replace: bool, notes: list[Note]):
    old, new = current.problem_statement, delta.problem_statement
    if not new.text or normalise_name(new.text) in normalise_name(old.text):
        return old.model_copy(deep=True)
    if not old.text:
        return new.model_copy(deep=True)
    if _manual(old):
        notes.append(Note("kept_edited_problem", text=new.text))
        return old.model_copy(deep=True)
    if not replace:
        notes.append(Note("kept_problem", text=new.text))
        return old.model_copy(deep=True)
    notes.append(Note("replaced_problem", text=old.text))
    return new.model_copy(deep=True)
