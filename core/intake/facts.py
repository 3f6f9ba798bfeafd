"""Data entities, relationships and outside systems found in a sentence."""

from __future__ import annotations

import re

from core.intake.boundaries import negated
from core.intake.draft import Draft, attribute_name
from core.intake.lexicon import KNOWN_SYSTEMS, SYSTEM_NOUNS
from core.intake.textutil import (
    clean,
    is_system_subject,
    looks_like_person,
    split_list,
    strip_determiners,
    words,
)
from core.project_data import normalise_name

_NP = r"(?:each|every|an?|the|one|all)?\s*(?P<x>[A-Za-z][\w\s'-]{1,40}?)"
_TARGET = r"(?:an?|one|exactly one|a single|the|its|their|some|one or more|many|multiple|several)?\s*(?P<y>.+)"
_MANY = r"(?:many|multiple|several|one or more|zero or more|a list of|lots of|any number of|a number of)"
_RELATIONS = (
    (re.compile(rf"^{_NP}\s*(?:->|→|=>)\s*{_TARGET}$", re.I), "many_to_one", "belongs to"),
    (re.compile(rf"^{_NP}\s+(?:belongs?|belong) to\s+{_TARGET}$", re.I), "many_to_one", "belongs to"),
    (
        re.compile(
            rf"^{_NP}\s+(?:is|are) (?:assigned|linked|attached|tied|related|connected|for) to\s+{_TARGET}$", re.I
        ),
        "many_to_one",
        "assigned to",
    ),
    (re.compile(rf"^{_NP}\s+(?:is|are) for\s+{_TARGET}$", re.I), "many_to_one", "is for"),
    (
        re.compile(rf"^{_NP}\s+(?:can\s+)?(?:has|have|contains?|includes?|holds?|owns?)\s+{_MANY}\s+(?P<y>.+)$", re.I),
        "one_to_many",
        "has",
    ),
    (
        re.compile(
            rf"^{_NP}\s+(?:is made up of|are made up of|is composed of|are composed of|consists? of)\s+(?P<y>.+)$", re.I
        ),
        "one_to_many",
        "consists of",
    ),
    (re.compile(rf"^{_NP}\s+(?:has|have)\s+(?:exactly one|a single|one)\s+(?P<y>.+)$", re.I), "one_to_one", "has"),
    (
        re.compile(rf"^{_NP}\s+and\s+(?P<y>[\w\s-]{{2,40}}?)\s+(?:are|have an?|form an?)\s+many[- ]to[- ]many", re.I),
        "many_to_many",
        "linked to",
    ),
)
_HAS = re.compile(
    rf"^{_NP}\s+(?:has|have|must have|should have|will have|needs|includes?|contains?|is described by)\s+(?P<a>.+)$",
    re.I,
)
_STORE_FOR = re.compile(
    r"^(?:for\s+(?:each|every|a|an)\s+(?P<x>[\w\s-]{2,30}?),?\s+(?:we|the system|it|you)\s+(?:store|record|"
    r"keep|track|save|capture|need)s?"
    r"|(?:we|the system|it)\s+(?:store|record|keep|track|save|capture)s?\s+(?:each|every|the|a|"
    r"an)?\s*(?P<x2>[\w\s-]{2,30}?)'s)\s+(?P<a>.+)$",
    re.I,
)
_LISTED = re.compile(r"^(?P<x>[A-Za-z][\w\s-]{1,40}?)\s*(?::|\(|\bwith\b|-|–)\s*(?P<a>.+?)\)?$", re.I)
_CUT = re.compile(r"\s+(?:who|that|which|where|when|with|in|at|on|via|for|to|so|because|from)\s+.*$", re.I)
_AMBIGUOUS_BRANDS = frozenset(
    [
        "box",
        "square",
        "sage",
        "canvas",
        "segment",
        "epic",
        "notion",
        "zoom",
        "slack",
        "oracle",
        "ups",
        "s3",
        "plaid",
        "asana",
        "intercom",
        "greenhouse",
        "workday",
    ]
)


def _np(text: str) -> str:
    return strip_determiners(_CUT.sub("", clean(text)))


