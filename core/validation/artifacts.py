"""Artifact minimums (DESIGN §6): warnings, each run only for the diagram types that exist."""

from __future__ import annotations

import re

from core.diagrams import ACTIVITY, CLASS, CONTEXT, SEQUENCE, TITLES, USE_CASE
from core.diagrams.check import dot_structure_ok, mermaid_structure_ok
from core.prd import normalise_name
from core.validation.context import Context, filled, uc_key, uc_label
from core.validation.gates import has_interaction
from core.validation.rule import Failed, Rule
from core.validation.words import tokens, verb_kind

_SYSTEM_NODE = re.compile(r"^\s*n\d+\[\[", re.MULTILINE)


def _context_flows(ctx: Context) -> list[Failed]:
    out = [
        Failed(
            f"externals/{normalise_name(x)}", f"external system '{x}'", "its flow has no label: no use case names it"
        )
        for x in ctx.externals
        if not has_interaction(ctx, x)
    ]
    acting = {normalise_name(u.actor) for u in ctx.data.use_cases}
    for a in ctx.data.actors:
        if a.kind == "human" and not filled(a.role) and normalise_name(a.name) not in acting:
            out.append(Failed(f"actors/{normalise_name(a.name)}", f"actor '{a.name}'", "its flow has no label"))
    return out


def _one_system(ctx: Context) -> list[Failed]:
    out = []
    for d in ctx.drawings.get(CONTEXT, []):
        count = len(_SYSTEM_NODE.findall(d.mermaid))
        if count != 1:
            out.append(Failed("diagrams/context_diagram", TITLES[CONTEXT], f"draws {count} system boundaries"))
    key = normalise_name(ctx.name)
    outside = ctx.actor_keys | {normalise_name(x) for x in ctx.externals}
    if key and key in outside:
        out.append(Failed("system", f"system '{ctx.name}'", "is also listed as an actor or external system"))
    return out


def _linked(ctx: Context) -> list[Failed]:
    return [
        Failed(
            f"use_cases/{uc_key(u)}",
            uc_label(u),
            f"its actor '{u.actor}' is not a defined actor" if u.actor else "has no actor",
        )
        for u in ctx.data.use_cases
        if normalise_name(u.actor) not in ctx.actor_keys
    ]


def _verb_phrases(ctx: Context) -> list[Failed]:
    out = []
    for u in ctx.data.use_cases:
        words = [t for t in tokens(u.name) if t.is_word]
        if not words or verb_kind(words[0].low) != "base":
            out.append(Failed(f"use_cases/{uc_key(u)}", uc_label(u), "its name does not start with a verb"))
    return out


def _targets(ctx: Context) -> list[Failed]:
    return [
        Failed(
            f"data_entities/{normalise_name(e.name)}/{normalise_name(r.target)}",
            f"entity '{e.name}'",
            f"relates to '{r.target}', which is not an entity",
        )
        for e in ctx.data.data_entities
        for r in e.relationships
        if normalise_name(r.target) not in ctx.entity_keys
    ]


def _participants(ctx: Context) -> list[Failed]:
    """Sequence and activity diagrams are drawn per use case with steps; its actor must be defined."""
    return [
        Failed(f"use_cases/{uc_key(u)}", uc_label(u), f"its actor '{u.actor or 'User'}' is not a defined actor")
        for u in ctx.data.use_cases
        if u.steps and normalise_name(u.actor) not in ctx.actor_keys
    ]


def _parses(kind: str):
    def check(ctx: Context) -> list[Failed]:
        return [
            Failed(f"diagrams/{kind}/{d.key or kind}", d.title or TITLES[kind], "does not parse")
            for d in ctx.drawings.get(kind, [])
            if not (mermaid_structure_ok(d.mermaid) and dot_structure_ok(d.dot))
        ]

    return check


_ACTORS = [{"name": "Buyer", "role": "buys"}, {"name": "Bank", "kind": "external_system", "role": "pays"}]
_UC = {"name": "Pay an order", "actor": "Buyer", "steps": ["Buyer confirms", "System charges the Bank"]}
_BROKEN = {"type": "", "title": "", "dot": "digraph g {", "mermaid": "flowchart LR\n  n1 --> ("}


def _with(kind: str, **body) -> dict:
    return {**body, "artifacts": [kind]}


