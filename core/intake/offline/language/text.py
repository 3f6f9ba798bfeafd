"""Small text helpers: sentences, lists, singular title-case names, verb forms."""

from __future__ import annotations

import re
from functools import lru_cache

from core.intake.offline.language.lexicon import (
    DETERMINERS,
    DOUBLING,
    IRREGULAR_PAST,
    IRREGULAR_PLURALS,
    KNOWN_SYSTEMS,
    NON_ACTOR,
    NOUN_VERBS,
    ROLE_WORDS,
    SYSTEM_WORDS,
    VERBS,
)

_BULLET = re.compile(r"^\s*(?:[-*•+>]+(?=\s|$)|\(?\d{1,3}[.)](?=\s|$)|\(?[a-hA-H][.)](?=\s)|\[[ xX]?\])\s*")
_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+(?=[\"'(\[A-Za-z0-9])")
_ABBREV = re.compile(r"\b(e\.g|i\.e|etc|vs|approx|incl|no|dr|mr|mrs|ms)\.", re.IGNORECASE)
_LIST_SPLIT = re.compile(
    r"\s*(?:,(?!\d{3})|;|/|\band/or\b|(?:,\s*)?\b(?:and|or|as well as|plus)\b|\s&\s|\s\+\s)\s*", re.IGNORECASE
)
_PAREN = re.compile(r"\s*[(\[][^)\]]*[)\]]")
_WORD = re.compile(r"[A-Za-z][A-Za-z0-9'’\-]*")
_SMALL = frozenset(
    ["of", "and", "or", "the", "for", "in", "on", "to", "a", "an", "at", "by", "with", "from", "per", "via"]
)


@lru_cache(maxsize=8192)
def clean(text: str) -> str:
    """One line, single spaces, no surrounding quotes, bullets or closing punctuation."""
    text = _BULLET.sub("", text.replace("\u2019", "'").replace("\u2018", "'"))
    text = re.sub(r"[*_`#]+", "", text)
    text = re.sub(r"\s+", " ", text).strip(" \t\"'")
    return text.rstrip(" .!;:,").strip()


def _unwrap(text: str) -> list[str]:
    """Lines, with prose wrapped onto a next line starting in lower case joined back together."""
    lines: list[str] = []
    for line in text.replace("\r", "\n").split("\n"):
        prev = lines[-1].strip() if lines else ""
        if (
            re.match(r"^\s*[a-z]", line)
            and len(prev.split()) >= 8
            and not re.search(r"[.!?:;]$", prev)
            and not _BULLET.match(line)
        ):
            lines[-1] = f"{prev} {line.strip()}"
        else:
            lines.append(line)
    return lines


_INLINE_NUMBERS = re.compile(r"(?<=\S)\s+(?=\(?\d{1,2}[.)]\s+[A-Za-z])")


def sentences(text: str) -> list[str]:
    """Lines and sentences of a text, bullets stripped, in order."""
    out: list[str] = []
    for piece in [part for line in _unwrap(text) for part in _INLINE_NUMBERS.split(line)]:
        protected = _ABBREV.sub(lambda m: m.group(0).replace(".", "\0"), piece)
        for part in _SENTENCE_END.split(protected):
            part = clean(part.replace("\0", "."))
            if part and re.search(r"[A-Za-z]", part):
                out.append(part)
    return out


def split_list(text: str) -> list[str]:
    """'A, B and C' -> [A, B, C]; parentheses dropped, empty parts skipped."""
    text = _PAREN.sub("", text)
    text = re.sub(r"\b(?:e\.g\.|i\.e\.|etc\.?|and so on)", "", text, flags=re.IGNORECASE)
    return [p for p in (clean(x) for x in _LIST_SPLIT.split(text)) if p]


def words(text: str) -> list[str]:
    return _WORD.findall(text)


def strip_determiners(phrase: str) -> str:
    """'the store managers' -> 'store managers'; a possessive owner is dropped too."""
    tokens = phrase.split()
    while tokens and (tokens[0].lower() in DETERMINERS or tokens[0].lower() in {"only", "also", "just"}):
        tokens = tokens[1:]
    phrase = " ".join(tokens)
    if "'s " in phrase:
        phrase = phrase.split("'s ", 1)[1]
    return phrase.strip()


@lru_cache(maxsize=4096)
def singular(word: str) -> str:
    """English singular of one lower-case noun ('deliveries' -> 'delivery')."""
    w = word.lower()
    if w in IRREGULAR_PLURALS:
        return IRREGULAR_PLURALS[w]
    if len(w) <= 3 or w.endswith(("ss", "us", "is", "ics")):
        return w
    if w.endswith("ies") and len(w) > 4:
        return w[:-3] + "y"
    if w.endswith(("ches", "shes", "xes", "zzes", "sses")):
        return w[:-2]
    if w.endswith("s") and not w.endswith("'s"):
        return w[:-1]
    return w


def is_plural(word: str) -> bool:
    return singular(word) != word.lower() or word.lower() in {"people", "staff", "personnel"}


def _cap(word: str) -> str:
    if len(word) > 1 and (word.isupper() or any(c.isupper() for c in word[1:])):
        return word  # acronyms and brand spellings stay as written
    return word[:1].upper() + word[1:].lower()


_ACRONYMS = frozenset(
    ["HIPAA", "FERPA", "COPPA", "HTTPS", "OAUTH", "SCORM", "GDPR", "WCAG", "SAML", "LDAP", "JSON", "HTML"]
)


def unshout(tokens: list[str]) -> list[str]:
    """'LINE WORKERS' -> 'line workers'; short acronyms ('HR', 'SAP') keep their capitals."""
    shouted = all(t.isupper() for t in tokens if t.isalpha())
    return [
        t.lower() if t.isupper() and t not in _ACRONYMS and (len(t) > 4 or shouted and len(t) == 4) else t
        for t in tokens
    ]


def title_name(phrase: str, *, make_singular: bool = True) -> str:
    """'store managers' -> 'Store Manager': the name of an actor or entity."""
    tokens = unshout(words(strip_determiners(phrase)))
    if not tokens:
        return ""
    if make_singular and not tokens[-1].isupper():
        tokens[-1] = singular(tokens[-1])
    out = [_cap(t) if i == 0 or t.lower() not in _SMALL else t.lower() for i, t in enumerate(tokens)]
    return " ".join(out)


def system_name(phrase: str) -> str:
    """The usual spelling of an outside system ('google maps' -> 'Google Maps')."""
    phrase = clean(_PAREN.sub("", phrase))
    phrase = re.sub(r"^(?:the|our|their|an?)\s+(\w+)'s\s+(?=[\w-]+(?:\s[\w-]+)?$)", r"\1 ", phrase, flags=re.I)
    phrase = strip_determiners(phrase)
    phrase = re.sub(r"^(?:existing|external|third[- ]party|current|old|legacy|outside)\s+", "", phrase, flags=re.I)
    known = KNOWN_SYSTEMS.get(phrase.lower())
    return known or title_name(phrase, make_singular=False)


def sentence_case(text: str) -> str:
    text = clean(text)
    return text[:1].upper() + text[1:] if text else text


# ---- verbs ---------------------------------------------------------------------------


def _ing(base: str) -> str:
    if base.endswith("ie"):
        return base[:-2] + "ying"
    if base.endswith("e") and not base.endswith(("ee", "ye", "oe")):
        return base[:-1] + "ing"
    if _doubles(base):
        return base + base[-1] + "ing"
    return base + "ing"


def _doubles(base: str) -> bool:
    if base in DOUBLING:
        return True
    return (
        len(base) <= 4
        and re.fullmatch(r".*[^aeiou][aeiou][^aeiouwxy]", base) is not None
        and not base.endswith(("en", "er"))
    )


def participle(base: str) -> str:
    """'scan' -> 'scanned', 'pay' -> 'paid'."""
    if base in IRREGULAR_PAST:
        return IRREGULAR_PAST[base]
    if base.endswith("e"):
        return base + "d"
    if re.search(r"[^aeiou]y$", base):
        return base[:-1] + "ied"
    if _doubles(base):
        return base + base[-1] + "ed"
    return base + "ed"


def _third(base: str) -> str:
    if re.search(r"[^aeiou]y$", base):
        return base[:-1] + "ies"
    if base.endswith(("s", "x", "z", "ch", "sh", "o")):
        return base + "es"
    return base + "s"


@lru_cache(maxsize=1)
def _forms() -> dict[str, tuple[str, str]]:
    """Every inflected form of a known verb -> (base, form kind)."""
    table: dict[str, tuple[str, str]] = {}
    for base in VERBS | set(IRREGULAR_PAST):
        table.setdefault(_ing(base), (base, "ing"))
        table.setdefault(participle(base), (base, "past"))
        table.setdefault(_third(base), (base, "third"))
    for base in VERBS | set(IRREGULAR_PAST):
        table[base] = (base, "base")
    return table


def verb_form(word: str) -> tuple[str, str] | None:
    """(base, kind) when the word is a known verb: kind is base, third, ing or past."""
    return _forms().get(word.lower())


def is_ambiguous_verb(base: str) -> bool:
    return base in NOUN_VERBS


# ---- people ----------------------------------------------------------------------------


def looks_like_person(phrase: str, known: set[str] | frozenset[str] = frozenset()) -> bool:
    """True when a noun phrase names people or a role rather than a thing."""
    from core.prd import normalise_name

    phrase = strip_determiners(phrase)
    tokens = words(phrase)
    if not tokens or len(tokens) > 4 or any(t[0].isdigit() for t in tokens):
        return False
    if normalise_name(phrase) in known:
        return True
    first, last = tokens[0].lower(), singular(tokens[-1].lower())
    if last in ROLE_WORDS and first not in _PRONOUNS and len(tokens) > 1 or last in SYSTEM_WORDS:
        return last in ROLE_WORDS and last not in SYSTEM_WORDS  # 'site manager', 'app user' are people
    if first in SYSTEM_WORDS:
        return False
    if last in ROLE_WORDS:
        return True
    if last in NON_ACTOR:
        return False
    return bool(re.search(r"(?:er|or|ist|ant|ian|eer|ee)$", last) or re.search(r"[^m]ent$", last))


_PRONOUNS = frozenset(["it", "we", "i", "you", "they", "our", "its", "their"])


def is_system_subject(phrase: str) -> bool:
    """'The app', 'it', 'we', 'this': the product acting ('Their' alone, before a noun taken for a verb, is not)."""
    tokens = [t.lower() for t in words(strip_determiners(phrase))]
    if not tokens:
        return phrase.strip().lower() in {"this", "that", ""}
    return tokens[-1] in SYSTEM_WORDS or tokens[0] in {"it", "we", "i", "you", "they"}


# ---- derived use-case text --------------------------------------------------------------


def default_trigger(actor: str, name: str) -> str:
    """The trigger of a use case when the text gave none: '<Actor> wants to <use case>'."""
    who = actor or "A user"
    return f"{who} wants to {name[:1].lower()}{name[1:]}"


_PARTICLES = frozenset(["in", "out", "up", "off", "on", "down", "back", "over"])
_LOOKUP_VERBS = frozenset(["search", "find", "browse", "look", "filter", "query", "explore"])


def default_outcome(name: str) -> str:
    """'Book an appointment' -> 'Appointment booked'."""
    tokens = name.split()
    if not tokens:
        return ""
    form = verb_form(tokens[0])
    base = form[0] if form else tokens[0].lower()
    rest = tokens[1:]
    particle = []
    while rest and rest[0].lower() in _PARTICLES:
        particle.append(rest.pop(0).lower())
    while rest and rest[-1].lower() in _PARTICLES:
        particle.append(rest.pop().lower())
    obj = re.split(
        r"\s+(?:by|for|with|from|through|via|using|at|on|in|to|about|online|during|before|after|within|into)\b",
        strip_determiners(" ".join(rest)),
        maxsplit=1,
    )[0]
    done = " ".join([participle(base), *particle])
    prepositional = re.match(r"^(?:for|to|with|on|about|through|at|in|from|by|via)\s+", obj)
    if prepositional and base not in _LOOKUP_VERBS:
        return sentence_case(f"{done} {' '.join(rest)}")
    obj = obj[prepositional.end() :] if prepositional else obj
    if base in _LOOKUP_VERBS and obj:
        return f"Matching {obj} shown"
    complement = re.match(r"^(?P<x>.+?)\s+as\s+(?P<y>[\w\s-]{1,30})$", obj)
    if complement:
        obj, done = complement.group("x"), f"{done} as {complement.group('y')}"
    if obj:
        return f"{obj[:1].upper()}{obj[1:]} {done}"
    return f"{done[:1].upper()}{done[1:]}" if particle else f"{name} completed"
