"""The requirement-text rules and EARS against hand-labelled statements: precision, recall, accuracy.

Run: .venv/bin/python bench/textcheck.py [--misses]   (goal: overall precision >= 0.9, recall >= 0.8)
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from core.validation import classify_ears, text_problems  # noqa: E402
from core.validation.text import TEXT_RULES  # noqa: E402

LABELLED = Path(__file__).resolve().parent.parent / "tests" / "data" / "requirements_labelled.jsonl"
RULE_IDS = tuple(r.id for r in TEXT_RULES)
PRECISION_GOAL, RECALL_GOAL = 0.9, 0.8
# "tuning": the statements the rules were developed on; "held-out": written afterwards and never tuned on.
SUBSETS = ("tuning", "held-out")


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0


@dataclass
class Scores:
    """Counts per rule and overall (micro-averaged), EARS accuracy, and the statements that disagree."""

    rules: dict[str, Counts] = field(default_factory=lambda: {r: Counts() for r in RULE_IDS})
    ears_right: int = 0
    ears_total: int = 0
    misses: list[str] = field(default_factory=list)

    @property
    def overall(self) -> Counts:
        return Counts(*(sum(getattr(c, k) for c in self.rules.values()) for k in ("tp", "fp", "fn")))

    @property
    def ears_accuracy(self) -> float:
        return self.ears_right / self.ears_total if self.ears_total else 1.0


def load(path: Path = LABELLED) -> list[dict]:
    """The labelled statements; a label 'placeholder' names the PLACEHOLDER rule."""
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    for row in rows:
        row["rules"] = {r.upper() if r.lower() == "placeholder" else r for r in row["rules"]}
    return rows


def evaluate(path: Path = LABELLED, subset: str | None = None) -> Scores:
    """Run every text rule and the EARS classifier over the labelled statements (or one subset of them)."""
    scores = Scores()
    for row in load(path):
        if subset and row.get("set") != subset:
            continue
        found = set(text_problems(row["text"]))
        for rule in RULE_IDS:
            c = scores.rules[rule]
            expected, got = rule in row["rules"], rule in found
            c.tp += expected and got
            c.fp += got and not expected
            c.fn += expected and not got
        if found != row["rules"]:
            scores.misses.append(f"rules  {row['text']!r}: labelled {sorted(row['rules'])}, found {sorted(found)}")
        pattern = classify_ears(row["text"]).pattern
        scores.ears_total += 1
        scores.ears_right += pattern == row["ears"]
        if pattern != row["ears"]:
            scores.misses.append(f"EARS   {row['text']!r}: labelled {row['ears']}, found {pattern}")
    return scores


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--misses", action="store_true", help="list the statements where a rule disagrees")
    args = parser.parse_args()
    scores = evaluate()
    print(f"text rules on {LABELLED.name} ({scores.ears_total} statements)")
    print(f"  {'rule':12s} {'tp':>4s} {'fp':>4s} {'fn':>4s} {'precision':>10s} {'recall':>8s}")
    for rule, c in scores.rules.items():
        print(f"  {rule:12s} {c.tp:4d} {c.fp:4d} {c.fn:4d} {c.precision:10.2f} {c.recall:8.2f}")
    o = scores.overall
    print(f"  {'overall':12s} {o.tp:4d} {o.fp:4d} {o.fn:4d} {o.precision:10.2f} {o.recall:8.2f}")
    print(
        f"overall precision {o.precision:.2f} ({o.precision / PRECISION_GOAL:.2f}x the {PRECISION_GOAL} goal), "
        f"recall {o.recall:.2f} ({o.recall / RECALL_GOAL:.2f}x the {RECALL_GOAL} goal)"
    )
    print(f"EARS pattern accuracy {scores.ears_accuracy:.2f} ({scores.ears_right}/{scores.ears_total})")
    for subset in SUBSETS:
        part = evaluate(subset=subset)
        p = part.overall
        print(
            f"  {subset:9s} {part.ears_total:3d} statements: precision {p.precision:.2f}, recall {p.recall:.2f}, "
            f"EARS {part.ears_accuracy:.2f}"
        )
    if args.misses:
        print("\n".join(["", *scores.misses]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
