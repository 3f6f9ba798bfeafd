"""How the text rules find words: pure functions from one statement to the character spans that break a rule."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache

from core.validation.words import Hit, Token, lemma, matcher, tokens, verb_kind, words

_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_DIGIT = re.compile(r"\d")
_MAGNITUDE = re.compile(r"\d+(?:[.,]\d+)*(?:k|bn)", re.IGNORECASE)  # 50k, 1.5bn: still need a unit


def listed(name: str) -> Callable[[str], list[Hit]]:
    """A finder of the phrases of one word list."""

    def find(text: str) -> list[Hit]:
        return matcher(name).find(text)

    return find


def _is_year(t: Token) -> bool:
    return len(t.low) == 4 and t.low.isdigit() and 1900 <= int(t.low) <= 2100


def _named_number(toks: tuple[Token, ...], i: int) -> bool:
    """A number that names something (version 2, ISO 27001, Windows 11, 31 March) or is a time or year."""
    t = toks[i]
    prev = toks[i - 1] if i else None
    nxt = toks[i + 1] if i + 1 < len(toks) else None
    if ":" in t.low or _is_year(t) or (prev and prev.low in ("#", "/")) or (nxt and nxt.low == "/"):
        return True
    if prev and (prev.low in words("identifier_words") or prev.low in words("months")):
        return True
    if nxt and nxt.low in words("months"):
        return True
    proper = prev and prev.is_word and prev.text[:1].isupper() and prev.low not in words("stopwords")
    return bool(proper and i >= 2)


def _dimensionless(toks: tuple[Token, ...], i: int) -> bool:
    """A score, rating or factor a few words before: 'a Net Promoter Score above 40'."""
    before = [t.low for t in toks[max(0, i - 6) : i] if t.is_word]
    return any(lemma(w) in words("dimensionless") for w in before)


@cache
def _phrases(name: str) -> dict[str, list[list[str]]]:
    """A list's phrases by first word, longest first."""
    out: dict[str, list[list[str]]] = {}
    for phrase in sorted(words(name), key=len, reverse=True):
        out.setdefault(phrase.split()[0], []).append(phrase.split())
    return out


def _skip_phrase(toks: tuple[Token, ...], j: int, name: str) -> int:
    """The index after a phrase of the list starting at j, or j when none starts there."""
    if j >= len(toks):
        return j
    for parts in _phrases(name).get(toks[j].low, ()):
        if [t.low for t in toks[j : j + len(parts)]] == parts:
            return j + len(parts)
    return j


def _unit_follows(toks: tuple[Token, ...], i: int) -> bool:
    j = _skip_phrase(toks, i + 1, "number_bridges")
    if j < len(toks) and toks[j].low in words("currency_symbols"):
        return True
    if j >= len(toks) or not toks[j].is_word:
        return False
    follower = toks[j].low
    if follower in words("stopwords") or follower in words("quantity_names"):
        return False
    a_verb = verb_kind(follower) == "base" and lemma(follower) not in words("noun_verbs") and toks[i].low != "1"
    return not a_verb  # 'orders over 200 get free shipping': a verb, not a unit


def _a_range(toks: tuple[Token, ...], i: int) -> bool:
    """'2 to 3 seconds': the first number takes its unit from the second."""
    return i + 2 < len(toks) and toks[i + 1].low in words("number_ranges") and bool(_NUMBER.fullmatch(toks[i + 2].low))


def number_without_unit(text: str) -> list[Hit]:
    """R6: numbers that measure something but carry no unit or counted noun."""
    if not _DIGIT.search(text):
        return []
    toks = tokens(text)
    out: list[Hit] = []
    for i, t in enumerate(toks):
        numeric = _NUMBER.fullmatch(t.low) or _MAGNITUDE.fullmatch(t.low)
        if not numeric or _unit_follows(toks, i) or _named_number(toks, i) or _a_range(toks, i):
            continue
        prev = toks[i - 1] if i else None
        if not (prev and prev.low in words("currency_symbols")) and not _dimensionless(toks, i):
            out.append((t.start, t.end))
    return out


_SLASHED = re.compile(r"[^\s/()\[\]]+(?:/[^\s/()\[\]]+)+|[^\W\d_]+ / [^\W\d_]+")
_URL = re.compile(r"\S*://\S*|www\.\S+")