def relationships(draft: Draft, sentence: str) -> bool:
    """'Each parcel belongs to a route', 'A class has many students' -> entities and a relationship."""
    found = False
    for clause in re.split(
        r",?\s+and\s+(?=(?:each|every|an?|the)\s[\w\s-]{1,40}?\s(?:belongs?|has|have|is|are|contains?|includes?|consists?)\b)|;\s*|,\s*(?=(?:each|every)\s)",
        clean(sentence),
        flags=re.I,
    ):
        for pattern, kind, label in _RELATIONS:
            m = pattern.match(clause)
            if not m:
                continue
            x = m.group("x") or ""
            y = re.sub(r"\s*\([^)]*\)?", "", m.group("y") or "")
            stated = re.search(r"\b(one|many)[- ]to[- ](one|many)\b", clause, re.I)
            kind = f"{stated.group(1)}_to_{stated.group(2)}".lower() if stated else kind
            if is_system_subject(x) or not x.strip():
                continue
            for target in split_list(_CUT.sub("", y)):
                target = _np(re.sub(rf"^{_MANY}\s+", "", target, flags=re.I))
                if target and len(words(target)) <= 4:
                    found = bool(draft.entity(_np(x), relationship=(target, kind, label))) or found
            break
    return found


def attributes(draft: Draft, sentence: str, *, entity_context: bool = False) -> bool:
    """'A parcel has a tracking number, weight and status' -> entity Parcel with three attributes."""
    sentence = clean(sentence)
    m = _HAS.match(sentence) or _STORE_FOR.match(sentence)
    if not m and entity_context:
        m = _LISTED.match(sentence)
    if not m:
        return False
    x = _np(m.groupdict().get("x") or m.groupdict().get("x2") or "")
    if not x or is_system_subject(x) or len(words(x)) > 4 or re.search(r"\d", x):
        return False
    parts = split_list(m.group("a"))
    attrs, related, owners = [], [], []
    for part in parts:
        many = re.match(rf"^{_MANY}\s+(?P<y>.+)$", part, re.I)
        if many:
            related.append(_np(many.group("y")))
        elif _names_party(draft, part):
            owners.append(_np(part))
        elif attribute_name(part) and not re.search(r"\b(kinds?|types?|sorts?) of\b|\d", part):
            attrs.append(part)
    person = looks_like_person(x, {k for k in draft.known_actor_names()})
    if not related and (
        len(attrs) + len(owners) < (1 if entity_context else 2) or person and not entity_context and len(attrs) < 2
    ):
        return False
    name = draft.entity(x, attrs)
    for target in related:
        draft.entity(name, relationship=(target, "one_to_many", "has"))
    for target in owners:
        draft.entity(name, relationship=(target, "many_to_one", "has"))
    return bool(name)


def _names_party(draft: Draft, part: str) -> bool:
    """'the therapist who wrote it' names a person or a known thing, so it is a relationship, not a detail."""
    clause = re.search(r"\s(?:who|whom|that|which)\s", part, re.I)
    head = _np(part)
    if not head or len(words(head)) > 3:
        return False
    known = set(draft.known_actor_names()) | draft.data.entity_names() | set(draft.entities)
    return bool(clause) and (looks_like_person(head, known) or normalise_name(head) in known)


_SUBJECT_VERB = re.compile(
    r"^(?P<x>(?:each|every|an?|the|one)?\s*[A-Za-z][\w'-]*(?:\s+[A-Za-z][\w'-]*){0,3}?)\s+"
    r"(?P<rest>(?:belongs?|has|have|contains?|includes?|is|are|consists?)\b.+)$",
    re.I,
)
_NEXT_VERB = re.compile(r",?\s+and\s+(?=(?:has|have|belongs?|contains?|includes?|is|are|consists?)\b)", re.I)


def entity_clauses(sentence: str) -> list[str]:
    """'Each defect belongs to a machine and has a title' -> one clause per verb, subject repeated."""
    sentence = clean(sentence)
    m = _SUBJECT_VERB.match(sentence)
    if not m:
        return [sentence]
    parts = _NEXT_VERB.split(m.group("rest"))
    return [f"{m.group('x')} {part}" for part in parts]


def entity_sentence(draft: Draft, sentence: str, *, entity_context: bool = False) -> bool:
    """Entities, attributes and relationships a sentence states, clause by clause."""
    found = False
    for clause in entity_clauses(sentence):
        found = relationships(draft, clause) or attributes(draft, clause, entity_context=entity_context) or found
    return found


_KEEPS = re.compile(
    r"^(?:it|we|you|the (?:app|system|product|platform)|this)\s+(?:will\s+|should\s+|must\s+|needs? to\s+)?"
    r"(?:keeps?|tracks?|stores?|records?|manages?|holds?|knows? about|has)\s+(?:track of\s+)?",
    re.I,
)


