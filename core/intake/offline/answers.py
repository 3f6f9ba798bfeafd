"""Reading an answer in the context of the question it answers (a list after 'who uses it?' is actors)."""

from __future__ import annotations

import re
from collections.abc import Callable

from core.intake.offline.language.phrases import use_case_name, verb_phrases
from core.intake.offline.language.text import (
    clean,
    is_ambiguous_verb,
    is_plural,
    looks_like_person,
    sentence_case,
    split_list,
    verb_form,
    words,
)
from core.intake.offline.rules import boundaries, integrations, measures
from core.intake.offline.rules import steps as steps_rules
from core.intake.offline.rules.actions import actions_in, apply_action, audience, mentioned_actor, story
from core.intake.offline.rules.stories import passive_phrase
from core.intake.offline.writer import Draft

Reader = Callable[[Draft, list[str]], set[int]]  # returns the indexes of the sentences it used
_INTRO = re.compile(
    r"^(?:mainly|mostly|primarily|basically|typically|usually|well|ok|okay|so|yes|sure|also|and|plus|"
    r"(?:the |our )?(?:main |primary |other |end |typical )?users? (?:are|is|will be)|we have|there (?:are|"
    r"will be) \w+ "
    r"(?:kinds|types|groups|sorts) of (?:users|people|roles)|it(?:'s| is| will be)? used by|used by|our users are|"
    r"people like|for)\b[\s:,-]*",
    re.I,
)
_NEGATIVE_START = re.compile(r"^(?:no|none|nobody|no one|nothing|not really|that's all|thats all|n/a)\b", re.I)
_ACTOR_CUT = re.compile(r"\s+(?:who|that|which|whose|at|in|on|from|with|using|working|waiting|when|to|via)\s+.*$", re.I)


def _intro(sentence: str) -> str:
    previous = None
    while previous != sentence:
        previous, sentence = sentence, _INTRO.sub("", sentence).strip()
    return sentence


def _dash_to_colon(sentence: str) -> str:
    return re.sub(r"^([^:–-]{2,40}?)\s+[–-]\s+", r"\1: ", sentence)


def read_problem(draft: Draft, sentences: list[str]) -> set[int]:
    prose = [sentence_case(s) for s in sentences]
    draft.problem = " ".join(s if s.endswith(("?", "!")) else s + "." for s in prose if s)
    for s in sentences:
        audience(draft, s)
    return set(range(len(sentences)))


def read_actors(draft: Draft, sentences: list[str]) -> set[int]:
    """Each sentence is 'X does Y', 'X: Y', 'X who Y' or a list of kinds of users."""
    for s in sentences:
        s = _PAREN_TASKS.sub(_who_does, _dash_to_colon(_intro(s)))
        if not s or _NEGATIVE_START.match(s) or story(draft, s):
            continue
        actions = [a for a in actions_in(draft, s) if a.subjects]
        for action in actions:
            apply_action(draft, action, s)
        if actions or audience(draft, s):
            continue
        for item in _actor_items(s):
            _actor_item(draft, item)
    return set(range(len(sentences)))


_PAREN_TASKS = re.compile(r"\s*\((?P<y>[^()]{3,160})\)")


def _who_does(m: re.Match) -> str:
    """'patients (book appointments)' -> 'patients who book appointments'; other asides stay."""
    first = m.group("y").split()[0].lower()
    form = verb_form(first)
    return f" who {m.group('y')}" if form and form[1] in ("base", "third") else m.group(0)


def _actor_items(sentence: str) -> list[str]:
    """List items, with a relative clause ('who ...') or a further verb kept on its person."""
    items: list[str] = []
    for item in split_list(sentence):
        first = item.split()[0].lower()
        form = verb_form(first)
        continues = form and form[1] == "base" and len(item.split()) > 1 and not looks_like_person(item)
        if items and (first in {"who", "that", "which"} or continues):
            items[-1] += (" " if first in {"who", "that", "which"} else " and ") + item
        else:
            items.append(item)
    return items


def _actor_item(draft: Draft, item: str) -> None:
    item = _intro(item)
    rel = re.match(r"^(?P<x>.+?)\s+(?:who|that)\s+(?P<y>.+)$", item, re.I)
    phrase = _ACTOR_CUT.sub("", rel.group("x") if rel else item)
    tokens = words(phrase)
    kind_of_people = tokens and (looks_like_person(phrase, set(draft.known_actor_names())) or is_plural(tokens[-1]))
    name = draft.actor(phrase) if kind_of_people and (rel or len(words(item)) <= 6) else ""
    if name and rel:
        for phrase, trigger, outcome in verb_phrases(rel.group("y")):
            fields = {"actor": name, "description": clean(item)}
            fields.update({k: v for k, v in (("trigger", trigger), ("outcome", outcome)) if v})
            draft.use_case(phrase, **fields)