def _allowed_slash(chunk: str) -> bool:
    parts = [p.strip(".,;:!?\"' ").casefold() for p in chunk.split("/")]
    if "/".join(parts) in words("slash_allowed") or all(p.replace(".", "").isdigit() for p in parts):
        return True
    return all(p in words("per_units") for p in parts[1:])


def slash(text: str) -> list[Hit]:
    """R17: an oblique between two words ('read/write'); rates, dates, paths and fixed terms pass."""
    if "/" not in text:
        return []
    urls = [m.span() for m in _URL.finditer(text)]
    out: list[Hit] = []
    for m in _SLASHED.finditer(text):
        start, end = m.span()
        chunk = m.group(0).rstrip(".,;:!?\"'")
        if any(s <= start < e for s, e in urls) or (start and text[start - 1] == "/") or _allowed_slash(chunk):
            continue
        out.append((start, start + len(chunk)))
    return out


def _verb_then_object(toks: tuple[Token, ...], k: int) -> bool:
    """toks[k] is a verb with an object after it: 'store the order', 'sends them'."""
    kind = verb_kind(toks[k].low)
    if kind not in ("base", "s") or k + 1 >= len(toks):
        return False
    nxt = toks[k + 1].low
    return nxt in words("determiners") or bool(_NUMBER.fullmatch(nxt))


def _new_clause(toks: tuple[Token, ...], j: int) -> bool:
    """After a conjunction at j: a subject and its own verb ('and the owner sees …', 'and it sends …')."""
    first = toks[j + 1].low
    pronoun = first in words("pronouns")
    if not pronoun and first not in words("subject_openers"):
        return False
    for k in range(j + 2, min(j + 6, len(toks))):
        t = toks[k]
        if not t.is_word:
            return False
        if t.low in words("modals") or t.low in words("auxiliaries"):
            return True
        if verb_kind(t.low) in ("s", "ed") and (pronoun or k >= j + 3) and k + 1 < len(toks) and toks[k + 1].is_word:
            return True
    return False


def _joins_two_thoughts(toks: tuple[Token, ...], j: int, modal_before: bool) -> bool:
    if j + 1 >= len(toks) or toks[j + 1].low == "/" or (j and toks[j - 1].low == "/"):
        return False
    k = j + 1
    while k < len(toks) - 1 and toks[k].low in words("conjunction_fillers"):
        k += 1
    if toks[k].low in words("modals") or (toks[k].low == "be" and modal_before):
        return True
    if _verb_then_object(toks, k) and (modal_before or verb_kind(toks[k].low) == "s"):
        return True
    kind = verb_kind(toks[k].low)
    if kind in ("base", "s") and lemma(toks[k].low) not in words("noun_verbs"):
        return (kind == "base") == modal_before  # "can book, reschedule and cancel", "enters details and confirms"
    return _new_clause(toks, j)


def combinators(text: str) -> list[Hit]:
    """R19: 'but', 'unless' … always, and 'and'/'or' when a second action or clause follows them."""
    out = list(matcher("combinators").find(text))
    toks = tokens(text)
    modal_seen = False
    for j, t in enumerate(toks):
        if t.low in words("clause_conjunctions") and _joins_two_thoughts(toks, j, modal_seen):
            out.append((t.start, t.end))
        modal_seen = modal_seen or t.low in words("modals")
    return sorted(set(out))


def pronoun_start(text: str) -> list[Hit]:
    """R24: a statement that opens with a pronoun ('It sends …', 'This is …') names nothing."""
    toks = [t for t in tokens(text) if t.is_word]
    if not toks or toks[0].text == "IT":
        return []
    first, nxt = toks[0], toks[1] if len(toks) > 1 else None
    if first.low in words("pronouns"):
        return [(first.start, first.end)]
    if first.low not in words("demonstratives"):
        return []
    if nxt is None or nxt.low in words("auxiliaries") or nxt.low in words("modals"):
        return [(first.start, first.end)]
    wanted = "s" if first.low in ("this", "that") else "base"
    return [(first.start, first.end)] if verb_kind(nxt.low) == wanted else []


def placeholders(text: str) -> list[Hit]:
    return sorted(matcher("placeholder").find(text) + matcher("placeholder_marks").find(text))
