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
        )
        for name, body in raw.items()
    }


@cache
def words(name: str) -> frozenset[str]:
    """A list as a set of lower-case entries, for looking up one token."""
    return frozenset(w.casefold() for w in all_lists()[name].words)


def _phrase_pattern(phrase: str) -> str:
    """A phrase as whole words; a space in it also matches a hyphen."""
    body = r"[\s\-]+".join(re.escape(part) for part in phrase.split())
    start = r"(?<!\w)" if re.match(r"\w", phrase) else ""
    end = r"(?!\w)" if re.search(r"\w$", phrase) else ""
    return start + body + end


def _alternation(phrases: tuple[str, ...], match_case: bool = False) -> re.Pattern[str] | None:
    if not phrases:
        return None
    ordered = sorted(set(phrases), key=lambda p: (-len(p), p))  # longest first: "etc." before "etc"
    return re.compile("|".join(_phrase_pattern(p) for p in ordered), 0 if match_case else re.IGNORECASE)


def _inside(hit: Hit, spans: list[Hit]) -> bool:
    return any(s <= hit[0] and hit[1] <= e and (e - s) > (hit[1] - hit[0]) for s, e in spans)


class Matcher:
    """Finds the phrases of one list in a text, minus those inside its exceptions or yielded lists."""

    def __init__(self, name: str):
        wl = all_lists()[name]
        self.name = name
        self.pattern = _alternation(wl.words, wl.match_case)
        self.excepts = _alternation(wl.excepts)
        self.yields_to = wl.yields_to

    def find(self, text: str) -> list[Hit]:
        if self.pattern is None:
            return []
        hits = [m.span() for m in self.pattern.finditer(text)]
        if not hits:
            return hits
        covering = [m.span() for m in self.excepts.finditer(text)] if self.excepts else []
        for other in self.yields_to:
            covering += [(s, e + 1) for s, e in matcher(other).find(text)]  # +1: yield to an equal span too
        return [h for h in hits if not _inside(h, covering)] if covering else hits


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

    @property
    def is_word(self) -> bool:
        return self.text[:1].isalnum()


# Numbers keep their separators ("1,000", "2.5", "09:00"); words keep inner hyphens and apostrophes.
_TOKEN = re.compile(r"\d+(?:[.,:]\d+)+[^\W_]*|[^\W_]+(?:['’.\-][^\W_]+)*|[^\w\s]")


@lru_cache(maxsize=8192)
def tokens(text: str) -> tuple[Token, ...]:
    """Words (with inner hyphens, apostrophes and decimal points) and punctuation marks."""
    return tuple(Token(m.group(0), m.group(0).casefold(), m.start(), m.end()) for m in _TOKEN.finditer(text))


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


def lemma(word: str) -> str:
    """A word's dictionary form: the base of a listed verb, otherwise singular."""
    low = word.casefold()
    entry = verb_table().get(low)
    return entry[1] if entry else singular(low)


def content_words(text: str) -> tuple[str, ...]:
    """The words of a phrase that carry meaning, in dictionary form."""
    stop = words("stopwords") | words("determiners")
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
        (w.name, w.rule, w.words, w.excepts, w.yields_to, w.match_case)
        for w in sorted(all_lists().values(), key=lambda x: x.name)
    ]
