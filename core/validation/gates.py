"""The ten hard gates HG1–HG10 (DESIGN §6): errors; none passes on empty data or by a keyword."""

from __future__ import annotations

import re

from core.prd import PRDData, Source, normalise_name
from core.validation.context import Context, filled, meaningful, uc_key, uc_label
from core.validation.rule import Failed, Rule
from core.validation.words import names_in, tokens, words

_BOUNDARY_SIDES = (
    ("internal", "an internal part of the system"),
    ("external", "an external system or party"),
    ("in_scope", "an in-scope feature"),
    ("out_of_scope", "an out-of-scope feature"),
)


def _hg1(ctx: Context) -> list[Failed]:
    b = ctx.data.system_boundaries
    return [
        Failed(f"system_boundaries/{side}", f"system boundary, {side.replace('_', ' ')}", f"names no {what}")
        for side, what in _BOUNDARY_SIDES
        if not any(meaningful(x) for x in getattr(b, side))
    ]


def _hg2(ctx: Context) -> list[Failed]:
    count = sum(meaningful(a.name) for a in ctx.data.actors)
    return [] if count >= 2 else [Failed("actors", "actors", f"{count} actor(s) defined; at least 2 are needed")]


def _actors_with_use_cases(data: PRDData) -> set[str]:
    return {normalise_name(u.actor) for u in data.use_cases if filled(u.actor)}


def _hg3(ctx: Context) -> list[Failed]:
    if not ctx.data.actors:
        return [Failed("actors", "actors", "no actors defined, so nobody has a role or permissions")]
    acting = _actors_with_use_cases(ctx.data)
    out: list[Failed] = []
    for a in ctx.data.actors:
        problems = [] if meaningful(a.role) else ["has no role"]
        if a.kind == "human" and not any(meaningful(p) for p in a.permissions) and normalise_name(a.name) not in acting:
            problems.append("has no permissions and no use case")
        if problems:
            out.append(Failed(f"actors/{normalise_name(a.name)}", f"actor '{a.name}'", " and ".join(problems)))
    return out


def _use_case_texts(ctx: Context) -> list[tuple[str, str]]:
    """(actor key, everything a use case says) per use case, for finding who it interacts with."""
    return ctx.memo(
        "use_case_texts",
        lambda: [
            (normalise_name(u.actor), " . ".join([u.name, u.description, u.trigger, u.outcome, *u.steps]))
            for u in ctx.data.use_cases
        ],
    )


def has_interaction(ctx: Context, system: str) -> bool:
    """A use case is performed by the system, or its name, description or a step names it."""
    key = normalise_name(system)
    return any(actor == key or names_in(text, system) for actor, text in _use_case_texts(ctx))


def _hg4(ctx: Context) -> list[Failed]:
    if not ctx.externals:
        return [Failed("system_boundaries/external", "external systems", "no external system or entity is named")]
    return [
        Failed(f"externals/{normalise_name(x)}", f"external system '{x}'", "no use case or step names it")
        for x in ctx.externals
        if not has_interaction(ctx, x)
    ]


def _hg5(ctx: Context) -> list[Failed]:
    n = len(ctx.data.use_cases)
    return [] if 5 <= n <= 15 else [Failed("use_cases", "use cases", f"{n} use case(s); a PRD lists 5 to 15")]


def _hg6(ctx: Context) -> list[Failed]:
    if not ctx.data.use_cases:
        return [Failed("use_cases", "use cases", "no use cases, so no triggers or outcomes")]
    out: list[Failed] = []
    for u in ctx.data.use_cases:
        missing = [name for name in ("trigger", "outcome") if not meaningful(getattr(u, name))]
        if missing:
            out.append(Failed(f"use_cases/{uc_key(u)}", uc_label(u), "has no " + " and no ".join(missing)))
    return out


_DIGIT = re.compile(r"\d")


def _measurable(text: str) -> bool:
    return bool(_DIGIT.search(text)) or any(t.low in words("number_words") for t in tokens(text))


def _a_date(text: str) -> bool:
    return bool(_DIGIT.search(text)) or any(t.low in words("months") for t in tokens(text))


