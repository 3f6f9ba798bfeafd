"""Two sessions at once on PostgreSQL, in two threads: the first does its work and keeps its
transaction open; the second starts meanwhile; the first commits only once the second waits on a
lock (or has already finished, which is what happens when nothing locks). Events and bounded
waits, no sleeps or timing assertions."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from sqlalchemy import text
from sqlalchemy.orm import Session

from db.session import get_engine, session_scope

WAIT = 30  # seconds: the longest any step may take before the test gives up


def _blocked(pid: int) -> bool:
    with get_engine().connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        return bool(conn.scalar(text("SELECT cardinality(pg_blocking_pids(:pid)) > 0"), {"pid": pid}))


def race(first: Callable[[Session], object], second: Callable[[Session], object]) -> tuple[object, object]:
    """Each call's result, or the exception it raised, when `second` runs while `first` has done its
    work but not yet committed."""
    outcome: dict[str, object] = {}
    first_done, release, second_started = threading.Event(), threading.Event(), threading.Event()
    second_pid: list[int] = []

    def run_first() -> None:
        try:
            with session_scope() as db:
                outcome["first"] = first(db)
                first_done.set()
                if not release.wait(WAIT):
                    raise TimeoutError("the second session never started")
        except Exception as exc:
            outcome["first"] = exc
        finally:
            first_done.set()

    def run_second() -> None:
        try:
            with session_scope() as db:
                second_pid.append(db.connection().exec_driver_sql("SELECT pg_backend_pid()").scalar())
                second_started.set()
                outcome["second"] = second(db)
        except Exception as exc:
            outcome["second"] = exc
        finally:
            second_started.set()

    one, two = threading.Thread(target=run_first), threading.Thread(target=run_second)
    one.start()
    assert first_done.wait(WAIT), "the first session did not finish its work"
    two.start()
    assert second_started.wait(WAIT), "the second session did not start"
    deadline = time.monotonic() + WAIT
    while two.is_alive() and not _blocked(second_pid[0]):
        assert time.monotonic() < deadline, "the second session neither finished nor waited on a lock"
        two.join(0.02)
    release.set()
    one.join(WAIT)
    two.join(WAIT)
    assert not one.is_alive() and not two.is_alive(), "a session is still running"
    return outcome["first"], outcome["second"]
