"""Diagram generation for a large project (200 entities, 100 use cases): ms per diagram type; and
validation of a project with 500 requirement statements.

Run: .venv/bin/python bench/core.py   (goal: each diagram type, and the validation, within 100 ms)
"""

from __future__ import annotations

import gc
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from core.diagrams import TYPES, generate  # noqa: E402
from core.diagrams.base import MERMAID_MAX_TEXT  # noqa: E402
from core.diagrams.check import verify  # noqa: E402
from core.prd import PRDData  # noqa: E402
from core.validation import validate  # noqa: E402
from core.validation.words import clear_caches  # noqa: E402

GOAL_MS = 100
ROUNDS = 7


def large_project() -> PRDData:
    """200 entities with 6 attributes and 2 relationships each; 100 use cases of 6 steps; 20 actors."""
    actors = [
        {"name": f"Actor {i}", "kind": "human" if i % 4 else "external_system", "role": "role"} for i in range(20)
    ]
    use_cases = [
        {
            "id": f"UC-{i}",
            "name": f"Handle request {i}",
            "actor": f"Actor {i % 20 or 1}",
            "trigger": "A request arrives",
            "outcome": "The request is handled",
            "steps": [
                f"Actor {i % 20 or 1} submits request {i}",
                "System validates the request",
                f"System sends the details to Actor {(i * 4) % 20}",
                "If the request is incomplete, the system shows what is missing",
                "System stores the request",
                "System confirms the request",
            ],
        }
        for i in range(100)
    ]
    entities = [
        {
            "name": f"Entity {i}",
            "attributes": [f"field_{j}: string" for j in range(6)],
            "relationships": [
                {"target": f"Entity {(i + 1) % 200}", "kind": "one_to_many", "label": "owns"},
                {"target": f"Entity {(i * 7) % 200}", "kind": "many_to_one", "label": "refers to"},
            ],
        }
        for i in range(200)
    ]
    boundaries = {
        "internal": ["API", "Worker"],
        "external": ["Bank", "Mailer"],
        "in_scope": ["x"],
        "out_of_scope": ["y"],
    }
    return PRDData.model_validate(
        {"actors": actors, "use_cases": use_cases, "data_entities": entities, "system_boundaries": boundaries}
    )


_WRITTEN = (
    "The system shall send the receipt within {i} seconds of payment.",
    "When a courier scans a parcel, the app shall record the time and the GPS position within {i} m.",
    "The dashboard should load fast and show some statistics about the last {i} days.",
    "Users must be able to export up to {i} reports as PDF and/or CSV if possible.",
    "If a payment fails, then the system shall retry the charge after {i} minutes.",
    "It shall notify the dispatcher when a route is late by more than {i}.",
)


def requirements_project(statements: int = 500) -> PRDData:
    """Statements as product owners write them, good and bad: 100 use cases (a description and 3 steps
    each), and NFRs and constraints for the rest; each one different so nothing is served from a cache."""
    line = (_WRITTEN[i % len(_WRITTEN)].format(i=i + 2) for i in range(statements))
    use_cases = [
        {
            "id": f"UC-{i + 1}",
            "name": f"Handle delivery {i}",
            "actor": "Courier",
            "trigger": "A parcel arrives",
            "outcome": "The parcel is delivered",
            "description": next(line),
            "steps": [next(line), f"System stores the delivery {i}", next(line)],
            "source": {"kind": "manual"},
        }
        for i in range(100)
    ]
    nfrs = [{"category": "performance", "statement": next(line), "source": {"kind": "manual"}} for _ in range(50)]
    business = [next(line) for _ in range(25)]
    technical = [next(line) for _ in range(statements - 100 * 4 - 50 - 25)]
    actors = [{"name": "Courier", "role": "delivers", "source": {"kind": "manual"}}]
    return PRDData.model_validate(
        {
            "actors": actors,
            "use_cases": use_cases,
            "nfrs": nfrs,
            "constraints": {"business": business, "technical": technical},
        }
    )


def time_ms(fn) -> float:
    samples = []
    for _ in range(ROUNDS):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def main() -> int:
    time_diagrams()
    gc.collect()  # the diagrams' objects are gone before validation is timed
    time_validation()
    return 0


def time_diagrams() -> None:
    data = large_project()
    print(f"diagram generation, 200 entities / 100 use cases, median of {ROUNDS} runs (goal <= {GOAL_MS} ms)")
    worst = 0.0
    for artifact_type in TYPES:
        ms = time_ms(lambda t=artifact_type: generate(data, t, "Large system"))
        drawings = generate(data, artifact_type, "Large system")
        size = sum(len(d.dot) + len(d.mermaid) for d in drawings)
        longest = max((len(d.mermaid) for d in drawings), default=0)
        worst = max(worst, ms)
        print(
            f"  {artifact_type:18s} {ms:7.1f} ms  {len(drawings):3d} drawing(s)  {size / 1024:7.1f} KiB  "
            f"{ms / GOAL_MS:4.2f}x goal  longest Mermaid {longest:,} chars "
            f"({longest / MERMAID_MAX_TEXT:.2f}x Mermaid's {MERMAID_MAX_TEXT:,} limit)"
        )
    all_drawings = [d for t in TYPES for d in generate(data, t, "Large system")]
    check_ms = time_ms(lambda: verify(all_drawings)) if ROUNDS else 0.0
    print(f"  check of all {len(all_drawings)} drawings (dot when installed): {check_ms:.0f} ms")
    print(f"worst type: {worst:.1f} ms ({'within' if worst <= GOAL_MS else 'over'} the goal)")


def time_validation() -> None:
    """Validation of 500 statements from cold text caches each round, as a fresh project would run."""
    data = requirements_project()
    report = validate(data, name="Large system")
    statements = 100 * 4 + len(data.nfrs) + len(data.constraints.business) + len(data.constraints.technical)

    def cold() -> None:
        clear_caches()
        validate(data, name="Large system")

    ms = time_ms(cold)
    found = sum(len(c.findings) for c in report.checks)
    print(
        f"validation, {statements} requirement statements, median of {ROUNDS} runs (goal <= {GOAL_MS} ms): "
        f"{ms:.1f} ms, {ms / GOAL_MS:4.2f}x goal ({len(report.checks)} checks, {found} findings, "
        f"{len(report.ears)} EARS classifications)"
    )


if __name__ == "__main__":
    sys.exit(main())
