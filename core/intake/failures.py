"""How a failed model call is told to the user: what happened on the wire (no answer in time,
a reply that stopped or was cut off, a web page, a refusal), never a guess."""

from __future__ import annotations

import json
import logging
import re
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import openai
from langchain_core.exceptions import OutputParserException
from pydantic import ValidationError

from core.config import Settings, get_settings
from core.errors import AssistantMisconfigured, AssistantUnavailable
from core.intake.attempts import Attempt, NotAModelAnswer

RETRY_HINT = " Your message is saved; press Retry to try again."
KEPT_HINT = " Your message is saved and is answered once this is fixed."
log = logging.getLogger("product_helper.llm")


class IncompleteReply(AssistantUnavailable):
    """The reply's stream ended before its end marker: `partial` is what arrived, kept but not an answer."""

    def __init__(self, message: str, partial: str = ""):
        super().__init__(message)
        self.partial = partial


CUT_OFF = "The assistant's reply was cut off: its stream ended before the end marker, so it is incomplete."
BROKE_OFF = "The connection to the assistant's service broke off in the middle of its answer."
WEB_PAGE = (
    "The assistant's service answered with a web page instead of an answer (HTTP 200, text/html): "
    "usually the error page of a proxy or gateway between this app and the model."
)


def timeout_message(settings: Settings, attempts: list[Attempt] | None = None, now: float | None = None) -> str:
    """What a timeout cost: the tries the client really made and the time they really took."""
    attempts = attempts or []
    limit = f"{settings.llm_timeout_s:g} seconds"
    if attempts and attempts[-1].status is not None:  # the answer had started, then nothing more came
        return f"The assistant's answer stopped arriving: nothing came for {limit}."
    if len(attempts) <= 1:
        return f"The assistant did not answer within {limit}."
    spent = _duration((now if now is not None else time.monotonic()) - attempts[0].started)
    if all(a.status is None for a in attempts):
        return f"The assistant did not answer within {limit} on any of {len(attempts)} tries ({spent} in all)."
    return f"The assistant did not answer within {limit} on the last of {len(attempts)} tries ({spent} in all)."


def _duration(seconds: float) -> str:
    if seconds < 120:
        whole = max(1, round(seconds))
        return f"{whole} second{'s' if whole != 1 else ''}"
    return f"{seconds / 60:.1f}".removesuffix(".0") + " minutes"


@contextmanager
def failures(tries: Callable[[], list[Attempt]] = list) -> Iterator[None]:
    """Every way the model can fail becomes AssistantUnavailable (or AssistantMisconfigured) with
    a message that says how; `tries()` gives the HTTP tries of this call so far."""
    try:
        yield
    except AssistantUnavailable:
        raise
    except NotAModelAnswer as exc:
        raise AssistantUnavailable(WEB_PAGE + RETRY_HINT) from exc
    except openai.APITimeoutError as exc:
        raise AssistantUnavailable(timeout_message(get_settings(), tries()) + RETRY_HINT) from exc
    except openai.APIStatusError as exc:
        if exc.status_code in FIXES:
            raise refused_as_configured(exc) from exc
        kind = "had an error" if exc.status_code >= 500 else "refused the request"
        raise AssistantUnavailable(f"The assistant's service {kind} (HTTP {exc.status_code})." + RETRY_HINT) from exc
    except openai.APIConnectionError as exc:
        made = tries()
        answered = bool(made) and made[-1].status is not None
        said = BROKE_OFF if answered else "The assistant's service could not be reached."
        raise AssistantUnavailable(said + RETRY_HINT) from exc
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