def read_permissions(draft: Draft, sentences: list[str]) -> set[int]:
    """'Drivers can see their own route; only admins manage accounts' -> permissions per actor."""
    everyone = draft.human_actors()
    for s in sentences:
        s = _dash_to_colon(clean(s))
        neg = re.match(
            r"^(?P<x>.+?)\s+(?:cannot|can't|can not|must not|mustn't|should not|shouldn't|may not)\s+(?P<y>.+)$",
            s,
            re.I,
        )
        head, sep, tail = s.partition(":")
        if neg:
            for who in _who(draft, neg.group("x"), everyone):
                draft.actor(who, permissions=[f"Cannot {neg.group('y')}"])
        elif sep and tail.strip() and _who(draft, head, []):
            tail = tail.strip()
            found = verb_phrases(tail) if verb_form(tail.split()[0].lower()) else []
            for who in _who(draft, head, everyone):
                draft.actor(who, permissions=[n for n, _, _ in found] or [tail])
        else:
            s = re.sub(r"^(?:everyone|everybody|all users|any user)\b", "users", s, flags=re.I)
            for action in [a for a in actions_in(draft, s) if a.subjects]:
                targets = [w for subj in action.subjects for w in _who(draft, subj, everyone)]
                for who in targets:
                    draft.actor(who, permissions=[p for p, _, _ in action.phrases])
    return set(range(len(sentences)))


def _who(draft: Draft, phrase: str, everyone: list[str]) -> list[str]:
    phrase = re.sub(r"^(?:only|also|and|but)\s+", "", clean(phrase), flags=re.I)
    if re.fullmatch(r"(?:users|everyone|everybody|all users|all|any user)", phrase, re.I):
        return everyone
    return [n for n in (draft.resolve_actor(p) or (draft.actor(p) if p else "") for p in split_list(phrase)) if n]


def read_external_systems(draft: Draft, sentences: list[str]) -> set[int]:
    for s in sentences:
        if not _NEGATIVE_START.match(s):
            integrations.integrations(draft, s, listing=True)
    return set()


def read_interactions(draft: Draft, sentences: list[str]) -> set[int]:
    """'We send SMS reminders through Twilio' -> a use case that names the system."""
    used = set()
    for i, s in enumerate(sentences):
        systems = integrations.integrations(draft, s)
        actions = actions_in(draft, s)
        for action in actions:
            apply_action(draft, action, clean(s))
            used.add(i)
        if actions:
            continue
        elif systems:
            rest = re.sub(rf"^.*?\b{re.escape(systems[0])}\b\s*", "", s, flags=re.I)
            name = use_case_name(rest) if rest and verb_form(rest.split()[0]) else passive_phrase(s)
            if name:
                draft.use_case(name, actor=draft.resolve_actor(systems[0]) or systems[0], description=clean(s))
                used.add(i)
    return used


def read_use_cases(draft: Draft, sentences: list[str]) -> set[int]:
    """Stories, 'X does Y', or plain lists of tasks ('book, cancel and move appointments')."""
    used = set()
    for i, s in enumerate(sentences):
        s = _dash_to_colon(_intro(s))
        if not s or _NEGATIVE_START.match(s) or story(draft, s):
            used.add(i)
            continue
        if measures.nfrs(draft, s) or measures.goals(draft, s) or boundaries.scope(draft, s):
            used.add(i)
            continue
        integrations.integrations(draft, s)
        actions = actions_in(draft, s)
        passive = "" if actions else passive_phrase(s)
        for action in actions:
            apply_action(draft, action, s)
        if actions:
            pass
        elif passive:
            draft.use_case(passive, actor=mentioned_actor(draft, s) or draft.fallback_actor, description=clean(s))
        else:
            _task_list(draft, s)
        used.add(i)
    return used


def _task_list(draft: Draft, sentence: str) -> None:
    doers = re.sub(r"\b(?:to|with|from|for)\s+(?:an?\s+|the\s+|their\s+|each\s+)?[\w-]+", "", sentence, flags=re.I)
    actor = mentioned_actor(draft, doers) or draft.fallback_actor
    first = sentence.split()[0] if sentence.split() else ""
    if verb_form(first):
        names = [n for n, _, _ in verb_phrases(sentence)]
    else:
        names = [_feature_name(item) for item in split_list(sentence) if len(words(item)) <= 6 and not _clause(item)]
    for name in names:
        if name:
            draft.use_case(name, actor=actor, description=clean(sentence))


