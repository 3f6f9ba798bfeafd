"""Requirement lists ('The system shall …'): each statement is functional (a use case, or a step of
one) or non-functional (an NFR with its category, and a metric and target when it states a number
with a unit). The category cues are data, in nfr_categories.toml; the rules here only weigh them."""

from __future__ import annotations

import re
import tomllib
from functools import cache
from pathlib import Path

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
from core.intake.offline.rules import integrations, measures
from core.intake.offline.rules.rulebook import Finding, Rule, every, first
from core.intake.offline.writer import Draft, write
from core.prd import normalise_name

# 'Fit criterion: …', and the condition of an EARS statement ('If the link fails, the system shall …').
_LABEL = r"^(?:[A-Z][\w ]{1,25}:\s*)?(?:(?:if|when|while|where|once|after|in case)\b[^,;:]{2,120},\s*)?"
_MODAL = r"(?:shall|must|will|should|is required to|are required to)"
_STATEMENT = re.compile(_LABEL + r"(?P<subject>[^,;:]{2,160}?)\s+(?:" + _MODAL + r"|cannot|can)\b", re.I)
_LIST_STATEMENT = re.compile(_LABEL + r"[^,;:]{2,160}?\s+" + _MODAL + r"\b", re.I)
_BULLET = re.compile(r"^\s*(?:[-*•+]|\(?\d+(?:\.\d+)*[.)]?|\(?[a-z][.)]|[A-Z]{1,6}[- ]?\d+(?:\.\d+)*[.:)]?)\s+")
_STRONG, _WEAK = 3, 1
# Categories after the file's `order`: those a number with a unit names (rules/measures.py).
_LATER = ("compliance", "accessibility", "localisation")


def _glob(cue: str) -> re.Pattern:
    """'authori*' -> authori\\w*, at word boundaries; spaces match blanks or hyphens; '...' stands
    for one to four words, none a count ('only ... can' reads 'only senior nurses can', not 'only one seat can')."""
    parts = [
        r"(?:(?!(?:one|a|an|1)\s)[A-Za-z][\w'/-]*\s+){1,4}?"
        if p == "..."
        else re.escape(p).replace(r"\*", r"\w*") + r"[\s-]+"
        for p in cue.split()
    ]
    body = "".join(parts).removesuffix(r"[\s-]+")
    return re.compile(r"(?<!\w)" + body + r"(?!\w)", re.I)


@cache
def _cues() -> tuple[int, tuple[str, ...], dict[str, tuple[tuple[re.Pattern, ...], tuple[re.Pattern, ...]]]]:
    data = tomllib.loads(Path(__file__).with_name("nfr_categories.toml").read_text(encoding="utf-8"))
    table = {
        name: (tuple(map(_glob, cues.get("strong", []))), tuple(map(_glob, cues.get("weak", []))))
        for name, cues in data["categories"].items()
    }
    return data["threshold"], (*data["order"], *_LATER), table


@cache
def scores(sentence: str, measured: bool = True) -> tuple[tuple[str, int], ...]:
    """Each category's weight of evidence in a sentence: its cue words, and a number with a unit of
    its kind. A person's own task with a time bound ('a nurse records vitals within 10 min') is no
    sign of performance."""
    _, order, table = _cues()
    points = dict.fromkeys(order, 0)
    for name, (strong, weak) in table.items():
        points[name] += _STRONG * sum(1 for p in strong if p.search(sentence))
        points[name] += _WEAK * sum(1 for p in weak if p.search(sentence))
    if measured:
        timed_task = measures.person_with_deadline(sentence)
        for category, _, _ in measures.read_measures(sentence):
            if not (category == "performance" and timed_task):
                points[category] = points.get(category, 0) + _STRONG
    return tuple(sorted(points.items(), key=lambda kv: (-kv[1], order.index(kv[0]))))


def cue_category(sentence: str, *, measured: bool = True) -> str:
    """The category with the most evidence in the sentence, '' when none has any."""
    name, points = scores(sentence, measured)[0]
    return name if points else ""


def bare(sentence: str) -> str:
    """The statement without its bullet or its id ('NFR-2: The app shall …' -> 'The app shall …')."""
    return _BULLET.sub("", clean(sentence)).strip()


def is_statement(sentence: str) -> bool:
    """'The system shall …', 'Users must …', 'Only adjusters can …': one requirement statement."""
    return bool(_STATEMENT.match(bare(sentence)))


def _metric(category: str, sentence: str) -> tuple[str, str]:
    """The metric and target the sentence states for its category (else its first number with a unit)."""
    found = [m for m in measures.read_measures(sentence) if not (m[0] == "performance" and m[1] == "response time")]
    found += [m for m in measures.read_measures(sentence) if m not in found]
    own = [m for m in found if m[0] == category]
    if own or not found:
        return own[0][1:] if own else ("", "")
    other, metric, target = found[0]
    return ("time to complete the task" if other == "performance" and category == "usability" else metric), target


