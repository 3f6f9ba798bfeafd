"""The rubric's word lists (wordlists.toml), loaded once, and the few ways the rules read text."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import NamedTuple

WORDLISTS = Path(__file__).with_name("wordlists.toml")
Hit = tuple[int, int]  # a character span [start, end) in a statement


@dataclass(frozen=True)
class WordList:
    """One list of the data file: its words and what it is for."""

    name: str
    rule: str
    about: str
    words: tuple[str, ...]
    excepts: tuple[str, ...] = ()
    yields_to: tuple[str, ...] = ()
    match_case: bool = False
    phrases: bool = False  # searched for in statements, not looked up word by word


@cache
def all_lists() -> dict[str, WordList]:
    """Every list of wordlists.toml by name; read from disk once per process."""
    raw = tomllib.loads(WORDLISTS.read_text(encoding="utf-8"))
    return {
        name: WordList(
            name=name,
            rule=body["rule"],
            about=body["about"],
            words=tuple(body["words"]),
            excepts=tuple(body.get("except", ())),
            yields_to=tuple(body.get("yields_to", ())),
            match_case=bool(body.get("match_case", False)),
            phrases=bool(body.get("phrases", False)),
        )
        for name, body in raw.items()
    }


@cache
def words(name: str) -> frozenset[str]:
    """A list as a set of lower-case entries, for looking up one token."""
    return frozenset(w.casefold() for w in all_lists()[name].words)


# What phrases are matched by: words and single punctuation marks; a hyphen separates like a space.
_PIECE = re.compile(r"\w+|[^\w\s\-]")
Pieces = tuple[tuple[str, ...], tuple[str, ...], tuple[int, ...], tuple[int, ...]]  # lower, written, starts, ends
# first piece -> second piece ("" for a one-piece phrase) -> [(the phrase's pieces, its list)], longest first
Index = dict[str, dict[str, list[tuple[tuple[str, ...], str]]]]


@lru_cache(maxsize=8192)
def pieces(text: str) -> Pieces:
    """The pieces of a text as four columns (few objects: validation reads thousands of statements)."""
    found = list(_PIECE.finditer(text))
    written = tuple(m.group(0) for m in found)
    return tuple(w.casefold() for w in written), written, tuple(m.start() for m in found), tuple(m.end() for m in found)


@cache
def _indexes() -> tuple[Index, Index]:
    """Every phrase of every list (and of its exceptions, keyed 'name!except') by first piece, longest
    first; one index for lists that ignore case, one for those that keep it."""
    indexes: tuple[Index, Index] = ({}, {})
    for wl in (w for w in all_lists().values() if w.phrases):
        for key, phrases in ((wl.name, wl.words), (f"{wl.name}!except", wl.excepts)):
            for phrase in set(phrases):
                parts = tuple(m.group(0) for m in _PIECE.finditer(phrase if wl.match_case else phrase.casefold()))
                if parts:
                    second = parts[1] if len(parts) > 1 else ""
                    indexes[wl.match_case].setdefault(parts[0], {}).setdefault(second, []).append((parts, key))
    for index in indexes:
        for by_second in index.values():
            for candidates in by_second.values():
                candidates.sort(key=lambda c: (-len(c[0]), c))
    return indexes


@lru_cache(maxsize=8192)
def list_hits(text: str) -> dict[str, list[Hit]]:
    """The phrases of every list in one pass over the text: per list, the longest match wins, no overlaps."""
    columns = pieces(text)
    starts, ends = columns[2], columns[3]
    found: dict[str, list[Hit]] = {}
    free: dict[str, int] = {}  # per list, the first piece a next match may start at
    for col, index in enumerate(_indexes()):
        toks = columns[col]
        for i in (i for i, w in enumerate(toks) if w in index):
            by_second = index[toks[i]]
            second = toks[i + 1] if i + 1 < len(toks) else ""
            for parts, key in by_second.get(second, []) + by_second.get("", []):
                n = len(parts)
                if free.get(key, 0) > i or (n > 2 and toks[i : i + n] != parts):
                    continue
                found.setdefault(key, []).append((starts[i], ends[i + n - 1]))
                free[key] = i + n
    return found


def _inside(hit: Hit, spans: list[Hit]) -> bool:
    return any(s <= hit[0] and hit[1] <= e and (e - s) > (hit[1] - hit[0]) for s, e in spans)


class Matcher:
    """Finds the phrases of one list in a text, minus those inside its exceptions or yielded lists."""

    def __init__(self, name: str):
        wl = all_lists()[name]
        if not wl.phrases:
            raise ValueError(f"the word list {name!r} is not marked phrases = true in {WORDLISTS.name}")
        self.name = name
        self.excepts = f"{name}!except"
        self.yields_to = wl.yields_to

    def find(self, text: str) -> list[Hit]:
        found = list_hits(text)
        hits = found.get(self.name, [])
        if not hits:
            return []
        covering = list(found.get(self.excepts, ()))
        for other in self.yields_to:
            covering += [(s, e + 1) for s, e in matcher(other).find(text)]  # +1: yield to an equal span too
        return [h for h in hits if not _inside(h, covering)] if covering else list(hits)


@cache
def matcher(name: str) -> Matcher:
    """The compiled matcher of a list, built once."""
    return Matcher(name)


class Token(NamedTuple):
    """A word or a punctuation mark, with where it stands in the statement."""

    text: str
    low: str
    start: int
    end: int
    is_word: bool


# Numbers keep their separators ("1,000", "2.5", "09:00"); words keep inner hyphens and apostrophes.
_TOKEN = re.compile(r"\d+(?:[.,:]\d+)+[^\W_]*|[^\W_]+(?:['’.\-][^\W_]+)*|[^\w\s]")


@lru_cache(maxsize=8192)
def tokens(text: str) -> tuple[Token, ...]:
    """Words (with inner hyphens, apostrophes and decimal points) and punctuation marks."""
    made = tuple.__new__
    return tuple(
        made(Token, (w, w.casefold(), m.start(), m.end(), w[:1].isalnum()))
        for m in _TOKEN.finditer(text)
        for w in (m.group(0),)
    )


def _vowel(ch: str) -> bool:
    return ch in "aeiou"


def inflections(base: str) -> dict[str, str]:
    """The -s, -ed and -ing forms of a regular verb, each with its kind."""
    forms = {base: "base"}
    short_cvc = len(base) <= 4 and len(base) >= 3 and not _vowel(base[-1]) and _vowel(base[-2])
    short_cvc = short_cvc and not _vowel(base[-3]) and base[-1] not in "wxy"
    if base.endswith(("s", "x", "z", "ch", "sh", "o")):
        third = base + "es"
    elif base.endswith("y") and not _vowel(base[-2]):
        third = base[:-1] + "ies"
    else:
        third = base + "s"
    forms.setdefault(third, "s")
    if base.endswith("e"):
        past, ing = base + "d", (base[:-1] if not base.endswith("ee") else base) + "ing"
    elif base.endswith("y") and not _vowel(base[-2]):
        past, ing = base[:-1] + "ied", base + "ing"
    else:
        past, ing = base + "ed", base + "ing"
    forms.setdefault(past, "ed")
    forms.setdefault(ing, "ing")
    if short_cvc:
        forms.setdefault(base + base[-1] + "ed", "ed")
        forms.setdefault(base + base[-1] + "ing", "ing")
    return forms


@cache
def verb_table() -> dict[str, tuple[str, str]]:
    """Every form of every listed verb -> (kind, base); kind is 'base', 's', 'ed' or 'ing'."""
    out: dict[str, tuple[str, str]] = {}
    for base in sorted(words("verbs")):
        for form, kind in inflections(base).items():
            if form not in out or kind == "base":
                out[form] = (kind, base)
    return out


def verb_kind(word: str) -> str | None:
    """'base', 's', 'ed' or 'ing' when the word is a form of a listed verb."""
    entry = verb_table().get(word.casefold())
    return entry[0] if entry else None


def singular(low: str) -> str:
    if low.endswith("ies") and len(low) > 4:
        return low[:-3] + "y"
    if low.endswith("s") and not low.endswith(("ss", "us", "is")) and len(low) > 3:
        return low[:-1]
    return low


@lru_cache(maxsize=16384)
def lemma(word: str) -> str:
    """A word's dictionary form: the base of a listed verb, otherwise singular."""
    low = word.casefold()
    entry = verb_table().get(low)
    return entry[1] if entry else singular(low)


