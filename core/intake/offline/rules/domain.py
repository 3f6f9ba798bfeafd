"""Data entities, relationships and outside systems found in a sentence."""

from __future__ import annotations

import re

from core.intake.offline.language.lexicon import words as word_set
from core.intake.offline.language.text import (
    clean,
    is_ambiguous_verb,
    is_system_subject,
    looks_like_person,
    split_list,
    strip_determiners,
    verb_form,
    words,
)
from core.intake.offline.rules.rulebook import Finding, Rule, first
from core.intake.offline.writer import Draft, attribute_name, write
from core.prd import normalise_name

_NP = r"(?:(?:each|every|an?|the|one|all)\s+)?(?P<x>[A-Za-z][\w\s'-]{1,40}?)"
_TARGET = (
    r"(?:(?:exactly one|a single|one or more|an?|one|the|its|their|some|many|multiple|several|specific)\s+)?(?P<y>.+)"
)
_MANY = r"(?:many|multiple|several|one or more|zero or more|a list of|lots of|any number of|a number of)"


def _relation_rule(rule_id: str, why: str, pattern: str, kind: str, label: str, example: str, gives: str, counter: str):
    regex = re.compile(pattern, re.I)

    def match(clause: str) -> list[Finding]:
        m = regex.match(clause)
        x = (m.group("x") or "") if m else ""
        if not m or is_system_subject(x) or not x.strip():
            return []
        y = re.sub(r"\s*\([^)]*\)?", "", m.group("y") or "")
        stated = re.search(r"\b(one|many)[- ]to[- ](one|many)\b", clause, re.I)
        multiplicity = f"{stated.group(1)}_to_{stated.group(2)}".lower() if stated else kind
        found = []
        for target in split_list(_CUT.sub("", y)):
            target = _np(re.sub(rf"^{_MANY}\s+", "", target, flags=re.I))
            if target and len(words(target)) <= 4:
                fields = {"target": target, "multiplicity": multiplicity, "label": label, "type": _link_type(clause)}
                found.append(Finding("relationship", _np(x), fields))
        return found

    return Rule(rule_id, why, example, gives, counter, match)


_PARTS = re.compile(r"\b(?:contains?|consists? of|made up of|composed of|comprised of|comprises)\b", re.I)


def _link_type(clause: str) -> str:
    """'consists of', 'is made up of' and 'contains' name a whole and its parts (UML composition)."""
    return "composition" if _PARTS.search(clause) else "association"


