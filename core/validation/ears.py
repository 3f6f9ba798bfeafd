"""EARS (Easy Approach to Requirements Syntax): which of the five patterns a statement follows."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from core.prd import normalise_name
from core.validation.context import Context, Statement
from core.validation.model import EarsStatement, Pattern
from core.validation.rule import Failed, Rule
from core.validation.words import Token, tokens, words

UBIQUITOUS, STATE, EVENT, OPTIONAL, UNWANTED = (
    "ubiquitous",
    "state-driven",
    "event-driven",
    "optional-feature",
    "unwanted-behaviour",
)
NOT_CONFORMING = "not-conforming"
TEMPLATES: dict[str, str] = {
    UBIQUITOUS: "The <system> shall <response>.",
    STATE: "While <state>, the <system> shall <response>.",
    EVENT: "When <trigger>, the <system> shall <response>.",
    OPTIONAL: "Where <feature is included>, the <system> shall <response>.",
    UNWANTED: "If <unwanted event>, then the <system> shall <response>.",
}
KEYWORDS = {"while": STATE, "when": EVENT, "where": OPTIONAL, "if": UNWANTED}
CUES = (("ears_unwanted", UNWANTED), ("ears_event", EVENT), ("ears_state", STATE), ("ears_optional", OPTIONAL))


@dataclass(frozen=True)
class Ears:
    """The pattern of one statement; for a statement that fits none, the closest one and what to change."""

    pattern: Pattern
    closest: Pattern | None = None
    hint: str = ""


@cache
def _cues() -> dict[str, list[tuple[list[str], str, str]]]:
    """Every opening cue by its first word, longest first: (words, cue, pattern)."""
    out: dict[str, list[tuple[list[str], str, str]]] = {}
    for name, pattern in CUES:
        for cue in words(name):
            out.setdefault(cue.split()[0], []).append((cue.split(), cue, pattern))
    for found in out.values():
        found.sort(key=lambda c: -len(c[1]))
    return out


def _opening(lows: list[str]) -> tuple[str, str | None]:
    """(the opening phrase, the pattern it points to) by the longest cue the statement starts with."""
    for parts, cue, pattern in _cues().get(lows[0] if lows else "", ()):
        if lows[: len(parts)] == parts:
            return cue, pattern
    return "", None


def _subject_problem(subject: list[Token], system: str, people: frozenset[str]) -> str:
    text = " ".join(t.text for t in subject)
    if not subject:
        return "there is no subject before the modal verb"
    if subject[0].low in words("pronouns") or (subject[0].low in words("demonstratives") and len(subject) == 1):
        return f"its subject '{text}' is a pronoun"
    bare = " ".join(t.text for t in subject if t.low not in words("determiners"))
    if subject[-1].low in words("people_words") or normalise_name(bare) in people:
        return f"its subject '{text}' is a person, not the system"
    named = system and normalise_name(text) == normalise_name(system)
    if subject[0].low != "the" and not named:
        return f"its subject '{text}' does not name the system"
    return ""


def _main_subject(toks: list[Token], m: int, opening: bool, then_at: int | None) -> list[Token] | None:
    """The subject of the main clause (before the modal at m); None when the opening clause never ends."""
    if not opening:
        return toks[:m]
    ends = [i for i in range(m) if toks[i].low == "," or i == then_at]
    if ends:
        return toks[ends[-1] + 1 : m]
    the = [i for i in range(1, m) if toks[i].low == "the"]
    return toks[the[-1] : m] if the else None


def classify(text: str, *, system: str = "", people: frozenset[str] = frozenset()) -> Ears:
    """The EARS pattern of one statement, or not-conforming with the closest pattern and a hint."""
    toks = [t for t in tokens(text) if t.is_word or t.low == ","]
    lows = [t.low for t in toks]
    cue, cue_pattern = _opening(lows)
    keyword = KEYWORDS.get(lows[0]) if lows else None
    opening = keyword or cue_pattern
    closest = opening or UBIQUITOUS
    modals = words("ears_modals")
    m = next((i for i, w in enumerate(lows) if w in modals and not (i == 0 and w == "should")), None)
    then_at = next((i for i in range(1, m or 0) if lows[i] == "then"), None)
    if m is None:
        reason = "it has no 'shall'"
    elif keyword == UNWANTED and then_at is None:
        reason = "its 'If' clause is not followed by 'then'"
    else:
        subject = _main_subject(toks, m, opening is not None, then_at)
        reason = "its opening clause is not closed by a comma" if subject is None else ""
        reason = reason or _subject_problem(subject or [], system, people)
        if not reason and lows[m] != "shall":
            reason = f"it uses '{lows[m]}' where EARS uses 'shall'"
        if not reason and opening and not keyword:
            reason = f"it opens with '{cue}', not with an EARS keyword"
    if not reason:
        return Ears(keyword or UBIQUITOUS)
    return Ears(NOT_CONFORMING, closest, f"{reason}; closest pattern {closest}: '{TEMPLATES[closest]}'")


def requirement_statements(ctx: Context) -> list[Statement]:
    """NFR statements, and constraints and use-case descriptions written with 'shall' or 'must'."""
    modal = words("ears_requirement_modals")
    return [
        s
        for s in ctx.statements
        if s.kind == "nfr" or (s.kind in ("constraint", "description") and any(t.low in modal for t in tokens(s.text)))
    ]


def classify_all(ctx: Context) -> list[EarsStatement]:
    """Every requirement statement of the PRD with its pattern (computed once per run)."""

    def build() -> list[EarsStatement]:
        out = []
        for s in requirement_statements(ctx):
            e = classify(s.text, system=ctx.name, people=frozenset(ctx.human_actor_keys))
            out.append(
                EarsStatement(
                    item=s.item, where=s.where, text=s.text, pattern=e.pattern, closest=e.closest, hint=e.hint
                )
            )
        return out

    return ctx.memo("ears", build)


def _check(ctx: Context) -> list[Failed]:
    return [Failed(e.item, e.where, e.hint, e.text) for e in classify_all(ctx) if e.pattern == NOT_CONFORMING]


RULES: tuple[Rule, ...] = (
    Rule(
        "EARS",
        "EARS patterns",
        "ears",
        "warning",
        "The five EARS patterns make every requirement say when it applies and what the system does.",
        "Rewrite the statement in its closest EARS pattern, e.g. 'When <trigger>, the <system> shall <response>.'",
        "When a customer pays, the system shall email a receipt.",
        "Receipts must be emailed after payment.",
        _check,
    ),
)
