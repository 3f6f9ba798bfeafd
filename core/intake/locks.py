"""One turn at a time per project in this process: a message sent while a turn runs waits for
it instead of answering the same waiting message again (and paying for it twice)."""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager

log = logging.getLogger("product_helper.intake")


class ProjectLocks:
    """Reentrant per project for the thread holding it (a turn inside a turn's stream, as a double
    submit in one thread does); released by whichever thread closes the turn's stream."""

    def __init__(self) -> None:
        self._changed = threading.Condition()
        self._owners: dict[int, tuple[int, int]] = {}  # project id -> (thread id, depth)
        self._waiting: dict[int, int] = {}

    def _free_for(self, project_id: int, me: int) -> bool:
        owner = self._owners.get(project_id)
        return owner is None or owner[0] == me

    @contextmanager
    def hold(self, project_id: int, *, wait_s: float) -> Iterator[bool]:
        """Hold the project's turn; after `wait_s` go on without it (the reply's unique id still
        stores one reply) rather than wait for a turn that never ends. Yields whether it is held."""
        me = threading.get_ident()
        with self._changed:
            self._waiting[project_id] = self._waiting.get(project_id, 0) + 1
            self._changed.notify_all()
            try:
                held = self._changed.wait_for(lambda: self._free_for(project_id, me), timeout=wait_s)
            finally:
                self._waiting[project_id] -= 1
            if held:
                depth = self._owners.get(project_id, (me, 0))[1]
                self._owners[project_id] = (me, depth + 1)
        if not held:
            log.warning("a turn of project %s still ran after %.0f s; answering without waiting", project_id, wait_s)
        try:
            yield held
        finally:
            if held:
                self._release(project_id)

    def _release(self, project_id: int) -> None:
        with self._changed:
            owner, depth = self._owners[project_id]
            if depth > 1:
                self._owners[project_id] = (owner, depth - 1)
            else:
                del self._owners[project_id]
            self._changed.notify_all()

    def busy(self, project_id: int) -> bool:
        """Whether a turn of the project is running now."""
        with self._changed:
            return project_id in self._owners

    def wait_until_waiting(self, project_id: int, *, timeout: float) -> bool:
        """Block until some turn waits for the project (True), or `timeout` passed (False)."""
        with self._changed:
            return self._changed.wait_for(lambda: self._waiting.get(project_id, 0) > 0, timeout=timeout)


PROJECT_TURNS = ProjectLocks()
