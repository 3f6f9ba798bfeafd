"""Quick local checks of the hard gates HG1–HG9, used to steer which question comes next."""

from __future__ import annotations

from collections.abc import Callable

from core.project_data import PRDData, normalise_name


def externals(data: PRDData) -> list[str]:
    """Outside systems: external-system actors and the external side of the boundary."""
    names = [a.name for a in data.actors if a.kind == "external_system"] + list(data.system_boundaries.external)
    seen: dict[str, str] = {}
    for name in names:
        seen.setdefault(normalise_name(name), name)
    return list(seen.values())


def has_interaction(data: PRDData, system: str) -> bool:
    key = system.casefold()
    for uc in data.use_cases:
        text = " ".join([uc.name, uc.description, uc.actor, *uc.steps]).casefold()
        if key in text or normalise_name(uc.actor) == normalise_name(system):
            return True
    return False


def hg1(d: PRDData) -> bool:
    b = d.system_boundaries
    return all((b.internal, b.external, b.in_scope, b.out_of_scope))


def hg2(d: PRDData) -> bool:
    return len(d.actors) >= 2


def hg3(d: PRDData) -> bool:
    with_use_case = {normalise_name(u.actor) for u in d.use_cases if u.actor}
    return bool(d.actors) and all(
        a.role and (a.kind != "human" or a.permissions or normalise_name(a.name) in with_use_case) for a in d.actors
    )


def hg4(d: PRDData) -> bool:
    found = externals(d)
    return bool(found) and all(has_interaction(d, name) for name in found)


def hg5(d: PRDData) -> bool:
    return 5 <= len(d.use_cases) <= 15


def hg6(d: PRDData) -> bool:
    return bool(d.use_cases) and all(u.trigger and u.outcome for u in d.use_cases)


def hg7(d: PRDData) -> bool:
    return any(g.metric and g.target and (g.target.upper() != "TBD" or (g.owner and g.due)) for g in d.goals)


def hg8(d: PRDData) -> bool:
    return bool(d.constraints.business and d.constraints.technical)


def hg9(d: PRDData) -> bool:
    names = d.entity_names()
    enough = len(d.data_entities) >= 2 and all(e.attributes for e in d.data_entities)
    linked = any(normalise_name(r.target) in names for e in d.data_entities for r in e.relationships)
    return enough and linked


GATES: dict[str, Callable[[PRDData], bool]] = {
    "HG1": hg1,
    "HG2": hg2,
    "HG3": hg3,
    "HG4": hg4,
    "HG5": hg5,
    "HG6": hg6,
    "HG7": hg7,
    "HG8": hg8,
    "HG9": hg9,
}


def gate_failing(gate: str | None, data: PRDData) -> bool:
    check = GATES.get(gate or "")
    return bool(check) and not check(data)
