"""Set checks (DESIGN §6): warnings over the PRD's lists as a whole — duplicates, clashes, unknown names."""

from __future__ import annotations

import re

from core.prd import normalise_name
from core.validation.context import Context, filled, uc_key, uc_label
from core.validation.rule import Failed, Rule
from core.validation.words import content_words, lemma, matcher, name_words, tokens, words


def _action_key(name: str) -> tuple[str, frozenset[str]] | None:
    """(verb, object words) of a use case name: 'Place an order' and 'Places orders' share one."""
    said = [t for t in tokens(name) if t.is_word]
    if not said:
        return None
    return lemma(said[0].text), frozenset(content_words(" ".join(t.text for t in said[1:])))


def _duplicates(ctx: Context) -> list[Failed]:
    first: dict[tuple, str] = {}
    out = []
    for u in ctx.data.use_cases:
        key = _action_key(u.name)
        if key is None:
            continue
        if key in first:
            out.append(Failed(f"use_cases/{uc_key(u)}", uc_label(u), f"does the same as {first[key]}"))
        else:
            first[key] = uc_label(u)
    return out


def _scope_key(text: str) -> frozenset[str]:
    return frozenset(content_words(text)) or frozenset([normalise_name(text)])


def _in_and_out(ctx: Context) -> list[Failed]:
    b = ctx.data.system_boundaries
    inside = {_scope_key(x) for x in b.in_scope if filled(x)}
    return [
        Failed(f"scope/{normalise_name(x)}", f"scope item '{x}'", "is listed both in scope and out of scope")
        for x in b.out_of_scope
        if filled(x) and _scope_key(x) in inside
    ]


def _all_names(ctx: Context) -> list[str]:
    d, b = ctx.data, ctx.data.system_boundaries
    names = [ctx.name, *(a.name for a in d.actors), *(u.actor for u in d.use_cases), *b.external, *b.internal]
    names += [e.name for e in d.data_entities] + [r.target for e in d.data_entities for r in e.relationships]
    return [n.strip() for n in names if filled(n)]


def _spelled_two_ways(ctx: Context) -> list[Failed]:
    groups: dict[str, dict[str, str]] = {}
    for name in _all_names(ctx):
        groups.setdefault(normalise_name(name).replace(" ", ""), {}).setdefault(normalise_name(name), name)
    return [
        Failed(f"names/{key}", "names " + " and ".join(f"'{n}'" for n in forms.values()), "spell one name two ways")
        for key, forms in groups.items()
        if len(forms) > 1
    ]


_AFTER_MARKER = re.compile(r"^[\s,:(\"']*((?:[^\W\d_][\w'\-]*\s?){1,3})")


def _declared_aliases(ctx: Context) -> list[Failed]:
    """'Buyer (also called customer)' while 'Customer' is also used as a name of its own."""
    used = {normalise_name(n): n for n in _all_names(ctx)}
    out = []
    for item in [*ctx.data.actors, *ctx.data.data_entities]:
        text = f"{item.name} {getattr(item, 'role', '')} {item.description}"
        for _, end in matcher("alias_markers").find(text):
            m = _AFTER_MARKER.match(text[end:])
            said = [w for w in name_words(m.group(1)) if w not in words("determiners")] if m else []
            for n in range(len(said), 0, -1):
                other = used.get(normalise_name(" ".join(said[:n])))
                if other and normalise_name(other) != normalise_name(item.name):
                    key = "~".join(sorted([normalise_name(item.name), normalise_name(other)]))
                    out.append(
                        Failed(
                            f"names/{key}",
                            f"names '{item.name}' and '{other}'",
                            "name the same thing, as the description says",
                        )
                    )
                    break
    return out


def _named_two_ways(ctx: Context) -> list[Failed]:
    found = {f.item: f for f in _spelled_two_ways(ctx) + _declared_aliases(ctx)}
    return list(found.values())


