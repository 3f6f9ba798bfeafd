"""A prose description, read as a whole once its sentences are: one actor per kind of person.

Sentence by sentence the reader may name a group ('people in the pharmacy', 'staff'), a place acting
as its staff ('the school teaches adults') or a short name of someone named in full elsewhere
('Manager' beside 'Store Manager'). Once the whole text is read, those fold into the specific actors."""

from __future__ import annotations

import re

from core.intake.offline.language.lexicon import COLLECTIVE, ORG_PLACES
from core.intake.offline.language.text import sentence_case, sentences, split_list, strip_determiners, words
from core.intake.offline.rules.rulebook import Finding, Rule, every
from core.intake.offline.writer import Draft, write
from core.prd import normalise_name

WHOLE_TEXT_ORDER = 90  # after every other reader: it tidies what they found

_PARTS_INTRO = re.compile(
    r"^(?:(?:internally|inside|under the hood|behind the scenes|technically)\b,?\s*(?:there\s*(?:'s|is|are|will be)|"
    r"we(?:'ll| will)? have|it has)|(?:it|the (?:app|system|platform|product|solution))\s+(?:consists of|is made up of|"
    r"is made of|is split into|comprises|has (?:\w+ )?parts:?))\s+(?P<list>.+)$",
    re.I,
)
_PART_NOUNS = frozenset(
    ["app", "application", "office", "portal", "dashboard", "api", "panel", "site", "website", "service", "module"]
    + ["console", "end", "backend", "frontend", "server", "database", "kiosk", "widget", "tool", "engine"]
)


def _own_parts(sentence: str) -> list[Finding]:
    """'Internally there's the owner app, the walker app and an admin back office': the product's own
    parts (inside the system boundary), not outside systems and not people."""
    m = _PARTS_INTRO.match(sentence.strip().rstrip("."))
    if not m:
        return []
    items = [strip_determiners(i) for i in split_list(re.split(r",?\s+(?:all|both|each|which|that)\b", m["list"])[0])]
    parts = [i for i in items if words(i) and words(i)[-1].lower() in _PART_NOUNS and len(words(i)) <= 4]
    return [Finding("boundary", sentence_case(p), {"field": "internal"}) for p in parts]


RULES = (
    Rule(
        "PR-OWN-PARTS",
        "A description that lists the product's own apps and back office names internal components, not systems",
        "Internally there's the owner app, the walker app and an admin back office, all talking to one back end.",
        "Owner app",
        "It integrates with the clinic's billing system and the IDEXX lab service.",
        _own_parts,
    ),
)


def _collective(name: str, text: str) -> bool:
    """'Staff', 'People', 'Users', or 'School Staff' where the text only said 'the school'."""
    key = normalise_name(name)
    if key in COLLECTIVE:
        return True
    place, _, rest = key.rpartition(" ")
    return rest == "staff" and place.replace(" ", "-") in ORG_PLACES and key not in normalise_name(text)


def _fuller(key: str, keys: list[str]) -> str:
    """The first other actor whose name ends with this one ('manager' -> 'store manager'), else ''."""
    return next((k for k in keys if k != key and k.endswith(" " + key)), "")


def _move(draft: Draft, key: str, into: str) -> None:
    """Fold actor `key` into `into` ('' drops it): its use cases, permissions and goals go along."""
    item = draft.actors.pop(key)
    target = draft.actors.get(into)
    for use_case in draft.use_cases.values():
        if normalise_name(use_case.get("actor", "")) == key:
            use_case["actor"] = target["name"] if target else ""
    if target:
        for field in ("permissions", "goals"):
            bucket = target.setdefault(field, [])
            bucket += [v for v in item.get(field, []) if v not in bucket]


def read_whole_text(draft: Draft, text: str) -> None:
    """The product's own parts; then drop groups of people and short names when the text names specific
    kinds of people."""
    for sentence in sentences(text):
        write(draft, every(RULES, sentence))
    existing = {normalise_name(a.name) for a in draft.data.actors}
    humans = [k for k, v in draft.actors.items() if v.get("kind", "human") == "human" and k not in existing]
    specific = [k for k in humans if not _collective(draft.actors[k]["name"], text)]
    specific += [normalise_name(a.name) for a in draft.data.actors if a.kind == "human"]
    if not specific:
        return
    for key in humans:
        if key in specific:
            fuller = _fuller(key, specific)
            if fuller and fuller in draft.actors:
                _move(draft, key, fuller)
        elif key in draft.actors:
            _move(draft, key, "")