def entity_list(draft: Draft, sentence: str) -> bool:
    """'Parcels, routes, drivers and customers' -> four entities (in the entities context)."""
    found = False
    sentence = _KEEPS.sub("", clean(sentence))
    for item in split_list(sentence):
        item = _np(item)
        if item and len(words(item)) <= 3 and not is_system_subject(item):
            found = bool(draft.entity(item)) or found
    return found


# ---- outside systems ---------------------------------------------------------------------

_INTEGRATES = re.compile(
    r"\b(?:integrates?|integrated|integration|syncs?|synchroni[sz]es?|connects?|interfaces?|talks?)\s+(?:with|to|into)\s+(?P<z>.+)$",
    re.I,
)
_SENDS_TO = re.compile(
    r"\b(?:sends?|pushes|push|posts?|exports?|forwards?|submits?|reports?|pulls?|imports?|fetch(?:es)?|reads?|loads?|gets?|receives?)"
    r"\b.{0,80}?\b(?:to|from|into)\s+(?:the\s+|our\s+|an?\s+)?(?P<z>[\w\s-]{2,40}?)(?=[,.;]|\s+(?:and|for|so|when|every|via)\b|$)",
    re.I,
)


def _system_like(phrase: str) -> bool:
    tokens = words(phrase)
    if not tokens or len(tokens) > 5:
        return False
    return tokens[-1].lower() in SYSTEM_NOUNS or phrase.lower() in KNOWN_SYSTEMS


_BY_LENGTH = sorted(KNOWN_SYSTEMS.items(), key=lambda kv: -len(kv[0]))


def known_systems_in(sentence: str) -> list[str]:
    """Names of well-known services mentioned anywhere in a sentence, unless the sentence denies them."""
    found = []
    low = sentence.lower()
    for lower, name in _BY_LENGTH:
        if lower not in low:
            continue
        flags = 0 if lower in _AMBIGUOUS_BRANDS else re.I
        m = re.search(rf"(?<![\w-]){re.escape(name)}(?![\w-])", sentence, flags)
        if m and not negated(sentence, m.start()) and not any(lower in f.lower() for f in found):
            found.append(name)
    return found


_NOT_SYSTEMS = frozenset(
    ["anything", "nothing", "everything", "something", "none", "other", "systems", "other", "tools", "yet"]
)
_PRODUCT = re.compile(
    r"^(?:it|we|our (?:app|product|system|platform|tool)|the (?:app|product|system|platform|tool|"
    r"solution|software|portal)|this)\b",
    re.I,
)
_NEGATED = re.compile(r"\b(?:not|no|never|don't|doesn't|won't|isn't|aren't|without)\b", re.I)


def product_integrates(sentence: str) -> bool:
    """True when the product itself integrates with something ('It syncs with QuickBooks')."""
    sentence = clean(sentence)
    m = _INTEGRATES.search(sentence)
    return bool(m and _PRODUCT.match(sentence) and not _NEGATED.search(sentence[: m.start()]))


def _candidates(sentence: str, listing: bool) -> list[str]:
    """The phrases that may name systems: after 'integrates with', or each list item when listing."""
    m = _INTEGRATES.search(sentence)
    if m and _NEGATED.search(sentence[: m.start()]):
        return []
    if m:
        z = _VERB_TAIL.sub("", m.group("z"))
        return split_list(_CUT.sub("", z))
    if listing:
        return split_list(re.sub(r"^(?:we use|we need|yes,?|it uses|uses)\s+", "", clean(sentence), flags=re.I))
    return []


_VERB_TAIL = re.compile(r",?\s+(?:and|but|then)\s+(?:also\s+)?[a-z]+s\s.*$")  # ', and pulls rates from ...'


def integrations(draft: Draft, sentence: str, *, listing: bool = False) -> list[str]:
    """Outside systems named in a sentence; with `listing` every list item counts as one."""
    phrases: list[str] = []
    explicit = bool(_INTEGRATES.search(sentence)) or listing
    brands = known_systems_in(sentence)
    if explicit and not (listing and brands and not _INTEGRATES.search(sentence)):
        for z in _candidates(sentence, listing):
            z = _np(z)
            if z and len(words(z)) <= 5 and not looks_like_person(z) and z.lower() not in _NOT_SYSTEMS:
                phrases.append(z)
    for m2 in _SENDS_TO.finditer(sentence):
        z = _np(m2.group("z"))
        if _system_like(z):
            phrases.append(z)
    covered = " ".join(phrases).lower()
    phrases = [b for b in brands if b.lower() not in covered] + phrases
    return [n for n in dict.fromkeys(draft.external(p) for p in phrases) if n]
