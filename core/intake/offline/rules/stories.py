"""User stories and passive sentences, turned into an actor and a use case."""

from __future__ import annotations

import re

from core.intake.offline.language.phrases import NOT_ACTIONS, use_case_name, verb_phrases
from core.intake.offline.language.text import clean, sentence_case, title_name, verb_form
from core.prd import normalise_name

_STORY_RE = re.compile(
    r"^as\s+(?:an?|the|one of the)?\s*(?P<actor>[^,]+?)(?:,\s*(?:who|working|using|with|in|at|from|on)\b[^,]{1,60})?,?"
    r"\s+(?:i\s+)?(?:only\s+|also\s+|really\s+)?(?P<neg>don't\s+|do not\s+|never\s+)?"
    r"(?P<want>want|need|would like|wish|can|"
    r"should be able|must be able|am able|expect)\s*(?:to\s+)?(?:be able to\s+)?(?P<what>.+?)"
    r"(?:,?\s+(?:so\s+that|so|in order to)\s+(?P<why>.+))?$",
    re.IGNORECASE,
)


# What a backlog line may carry before its story: a bullet, a number, an id ("US-12:", "#G04#", "[P1]").
_LEAD = re.compile(r"^\s*(?:(?:[-*•+]|\d{1,4}[.):]|#\w{1,12}#|[A-Z]{1,8}[-_ ]?\d{1,5}[:.)]?|\[[^\]]{1,20}\])\s*)+")


def _camel(actor: str) -> str:
    """'ResearcherPublisher' -> 'Researcher Publisher': two roles written as one word."""
    return re.sub(r"(?<=[a-z])(?=[A-Z][a-z])", " ", actor)


def story_text(line: str) -> str:
    """A backlog line without its bullet or id: the story as the user wrote it."""
    return clean(_LEAD.sub("", line))


def story_parts(sentence: str) -> dict | None:
    """'As a X, I want Y so that Z' -> {text, actor, want, so_that, priority} (a core.prd.UserStory), else None."""
    text = story_text(sentence)
    m = _STORY_RE.match(text)
    if not m:
        return None
    actor = _camel(re.split(r"\s+(?:who|that|at|in|from|with|on)\s+", m.group("actor"), maxsplit=1)[0])
    want = m.group("want").lower()
    priority = "must" if want in ("need", "must be able") else "could" if want in ("would like", "wish") else "should"
    what = ("not " if m.group("neg") else "") + clean(m.group("what")).rstrip(".!;")
    return {
        "text": text,
        "actor": actor,
        "want": what,
        "so_that": clean(m.group("why") or "").rstrip("."),
        "priority": priority,
    }


def story_actor(draft, phrase: str) -> str:
    """The persona exactly as the story names it: 'As a researcher' is Researcher even when a
    'Repository Manager Researcher' is known (the tail match prose relies on would merge them)."""
    name = title_name(phrase)
    key = normalise_name(name)
    resolved = draft.resolve_actor(phrase)
    if not name or not resolved or normalise_name(resolved) == key:
        return draft.actor(phrase)
    draft.actors.setdefault(key, {"name": name, "kind": "human"})
    return draft.actors[key]["name"]


def keep_story(draft, use_case: str, sentence: str, actor: str) -> None:
    """The story itself, with its 'so that', stays on the use case it became (UseCase.stories)."""
    parts = story_parts(sentence)
    item = draft.use_cases.get(normalise_name(use_case)) if use_case else None
    if parts is None or item is None:
        return
    kept = item.setdefault("stories", [])
    if normalise_name(parts["text"]) not in {normalise_name(s["text"]) for s in kept}:
        kept.append({**parts, "actor": actor or parts["actor"]})


def user_story(sentence: str) -> tuple[str, str, str, str] | None:
    """'As a X, I want Y so that Z' -> (actor, use case, outcome, priority)."""
    m = _STORY_RE.match(story_text(sentence))
    if not m or m.group("neg"):
        return None  # 'I don't want X' names no use case; the backlog reader still keeps the story
    actor = _camel(re.split(r"\s+(?:who|that|at|in|from|with|on)\s+", m.group("actor"), maxsplit=1)[0])
    want = m.group("want").lower()
    priority = "must" if want in ("need", "must be able") else "could" if want in ("would like", "wish") else "should"
    why = m.group("why") or ""
    if why:
        why = re.sub(r"\bI am\b|\bI'm\b", "they are", why)
        why = re.sub(r"\bI was\b", "they were", why)
        why = re.sub(r"\bI\b", "they", why)
        why = re.sub(r"\bmy\b", "their", re.sub(r"\bme\b", "them", why, flags=re.I), flags=re.I)
    what = re.sub(r"\bmy\b", "their", m.group("what"), flags=re.I)
    names = verb_phrases(what)
    name = names[0][0] if names else use_case_name(m.group("what"))
    return (actor, name, sentence_case(why), priority) if name else None


_PASSIVE = re.compile(
    r"^(?P<obj>[\w\s'-]{2,60}?)\s+(?:is|are|get|gets|will be|must be|should be|can be)\s+"
    r"(?:automatically\s+)?(?P<verb>[a-z]+)\b\s*(?P<rest>.*)$",
    re.IGNORECASE,
)


def passive_phrase(sentence: str) -> str:
    """'Grades are exported to Google Classroom' -> 'Export grades to Google Classroom'."""
    m = _PASSIVE.match(clean(sentence))
    form = verb_form(m.group("verb")) if m else None
    if not m or not form or form[1] != "past" or form[0] in NOT_ACTIONS:
        return ""
    obj = re.sub(r"^(?:the|all|a|an)\s+", "", m.group("obj"), flags=re.I)
    return use_case_name(" ".join(x for x in (form[0], obj.lower(), m.group("rest")) if x))
