"""The offline engine: deterministic, rule-based extraction of project data from plain English.

`extract_offline` reads one answer in the context of the question it answers, plus patterns
that hold anywhere; `extract_document` drafts project data from a whole requirements text.
Both return a delta (only what the text adds or changes); `merge` folds it into the data."""

from __future__ import annotations

import re

from core.intake.offline import answers
from core.intake.offline.language.hedges import hedge_sentence, non_answer, strip_hedges
from core.intake.offline.language.text import sentences as split_sentences
from core.intake.offline.language.text import split_list
from core.intake.offline.rules import boundaries, domain, integrations, measures, steps
from core.intake.offline.rules.actions import read_sentence
from core.intake.offline.rules.claims import claim
from core.intake.offline.writer import Draft
from core.prd import PRDData


def _scope_reader(field: str) -> answers.Reader:
    def read(draft: Draft, sentences: list[str]) -> set[int]:
        if field == "in_scope" and re.match(
            r"^(?:all|everything|all of (?:it|them|the above)|the above|"
            r"everything (?:above|listed|so far))\b",
            " ".join(sentences),
            re.I,
        ):
            for uc in draft.data.use_cases:
                draft.boundary("in_scope", uc.name)
            return set(range(len(sentences)))
        for s in sentences:
            if field == "internal":
                if not boundaries.components(draft, s):
                    for item in split_list(s):
                        draft.boundary("internal", item)
            else:
                boundaries.scope(draft, s, default=field)
        return set(range(len(sentences)))

    return read


def _entities_reader(mode: str) -> answers.Reader:
    def read(draft: Draft, sentences: list[str]) -> set[int]:
        used = set()
        for i, s in enumerate(sentences):
            if (
                domain.entity_sentence(draft, s, entity_context=True)
                or mode == "attributes"
                and _attach_attributes(draft, s)
            ):
                used.add(i)
            elif mode == "entities" and not re.search(r"\b(?:can|must|should|will)\b", s, re.I):
                domain.entity_list(draft, s)
                used.add(i)
        return used

    return read


def _attach_attributes(draft: Draft, sentence: str) -> bool:
    """A bare list of details belongs to the first entity that has fewer than two."""
    lacking = [e.name for e in draft.data.data_entities if len(e.attributes) < 2]
    parts = split_list(sentence)
    if lacking and len(parts) >= 2 and all(len(p.split()) <= 4 for p in parts):
        draft.entity(lacking[0], parts)
        return True
    return False


def _each(read, **kwargs) -> answers.Reader:
    def reader(draft: Draft, sentences: list[str]) -> set[int]:
        return {i for i, s in enumerate(sentences) if read(draft, s, **kwargs)}

    return reader


READERS: dict[str, answers.Reader] = {
    "problem_statement": answers.read_problem,
    "actors": answers.read_actors,
    "actors.permissions": answers.read_permissions,
    "system_boundaries.external": answers.read_external_systems,
    "use_cases.interactions": answers.read_interactions,
    "use_cases": answers.read_use_cases,
    "use_cases.triggers": answers.read_triggers,
    "use_cases.steps": answers.read_steps,
    "system_boundaries.in_scope": _scope_reader("in_scope"),
    "system_boundaries.out_of_scope": _scope_reader("out_of_scope"),
    "system_boundaries.internal": _scope_reader("internal"),
    "data_entities": _entities_reader("entities"),
    "data_entities.attributes": _entities_reader("attributes"),
    "data_entities.relationships": _entities_reader("relationships"),
    "constraints.business": _each(measures.constraints, default="business"),
    "constraints.technical": _each(measures.constraints, default="technical"),
    "goals": _each(measures.goals, context=True),
    "nfrs.performance": _each(measures.nfrs, context="performance"),
    "nfrs.availability": _each(measures.nfrs, context="availability"),
}
_FALLBACK_ACTOR_TARGETS = {"use_cases", "use_cases.interactions"}


def _target(question_id: str | None) -> str | None:
    from core.intake.questions import QUESTIONS

    return next((q.target for q in QUESTIONS if q.id == question_id), None)


def read_section(draft: Draft, text: str, target: str | None) -> None:
    """Read text as an answer to a question with this target: hedges go first ('not sure yet'),
    patterns that hold anywhere claim their sentences next; the question's reader, then the
    general reading, get the rest. A flow ('Booking: 1. … 2. …') is steps, read before anything else.
    Every sentence is read, however long the text."""
    for flow in [] if target == "use_cases.triggers" else steps.flows(text, answer=target == "use_cases.steps"):
        if not set(flow.source) <= draft.consumed:
            draft.consumed.update(flow.source)
            steps.attach(draft, flow)
    sentences = [strip_hedges(s) for s in split_sentences(text) if s not in draft.consumed and not hedge_sentence(s)]
    humans = draft.human_actors()
    draft.fallback_actor = humans[0] if humans and target in _FALLBACK_ACTOR_TARGETS else ""
    for s in sentences:
        boundaries.components(draft, s)
    rest = [s for s in sentences if not claim(draft, s, target)]
    reader = READERS.get(target or "")
    used = reader(draft, rest) if reader else set()
    for i, s in enumerate(rest):
        if i not in used:
            read_sentence(draft, s, actions=target not in {"problem_statement", "actors.permissions"})
    if target == "system_boundaries.external" and not draft.boundaries["external"]:
        for s in rest:
            integrations.integrations(draft, s, listing=True)


def extract_offline(*, data: PRDData, question_id: str | None, answer: str, message_id: int | None) -> PRDData:
    """What one answer adds, read in the context of the question it answers."""
    draft = Draft(data, message_id)
    if non_answer(answer):
        return draft.build()
    target = _target(question_id)
    if target == "actors":
        draft.default_role = "Primary user" if question_id == "primary_users" else "Secondary user"
    read_section(draft, answer[:200_000], target)
    return draft.build()


def extract_document(*, data: PRDData, text: str, message_id: int | None) -> PRDData:
    """A first draft of the project data from a whole requirements text or meeting notes."""
    from core.intake.offline.document import read_document

    draft = Draft(data, message_id)
    read_document(draft, text[:200_000], read_section)
    return draft.build()
