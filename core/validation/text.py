"""Requirement-text rules from the INCOSE Guide for Writing Requirements: each finds words, with spans."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from core.validation.context import Context, Statement, meaningful
from core.validation.gates import goal_problem
from core.validation.rule import Failed, Rule
from core.validation.textmatch import combinators, listed, number_without_unit, placeholders, pronoun_start, slash
from core.validation.words import Hit


@dataclass(frozen=True)
class TextRule:
    """A rule over one statement: its spans are the offending words."""

    id: str
    title: str
    why: str
    hint: str
    passing: str
    failing: str
    find: Callable[[str], list[Hit]]


TEXT_RULES: tuple[TextRule, ...] = (
    TextRule(
        "R6",
        "Number without a unit",
        "A number without its unit can be read several ways (seconds or minutes? users or requests?).",
        "Write the unit after every number: '2 seconds', '500 users', '99.9 %'.",
        "The system shall respond within 2 seconds.",
        "The system shall respond within 2.",
        number_without_unit,
    ),
    TextRule(
        "R7",
        "Vague terms",
        "Words like 'fast' or 'user-friendly' cannot be verified; everyone reads their own number into them.",
        "Replace the vague word with a measurable value: 'within 2 seconds', 'in 3 clicks or fewer'.",
        "The system shall show search results within 1 second.",
        "The system shall be user-friendly.",
        listed("vague"),
    ),
    TextRule(
        "R8",
        "Escape clauses",
        "'If possible' lets anyone declare the requirement met without doing it.",
        "Delete the escape clause, or state the exact condition under which the requirement applies.",
        "The system shall export invoices as PDF.",
        "The system shall export invoices as PDF if possible.",
        listed("escape"),
    ),
    TextRule(
        "R9",
        "Open-ended clauses",
        "'etc.' and 'such as' leave the list open, so nobody can say when the requirement is met.",
        "List every item, or name the closed set the items come from.",
        "The system shall accept Visa and Mastercard cards.",
        "The system shall accept cards, vouchers, etc.",
        listed("open_ended"),
    ),
    TextRule(
        "R10",
        "Superfluous infinitives",
        "'Be able to' adds words, not meaning, and hides whether the function must actually happen.",
        "Use the verb itself: 'shall export' rather than 'shall be able to export'.",
        "The system shall export the report as CSV.",
        "The system shall be able to export the report as CSV.",
        listed("superfluous_infinitive"),
    ),
    TextRule(
        "R17",
        "Slash between words",
        "'read/write' may mean and, or, or either; readers will pick differently.",
        "Write 'and' or 'or' instead of the slash (rates such as requests/s are fine).",
        "The system shall handle 200 requests/s.",
        "Users shall read/write their own notes.",
        slash,
    ),
    TextRule(
        "R19",
        "Combinators",
        "Two thoughts in one requirement cannot be verified, prioritised or traced separately.",
        "Split the statement into one requirement per action or condition.",
        "The system shall store the order.",
        "The system shall validate the card and store the order.",
        combinators,
    ),
    TextRule(
        "R24",
        "Pronoun without a referent",
        "A statement that opens with 'it' or 'this' depends on text around it that may move or change.",
        "Name the thing instead of the pronoun: 'The system sends …' rather than 'It sends …'.",
        "The system shall email the receipt.",
        "It shall email the receipt.",
        pronoun_start,
    ),
    TextRule(
        "R26",
        "Absolutes",
        "'Always', 'never' and '100%' promise what no system can deliver or test.",
        "State the achievable figure: '99.9 % of orders per month' rather than 'never loses an order'.",
        "The system shall keep 99.99 % of orders each month.",
        "The system shall never lose an order.",
        listed("absolute"),
    ),
    TextRule(
        "PLACEHOLDER",
        "Placeholders",
        "'TBD' and 'TODO' mark requirements nobody has written yet (a goal target of TBD needs an owner and date).",
        "Write the missing value, or give the goal an owner and a date by which it will be decided.",
        "The system shall keep invoices for 10 years.",
        "The system shall keep invoices for TBD years.",
        placeholders,
    ),
)


def _exempt_target(ctx: Context, s: Statement) -> bool:
    """HG7 accepts a goal target of TBD with an owner and a date."""
    parts = s.item.split("/")
    if parts[0] != "goals" or parts[-1] != "target":
        return False
    g = ctx.data.goals[int(parts[1]) - 1]
    return not meaningful(g.target) and not goal_problem(g.metric, g.target, g.owner, g.due)


def _check(rule: TextRule) -> Callable[[Context], list[Failed]]:
    def check(ctx: Context) -> list[Failed]:
        found: list[Failed] = []
        statements = ctx.statements
        if rule.id == "PLACEHOLDER":
            statements = statements + [s for s in ctx.fields if not _exempt_target(ctx, s)]
        for s in statements:
            hits = rule.find(s.text)
            if hits:
                said = ", ".join(dict.fromkeys(f"'{s.text[a:b]}'" for a, b in hits))
                found.append(Failed(s.item, s.where, f"uses {said}", s.text, tuple(hits)))
        return found

    return check


RULES: tuple[Rule, ...] = tuple(
    Rule(r.id, r.title, "text", "warning", r.why, r.hint, r.passing, r.failing, _check(r)) for r in TEXT_RULES
)


def text_problems(text: str) -> dict[str, list[Hit]]:
    """Every text rule's spans in one statement (empty rules left out), e.g. for a page or the bench."""
    found = {r.id: r.find(text) for r in TEXT_RULES}
    return {k: v for k, v in found.items() if v}
