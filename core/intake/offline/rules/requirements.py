"""Requirement lists ('The system shall …'): each statement is functional (a use case, or a step of
one) or non-functional (an NFR with its category, and a metric and target when it states a number
with a unit). The category cues are data, in nfr_categories.toml; the rules here only weigh them.
A whole pasted list, line by line, is read by rules/requirement_lists.py."""

from __future__ import annotations

import re
import tomllib
from functools import cache
from pathlib import Path

from core.intake.offline.language.text import (
    clean,
)
from core.intake.offline.rules import integrations, measures
from core.intake.offline.rules.rulebook import Finding, Rule, every
from core.intake.offline.writer import Draft, write

# 'Fit criterion: …', and the condition of an EARS statement ('If the link fails, the system shall …').
_LABEL = r"^(?:[A-Z][\w ]{1,25}:\s*)?(?:(?:if|when|while|where|once|after|in case)\b[^,;:]{2,120},\s*)?"
_MODAL = r"(?:shall|must|will|should|is required to|are required to)"
STATEMENT = re.compile(_LABEL + r"(?P<subject>[^,;:]{2,160}?)\s+(?:" + _MODAL + r"|cannot|can)\b", re.I)
LIST_STATEMENT = re.compile(_LABEL + r"[^,;:]{2,160}?\s+" + _MODAL + r"\b", re.I)
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
    return bool(STATEMENT.match(bare(sentence)))


def metric_of(category: str, sentence: str) -> tuple[str, str]:
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
        metric, target = metric_of(category, sentence)
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


RULES = NFR_RULES  # every rule's examples are run by tests/intake/test_rule_examples.py


def classify(sentence: str) -> Finding | None:
    """The NFR a statement is, or None when it is functional (something someone or the product does)."""
    found = every(NFR_RULES, sentence)
    return found[0] if found else None


_WHO_MAY = re.compile(
    r"\bonly\s+(?!(?:one|a|an|1)\b)(?:[\w'/-]+\s+){1,4}?(?:can|may|shall|must|are allowed|is allowed)\b|"
    r"\b(?:are|is) the only\b",
    re.I,
)


def names_who_may(sentence: str) -> bool:
    """'Only managers can issue refunds': a permission that also names a task."""
    return bool(_WHO_MAY.search(sentence))


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