def _category_rule(category: str, why: str, example: str, counter: str) -> Rule:
    def match(sentence: str) -> list[Finding]:
        sentence = clean(sentence)
        threshold = _cues()[0]
        best, points = scores(sentence)[0]
        if best != category or points < threshold:
            return []
        metric, target = _metric(category, sentence)
        return [Finding("nfr", sentence, {"category": category, "metric": metric, "target": target})]

    return Rule(f"NFR-{category.upper().replace(' ', '-')}", why, example, clean(example), counter, match)


# One rule per quality; the category with the most evidence reads the statement, so at most one does.
NFR_RULES = (
    _category_rule(
        "performance",
        "How fast the product answers, refreshes or processes is performance; a time bound gives the target.",
        "The booking screen shall refresh the seat map every 30 seconds.",
        "The clerk shall print the seat map for the usher.",
    ),
    _category_rule(
        "scalability",
        "How many users, records or years the product must carry is scalability.",
        "The portal shall serve 2000 concurrent shoppers during the winter sale.",
        "The portal shall list the shoppers who bought a coat.",
    ),
    _category_rule(
        "availability",
        "When the product must be up for use (hours, 24/7, a share of the time) is availability.",
        "The ordering kiosk shall be available for use between 6am and 11pm every day.",
        "The ordering kiosk shall show the daily menu.",
    ),
    _category_rule(
        "fault tolerance",
        "Going on working when a part fails is fault tolerance.",
        "The ticketing service shall fail over to the standby site without losing orders.",
        "The ticketing service shall email the order to the buyer.",
    ),
    _category_rule(
        "reliability",
        "Backups, recovery and not losing data are reliability.",
        "The ledger shall be backed up every night and restored on demand.",
        "The ledger shall total the debits of each account.",
    ),
    _category_rule(
        "security",
        "Who may reach what, and protection from attack, is security; so is keeping a log of every access.",
        "Only authorised pharmacists shall have access to the prescription history.",
        "The pharmacist shall print the prescription label.",
    ),
    _category_rule(
        "usability",
        "Ease of learning and of use, with how many users succeed, is usability.",
        "New volunteers shall be able to learn the rota screen within one hour of training.",
        "The coordinator shall publish the volunteer rota.",
    ),
    _category_rule(
        "look and feel",
        "How the product looks (brand colours, logo, layout) is its look and feel.",
        "The storefront shall use the company colour scheme and logo.",
        "The storefront shall list the products in stock.",
    ),
    _category_rule(
        "maintainability",
        "How the product is kept up to date, documented and changed is maintainability.",
        "Every change to the tariff rules shall be reflected in the developer guide.",
        "The billing clerk shall apply the tariff to each meter reading.",
    ),
    _category_rule(
        "portability",
        "Running on other platforms or moving to them is portability.",
        "The field app shall be platform independent and run on any tablet browser.",
        "The field app shall record the meter reading.",
    ),
    _category_rule(
        "operational",
        "Where and with what the product runs (hardware, operating system, servers it talks to) is operational.",
        "The depot system shall run on the existing warehouse workstations under the corporate operating system.",
        "The depot system shall assign each parcel to a van.",
    ),
    _category_rule(
        "accessibility",
        "Use with a screen reader, the keyboard alone or poor sight is accessibility.",
        "The timetable pages shall work with a screen reader and the keyboard alone.",
        "The timetable pages shall list the trains of the day.",
    ),
    _category_rule(
        "legal",
        "Laws, regulations and audits the product must satisfy are legal requirements.",
        "The payroll module shall comply with national tax regulations.",
        "The payroll module shall pay each employee on the last day of the month.",
    ),
)


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


RULES = (*NFR_RULES, *FEATURES)  # every rule's examples are run by tests/intake/test_rule_examples.py


def classify(sentence: str) -> Finding | None:
    """The NFR a statement is, or None when it is functional (something someone or the product does)."""
    found = every(NFR_RULES, sentence)
    return found[0] if found else None


def nfr_statement(draft: Draft, sentence: str) -> bool:
    """A requirement statement that is non-functional becomes an NFR; it still names the systems it
    talks to, and a rule about platforms or law is also a constraint."""
    sentence = bare(sentence)
    if not is_statement(sentence):
        return False
    finding = classify(sentence)
    if not finding:
        return False
    stated = measures.read_measures(sentence)
    if len(stated) > 1:  # several numbers ('2 s for 500 users', 'encrypted, and sessions expire after 15 min')
        timed_task = measures.person_with_deadline(sentence)
        findings = [
            Finding("nfr", finding.text, {"category": measures.quality_of_time(c, sentence), "metric": m, "target": t})
            for c, m, t in stated
            if not (c == "performance" and timed_task)
        ]
        write(draft, findings or [finding])
    else:
        write(draft, [finding])
    integrations.integrations(draft, sentence)
    if finding.fields["category"] in ("operational", "portability", "legal"):
        measures.constraints(draft, sentence)
    return True


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
    lines = [_BULLET.sub("", ln).strip() for ln in text.splitlines() if ln.strip()]
    found = [ln for ln in lines if _LIST_STATEMENT.match(clean(ln))]
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
    metric, target = _metric(category, line)
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
    subject = _STATEMENT.match(line)
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
