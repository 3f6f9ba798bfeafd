"""A small OpenAI-compatible chat server on 127.0.0.1 for tests and the token benchmark:
scripted replies (JSON, streamed chunks, HTTP errors, delays, malformed output, a proxy's
HTML page, streams cut short or dropped), every request body recorded, token usage counted
from the request size."""

from __future__ import annotations

import json
import threading
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Literal

from tests import strict_schema

DEFAULT_REPLY = "What else should the product do?"
HTML_PAGE = "<html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1></body></html>"
StreamEnd = Literal["done", "cut", "drop"]


def count_tokens(text: str) -> int:
    """Roughly four characters a token, like the usual rule of thumb."""
    return max(1, len(text) // 4)


@dataclass
class Reply:
    """One scripted answer: content, or an HTTP status, or a delay before answering. A stream
    ends with its end marker ("done"), stops cleanly without it ("cut"), or loses its
    connection halfway through the body ("drop")."""

    content: str = ""
    status: int = 200
    delay_s: float = 0.0
    chunks: list[str] | None = None
    content_type: str = "application/json"
    headers: dict[str, str] = field(default_factory=dict)
    end: StreamEnd = "done"


@dataclass
class FakeOpenAI:
    """Start with `with FakeOpenAI() as fake:`; point OPENAI_BASE_URL at `fake.url`."""

    replies: deque[Reply] = field(default_factory=deque)
    requests: list[dict[str, Any]] = field(default_factory=list)
    responder: Callable[[dict[str, Any]], Reply] | None = None
    _server: ThreadingHTTPServer | None = None
    _stop: threading.Event = field(default_factory=threading.Event)

    # -- scripting ---------------------------------------------------------------------
    def add_json(self, payload: Any) -> None:
        self.replies.append(Reply(content=json.dumps(payload)))

    def add_text(self, text: str) -> None:
        self.replies.append(Reply(content=text))

    def add_stream(self, chunks: list[str], *, end: StreamEnd = "done") -> None:
        """A streamed reply; end="cut" stops without `data: [DONE]`, "drop" breaks the connection."""
        self.replies.append(Reply(content="".join(chunks), chunks=list(chunks), end=end))

    def add_error(self, status: int = 500, *, retry_after_ms: int | None = None) -> None:
        """An HTTP error; retry_after_ms tells the client how long to wait before its retry."""
        headers = {"retry-after-ms": str(retry_after_ms)} if retry_after_ms is not None else {}
        self.replies.append(Reply(content='{"error": {"message": "boom"}}', status=status, headers=headers))

    def add_html(self, status: int = 200) -> None:
        """A proxy's error page where the model's answer should be, by default with HTTP 200."""
        self.replies.append(Reply(content=HTML_PAGE, status=status, content_type="text/html; charset=utf-8"))

    def add_delay(self, seconds: float) -> None:
        self.replies.append(Reply(content="{}", delay_s=seconds))

    def add_malformed(self) -> None:
        self.replies.append(Reply(content='{"actors": [{"name": "Buyer"'))

    def add_refusal(self, status: int, message: str) -> None:
        """An error the provider explains in its body, as OpenAI does."""
        body = {"error": {"message": message, "type": "invalid_request_error", "code": None}}
        self.replies.append(Reply(content=json.dumps(body), status=status))

    # -- lifecycle ---------------------------------------------------------------------
    @property
    def url(self) -> str:
        assert self._server is not None
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}/v1"

    def __enter__(self) -> FakeOpenAI:
        handler = type("Handler", (_Handler,), {"fake": self})
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self._server.daemon_threads = True
        self._server.block_on_close = False
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    # -- answering ---------------------------------------------------------------------
    def next_reply(self, body: dict[str, Any]) -> Reply:
        if self.replies:
            return self.replies.popleft()
        if self.responder is not None:
            return self.responder(body)
        if body.get("response_format"):
            return Reply(content="{}")
        return Reply(content=DEFAULT_REPLY)

    def chat_requests(self) -> list[dict[str, Any]]:
        return [r for r in self.requests if "messages" in r]


