"""`python -m core validate PROJECT.json [--json]`: score a PRD against the rubric; exit 0 when it passes."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from core.commands._document import read_document
from core.diagrams import TYPES
from core.validation import Report, validate
from core.validation.model import CheckResult, Finding

PASSED, FAILED, UNREADABLE = 0, 1, 2
SHOWN = 8  # failing items listed per check in the readable report


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("validate", help="score a project document against the validation rubric")
    parser.add_argument("project", type=Path, help="a project document (what `extract` prints)")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.add_argument(
        "--no-diagrams", action="store_true", help="skip the artifact checks of the five diagrams drawn from the data"
    )
    parser.set_defaults(func=run)


def _finding_line(f: Finding) -> str:
    line = f"    - {f.where}: {f.detail}" if f.detail else f"    - {f.where}"
    return line + (f'\n        "{" ".join(f.text.split())}"' if f.text else "")


def _check_lines(c: CheckResult) -> list[str]:
    lines = [f"  x {c.id} {c.title} ({c.severity}, weight {c.weight})"]
    lines += [_finding_line(f) for f in c.findings[:SHOWN]]
    if len(c.findings) > SHOWN:
        lines.append(f"    ... and {len(c.findings) - SHOWN} more (--json lists them all)")
    lines.append(f"    fix: {c.hint}")
    return lines


def render(report: Report) -> str:
    """The report as a person reads it in a terminal: verdict, score, each failing check with its fix."""
    verdict = "PASS" if report.passed else "FAIL"
    gates = [c for c in report.checks if c.category == "gate"]
    lines = [
        f"{report.project or 'Project'}: {verdict}, score {report.score}/100 (rubric {report.version})",
        f"hard gates passed: {sum(c.passed for c in gates)}/{len(gates)}; "
        f"checks passed: {report.passed_checks}/{report.passed_checks + report.failed_checks}",
    ]
    lines += [f"  {c.category:12s} {c.passed_weight}/{c.total_weight} weight" for c in report.categories]
    failing = sorted(report.failing(), key=lambda c: (c.severity != "error", c.id))
    if failing:
        lines += ["", "failing checks:"]
        for c in failing:
            lines += _check_lines(c)
    lines += ["", report.explanation()]
    return "\n".join(lines) + "\n"


def run(args: argparse.Namespace) -> int:
    doc = read_document(args.project)
    if doc is None:
        return UNREADABLE
    report = validate(doc.data, name=doc.name, artifacts=() if args.no_diagrams else TYPES)
    if args.json:
        sys.stdout.write(json.dumps(report.model_dump(mode="json"), indent=2, ensure_ascii=False) + "\n")
    else:
        sys.stdout.write(render(report))
    return PASSED if report.passed else FAILED