# How one thing relates to another; the first rule that reads a clause wins.
RULES = (
    _relation_rule(
        "REL-ARROW",
        "People sketch a model as 'Order -> Customer'.",
        rf"^{_NP}\s*(?:->|→|=>)\s*{_TARGET}$",
        "many_to_one",
        "belongs to",
        "Order -> Customer",
        "Order",
        "Order customer",
    ),
    _relation_rule(
        "REL-BELONGS",
        "'Each parcel belongs to a route': many of the first to one of the second.",
        rf"^{_NP}\s+(?:belongs?|belong) to\s+{_TARGET}$",
        "many_to_one",
        "belongs to",
        "Each parcel belongs to a route",
        "parcel",
        "Parcels are heavy",
    ),
    _relation_rule(
        "REL-ASSIGNED",
        "'A job is assigned to a technician' links many jobs to one technician.",
        rf"^{_NP}\s+(?:is|are) (?:assigned|linked|attached|tied|related|connected|for) to\s+{_TARGET}$",
        "many_to_one",
        "assigned to",
        "A job is assigned to a technician",
        "job",
        "A job is urgent",
    ),
    _relation_rule(
        "REL-FOR",
        "'A booking is for a room' names what the first thing is about.",
        rf"^{_NP}\s+(?:is|are) for\s+{_TARGET}$",
        "many_to_one",
        "is for",
        "A booking is for a room",
        "booking",
        "A booking is confirmed",
    ),
    _relation_rule(
        "REL-HAS-MANY",
        "'A class has many students': one of the first, many of the second.",
        rf"^{_NP}\s+(?:can\s+)?(?:has|have|contains?|includes?|holds?|owns?)\s+{_MANY}\s+(?P<y>.+)$",
        "one_to_many",
        "has",
        "A class has many students",
        "class",
        "A class has a teacher",
    ),
    _relation_rule(
        "REL-CONSISTS",
        "'An order consists of items' is a whole made of parts.",
        rf"^{_NP}\s+(?:is made up of|are made up of|is composed of|are composed of|consists? of)\s+(?P<y>.+)$",
        "one_to_many",
        "consists of",
        "An order consists of line items",
        "order",
        "An order is large",
    ),
    _relation_rule(
        "REL-HAS-ONE",
        "'A user has exactly one profile' is one to one.",
        rf"^{_NP}\s+(?:has|have)\s+(?:exactly one|a single|one)\s+(?P<y>.+)$",
        "one_to_one",
        "has",
        "A user has exactly one profile",
        "user",
        "A user has a name",
    ),
    _relation_rule(
        "REL-MANY-MANY",
        "'Students and courses are many-to-many' states the multiplicity outright.",
        rf"^{_NP}\s+and\s+(?P<y>[\w\s-]{{2,40}}?)\s+(?:are|have an?|form an?)\s+many[- ]to[- ]many",
        "many_to_many",
        "linked to",
        "Students and courses are many-to-many",
        "Students",
        "Students and courses are listed",
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


_LEAD = re.compile(r"^(?:such as|including|like|e\.g\.?|(?:a )?(?:sets?|lists?|collections?) of)\s+", re.I)
_DESIGN_WORDS = word_set("object objects class classes instance instances record records entity entities")
_MODAL_TAIL = re.compile(r"(?:\s+(?:can|could|should|must|will|would|may|shall|might|also|only|not|be))+$", re.I)


def _np(text: str) -> str:
    """A thing's name from a phrase: no determiner, no trailing clause, modal or participle."""
    phrase = _MODAL_TAIL.sub("", strip_determiners(_LEAD.sub("", _CUT.sub("", clean(text)))))
    tokens = phrase.split()
    while len(tokens) > 1 and (
        (verb_form(tokens[-1].lower()) or ("", ""))[1] in ("past", "ing") or tokens[-1].lower() in _DESIGN_WORDS
    ):
        tokens.pop()
    lead = verb_form(tokens[0].lower()) if tokens else None
    if tokens and (
        re.fullmatch(r"[a-z]+(?:[A-Z][a-z0-9]*)+", tokens[-1])
        or lead
        and lead[1] == "third"
        and len(tokens) > 1
        and not is_ambiguous_verb(lead[0])
    ):
        return ""  # 'loanDate' is a field, 'records loanDate' a verb phrase
    return " ".join(tokens)


def relationships(draft: Draft, sentence: str) -> bool:
    """'Each parcel belongs to a route', 'A class has many students' -> entities and a relationship."""
    found = False
    for clause in re.split(
        r",?\s+and\s+(?=(?:each|every|an?|the)\s[\w\s-]{1,40}?\s(?:belongs?|has|have|is|are|contains?|includes?|consists?)\b)|;\s*|,\s*(?=(?:each|every)\s)",
        clean(sentence),
        flags=re.I,
    ):
        findings = first(RULES, clause)
        found = bool(write(draft, findings)) or found
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
    parts = [_LEAD.sub("", p) for p in split_list(m.group("a"))]
    attrs, related, owners = [], [], []
    for part in parts:
        many = re.match(rf"^{_MANY}\s+(?P<y>.+)$", part, re.I)
        if many:
            related.append(_np(many.group("y")))
        elif _names_party(draft, part):
            owners.append(_np(part))
        elif _detail(part):
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


def _detail(part: str) -> bool:
    """'a tracking number' is a detail; 'the ability to view users' or 'can place orders' is not."""
    if not attribute_name(part) or re.search(r"\b(kinds?|types?|sorts?) of\b|\d", part):
        return False
    lead = strip_determiners(part).split()[0].lower() if strip_determiners(part) else ""
    form = verb_form(lead)
    return lead not in _NOT_DETAILS and not (form and form[1] == "third" and not is_ambiguous_verb(form[0]))


_NOT_DETAILS = word_set("ability option capability chance right can could will should must may also access")


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
