"""A pasted requirement list read line by line: a statement and its fit criterion make one NFR;
a feature stated as what the product allows ('shall allow generation of X') is the use case
'Generate X'; a functional line no other reader took becomes a step of the use case it speaks of."""

from __future__ import annotations

import re

from core.intake.offline.language.phrases import use_case_name
from core.intake.offline.language.text import (
    clean,
    looks_like_person,
    sentence_case,
    singular,
    strip_determiners,
    verb_form,
    words,
)
from core.intake.offline.language.text import sentences as split_sentences
from core.intake.offline.rules.requirements import LIST_STATEMENT, STATEMENT, bare, classify, metric_of
from core.intake.offline.rules.rulebook import Finding, Rule, first
from core.intake.offline.writer import Draft, write
from core.prd import normalise_name

_OFFERS = re.compile(
    r"\b(?:shall|must|will|should)\s+(?:(?:be able to|also)\s+)*(?:allow|provide|offer|support|enable|permit|"
    r"have)\s+(?:for\s+)?(?:the\s+)?(?:(?:ability|facility|option|capability)\s+to\s+)?(?P<rest>.+)$",
    re.I,
)
_NOMINAL = (("ification", "ify"), ("ation", "ate"), ("ation", ""), ("ion", "e"), ("ion", ""), ("ment", ""), ("al", "e"))


def _verb_of(word: str) -> str:
    """'entering' -> 'enter', 'generation' -> 'generate', 'assignment' -> 'assign'; '' when no verb."""
    form = verb_form(word.lower())
    if form and form[1] in ("ing", "base"):
        return form[0]
    for ending, base in _NOMINAL:
        if word.lower().endswith(ending):
            form = verb_form(word.lower()[: -len(ending)] + base)
            if form and form[1] == "base":
                return form[0]
    return ""


def _feature(sentence: str) -> list[Finding]:
    """'The system shall allow generation of monthly invoices on demand' -> 'Generate monthly invoices
    on demand': a feature offered by the product, named by what is done."""
    m = _OFFERS.search(clean(sentence).rstrip("."))
    if not m:
        return []
    head, _, rest = m.group("rest").partition(" ")
    head = head.rstrip(",;")
    verb, form = _verb_of(head), verb_form(head.lower())
    if form and form[1] == "ing":  # 'entering, storing and modifying formulas' -> 'enter formulas'
        rest = re.sub(r"^(?:(?:,|and|or)?\s*[a-z]+ing\b,?\s*)*(?:and|or)?\s*", "", rest, flags=re.I)
    elif not form:  # 'generation of invoices' -> 'generate invoices'
        rest = re.sub(r"^of\s+", "", rest, flags=re.I)
    name = use_case_name(f"{verb} {rest}") if verb and rest else ""
    return [Finding("use_case", name, {"description": clean(sentence).rstrip(".")})] if name else []


_SOMEONE_SHALL = re.compile(
    r"^(?P<who>(?:the|a|an|each|every)?\s*[A-Za-z][\w -]{1,40}?)\s+(?:shall|must|will|should)\s+"
    r"(?:(?:be able to|also|then)\s+)*(?P<rest>[a-z]+\b.*)$",
    re.I,
)


def _someone_does(sentence: str) -> list[Finding]:
    """'The inspector shall log each repair' -> 'Log each repair' by the inspector."""
    m = _SOMEONE_SHALL.match(bare(sentence).rstrip("."))
    form = verb_form(m.group("rest").split()[0].lower()) if m else None
    if not m or not form or form[1] != "base" or not looks_like_person(m.group("who")):
        return []
    name = use_case_name(m.group("rest"))
    fields = {"actor": strip_determiners(m.group("who")), "description": bare(sentence).rstrip(".")}
    return [Finding("use_case", name, fields)] if name else []


FEATURES = (
    Rule(
        "REQ-SOMEONE-SHALL",
        "'The inspector shall log each repair': a person's task in a requirement list is a use case of theirs.",
        "The inspector shall log each repair with the parts used.",
        "Log each repair with the parts used",
        "The repair list shall be sorted by date.",
        _someone_does,
    ),
    Rule(
        "REQ-OFFERED-FEATURE",
        "A requirement list often states a feature as what the product allows or provides, in a noun "
        "('generation of', 'entering and storing'); the use case is named by the verb.",
        "The System shall allow generation of delivery notes on demand.",
        "Generate delivery notes on demand",
        "The System shall be available on weekdays.",
        _feature,
    ),
)


RULES = FEATURES  # every rule's examples are run by tests/intake/test_rule_examples.py


# ---- a whole requirement list -------------------------------------------------------------