def goal_problem(metric: str, target: str, owner: str, due: str) -> str:
    """Why a goal is not measurable, or '' when it is (a TBD target needs an owner and a date)."""
    if not meaningful(metric):
        return "has no metric"
    if filled(target) and not meaningful(target):
        return "" if meaningful(owner) and _a_date(due) else "has a TBD target without an owner and a date"
    if not meaningful(target):
        return "has no target"
    return "" if _measurable(target) else f"has a target with no number ('{target.strip()}')"


def _hg7(ctx: Context) -> list[Failed]:
    if not ctx.data.goals:
        return [Failed("goals", "goals", "no goals, so success cannot be measured")]
    problems = [goal_problem(g.metric, g.target, g.owner, g.due) for g in ctx.data.goals]
    if not all(problems):
        return []
    return [Failed(f"goals/{i}", f"goal {i}", p) for i, p in enumerate(problems, 1)]


def _hg8(ctx: Context) -> list[Failed]:
    c = ctx.data.constraints
    return [
        Failed(f"constraints/{side}", f"{side} constraints", "none named")
        for side in ("business", "technical")
        if not any(meaningful(x) for x in getattr(c, side))
    ]


def _hg9(ctx: Context) -> list[Failed]:
    entities = ctx.data.data_entities
    out: list[Failed] = []
    if len(entities) < 2:
        out.append(Failed("data_entities", "data entities", f"{len(entities)} entity(ies); at least 2 are needed"))
    for e in entities:
        if not any(meaningful(a) for a in e.attributes):
            out.append(Failed(f"data_entities/{normalise_name(e.name)}", f"entity '{e.name}'", "has no attributes"))
    targets = [r.target for e in entities for r in e.relationships]
    if not any(normalise_name(t) in ctx.entity_keys for t in targets):
        dangling = f" (targets not defined: {', '.join(sorted(set(targets)))})" if targets else ""
        out.append(Failed("data_entities/relationships", "relationships", "none points to a defined entity" + dangling))
    return out


def _traceable(source: Source | None) -> bool:
    return source is not None and (source.kind == "manual" or source.message_id is not None)


def _traced_items(data: PRDData) -> list[tuple[str, str, Source | None]]:
    items = [(f"actors/{normalise_name(a.name)}", f"actor '{a.name}'", a.source) for a in data.actors]
    items += [(f"use_cases/{uc_key(u)}", uc_label(u), u.source) for u in data.use_cases]
    items += [(f"data_entities/{normalise_name(e.name)}", f"entity '{e.name}'", e.source) for e in data.data_entities]
    items += [(f"goals/{i}", f"goal {i}", g.source) for i, g in enumerate(data.goals, 1)]
    items += [(f"nfrs/{i}", f"NFR {i}", n.source) for i, n in enumerate(data.nfrs, 1)]
    b, c, p = data.system_boundaries, data.constraints, data.problem_statement
    if b.internal or b.external or b.in_scope or b.out_of_scope:
        items.append(("system_boundaries", "system boundary", b.source))
    if c.business or c.technical:
        items.append(("constraints", "constraints", c.source))
    if filled(p.text):
        items.append(("problem_statement", "problem statement", p.source))
    return items


def _hg10(ctx: Context) -> list[Failed]:
    items = _traced_items(ctx.data)
    if not items:
        return [Failed("prd", "project data", "nothing has been captured yet, so nothing traces to a source")]
    detail = "traces to no message and is not marked as edited by hand"
    return [Failed(path, label, detail) for path, label, source in items if not _traceable(source)]


_ACTORS = [{"name": "Buyer", "role": "buys", "permissions": ["order"]}, {"name": "Seller", "role": "sells"}]
_USE_CASES = [{"name": f"Do task {i}", "actor": "Seller", "trigger": "asked", "outcome": "done"} for i in range(5)]
_BOUNDARY = {"internal": ["Web shop"], "external": ["Bank"], "in_scope": ["Orders"], "out_of_scope": ["Returns"]}
_ENTITIES = [
    {"name": "Order", "attributes": ["number"], "relationships": [{"target": "Product"}]},
    {"name": "Product", "attributes": ["title"]},
]
_MANUAL = {"kind": "manual"}


def _gate(gid: str, title: str, why: str, hint: str, passing: dict, failing: dict, check) -> Rule:
    return Rule(gid, title, "gate", "error", why, hint, passing, failing, check)


