"""Diagram generation for a large project (200 entities, 100 use cases): ms per diagram type.

Run: .venv/bin/python bench/core.py   (goal: each type within 100 ms)
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from core.diagrams import TYPES, generate  # noqa: E402
from core.diagrams.base import MERMAID_MAX_TEXT  # noqa: E402
from core.diagrams.check import verify  # noqa: E402
from core.project_data import PRDData  # noqa: E402

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


def time_ms(fn) -> float:
    samples = []
    for _ in range(ROUNDS):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def main() -> int:
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
    return 0


if __name__ == "__main__":
    sys.exit(main())
