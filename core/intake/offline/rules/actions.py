"""Patterns read in every answer, whatever was asked: stories, 'X can Y', entities, numbers."""

from __future__ import annotations

import re

from core.intake.offline.language.clauses import Action, negated_subjects, parse_actions
from core.intake.offline.language.phrases import verb_phrases
from core.intake.offline.language.pronouns import object_of
from core.intake.offline.language.text import clean, is_plural, looks_like_person, split_list, title_name, words
from core.intake.offline.rules import boundaries, domain, integrations, measures
from core.intake.offline.rules.stories import keep_story, story_actor, user_story
from core.intake.offline.writer import Draft
from core.prd import normalise_name

_AUDIENCE = re.compile(
    r"\b(?:for|used by|serves|serving|helps|connects|between)\s+(?P<list>[A-Za-z][\w\s,'-]{2,120}?)"
    r"(?=\s+(?:to|who|that|so|in|at|on|with|by|when|across)\b|[.;:]|$)",
    re.I,
)


def known(draft: Draft) -> set[str]:
    return set(draft.known_actor_names())


def actions_in(draft: Draft, sentence: str) -> list[Action]:
    """Every action of a sentence, a leading 'they' read as the people who acted last; people who
    do not do something ('Recipients do not need an account') are still who a next 'they' means."""
    actions = parse_actions(draft.memory.subject(sentence), known(draft))
    people = [] if actions else negated_subjects(sentence, known(draft))
    if people:
        draft.memory.actor = draft.resolve_actor(people[0]) or title_name(people[0])
    return actions


def apply_action(draft: Draft, action: Action, sentence: str, *, as_permissions: bool = False) -> list[str]:
    """Add the actors of an action and one use case (or permission) per thing they do."""
    actors = [a for a in (draft.actor(s) for s in action.subjects) if a]
    if actors:
        draft.memory.actor = actors[0]
    names = []
    for name, trigger, outcome in action.phrases:
        name = draft.memory.resolve(name)
        draft.memory.remember(name, actors[0] if actors and action.subjects else "")
        if action.by_system:
            actors = [_recipient(draft, name, fallback="") or _recipient(draft, sentence)]
        if as_permissions:
            for actor in actors:
                if actor:
                    draft.actor(actor, permissions=[name])
            continue
        fields = {"actor": actors[0] if actors else "", "description": sentence}
        if action.priority:
            fields["priority"] = action.priority
        if trigger or action.trigger:
            fields["trigger"] = trigger or action.trigger
        elif action.by_system:
            fields["trigger"] = f"The system needs to {name[:1].lower()}{name[1:]}"
        if outcome:
            fields["outcome"] = outcome
        names.append(draft.use_case(name, **fields))
        for other in actors[1:]:
            draft.actor(other, permissions=[name])
        for actor in actors:
            if outcome and actor:
                draft.actor(actor, goals=[outcome])
    return [n for n in names if n]


def _recipient(draft: Draft, sentence: str, fallback: str | None = None) -> str:
    """The person a system action is for ('sends reminders to patients', 'reminds clients' -> Patient, Client)."""
    target = object_of(sentence)
    if target and draft.resolve_actor(target):
        return draft.resolve_actor(target)
    for m in re.finditer(
        r"\b(?:to|for|with)\s+(?:the\s+|their\s+|all\s+|each\s+)?([a-z][\w-]*(?:\s[a-z][\w-]*)?)", sentence, re.I
    ):
        phrase = m.group(1)
        resolved = next((r for r in (draft.resolve_actor(p) for p in (phrase, *phrase.split())) if r), "")
        if resolved:
            return resolved
    low = normalise_name(sentence)
    named = [a.name for a in draft.data.actors if a.kind == "external_system" and normalise_name(a.name) in low]
    systems = named + integrations.known_systems_in(sentence)
    if systems:
        return draft.resolve_actor(systems[0])
    return draft.fallback_actor if fallback is None else fallback


def audience(draft: Draft, sentence: str, *, actions: bool = True) -> bool:
    """'A booking app for patients and receptionists' -> two actors; '... for recruiters to post jobs' -> use cases."""
    found = False
    for m in _AUDIENCE.finditer(sentence):
        items = split_list(m.group("list"))
        heads = [words(i)[-1] for i in items if words(i)]
        if (
            items
            and len(heads) == len(items)
            and all(is_plural(h) and looks_like_person(i) for h, i in zip(heads, items, strict=True))
        ):
            actors = [a for a in (draft.actor(item) for item in items) if a]
            found = bool(actors) or found
            purpose = re.match(r"\s+(?:to|who|that)\s+(?P<vp>.+)$", sentence[m.end() :], re.I)
            if actions and purpose and actors:
                for name, trigger, outcome in verb_phrases(purpose.group("vp")):
                    fields = {k: v for k, v in (("trigger", trigger), ("outcome", outcome)) if v}
                    draft.use_case(name, actor=actors[0], description=clean(sentence), **fields)
    return found


_ACCESS = re.compile(
    r"^(?P<x>.+?)\s+(?:only\s+)?(?:has|have|get|gets|need|needs|should have|must have|will have)\s+"
    r"(?P<how>full\s+|read[- ]only\s+|limited\s+|admin\s+|no\s+)?access\s+(?:to\s+)?(?P<y>.+)$",
    re.I,
)


def access(draft: Draft, sentence: str) -> bool:
    """'Managers have read-only access to reports' -> a permission of Manager, not an entity."""
    m = _ACCESS.match(clean(sentence))
    if not m or not looks_like_person(m.group("x"), known(draft)):
        return False
    how = (m.group("how") or "").strip().lower()
    permission = f"{'Cannot access' if how == 'no' else 'Access'} {m.group('y')}" + (
        f" ({how})" if how and how != "no" else ""
    )
    return bool([draft.actor(p, permissions=[permission]) for p in split_list(m.group("x"))])


def story(draft: Draft, sentence: str) -> bool:
    read = user_story(sentence)
    if not read:
        return False
    actor_phrase, name, outcome, priority = read
    actor = story_actor(draft, actor_phrase)
    fields = {"actor": actor, "priority": priority, "description": clean(sentence)}
    if outcome:
        fields["outcome"] = outcome
        draft.actor(actor, goals=[outcome])
    keep_story(draft, draft.use_case(name, **fields), sentence, actor)
    return True


def read_sentence(draft: Draft, sentence: str, *, actions: bool = True) -> None:
    """Everything a sentence says on its own, most specific pattern first."""
    if story(draft, sentence):
        integrations.integrations(draft, sentence)
        return
    if boundaries.scope(draft, sentence):
        return
    if measures.goals(draft, sentence) or measures.nfrs(draft, sentence):
        integrations.integrations(draft, sentence)
        return
    if measures.constraints(draft, sentence):
        integrations.integrations(draft, sentence)
        return
    integrations.integrations(draft, sentence)
    boundaries.components(draft, sentence)
    if domain.relationships(draft, sentence) or domain.attributes(draft, sentence):
        return
    audience(draft, sentence, actions=actions)
    if actions:
        for action in actions_in(draft, sentence):
            apply_action(draft, action, clean(sentence))


def mentioned_actor(draft: Draft, text: str) -> str:
    """The first known actor named in a text ('... for patients' -> Patient), else ''."""
    low = f" {normalise_name(text)} "
    for key, name in draft.known_actor_names().items():
        if f" {key} " in low or f" {key}s " in low:
            return name
    return ""
