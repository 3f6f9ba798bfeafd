"""Outside systems the product talks to, found in a sentence ('It syncs with QuickBooks')."""

from __future__ import annotations

import re

from core.intake.offline.language.lexicon import KNOWN_SYSTEMS, SYSTEM_NOUNS
from core.intake.offline.language.text import clean, looks_like_person, split_list, words
from core.intake.offline.rules.boundaries import negated
from core.intake.offline.rules.domain import _CUT, _np
from core.intake.offline.writer import Draft

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
