"""The two engines behind one interface: run the intake graph for a turn or a document,
streaming the reply's text as the model writes it."""

from __future__ import annotations

from collections.abc import Generator
from dataclasses import fields

from core.config import Settings, get_settings
from core.errors import InvalidInput
from core.intake.graph import graph
from core.intake.state import Engine, TurnState
from core.prd import PRDData

ENGINES: tuple[Engine, ...] = ("offline", "llm")
_FIELDS = {f.name for f in fields(TurnState)}


def default_engine(settings: Settings | None = None) -> Engine:
    """The language model when an API key is set, the rule-based engine otherwise."""
    return "llm" if (settings or get_settings()).llm_enabled else "offline"


def resolve_engine(name: str | None, settings: Settings | None = None) -> Engine:
    """The engine asked for, refusing the model engine when no API key is configured."""
    settings = settings or get_settings()
    if name is None:
        return default_engine(settings)
    if name not in ENGINES:
        raise InvalidInput(f"Unknown engine {name!r}; use one of {', '.join(ENGINES)}.")
    if name == "llm" and not settings.llm_enabled:
        raise InvalidInput("The llm engine needs OPENAI_API_KEY to be set.")
    return name  # type: ignore[return-value]


def stream(state: TurnState) -> Generator[str, None, TurnState]:
    """Yield the reply's text as it is written; return the final state."""
    final: dict = {}
    streamed = False
    for mode, chunk in graph.stream(state, stream_mode=["messages", "values"]):
        if mode == "values":
            final = chunk
            continue
        message, meta = chunk
        text = message.content if isinstance(message.content, str) else ""
        if meta.get("langgraph_node") == "ask" and text:
            streamed = True
            yield text
    result = TurnState(**{k: v for k, v in final.items() if k in _FIELDS})
    if not streamed and result.reply:
        yield result.reply
    return result


def run(state: TurnState) -> TurnState:
    """The whole turn at once, for callers that do not stream."""
    gen = stream(state)
    while True:
        try:
            next(gen)
        except StopIteration as stop:
            return stop.value


def draft_document(text: str, *, engine: Engine, data: PRDData | None = None) -> PRDData:
    """Project data drafted from a requirements text: the import's code path, without a database."""
    state = TurnState(data=data or PRDData(), message=text, engine=engine, mode="document")
    return run(state).data