WHOLE_TEXT_ORDER = 60
_FILLER = frozenset(
    {"the", "a", "an", "of", "to", "for", "in", "on", "and", "or", "by", "with", "be", "is", "are", "shall", "must"}
    | {"will", "should", "can", "system", "product", "application", "able", "allow", "allows", "provide", "offer"}
    | {"ability", "user", "users", "which", "that", "this", "all", "any", "each", "from"}
)


def _key(text: str) -> str:
    return normalise_name(bare(text).rstrip("."))


def _content(text: str) -> set[str]:
    return {singular(w) for w in words(text.lower()) if w not in _FILLER and len(w) > 2}


def requirement_lines(text: str) -> list[str]:
    """The lines of a pasted requirement list, bullets and numbers dropped; [] when the text is no such list."""
    lines = [bare(ln) for ln in text.splitlines() if ln.strip()]
    found = [ln for ln in lines if LIST_STATEMENT.match(clean(ln))]
    return found if len(found) >= 3 and len(found) * 2 >= len(lines) else []


def read_whole_text(draft: Draft, text: str) -> None:
    """Each line of a requirement list is one requirement: a statement and its fit criterion
    ('The app shall be easy to learn. Clerks learn it within one day.') make one NFR; a functional
    line no use case took becomes a step of the use case it speaks of."""
    for line in requirement_lines(text):
        parts = [clean(p) for p in split_sentences(line) if clean(p)]
        if len(parts) > 1:
            _one_requirement(draft, parts, clean(line))
        keys = {_key(p) for p in parts} | {_key(line)}
        if not _covered(draft, keys):
            _reread(draft, parts) or _attach(draft, clean(line))
        _rename_offered(draft, keys, clean(line))


def _rename_offered(draft: Draft, keys: set[str], line: str) -> None:
    """A use case named 'Allow entering storing' after its line gets the name of what is done."""
    found = first(FEATURES, line)
    for key, item in list(draft.use_cases.items()):
        offered = re.match(r"(?:allow|provide|offer|support|enable|permit|have)\b", item["name"], re.I)
        if found and offered and _key(item.get("description", "")) in keys:
            del draft.use_cases[key]
            item = {k: v for k, v in item.items() if k not in ("trigger", "outcome")}
            draft.use_cases[normalise_name(found[0].text)] = {**item, "name": found[0].text}


def _one_requirement(draft: Draft, parts: list[str], line: str) -> None:
    keys = {_key(p) for p in parts}
    nfrs = {k: v for k, v in draft.nfrs.items() if _key(v["statement"]) in keys}
    if not nfrs or len({v["category"] for v in nfrs.values()}) > 1:
        return
    finding = classify(parts[0]) or classify(line)  # the statement names the quality, its fit criterion measures it
    category = finding.fields["category"] if finding else next(iter(nfrs.values()))["category"]
    for k in nfrs:
        del draft.nfrs[k]
    for name in [n for n, uc in draft.use_cases.items() if _key(uc.get("description", "")) in keys]:
        del draft.use_cases[name]
    metric, target = metric_of(category, line)
    draft.nfr(category, line.rstrip("."), metric=metric, target=target)


def _covered(draft: Draft, keys: set[str]) -> bool:
    if any(_key(v["statement"]) in keys for v in draft.nfrs.values()):
        return True
    for uc in draft.use_cases.values():
        if _key(uc.get("description", "")) in keys or any(_key(s) in keys for s in uc.get("steps", [])):
            return True
    return False


def _reread(draft: Draft, parts: list[str]) -> bool:
    """An opening line taken for the problem ('The system shall let members search …') is a
    requirement all the same: it leaves the problem and is read as a feature."""
    from core.intake.offline.extract import read_section

    keys = {_key(p) for p in parts}
    taken = [c for c in draft.consumed if _key(c) in keys]
    for sentence in taken:
        draft.consumed.discard(sentence)
        draft.problem = " ".join(draft.problem.replace(sentence_case(sentence).rstrip(".") + ".", " ").split())
        read_section(draft, sentence, "use_cases")
    return bool(taken) and _covered(draft, keys)


def _attach(draft: Draft, line: str) -> bool:
    """The use case whose name shares most with the line's subject and words takes it as a step;
    ties go to the latest one, as requirement lists keep a feature's lines together."""
    subject = STATEMENT.match(line)
    said, about = _content(line), _content(subject.group("subject")) if subject else set()
    best, best_score = None, 0.0
    for item in draft.use_cases.values():
        name, description = _content(item["name"]), _content(item.get("description", ""))
        if not about & name and len(said & name) < 2:
            continue
        score = 2 * len(about & name) + len(said & name) + 0.5 * len(said & description)
        if score >= best_score:
            best, best_score = item, score
    if best:
        draft.use_case(best["name"], steps=[sentence_case(line)])
    else:
        write(draft, first(FEATURES, line))
    return bool(best)