@cache
def _function_words() -> frozenset[str]:
    return words("stopwords") | words("determiners")


def content_words(text: str) -> tuple[str, ...]:
    """The words of a phrase that carry meaning, in dictionary form."""
    stop = _function_words()
    return tuple(lemma(t.text) for t in tokens(text) if t.is_word and t.low not in stop)


def name_words(name: str) -> tuple[str, ...]:
    """A name as lower-case singular words, to find it inside a sentence."""
    return tuple(lemma(t.text) if t.low.isalpha() else t.low for t in tokens(name) if t.is_word)


def names_in(text: str, name: str) -> bool:
    """Whether the text names `name` as whole words, any case, singular or plural."""
    wanted = name_words(name)
    if not wanted:
        return False
    have = name_words(text)
    n = len(wanted)
    return any(have[i : i + n] == wanted for i in range(len(have) - n + 1))


def fingerprint_source() -> list[tuple]:
    """What the rubric version hash covers of the word lists."""
    return [
        (w.name, w.rule, w.words, w.excepts, w.yields_to, w.match_case, w.phrases)
        for w in sorted(all_lists().values(), key=lambda x: x.name)
    ]


def clear_caches() -> None:
    """Forget every statement read so far (benchmarks time validation from cold)."""
    for cached in (tokens, pieces, list_hits, lemma):
        cached.cache_clear()