def _artifact(rid: str, kind: str, title: str, why: str, hint: str, passing: dict, failing: dict, check) -> Rule:
    return Rule(rid, title, "artifact", "warning", why, hint, passing, failing, check, artifact=kind)


def _parse_rule(rid: str, kind: str) -> Rule:
    name = TITLES[kind]
    return _artifact(
        rid,
        kind,
        f"{name} parses",
        "A diagram that does not parse shows an error instead of the picture.",
        f"Regenerate the {name.lower()}; if it still fails, fix the item its error names.",
        _with(kind, actors=_ACTORS, use_cases=[_UC], data_entities=[{"name": "Order", "attributes": ["id"]}]),
        {"artifacts": [{**_BROKEN, "type": kind}]},
        _parses(kind),
    )


RULES: tuple[Rule, ...] = (
    _artifact(
        "CTX1",
        CONTEXT,
        "Context: every external has a labelled interaction",
        "An unlabelled flow says something is exchanged but not what.",
        "Mention each external system in the use case or step that talks to it.",
        _with(CONTEXT, actors=_ACTORS, use_cases=[_UC]),
        _with(CONTEXT, actors=_ACTORS, use_cases=[{**_UC, "steps": ["Buyer confirms"]}]),
        _context_flows,
    ),
    _artifact(
        "CTX2",
        CONTEXT,
        "Context: one system boundary",
        "A context diagram shows one system; two boundaries mean the system is also listed as outside itself.",
        "Remove the system's own name from the actors and external systems.",
        _with(CONTEXT, name="Shop", actors=_ACTORS),
        _with(CONTEXT, name="Bank", actors=_ACTORS),
        _one_system,
    ),
    _parse_rule("CTX3", CONTEXT),
    _artifact(
        "UCD1",
        USE_CASE,
        "Use case diagram: every use case linked to a defined actor",
        "A use case nobody performs floats unconnected in the diagram.",
        "Set each use case's actor to one of the defined actors.",
        _with(USE_CASE, actors=_ACTORS, use_cases=[_UC]),
        _with(USE_CASE, actors=_ACTORS, use_cases=[{**_UC, "actor": "Clerk"}]),
        _linked,
    ),
    _artifact(
        "UCD2",
        USE_CASE,
        "Use case diagram: names are verb phrases",
        "A use case is something an actor does; a noun ('Checkout page') hides the action.",
        "Name each use case with a verb and its object: 'Place an order'.",
        _with(USE_CASE, use_cases=[_UC]),
        _with(USE_CASE, use_cases=[{**_UC, "name": "Payment of an order"}]),
        _verb_phrases,
    ),
    _parse_rule("UCD3", USE_CASE),
    _artifact(
        "CLS1",
        CLASS,
        "Class diagram: every relationship target is an entity",
        "A relationship to an undefined entity draws an arrow to nowhere.",
        "Define the target entity, or point the relationship at an existing one.",
        _with(CLASS, data_entities=[{"name": "Order", "relationships": [{"target": "Orders"}]}]),
        _with(CLASS, data_entities=[{"name": "Order", "relationships": [{"target": "Invoice"}]}]),
        _targets,
    ),
    _parse_rule("CLS2", CLASS),
    _artifact(
        "SEQ1",
        SEQUENCE,
        "Sequence diagram: every participant is defined",
        "A participant that is not an actor, the system or an external system is invented by the diagram.",
        "Give each use case with steps a defined actor.",
        _with(SEQUENCE, actors=_ACTORS, use_cases=[_UC]),
        _with(SEQUENCE, actors=_ACTORS, use_cases=[{**_UC, "actor": ""}]),
        _participants,
    ),
    _parse_rule("SEQ2", SEQUENCE),
    _artifact(
        "ACT1",
        ACTIVITY,
        "Activity diagram: every participant is defined",
        "The activity's actor must be one the PRD defines, or the flow has nobody to perform it.",
        "Give each use case with steps a defined actor.",
        _with(ACTIVITY, actors=_ACTORS, use_cases=[_UC]),
        _with(ACTIVITY, actors=_ACTORS, use_cases=[{**_UC, "actor": "Robot"}]),
        _participants,
    ),
    _parse_rule("ACT2", ACTIVITY),
)
