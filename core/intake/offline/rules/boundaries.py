"""The system boundary a sentence states: scope in and out, and the parts of the product itself."""

from __future__ import annotations

import re

from core.intake.offline.language.lexicon import COMPONENT_PATTERNS
from core.intake.offline.language.text import clean, sentence_case, split_list, words
from core.intake.offline.writer import Draft

_DENIAL = re.compile(r"\b(?:no|not|without|never|nor|don't|doesn't|won't|isn't|aren't|instead of|rather than)\b", re.I)


def negated(sentence: str, start: int) -> bool:
    """True when the clause a mention sits in denies it ('no WhatsApp integration', 'not a mobile app')."""
    clause = re.split(r"[,;:]|\b(?:and|but|while|whereas)\b", sentence[:start])[-1]
    return bool(_DENIAL.search(clause))


_OUT = (
    re.compile(
        r"\b(?:out of scope|not in scope|out-of-scope|non-goals?|excluded|not included|later phases?|"
        r"phase 2|not (?:in|part of) (?:the )?(?:first release|v1|mvp|scope))\s*(?:for now|for v1|for the mvp|"
        r"for the first release)?\s*(?::|-|–|is|are|includes?|would be)\s*(?P<items>.+)$",
        re.I,
    ),
    re.compile(
        r"^(?P<items>.+?)\s+(?:is|are|will be|stays?|remains?)\s+(?:out of scope|not in scope|excluded|"
        r"not included|deferred|for later|for a later (?:phase|release)|(?:a )?non-goals?)\b",
        re.I,
    ),
    re.compile(
        r"\b(?:we|it|the (?:app|product|system|platform))\s+(?:will not|won't|does not|doesn't|do not|don't|"
        r"will never|is not going to)\s+(?:build|support|include|handle|offer|do|provide|cover|need)\s+(?P<items>.+)$",
        re.I,
    ),
    re.compile(r"^no\s+(?P<items>.+?)(?:\s+(?:for now|in (?:the )?(?:first release|v1|mvp)|yet))?$", re.I),
)
# 'No mobile app for now, and no WhatsApp integration': denied features, said anywhere.
_DENIED = (
    re.compile(
        r"^(?:and\s+)?no\s+(?P<items>.+?\b(?:for now|for the time being|yet|initially|at first|"
        r"in (?:the )?(?:first release|first version|v1|mvp|phase 1|pilot))\b.*)$",
        re.I,
    ),
    re.compile(r"^no\s+(?P<items>[^,;]+?(?:,\s*|;\s*|\s+)(?:and\s+|or\s+|nor\s+)?no\s+.+)$", re.I),
)
_IN = (
    re.compile(r"\bin scope\s*(?::|-|–|is|are|includes?)\s*(?P<items>.+)$", re.I),
    re.compile(
        r"\b(?:the\s+)?(?:mvp|first release|v1|version 1|phase 1|first version|initial release)\s+"
        r"(?:includes?|covers?|will (?:include|cover|have)|has|contains?|is|:)\s*:?\s*(?P<items>.+)$",
        re.I,
    ),
)


def _scope_items(text: str) -> list[str]:
    text = re.sub(
        r"\s+(?:in|for)\s+(?:the\s+)?(?:v1|mvp|first release|first version|now|phase 1|time being|pilot)\b|"
        r"\s+(?:yet|for now|initially|at first)\b",
        "",
        text,
        flags=re.I,
    )
    items = [sentence_case(re.sub(r"^(?:(?:no|any|a|an|the)\s+)+", "", i, flags=re.I)) for i in split_list(text)]
    return [i for i in items if i and len(words(i)) <= 12]


def scope(draft: Draft, sentence: str, *, default: str | None = None) -> bool:
    """'Out of scope: payroll, invoicing' and 'The MVP includes booking' -> scope lists."""
    sentence = clean(sentence)
    for field, patterns in (
        ("out_of_scope", (*_OUT[:3], *_DENIED) if default != "out_of_scope" else _OUT),
        ("in_scope", _IN),
    ):
        for pattern in patterns:
            m = pattern.search(sentence)
            if m:
                for item in _scope_items(m.group("items")):
                    draft.boundary(field, item)
                return True
    if default:
        for item in _scope_items(re.sub(r"^(?:we will|we'll|it will|it should)\s+", "", sentence, flags=re.I)):
            draft.boundary(default, item)
        return True
    return False


def components(draft: Draft, sentence: str) -> bool:
    """Parts of the product itself ('a mobile app for drivers') -> the internal side of the boundary."""
    found = False
    for pattern, name in COMPONENT_PATTERNS:
        m = re.search(pattern, sentence, re.I)
        if m and not negated(sentence, m.start()):
            if name.endswith(("dashboard", "Dashboard")) and any(
                n.endswith(("panel", "Web app")) for n in draft.boundaries["internal"]
            ):
                continue
            draft.boundary("internal", name)
            found = True
    return found
