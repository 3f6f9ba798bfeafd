"""Consistency checks (DESIGN §6): warnings where two parts of the PRD disagree. ("Entities named in
steps exist" is the set check SET4, so a step that stores an unknown entity counts once.)"""

from __future__ import annotations

from core.prd import normalise_name
from core.validation.artifacts import _linked
from core.validation.context import Context, filled, uc_key, uc_label
from core.validation.rule import Failed, Rule
from core.validation.words import Token, content_words, lemma, tokens, words


def _proper(subject: list[Token]) -> bool:
    """'Shop Helper', 'ShopHelper': every word capitalised (sentence-initial 'The' left out before)."""
    return bool(subject) and all(t.text[:1].isupper() for t in subject)


def system_subject(text: str) -> str:
    """The proper name a statement gives its subject ('The ShopHelper app shall …'), or ''."""
    toks = [t for t in tokens(text) if t.is_word or t.low == ","]
    modals = words("modals")
    m = next((i for i, t in enumerate(toks) if t.low in modals), None)
    if m is None:
        return ""
    commas = [i for i in range(m) if toks[i].low == ","]
    start = commas[-1] + 1 if commas else 0
    subject = toks[start:m]
    if subject and subject[0].low == "the":
        subject = subject[1:]
    elif start == 0 and len(subject) < 2 and not (subject and any(c.isupper() for c in subject[0].text[1:])):
        return ""  # one capitalised word at the start is just the start of the sentence
    return " ".join(t.text for t in subject) if _proper(subject) else ""


def _names_the_system(subject: str, name: str) -> bool:
    """The words say it is the system: it ends in 'app', 'platform' … or shares a word with the name."""
    said = [lemma(t.text) for t in tokens(subject) if t.is_word]
    return bool(said) and (said[-1] in words("system_words") or bool(set(said) & set(content_words(name))))


def _system_name(ctx: Context) -> list[Failed]:
    if not ctx.name:
        return []
    key = normalise_name(ctx.name)
    out = []
    for s in ctx.statements:
        subject = system_subject(s.text)
        if not subject or normalise_name(subject) in ctx.known_names or normalise_name(subject) == key:
            continue
        if _names_the_system(subject, ctx.name):
            start = s.text.find(subject)
            out.append(
                Failed(
                    s.item,
                    s.where,
                    f"calls the system '{subject}', not '{ctx.name}'",
                    s.text,
                    ((start, start + len(subject)),),
                )
            )
    return out


def _inside_and_outside(ctx: Context) -> list[Failed]:
    internal = {normalise_name(x) for x in ctx.data.system_boundaries.internal if filled(x)}
    return [
        Failed(f"externals/{normalise_name(x)}", f"external system '{x}'", "is also listed as an internal part")
        for x in ctx.externals
        if normalise_name(x) in internal
    ]


def _out_of_scope(ctx: Context) -> list[Failed]:
    out = []
    excluded = [(x, set(content_words(x))) for x in ctx.data.system_boundaries.out_of_scope if filled(x)]
    for u in ctx.data.use_cases:
        said = set(content_words(f"{u.name} {u.description}"))
        for item, needed in excluded:
            if needed and needed <= said:
                out.append(
                    Failed(f"use_cases/{uc_key(u)}", uc_label(u), f"does '{item}', which scope marks out of scope")
                )
                break
    return out


_ACTORS = [{"name": "Buyer", "role": "buys"}, {"name": "Seller", "role": "sells"}]


def _rule(rid: str, title: str, why: str, hint: str, passing, failing, check) -> Rule:
    return Rule(rid, title, "consistency", "warning", why, hint, passing, failing, check)


RULES: tuple[Rule, ...] = (
    _rule(
        "CON1",
        "The system has one name",
        "Two names for the product make readers wonder whether there are two systems.",
        "Use the project's name (or 'the system') wherever a statement names the product.",
        {"name": "Online Store", "nfrs": [{"statement": "The Online Store shall respond within 2 seconds."}]},
        {"name": "Online Store", "nfrs": [{"statement": "The Store App shall respond within 2 seconds."}]},
        _system_name,
    ),
    _rule(
        "CON2",
        "Use-case actors are defined actors",
        "A use case performed by someone the PRD never defines has no role or permissions behind it.",
        "Set each use case's actor to one of the defined actors, or add the missing actor.",
        {"actors": _ACTORS, "use_cases": [{"name": "Buy an item", "actor": "buyers"}]},
        {"actors": _ACTORS, "use_cases": [{"name": "Buy an item", "actor": "Guest"}]},
        _linked,
    ),
    _rule(
        "CON3",
        "Externals are outside the system",
        "Something listed both as part of the system and as an external system cannot be drawn on one side.",
        "Keep each name on one side of the boundary: internal part or external system.",
        {"system_boundaries": {"internal": ["Checkout"], "external": ["Payment Gateway"]}},
        {"system_boundaries": {"internal": ["Checkout", "Payment Gateway"], "external": ["Payment Gateway"]}},
        _inside_and_outside,
    ),
    _rule(
        "CON4",
        "No use case does what is out of scope",
        "A use case for something marked out of scope means the scope or the use case is wrong.",
        "Remove the use case, or move the item into scope.",
        {"system_boundaries": {"out_of_scope": ["Mobile app"]}, "use_cases": [{"name": "Order on the website"}]},
        {"system_boundaries": {"out_of_scope": ["Mobile app"]}, "use_cases": [{"name": "Order in the mobile app"}]},
        _out_of_scope,
    ),
)