def _defined_words(ctx: Context) -> tuple[list[set[str]], set[str]]:
    """The word sets of every defined name, and every attribute name."""
    d = ctx.data
    names = [
        *(e.name for e in d.data_entities),
        *(a.name for a in d.actors),
        *ctx.externals,
        *d.system_boundaries.internal,
    ]
    attributes = {lemma(a.split(":")[0].strip()) for e in d.data_entities for a in e.attributes if filled(a)}
    attributes |= {w for e in d.data_entities for a in e.attributes for w in name_words(a.split(":")[0])}
    return [set(name_words(n)) for n in names if filled(n)], attributes


def _stored_object(step: str) -> tuple[str, int, int] | None:
    """What a step stores ('System stores the invoice' -> 'invoice'), with its span."""
    toks = tokens(step)
    for i, t in enumerate(toks):
        if lemma(t.text) not in words("data_verbs") or t.low in words("stopwords"):
            continue
        j = i + 1
        while j < len(toks) and toks[j].low in words("determiners"):
            j += 1
        k = j
        while k < len(toks) and k < j + 3 and toks[k].is_word and toks[k].low not in words("stopwords"):
            k += 1
        if k > j and not (k < len(toks) and toks[k].low in words("particles")):
            return step[toks[j].start : toks[k - 1].end], toks[j].start, toks[k - 1].end
    return None


def _unknown_entities(ctx: Context) -> list[Failed]:
    defined, attributes = ctx.memo("defined_words", lambda: _defined_words(ctx))
    out = []
    for u in ctx.data.use_cases:
        for i, step in enumerate(u.steps, 1):
            found = _stored_object(step)
            if not found:
                continue
            phrase, start, end = found
            said = set(name_words(phrase))
            if not any(w <= said for w in defined if w) and not said & attributes:
                where = f"{uc_label(u)}, step {i}"
                out.append(
                    Failed(
                        f"use_cases/{uc_key(u)}/steps/{i}",
                        where,
                        f"stores '{phrase}', which is not a data entity",
                        step,
                        ((start, end),),
                    )
                )
    return out


def _rule(rid: str, title: str, why: str, hint: str, passing, failing, check) -> Rule:
    return Rule(rid, title, "set", "warning", why, hint, passing, failing, check)


_ENTITIES = [{"name": "Order", "attributes": ["status"]}]
RULES: tuple[Rule, ...] = (
    _rule(
        "SET1",
        "No near-duplicate use cases",
        "Two use cases with the same action and object get built, tested and estimated twice.",
        "Merge the duplicates into one use case.",
        {"use_cases": [{"name": "Place an order"}, {"name": "Cancel an order"}]},
        {"use_cases": [{"name": "Place an order"}, {"name": "Places orders"}]},
        _duplicates,
    ),
    _rule(
        "SET2",
        "Nothing both in and out of scope",
        "An item on both sides of the scope line leaves its fate to whoever reads it last.",
        "Decide: keep the item in scope or out of scope, not both.",
        {"system_boundaries": {"in_scope": ["Web shop"], "out_of_scope": ["Mobile app"]}},
        {"system_boundaries": {"in_scope": ["Web shop", "Mobile app"], "out_of_scope": ["the mobile app"]}},
        _in_and_out,
    ),
    _rule(
        "SET3",
        "One thing, one name",
        "Two names for one thing make readers and generators treat it as two.",
        "Pick one name and use it everywhere.",
        {"actors": [{"name": "Shop Owner"}], "use_cases": [{"name": "Add a product", "actor": "shop owners"}]},
        {"actors": [{"name": "Shop Owner"}], "use_cases": [{"name": "Add a product", "actor": "Shopowner"}]},
        _named_two_ways,
    ),
    _rule(
        "SET4",
        "Steps store only defined entities",
        "A step that stores something the data model lacks means the data model is incomplete.",
        "Add the missing data entity, or name an existing one in the step.",
        {"data_entities": _ENTITIES, "use_cases": [{"name": "Pay", "steps": ["System stores the order status"]}]},
        {"data_entities": _ENTITIES, "use_cases": [{"name": "Pay", "steps": ["System stores the invoice"]}]},
        _unknown_entities,
    ),
)
