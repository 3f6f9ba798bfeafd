"""Every HTTP request the model client sends, seen on the wire: each try (the client's own
retries included) is logged for usage and the hourly limit, a web page where the model's
answer should be is refused, and a stream counts as complete only once its end marker came."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import cache

import httpx2
import openai

_END_MARKER = re.compile(rb"(?:^|\n)data: ?\[DONE\]")
_ATTEMPT = "product_helper.attempt"  # where a request carries its Attempt to the response hook


@dataclass
class Attempt:
    """One HTTP request to the model's server and what came back."""

    started: float = field(default_factory=time.monotonic)
    status: int | None = None  # None: no response came (a timeout, a refused connection)
    streamed: bool = False
    ended: bool = False  # a stream's end marker (`data: [DONE]`) arrived
    prompt_tokens: int = 0
    completion_tokens: int = 0


@dataclass
class CallLog:
    """Every HTTP request a turn made, failed and retried ones included: each may be billed,
    so each counts toward the hourly limit; a failed one's tokens stay at zero."""

    attempts: list[Attempt] = field(default_factory=list)


_CALL_LOG: ContextVar[CallLog | None] = ContextVar("llm_call_log", default=None)


@contextmanager
def call_log() -> Iterator[CallLog]:
    """Collect the requests made inside the block (the graph's nodes share the log object)."""
    log, previous = CallLog(), _CALL_LOG.get()
    token = _CALL_LOG.set(log)
    try:
        yield log
    finally:
        try:
            _CALL_LOG.reset(token)
        except ValueError:  # closed from another context: put the previous log back by hand
            _CALL_LOG.set(previous)


def current() -> CallLog | None:
    return _CALL_LOG.get()


class NotAModelAnswer(openai.APIError):
    """HTTP 200 with a web page (a proxy's or gateway's error page) instead of the model's answer."""


class _EndMarkerWatch(httpx2.SyncByteStream):
    """Passes a stream's bytes through unchanged and notes when the end marker goes by."""

    def __init__(self, inner: httpx2.SyncByteStream, attempt: Attempt):
        self._inner, self._attempt, self._tail = inner, attempt, b""

    def __iter__(self) -> Iterator[bytes]:
        for chunk in self._inner:
            seen = self._tail + chunk
            if _END_MARKER.search(seen):
                self._attempt.ended = True
            self._tail = seen[-16:]
            yield chunk

    def close(self) -> None:
        self._inner.close()


def _on_request(request: httpx2.Request) -> None:
    log = _CALL_LOG.get()
    if log is not None:
        attempt = Attempt()
        log.attempts.append(attempt)
        request.extensions[_ATTEMPT] = attempt


def _on_response(response: httpx2.Response) -> None:
    attempt = response.request.extensions.get(_ATTEMPT)
    if attempt is not None:
        attempt.status = response.status_code
    content_type = response.headers.get("content-type", "").lower()
    if response.status_code == 200 and content_type.startswith("text/html"):
        raise NotAModelAnswer(
            "The server answered with a web page instead of the model's answer.", response.request, body=None
        )
    if attempt is not None and content_type.startswith("text/event-stream"):
        attempt.streamed = True
        response.stream = _EndMarkerWatch(response.stream, attempt)  # type: ignore[arg-type]


@cache
def http_client() -> httpx2.Client:
    """One client for every model call (its connections are reused), with the two hooks."""
    return openai.DefaultHttpxClient(event_hooks={"request": [_on_request], "response": [_on_response]})
