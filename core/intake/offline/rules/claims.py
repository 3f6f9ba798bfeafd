"""Patterns that hold whatever was asked. They read a sentence before the question's own reader
does, so 'Each defect belongs to a machine' is an entity even when the question was 'who uses it?'."""

from __future__ import annotations

import re

from core.intake.offline.language.hedges import describes_pain
from core.intake.offline.language.text import clean
from core.intake.offline.rules import boundaries, domain, integrations, measures, requirements
from core.intake.offline.rules.actions import access, actions_in, apply_action, story
from core.intake.offline.writer import Draft

# The kinds of pattern each question's reader handles better itself, with the question in mind.
_OWN: dict[str | None, frozenset[str]] = {
    "problem_statement": frozenset({"action", "constraint", "nfr"}),
    "actors.permissions": frozenset({"action"}),
    "use_cases.triggers": frozenset({"action"}),
    "use_cases.steps": frozenset({"action", "nfr", "constraint"}),
    "system_boundaries.external": frozenset({"integration"}),
    "data_entities": frozenset({"entity"}),
    "data_entities.attributes": frozenset({"entity"}),
    "data_entities.relationships": frozenset({"entity"}),
    "constraints.business": frozenset({"constraint"}),
    "constraints.technical": frozenset({"constraint"}),
    "goals": frozenset({"goal", "nfr"}),
    "nfrs.performance": frozenset({"goal"}),
    "nfrs.availability": frozenset({"goal"}),
}
_INTRO = re.compile(
    r"^(?:(?:mainly|mostly|primarily|basically|typically|usually|well|ok|okay|so|yes|sure|also|and|plus|then)\b[\s:,-]*)+",
    re.I,
)


_LEADING_CLAUSE = re.compile(r"^(?:when|whenever|once|as soon as|if|after|before)\b[^,]{3,120},\s*\S", re.I)


def _action(draft: Draft, sentence: str) -> bool:
    """People doing things ('Line workers report defects', 'Clients must be able to pay')."""
    sentence = re.sub(r"^([^:–-]{2,40}?)\s+[–-]\s+", r"\1: ", _INTRO.sub("", sentence))
    actions = [a for a in actions_in(draft, sentence) if a.subjects]
    for action in actions:
        apply_action(draft, action, clean(sentence))
    return bool(actions)


def _integration(draft: Draft, sentence: str) -> bool:
    """'It integrates with the SAP ERP system': the product itself talking to another system."""
    return integrations.product_integrates(sentence) and bool(integrations.integrations(draft, sentence))


def _required(sentence: str, target: str | None) -> bool:
    """A list of product parts naming 'iOS' is not a constraint unless something must be so."""
    return target != "system_boundaries.internal" or bool(
        re.search(r"\b(?:must|has to|have to|needs? to|should|only)\b", sentence, re.I)
    )


def _nfr(target: str | None):
    """A number with a unit; after an NFR question, read with that question's category in mind."""
    context = {"nfrs.performance": "performance", "nfrs.availability": "availability"}.get(target or "")

    def read(draft: Draft, sentence: str) -> bool:
        return measures.nfrs(draft, sentence, context=context, fallback=False)

    return read


# Questions after which a 'The system shall …' statement may be a quality rather than a feature.
_REQUIREMENT_TARGETS = frozenset({None, "use_cases", "use_cases.interactions", "nfrs.performance", "nfrs.availability"})


def _requirement(target: str | None):
    """A requirement statement of a quality ('The portal shall be available 24/7') is an NFR; one
    that says who alone may do something ('only managers can issue refunds') is read on for the
    task and the permission too."""

    def read(draft: Draft, sentence: str) -> bool:
        if target not in _REQUIREMENT_TARGETS or not requirements.nfr_statement(draft, sentence):
            return False
        return not requirements.names_who_may(sentence)

    return read


def claim(draft: Draft, sentence: str, target: str | None) -> str:
    """The kind of pattern that read this sentence ('' when none did); what it says is recorded."""
    own = _OWN.get(target, frozenset())
    if story(draft, sentence):
        integrations.integrations(draft, sentence)
        return "story"
    if target != "problem_statement" and describes_pain(sentence):
        draft.add_problem(sentence)
        return "problem"
    goals = (lambda d, s: measures.goals(d, s, strict=True)) if target == "problem_statement" else measures.goals
    readers = (("scope", boundaries.scope), ("nfr", _requirement(target)), ("goal", goals), ("nfr", _nfr(target)))
    for kind, read in readers:
        if kind not in own and read(draft, sentence):
            return kind
    if "constraint" not in own and _required(sentence, target) and measures.constraints(draft, sentence):
        integrations.integrations(draft, sentence)
        if "action" not in own:
            _action(draft, sentence)
        return "constraint"
    if access(draft, sentence):
        return "access"
    if "action" not in own and _LEADING_CLAUSE.match(sentence) and _action(draft, sentence):
        integrations.integrations(draft, sentence)
        return "action"  # 'When a study needs material, a technician retrieves ...': the people act, not 'needs'
    if "entity" not in own and domain.entity_sentence(draft, sentence):
        return "entity"
    if "integration" not in own and _integration(draft, sentence):
        return "integration"
    if "action" not in own and _action(draft, sentence):
        integrations.integrations(draft, sentence)
        return "action"
    return ""