class _Handler(BaseHTTPRequestHandler):
    fake: FakeOpenAI

    def log_message(self, *args: object) -> None:  # keep test output quiet
        return

    def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
        raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        body = json.loads(raw or b"{}")
        self.fake.requests.append(body)
        refused = _strict_refusal(body)
        reply = refused or self.fake.next_reply(body)
        if reply.delay_s and self.fake._stop.wait(reply.delay_s):
            return
        if reply.status != 200 or reply.content_type != "application/json":
            self._send(reply.status, reply.content.encode(), reply.content_type, reply.headers)
            return
        usage = _usage(raw.decode(), reply.content)
        if body.get("stream"):
            self._stream(body, reply, usage)
        else:
            answer = _completion(body, reply.content, usage)
            if body.get("tools"):  # answered as a call of the one tool the request offers
                answer["choices"][0]["message"] = _tool_call(body, reply.content)
            self._send(200, json.dumps(answer).encode(), "application/json")

    def _send(
        self, status: int, data: bytes, ctype: str, headers: dict[str, str] | None = None, *, length: int | None = None
    ) -> None:
        """One response; a `length` above the data's announces more than is sent (a dropped body)."""
        try:
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(data) if length is None else length))
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(data)
            self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            return
        if length is not None:
            self.close_connection = True

    def _stream(self, body: dict[str, Any], reply: Reply, usage: dict[str, int]) -> None:
        chunks = reply.chunks or [reply.content]
        events = [_chunk(body, {"role": "assistant", "content": ""}, None)]
        events += [_chunk(body, {"content": c}, None) for c in chunks]
        if reply.end == "done":
            events.append(_chunk(body, {}, "stop"))
            if (body.get("stream_options") or {}).get("include_usage"):
                events.append({**_chunk(body, {}, None), "choices": [], "usage": usage})
        data = "".join(f"data: {json.dumps(e)}\n\n" for e in events)
        if reply.end == "done":
            data += "data: [DONE]\n\n"
        length = len(data.encode()) + 4096 if reply.end == "drop" else None
        self._send(200, data.encode(), "text/event-stream", length=length)


def _strict_refusal(body: dict[str, Any]) -> Reply | None:
    """HTTP 400 for a strict json_schema the real service would refuse, with its kind of message."""
    spec = (body.get("response_format") or {}).get("json_schema") or {}
    if not spec.get("strict"):
        return None
    found = strict_schema.problems(spec.get("schema"))
    if not found:
        return None
    message = f"Invalid schema for response_format '{spec.get('name')}': {found[0]}"
    return Reply(content=json.dumps({"error": {"message": message, "type": "invalid_request_error"}}), status=400)


def _tool_call(body: dict[str, Any], arguments: str) -> dict[str, Any]:
    name = body["tools"][0]["function"]["name"]
    call = {"id": "call_fake", "type": "function", "function": {"name": name, "arguments": arguments}}
    return {"role": "assistant", "content": None, "tool_calls": [call], "refusal": None}


def _usage(request: str, content: str) -> dict[str, int]:
    prompt, completion = count_tokens(request), count_tokens(content)
    return {"prompt_tokens": prompt, "completion_tokens": completion, "total_tokens": prompt + completion}


def _completion(body: dict[str, Any], content: str, usage: dict[str, int]) -> dict[str, Any]:
    return {
        "id": "chatcmpl-fake",
        "object": "chat.completion",
        "created": 0,
        "model": body.get("model", "fake"),
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": content, "refusal": None},
                "finish_reason": "stop",
                "logprobs": None,
            }
        ],
        "usage": usage,
    }


def _chunk(body: dict[str, Any], delta: dict[str, Any], finish: str | None) -> dict[str, Any]:
    return {
        "id": "chatcmpl-fake",
        "object": "chat.completion.chunk",
        "created": 0,
        "model": body.get("model", "fake"),
        "choices": [{"index": 0, "delta": delta, "finish_reason": finish, "logprobs": None}],
    }


def point_settings_at(monkeypatch, fake: FakeOpenAI, *, timeout_s: float = 5.0) -> None:
    """Make the app's settings use the fake server (the engine becomes "llm")."""
    from core.config import get_settings

    monkeypatch.setenv("OPENAI_API_KEY", "test-key")
    monkeypatch.setenv("OPENAI_BASE_URL", fake.url)
    monkeypatch.setenv("OPENAI_MODEL", "fake-model")
    monkeypatch.setenv("LLM_TIMEOUT_S", str(timeout_s))
    monkeypatch.setenv("LLM_MAX_RETRIES", "0")
    get_settings.cache_clear()