def _clause(item: str) -> bool:
    """'the warehouse ships parcels' says who does what: it is no feature name."""
    tokens = words(item.lower())
    return (
        any((verb_form(t) or ("", ""))[1] == "third" and not is_ambiguous_verb(verb_form(t)[0]) for t in tokens[1:])
        or bool(tokens)
        and tokens[0] in {"the", "we", "our", "they", "it", "i", "you"}
    )


def _feature_name(item: str) -> str:
    """'appointment booking' -> 'Book appointment'; 'reminders' -> 'Manage reminders'."""
    tokens = clean(item).split()
    if not tokens:
        return ""
    form = verb_form(tokens[-1])
    if form and form[1] == "ing":
        return use_case_name(" ".join([form[0], *(t if t.isupper() else t.lower() for t in tokens[:-1])]))
    if verb_form(tokens[0]) and verb_form(tokens[0])[1] == "ing":
        return use_case_name(" ".join(tokens))
    return use_case_name("manage " + " ".join(tokens))


def best_use_case(draft: Draft, text: str) -> str:
    """The existing use case a sentence talks about, by shared words ('booking' ~ 'Book appointment')."""

    stems = steps_rules.stems  # one notion of "the words that say what it is about"
    said = stems(text)

    def overlap(name: str) -> float:
        verb = verb_form(name.split()[0].lower()) if name.split() else None
        shared = len(said & stems(name))
        return (shared + (0.5 if verb and verb[0] in said else 0)) / (len(stems(name)) + 1) if shared else 0

    scored = [(overlap(u.name), -i, u.name) for i, u in enumerate(draft.data.use_cases)]
    best = max(scored, default=(0, 0, ""))
    return best[2] if best[0] else ""


_STARTS = re.compile(
    r"\b(?:starts?|begins?|is triggered|kicks? off|happens|triggered|is started)\s+(?:when|by|once|after|as "
    r"soon as|with)\s+"
    r"(?P<t>.+?)(?=(?:,\s*(?:and\s+)?|\s+and\s+|\s+it\s+)(?:it\s+)?(?:ends?|finish\w*|results?|produces?|completes?|"
    r"the result|outcome|so that)\b|\s+so that\b|[;.]|$)",
    re.I,
)
_WHEN = re.compile(
    r"\b(?:when|once|after|as soon as)\s+(?P<t>.+?)(?=,?\s+(?:and\s+)?(?:it\s+)?(?:ends?|finish\w*|results?|"
    r"produces?)\b|,|$)",
    re.I,
)
_ENDS = re.compile(
    r"\b(?:ends?|finish(?:es)?|results?|completes?|is done|produces?)\s+(?:with|in|when|once)?\s*(?P<o>.+)$|"
    r"\b(?:the )?(?:result|outcome) is\s+(?P<o2>.+)$",
    re.I,
)


def read_triggers(draft: Draft, sentences: list[str]) -> set[int]:
    """'Booking starts when a patient picks a slot and ends with a confirmed appointment'."""
    used, last = set(), ""
    for i, s in enumerate(sentences):
        arrow = re.split(r"\s*(?:->|→|=>)\s*", s)
        head, _, body = arrow[0].partition(":")
        starts = _STARTS.search(s)
        going_on = re.match(r"^(?:it|this|that)\s+(?=ends?|finish|results?|completes?|produces?)", s, re.I)
        name = last if going_on else ""  # '…; it ends with …' goes on about the task just named
        name = name or best_use_case(draft, head if body else s[: starts.start()] if starts and starts.start() else s)
        if not name:
            continue
        last = name
        if len(arrow) == 2:
            trigger, outcome = (body or arrow[0]), arrow[1]
        else:
            m, e = _STARTS.search(s) or _WHEN.search(s), _ENDS.search(s)
            trigger = m.group("t") if m else ""
            outcome = (e.group("o") or e.group("o2")) if e else ""
        fields = {k: sentence_case(v) for k, v in (("trigger", trigger), ("outcome", outcome)) if clean(v)}
        if fields:
            draft.use_case(name, **fields)
            used.add(i)
    return used


def read_steps(draft: Draft, sentences: list[str]) -> set[int]:
    """What is left of 'walk me through it' once lists and 'first …, then …' are read: each sentence
    is one step, never cut at a comma or an 'and', of the use case it names or talks about."""
    label, said = "", []
    for s in sentences:
        head, colon, body = s.partition(":")
        if colon and not said and body.strip() and len(words(head)) <= 6:
            named = steps_rules.flow_label(head)
            label = named if named is not None else clean(head) if steps_rules.task_label(head) else ""
            s = body if named is not None or label else s
        said += steps_rules.split_sequence(s)
    if not said:
        return set()
    flow = steps_rules.Flow(label, steps_rules.carry_subject(said), source=list(sentences))
    return set(range(len(sentences))) if steps_rules.attach(draft, flow) else set()
