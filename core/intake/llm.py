"""The language-model engine: the chat model from settings, structured extraction into the
project data shapes, and the next question phrased as a streamed reply."""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import TypeVar

import openai
from langchain_core.exceptions import OutputParserException
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, SystemMessage
from langchain_openai import ChatOpenAI
from pydantic import BaseModel, ValidationError

from core.config import Settings, get_settings
from core.errors import AssistantMisconfigured, AssistantUnavailable
from core.intake import model_schema, prompts
from core.project_data import PRDData, from_message

RETRY_HINT = " Your message is saved; press Retry to try again."
KEPT_HINT = " Your message is saved and is answered once this is fixed."
T = TypeVar("T")
log = logging.getLogger("product_helper.llm")


class Usage(BaseModel):
    """Tokens one model call used, as the server reported them."""

    prompt_tokens: int = 0
    completion_tokens: int = 0


@dataclass
class CallLog:
    """Every model call a turn made, failed ones included (a failed call may still cost money
    and counts toward the hourly limit); a failed call's usage stays at zero tokens."""

    calls: list[Usage] = field(default_factory=list)


_CALL_LOG: ContextVar[CallLog | None] = ContextVar("llm_call_log", default=None)


@contextmanager
def call_log() -> Iterator[CallLog]:
    """Collect the model calls made inside the block (the graph's nodes share the log object)."""
    log, previous = CallLog(), _CALL_LOG.get()
    _CALL_LOG.set(log)
    try:
        yield log
    finally:
        _CALL_LOG.set(previous)


def _call(run: Callable[[], T], usage: Callable[[T], Usage]) -> T:
    """One model call: logged before it is sent, its tokens filled in once it answered."""
    log = _CALL_LOG.get()
    entry = Usage()
    if log is not None:
        log.calls.append(entry)
    with failures():
        out = run()
    used = usage(out)
    entry.prompt_tokens, entry.completion_tokens = used.prompt_tokens, used.completion_tokens
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


def extract_answer(*, data: PRDData, question: str, answer: str, message_id: int | None) -> tuple[PRDData, Usage]:
    """What one answer adds: the known names, the question and the answer, nothing else."""
    user = prompts.EXTRACT_USER.format(digest=digest(data), question=question, answer=answer)
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
    message = _call(lambda: chat_model().invoke(messages), usage_of)
    text = message.content if isinstance(message.content, str) else message.text
    return (text.strip() or question), usage_of(message)


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


def timeout_message(settings: Settings) -> str:
    """What a timeout cost in time: each try waits LLM_TIMEOUT_S, and the client retries."""
    tries = settings.llm_max_retries + 1
    total = settings.llm_timeout_s * tries
    if tries == 1:
        return f"The assistant did not answer within {settings.llm_timeout_s:g} seconds."
    return (
        f"The assistant did not answer in time: {tries} tries of {settings.llm_timeout_s:g} seconds each "
        f"({_duration(total)} in all)."
    )


def _duration(seconds: float) -> str:
    if seconds < 120:
        return f"{seconds:g} seconds"
    return f"{seconds / 60:.1f}".removesuffix(".0") + " minutes"


@contextmanager
def failures() -> Iterator[None]:
    """Every way the model can fail becomes AssistantUnavailable with a message that says how."""
    try:
        yield
    except openai.APITimeoutError as exc:
        raise AssistantUnavailable(timeout_message(get_settings()) + RETRY_HINT) from exc
    except openai.APIStatusError as exc:
        if exc.status_code in FIXES:
            raise refused_as_configured(exc) from exc
        kind = "had an error" if exc.status_code >= 500 else "refused the request"
        raise AssistantUnavailable(f"The assistant's service {kind} (HTTP {exc.status_code})." + RETRY_HINT) from exc
    except openai.APIConnectionError as exc:
        raise AssistantUnavailable("The assistant's service could not be reached." + RETRY_HINT) from exc
    except (ValidationError, OutputParserException, json.JSONDecodeError, ValueError) as exc:
        raise AssistantUnavailable("The assistant's answer was malformed." + RETRY_HINT) from exc


# Refusals that a retry cannot change, with what to fix for each.
FIXES = {
    400: "check OPENAI_MODEL, and set OPENAI_STRUCTURED to what the server supports (README: "
    "Running with a language model)",
    401: "check OPENAI_API_KEY",
    403: "check that OPENAI_API_KEY may use this model",
    404: "check OPENAI_MODEL and OPENAI_BASE_URL",
    422: "set OPENAI_STRUCTURED to what the server supports (README: Running with a language model)",
}
_STRUCTURED_WORDS = re.compile(r"response_format|json_schema|strict|schema|tool", re.I)
_KEYLIKE = re.compile(r"\b(?:sk|key|rk)-[\w*.-]{4,}", re.I)


def refused_as_configured(exc: openai.APIStatusError) -> AssistantMisconfigured:
    """What the provider said (without any key) and what to change; logged for the operator."""
    said = provider_message(exc)
    fix = FIXES[exc.status_code]
    if exc.status_code == 400 and _STRUCTURED_WORDS.search(said):
        fix = FIXES[422]
    log.warning("model request refused: HTTP %s: %s", exc.status_code, said)
    return AssistantMisconfigured(
        f"The assistant's service refused the request (HTTP {exc.status_code}): {said} To fix it, {fix}." + KEPT_HINT
    )


def provider_message(exc: openai.APIStatusError) -> str:
    """The provider's own error text, shortened, with anything that looks like a key hidden."""
    body = exc.body if isinstance(exc.body, dict) else {}
    error = body.get("error", body)
    text = error.get("message") if isinstance(error, dict) else None
    text = str(text or exc.message or "no reason given").strip()
    key = get_settings().openai_api_key
    if key:
        text = text.replace(key, "[key hidden]")
    text = _KEYLIKE.sub("[key hidden]", text)
    text = text if len(text) <= 300 else text[:297] + "…"
    return text if text.endswith((".", "!", "?", "…")) else text + "."
