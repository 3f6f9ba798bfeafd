"""AppTest rerun time of each page on a large project (200 use cases, 100 entities, 1,000
messages) divided by its rerun time on an empty project, same run; SQL statements and transactions per render.

Run: .venv/bin/python bench/pages.py            (goal: ratio <= 5, statements <= 30 per render)
     .venv/bin/python bench/pages.py --profile pages/chat.py   (cProfile of one large rerun)
     .venv/bin/python bench/pages.py --sql pages/chat.py       (the statements of one large rerun)
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import statistics
import sys
import tempfile
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import logging  # noqa: E402

from core.config import get_settings  # noqa: E402
from tests.dbutil import migrate, sqlite_url  # noqa: E402

RERUNS = 5
GOAL_RATIO = 5.0
GOAL_STATEMENTS = 30
USE_CASES, ENTITIES, ACTORS, MESSAGES = 200, 100, 20, 1000


def large_data():
    """20 actors; 200 use cases of 6 steps; 100 entities of 6 attributes and 2 relationships."""
    from core.prd import PRDData

    actors = [
        {"name": f"Actor {i}", "kind": "human" if i % 4 else "external_system", "role": f"Does part {i} of the work"}
        for i in range(ACTORS)
    ]
    use_cases = [
        {
            "id": f"UC-{i + 1}",
            "name": f"Handle request {i}",
            "actor": f"Actor {i % ACTORS}",
            "trigger": "A request arrives",
            "outcome": "The request is handled",
            "steps": [
                f"Actor {i % ACTORS} submits request {i}",
                "System validates the request",
                f"System sends the details to Actor {(i * 3) % ACTORS}",
                "If the request is incomplete, the system shows what is missing",
                "System stores the request",
                "System confirms the request",
            ],
        }
        for i in range(USE_CASES)
    ]
    entities = [
        {
            "name": f"Entity {i}",
            "attributes": [f"field_{j}: string" for j in range(6)],
            "relationships": [
                {"target": f"Entity {(i + 1) % ENTITIES}", "kind": "one_to_many", "label": "owns"},
                {"target": f"Entity {(i * 7) % ENTITIES}", "kind": "many_to_one", "label": "refers to"},
            ],
        }
        for i in range(ENTITIES)
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


def seed() -> tuple:
    """Two teams, each with an owner: one with the large project, one with an empty project."""
    from core import artifacts
    from core.projects import storage
    from db.models import Conversation
    from db.session import session_scope
    from db.types import utcnow
    from tests.factories import make_actor, make_project

    with session_scope() as db:
        empty_actor = make_actor(db, role="owner", plan="pro")
        empty_id = make_project(db, actor=empty_actor, name="Empty").id
        large_actor = make_actor(db, role="owner", plan="pro")
        large_id = make_project(db, actor=large_actor, name="Large").id
        storage.store(db, project_id=large_id, data=large_data(), expected_version=1)
        start = utcnow() - timedelta(days=1)
        db.add_all(
            Conversation(
                project_id=large_id,
                role="user" if i % 2 == 0 else "assistant",
                content=f"Message {i}: the product also needs to handle request type {i} for its users, "
                "with a confirmation once it is stored and a clear message when something is missing.",
                client_message_id=f"m{i}" if i % 2 == 0 else None,
                author_user_id=large_actor.user_id if i % 2 == 0 else None,
                created_at=start + timedelta(seconds=i),
            )
            for i in range(MESSAGES)
        )
        db.flush()
        made = artifacts.generate(db, actor=large_actor, project_id=large_id)
    print(
        f"seeded: {USE_CASES} use cases, {ENTITIES} entities, {ACTORS} actors, {MESSAGES} messages, "
        f"{len(made)} artifacts"
    )
    return (empty_actor, empty_id), (large_actor, large_id)


class StatementCounter:
    """Counts (and optionally keeps) every statement the app's engine sends."""

    def __init__(self) -> None:
        from sqlalchemy import event

        from db.session import get_engine

        self.count = 0
        self.transactions = 0
        self.keep = False
        self.statements: list[str] = []
        event.listen(get_engine(), "before_cursor_execute", self._on_execute)

    def _on_execute(self, _conn, _cursor, statement, _parameters, _context, _executemany) -> None:
        self.count += 1
        self.transactions += statement.startswith("BEGIN")  # one per session_scope on SQLite
        if self.keep:
            self.statements.append(" ".join(statement.split())[:160])


