"""Outside systems the product talks to, found in a sentence ('It syncs with QuickBooks')."""

from __future__ import annotations

import re

from core.intake.offline.language.lexicon import KNOWN_SYSTEMS, SYSTEM_NOUNS
from core.intake.offline.language.text import clean, looks_like_person, split_list, verb_form, words
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
    r"\b(?:integrates?|integrated|integration|syncs?|synced|synchroni[sz]es?|connects?|connected|interfaces?|talks?|"
    r"compatible|plugs?|hooks?|links? up)\s+(?:with|to|into)\s+(?P<z>.+)$",
    re.I,
)
_DATA_VERBS = (
    r"sends?|sent|pushe[sd]|push|posts?|posted|exports?|exported|forwards?|forwarded|submits?|reports?|pulls?|pulled|"
    r"imports?|imported|fetch(?:es|ed)?|reads?|loads?|loaded|gets?|receives?|received|comes?|coming|feeds?|fed|"
    r"retrieved?|retrieves|uploads?|uploaded|downloads?|downloaded|transfers?|transferred|go|goes|went"
)
_SENDS_TO = re.compile(
    rf"\b(?:{_DATA_VERBS})\b.{{0,80}}?\b(?:to|from|into)\s+(?P<z>(?:the\s+|our\s+|an?\s+|their\s+)?[\w\s'-]{{2,50}}?)"
    r"(?=[,.;]|\s+(?:and|for|so|when|every|each|via|as|rather|instead|once|twice|at|on|in|by|which|that)\b|$)",
    re.I,
)
# An outside service doing part of the work: 'handled by GoCardless', 'opened through the Salto API'.
_DONE_BY = re.compile(
    r"\b(?:handled|processed|provided|powered|done|hosted|managed|produced|verified|checked|issued|opened|"
    r"taken|made|go|goes|run)\s+(?:by|through|via|with)\s+(?P<z>(?:the\s+|our\s+|an?\s+)?[\w\s'-]{2,50}?)"
    r"(?=[,.;]|\s+(?:and|for|so|when|every|via|that|which|who|as|on|in|at|to)\b|$)",
    re.I,
)
# 'the payroll provider, which is Sage Payroll', "the agency's accounting package, Xero,": the name itself.
_NAMED = re.compile(r"^,\s*(?:which is\s+|i\.e\.\s+|namely\s+|called\s+)?(?P<name>(?:[A-Z][\w-]*\s?){1,3})(?=[,.;]|$)")
_PRODUCT_ACTS = re.compile(
    r"\b(?:it|the\s+(?:new\s+)?(?:app|system|platform|tool|software|product|portal|site|service|tracker|"
    r"booking system))"
    r"\s+(?:\w+\s+){0,2}?(?:" + _DATA_VERBS + r")\b",
    re.I,
)


def _system_np(phrase: str) -> str:
    """'the clinic's billing system' -> 'clinic billing system': the owner of a generic name says which one
    it is ('the school's student information system' is named enough already)."""
    owned = re.sub(r"\b(?!(?:it|one|that)'s)([A-Za-z]+)'s\s+(?=[\w-]+(?:\s[\w-]+)?$)", r"\1 ", _TIME.sub("", phrase))
    return _np(_QUALIFIERS.sub("", owned))


_TIME = re.compile(
    r"\s+(?:every|each|once|twice|daily|nightly|weekly|monthly|as soon as|so that|rather than)\b.*$", re.I
)
_QUALIFIERS = re.compile(r"\b(?:existing|current|old|legacy|outside|external|third[- ]party)\s+", re.I)
_COMMON = frozenset(["the", "our", "their", "a", "an", "this", "that", "it", "we", "they", "i", "sms", "email", "pdf"])


def _proper(phrase: str) -> bool:
    """'LinkedIn and Indeed', 'REDCap', 'GoCardless': names written with capitals mid-sentence."""
    items = split_list(phrase)
    return bool(items) and all(
        re.fullmatch(r"[A-Z][\w-]*(?:\s[A-Z][\w-]*){0,2}", item)
        and item.lower() not in _COMMON
        and not looks_like_person(item)
        for item in items
    )


def _acts(phrase: str) -> bool:
    """'receive the final bill': a verb phrase going on after the system's name, not another system."""
    return (verb_form(phrase.split()[0].lower()) or ("", ""))[1] in ("base", "third")


def _thing(phrase: str) -> bool:
    """A short noun phrase that is neither a person nor a pronoun: what the product itself talks to."""
    tokens = words(phrase)
    return 0 < len(tokens) <= 5 and not looks_like_person(phrase) and tokens[0].lower() not in _COMMON


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
        named = _NAMED.match(z[len(_CUT.sub("", z)) :]) if "," in z else None
        if named:
            return [named.group("name").strip()]
        if re.match(r"^(?:over|via|through|using|by|on|its|their|it|them)\b", z, re.I):
            return []
        items = split_list(_CUT.sub("", _TIME.sub("", z)))
        return [
            _system_np(p) for p in items if (verb_form(p.split()[0].lower()) or ("", ""))[1] not in ("base", "third")
        ]
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
    product_acts = bool(_PRODUCT_ACTS.search(sentence))
    for pattern in (_SENDS_TO, _DONE_BY):
        for m2 in pattern.finditer(sentence):
            named = _NAMED.match(sentence[m2.end() :])
            z = named.group("name").strip() if named else _system_np(m2.group("z"))
            if _proper(z):
                more = re.match(r"(?:(?:\s*,\s*|\s+and\s+|\s+or\s+)[A-Z][\w-]*)+", sentence[m2.end() :])
                phrases.extend(split_list(z + (more.group(0) if more and not named else "")))
            elif _system_like(z) or product_acts and pattern is _SENDS_TO and _thing(z):
                phrases.append(z)
    covered = " ".join(phrases).lower()
    phrases = [b for b in brands if b.lower() not in covered] + phrases
    return [n for n in dict.fromkeys(draft.external(p) for p in phrases) if n]