RULES: tuple[Rule, ...] = (
    _gate(
        "HG1",
        "System boundary defined",
        "Without an inside, an outside and a scope line, nobody can tell what is being built.",
        "Name at least one internal part, one external system, one in-scope and one out-of-scope feature.",
        {"system_boundaries": _BOUNDARY},
        {"system_boundaries": {**_BOUNDARY, "out_of_scope": ["TBD"]}},
        _hg1,
    ),
    _gate(
        "HG2",
        "Primary actors defined",
        "A product used by fewer than two kinds of people or systems is rarely specified completely.",
        "Name at least two actors: the people and systems that use the product.",
        {"actors": _ACTORS},
        {"actors": _ACTORS[:1]},
        _hg2,
    ),
    _gate(
        "HG3",
        "Roles and permissions",
        "Access rules are built from roles; an actor without one cannot be given the right access.",
        "Give every actor a role, and every human actor permissions or at least one use case.",
        {"actors": _ACTORS, "use_cases": _USE_CASES},
        {"actors": _ACTORS},
        _hg3,
    ),
    _gate(
        "HG4",
        "External entities",
        "Integrations are where projects slip; each outside system needs a use case that says what is exchanged.",
        "Name the external systems, and mention each in a use case or one of its steps.",
        {"system_boundaries": _BOUNDARY, "use_cases": [{"name": "Pay", "steps": ["System charges the Bank"]}]},
        {"system_boundaries": _BOUNDARY, "use_cases": [{"name": "Pay", "steps": ["System charges the card"]}]},
        _hg4,
    ),
    _gate(
        "HG5",
        "Use case list",
        "Fewer than 5 use cases leave the product underspecified; more than 15 belong in several PRDs.",
        "List between 5 and 15 use cases.",
        {"use_cases": _USE_CASES},
        {"use_cases": _USE_CASES[:4]},
        _hg5,
    ),
    _gate(
        "HG6",
        "Trigger and outcome",
        "A use case without a start and an end cannot be designed or tested.",
        "Give every use case a trigger (what starts it) and an outcome (what is true when it ends).",
        {"use_cases": _USE_CASES},
        {"use_cases": [*_USE_CASES[:4], {"name": "Refund", "trigger": "asked", "outcome": "TBD"}]},
        _hg6,
    ),
    _gate(
        "HG7",
        "Success criteria measurable",
        "A goal with no metric and target cannot tell anyone whether the product works.",
        "Give at least one goal a metric and a numeric target (or TBD with an owner and a date).",
        {
            "goals": [
                {
                    "statement": "Faster support",
                    "metric": "median reply time",
                    "target": "TBD",
                    "owner": "Ana",
                    "due": "2025-09-30",
                }
            ]
        },
        {"goals": [{"statement": "Happy users", "metric": "satisfaction", "target": "high"}]},
        _hg7,
    ),
    _gate(
        "HG8",
        "Constraints",
        "Budget, deadlines and required technology shape every design decision.",
        "Name at least one business and one technical constraint.",
        {"constraints": {"business": ["Launch by March 2026"], "technical": ["Runs on PostgreSQL"]}},
        {"constraints": {"business": ["Launch by March 2026"]}},
        _hg8,
    ),
    _gate(
        "HG9",
        "Core data objects",
        "The data model is the skeleton of the product; two linked entities are its minimum.",
        "Define at least two entities with attributes and a relationship to another defined entity.",
        {"data_entities": _ENTITIES},
        {"data_entities": [_ENTITIES[0], {"name": "Customer", "attributes": ["email"]}]},
        _hg9,
    ),
    _gate(
        "HG10",
        "Source reference",
        "Every requirement must trace back to whoever asked for it, or be owned by the person who edited it.",
        "Link each item to the message it came from, or mark it as edited by hand on the Project data page.",
        {
            "actors": [
                {"name": "Buyer", "source": _MANUAL},
                {"name": "Seller", "source": {"kind": "message", "message_id": 4}},
            ]
        },
        {"actors": [{"name": "Buyer", "source": _MANUAL}, {"name": "Seller"}]},
        _hg10,
    ),
)
BY_ID = {r.id: r for r in RULES}


def gate_passes(gate_id: str, data: PRDData, ctx: Context | None = None) -> bool:
    """Whether one hard gate passes for this data (the question steering asks this)."""
    return not BY_ID[gate_id].check(ctx or Context(data))