def measure(actor, project_id: int, page: str, counter: StatementCounter) -> tuple[float, float, float, bool]:
    """Median ms of RERUNS reruns after the first render, statements and transactions per rerun, any exception."""
    from tests.pages.apptest import open_app

    at = open_app(actor, page, project_id=project_id)
    samples = []
    before, transactions = counter.count, counter.transactions
    for _ in range(RERUNS):
        start = time.perf_counter()
        at.run()
        samples.append((time.perf_counter() - start) * 1000)
    statements = (counter.count - before) / RERUNS
    per_render = (counter.transactions - transactions) / RERUNS
    return statistics.median(samples), statements, per_render, bool(at.exception)


def profile(actor, project_id: int, page: str, counter: StatementCounter, show_sql: bool) -> None:
    """One large rerun under cProfile (or with its statements listed)."""
    from streamlit.testing.v1.local_script_runner import LocalScriptRunner

    from tests.pages.apptest import open_app

    at = open_app(actor, page, project_id=project_id)
    at.run()
    if show_sql:
        counter.keep, counter.statements = True, []
        at.run()
        counter.keep = False
        for statement, n in Counter(counter.statements).most_common():
            print(f"{n:4d}x {statement}")
        print(f"{len(counter.statements)} statements")
        return
    profiler = cProfile.Profile()
    runner = LocalScriptRunner._run_script  # the page runs in the script thread: profile there

    def profiled(self, rerun_data):
        profiler.enable()
        try:
            return runner(self, rerun_data)
        finally:
            profiler.disable()

    LocalScriptRunner._run_script = profiled
    try:
        at.run()
    finally:
        LocalScriptRunner._run_script = runner
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(45)
    print(out.getvalue())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profile", metavar="PAGE", help="cProfile one large rerun of PAGE")
    parser.add_argument("--sql", metavar="PAGE", help="list the statements of one large rerun of PAGE")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = sqlite_url(Path(tmp) / "bench.db")
        migrate(url)
        os.environ.update(DATABASE_URL=url, DATA_DIR=tmp)
        os.environ.pop("OPENAI_API_KEY", None)
        get_settings.cache_clear()
        # AppTest sets session state outside a script run; Streamlit warns about it on every run.
        logging.getLogger("streamlit.runtime.scriptrunner_utils.script_run_context").addFilter(
            lambda record: "missing ScriptRunContext" not in record.getMessage()
        )
        from db.session import reset_engines
        from ui.navigation import PAGES

        reset_engines()
        try:
            (empty_actor, empty_id), (large_actor, large_id) = seed()
            counter = StatementCounter()
            if args.profile or args.sql:
                profile(large_actor, large_id, args.profile or args.sql, counter, show_sql=bool(args.sql))
                return 0
            return report(PAGES, (empty_actor, empty_id), (large_actor, large_id), counter)
        finally:
            reset_engines()


def report(pages, empty, large, counter: StatementCounter) -> int:
    print(f"AppTest rerun, median of {RERUNS} (goal: ratio <= {GOAL_RATIO:g}, <= {GOAL_STATEMENTS} statements)")
    print(
        f"  {'page':22s} {'empty ms':>9s} {'large ms':>9s} {'ratio':>6s} {'SQL empty':>10s} {'SQL large':>10s}"
        f" {'txn large':>10s}"
    )
    worst = (0.0, "")
    for spec in pages:
        empty_ms, empty_sql, _, empty_err = measure(*empty, spec.path, counter)
        large_ms, large_sql, large_txn, large_err = measure(*large, spec.path, counter)
        ratio = large_ms / empty_ms
        worst = max(worst, (ratio, spec.path))
        flags = [
            f
            for f, bad in (
                ("RATIO", ratio > GOAL_RATIO),
                ("SQL", max(empty_sql, large_sql) > GOAL_STATEMENTS),
                ("EXCEPTION", empty_err or large_err),
            )
            if bad
        ]
        print(
            f"  {spec.path:22s} {empty_ms:9.1f} {large_ms:9.1f} {ratio:6.2f} {empty_sql:10.1f} {large_sql:10.1f}"
            f" {large_txn:10.1f}  {' '.join(flags)}"
        )
    print(f"worst ratio: {worst[0]:.2f} ({worst[1]}; {'within' if worst[0] <= GOAL_RATIO else 'over'} the goal)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
