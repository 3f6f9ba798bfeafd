"""The language-model engine: the chat model from settings, structured extraction into the
project data shapes, and the next question phrased as a streamed reply."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TypeVar

from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, SystemMessage
from langchain_openai import ChatOpenAI
from pydantic import BaseModel

from core.config import Settings, get_settings
from core.intake import attempts, model_schema, prompts
from core.intake.failures import CUT_OFF, RETRY_HINT, IncompleteReply, failures
from core.prd import PRDData, from_message

T = TypeVar("T")
# The question an answer is read against when it answers none (free information).
NO_QUESTION = "(none: the product owner adds this on their own, it answers no particular question)"


class Usage(BaseModel):
    """Tokens one model call used, as the server reported them."""

    prompt_tokens: int = 0
    completion_tokens: int = 0


def _call(run: Callable[[], T], usage: Callable[[T], Usage], text: Callable[[T], str] | None = None) -> T:
    """One model call: its HTTP tries are logged as they are sent (attempts.py); the tokens go on
    the try that answered; a stream without its end marker is an incomplete reply, not an answer."""
    log = attempts.current()
    tries = log.attempts if log is not None else []
    first = len(tries)
    with failures(lambda: tries[first:]):
        out = run()
    mine = tries[first:]
    if mine:
        used = usage(out)
        mine[-1].prompt_tokens, mine[-1].completion_tokens = used.prompt_tokens, used.completion_tokens
        if mine[-1].streamed and not mine[-1].ended:
            raise IncompleteReply(CUT_OFF + RETRY_HINT, partial=text(out) if text else "")
    return out


def chat_model(settings: Settings | None = None, *, streaming: bool = True) -> ChatOpenAI:
    """The one place the chat model is built from settings (key, base URL, model, limits)."""
    s = settings or get_settings()
    return ChatOpenAI(
        api_key=s.openai_api_key,
        base_url=s.openai_base_url or None,
        model=s.openai_model,
        timeout=s.llm_timeout_s,
        max_retries=s.llm_max_retries,
        stream_usage=True,
        disable_streaming=not streaming,
        http_client=attempts.http_client(),
    )


def digest(data: PRDData) -> str:
    """A compact, bounded summary of the known names: keeps prompts flat as the data grows."""
    lines = [
        _names("Actors", [a.name for a in data.actors]),
        _names("Use cases", [u.name for u in data.use_cases]),
        _names("Entities", [e.name for e in data.data_entities]),
        _names("External systems", data.system_boundaries.external),
    ]
    if data.problem_statement.text:
        lines.append("Problem: " + data.problem_statement.text[:200])
    return "\n".join(line for line in lines if line) or "(nothing yet)"


def _names(label: str, names: list[str], limit: int = 20) -> str:
    if not names:
        return ""
    shown = ", ".join(n[:60] for n in names[:limit])
    more = f" (+{len(names) - limit} more)" if len(names) > limit else ""
    return f"{label}: {shown}{more}"


def extract_answer(
    *, data: PRDData, question: str | None, answer: str, message_id: int | None
) -> tuple[PRDData, Usage]:
    """What one answer adds: the known names, the question (None: it answers none) and the answer."""
    user = prompts.EXTRACT_USER.format(digest=digest(data), question=question or NO_QUESTION, answer=answer)
    return _structured([SystemMessage(prompts.EXTRACT_SYSTEM), HumanMessage(user)], message_id)


def extract_document(*, data: PRDData, text: str, message_id: int | None) -> tuple[PRDData, Usage]:
    """A first draft from a whole requirements text, in one call."""
    user = prompts.DOCUMENT_USER.format(digest=digest(data), text=text)
    return _structured([SystemMessage(prompts.DOCUMENT_SYSTEM), HumanMessage(user)], message_id)


def _structured(messages: list[BaseMessage], message_id: int | None) -> tuple[PRDData, Usage]:
    settings = get_settings()
    method = settings.openai_structured
    if method == "json_object":  # the server only promises some JSON: the prompt shows the shape
        system, *rest = messages
        hint = f"\nAnswer with one JSON object shaped like this:\n{model_schema.shape_hint()}"
        messages = [SystemMessage(f"{system.content}{hint}"), *rest]
    runnable = _extractor(chat_model(settings, streaming=False), method)
    message = _call(lambda: runnable.invoke(messages), usage_of)
    with failures():
        delta = model_schema.to_prd(_answer(message, method))
    return stamp(delta, message_id), usage_of(message)


def _extractor(model: ChatOpenAI, method: str):
    """Structured output the way the server supports it (OPENAI_STRUCTURED)."""
    if method == "tools":
        return model.bind_tools([model_schema.tool()], tool_choice=model_schema.SCHEMA_NAME)
    if method == "json_object":
        return model.bind(response_format={"type": "json_object"})
    schema = model_schema.response_format(strict=method == "strict")
    return model.bind(response_format={"type": "json_schema", "json_schema": schema})


def _answer(message: AIMessage, method: str) -> object:
    """The JSON the model wrote, parsed strictly: a cut-off answer is malformed, never half-read."""
    if method == "tools":
        if not message.tool_calls:
            raise ValueError("the model did not call the tool")
        return message.tool_calls[0]["args"]
    text = message.content if isinstance(message.content, str) else message.text
    return json.loads(text)


def phrase_question(*, question: str, answer: str, gaps: list[str]) -> tuple[str, Usage]:
    """The next question in the assistant's words; streams token by token inside the graph."""
    user = prompts.PHRASE_USER.format(answer=answer[:2000], gaps="; ".join(gaps[:4]) or "nothing", question=question)
    messages = [SystemMessage(prompts.PHRASE_SYSTEM), HumanMessage(user)]
    message = _call(lambda: chat_model().invoke(messages), usage_of, text_of)
    return (text_of(message).strip() or question), usage_of(message)


def text_of(message: AIMessage) -> str:
    return message.content if isinstance(message.content, str) else message.text


def usage_of(message: AIMessage | None) -> Usage:
    meta = getattr(message, "usage_metadata", None) or {}
    return Usage(prompt_tokens=meta.get("input_tokens", 0), completion_tokens=meta.get("output_tokens", 0))


def stamp(delta: PRDData, message_id: int | None) -> PRDData:
    """Every extracted item points at the message it came from; ids are assigned on merge."""
    source = from_message(message_id)
    for item in (*delta.actors, *delta.use_cases, *delta.data_entities, *delta.goals, *delta.nfrs):
        item.source = source
    for uc in delta.use_cases:
        uc.id = ""
    for part in (delta.system_boundaries, delta.problem_statement, delta.constraints):
        part.source = source
    return delta
