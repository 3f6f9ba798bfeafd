"""Runs the rubric over a PRD and scores it: errors weigh 3, warnings 1; passing needs every gate and 95."""

from __future__ import annotations

from collections.abc import Iterable

from core.diagrams import Drawing
from core.prd import PRDData
from core.validation import artifacts, consistency, ears, gates, sets, text
from core.validation.context import Context
from core.validation.model import CATEGORIES, PASS_SCORE, WEIGHTS, CategoryScore, CheckResult, Finding, Report, Span
from core.validation.rule import Failed, Rule
from core.validation.version import RUBRIC_VERSION

RULES: tuple[Rule, ...] = gates.RULES + artifacts.RULES + consistency.RULES + text.RULES + ears.RULES + sets.RULES


def _finding(rule: Rule, f: Failed) -> Finding:
    """Built without re-validating: every value comes from the checks, typed already."""
    spans = [Span.model_construct(start=a, end=b, text=f.text[a:b]) for a, b in f.spans]
    return Finding.model_construct(check=rule.id, item=f.item, where=f.where, detail=f.detail, text=f.text, spans=spans)


def run_rule(rule: Rule, ctx: Context) -> CheckResult:
    """One check's result; a failing check always names at least one item."""
    failed = rule.check(ctx)
    return CheckResult(
        id=rule.id,
        title=rule.title,
        category=rule.category,
        severity=rule.severity,
        weight=WEIGHTS[rule.severity],
        passed=not failed,
        hint=rule.hint,
        why=rule.why,
        findings=[_finding(rule, f) for f in failed],
    )


def applies(rule: Rule, ctx: Context) -> bool:
    """Artifact minimums run only for the diagram types that exist."""
    return rule.artifact is None or rule.artifact in ctx.drawings


def _categories(checks: list[CheckResult]) -> list[CategoryScore]:
    out = []
    for cat in CATEGORIES:
        mine = [c for c in checks if c.category == cat]
        if mine:
            out.append(
                CategoryScore(
                    category=cat,
                    passed_weight=sum(c.weight for c in mine if c.passed),
                    total_weight=sum(c.weight for c in mine),
                    passed_checks=sum(c.passed for c in mine),
                    total_checks=len(mine),
                )
            )
    return out


def validate(data: PRDData, *, name: str | None = None, artifacts: Iterable[str | Drawing] = ()) -> Report:
    """The report of one validation run over the data, the system's name and the diagrams that exist."""
    ctx = Context(data, name=name, artifacts=artifacts)
    checks = [run_rule(r, ctx) for r in RULES if applies(r, ctx)]
    total = sum(c.weight for c in checks)
    passed_weight = sum(c.weight for c in checks if c.passed)
    score = round(100 * passed_weight / total) if total else 0
    gates_passed = all(c.passed for c in checks if c.category == "gate")
    return Report(
        version=RUBRIC_VERSION,
        project=ctx.name,
        score=score,
        passed=gates_passed and score >= PASS_SCORE,
        gates_passed=gates_passed,
        passed_weight=passed_weight,
        total_weight=total,
        passed_checks=sum(c.passed for c in checks),
        failed_checks=sum(not c.passed for c in checks),
        checks=checks,
        categories=_categories(checks),
        ears=ears.classify_all(ctx),
    )
