"""Sending a turn from the chat: a client id per submit (kept across reruns so a rerun never
sends twice), the reply streamed into the page, and a Retry button when the assistant failed
or the limit refused the turn (the message is stored either way, so Retry can answer it)."""

from __future__ import annotations

import itertools
import uuid
from collections.abc import Generator

import streamlit as st

from core.errors import AssistantUnavailable, InvalidInput, RateLimited
from core.intake import service
from core.intake.conversation import ChatStatus
from core.permissions import Actor
from ui.chat_history import render_document
from ui.errors import show_error

PENDING = "chat_pending"
RETRYABLE = (AssistantUnavailable, RateLimited)


def queue(project_id: int, kind: str, text: str = "") -> None:
    """Remember what to send, with a fresh client id; the next run sends it exactly once."""
    st.session_state[PENDING] = {"project_id": project_id, "kind": kind, "text": text, "cid": uuid.uuid4().hex}


def _stream(actor: Actor, pending: dict) -> Generator[str, None, service.TurnResult]:
    common = {"actor": actor, "project_id": pending["project_id"]}
    if pending["kind"] == "retry":
        return service.stream_retry(**common)
    if pending["kind"] == "import":
        return service.stream_import(**common, text=pending["text"], client_message_id=pending["cid"])
    return service.stream_turn(**common, text=pending["text"], client_message_id=pending["cid"])


def render_input(actor: Actor, project_id: int, status: ChatStatus) -> None:
    """The chat input, the pending turn (if any), and Retry for an unanswered message."""
    prompt = st.chat_input("Answer the assistant, or tell it more about the product…", key="chat_input")
    if prompt:
        queue(project_id, "turn", prompt)
    pending = st.session_state.get(PENDING)
    if pending and pending["project_id"] == project_id:
        _send(actor, pending)
    elif status.awaiting_reply:
        st.info("Your last message has no reply yet.", icon=":material/hourglass_empty:")
        st.button("Retry", key="chat_retry", on_click=queue, args=(project_id, "retry"))


def _send(actor: Actor, pending: dict) -> None:
    """Run the turn, streaming the reply; Retry only when retrying can help."""
    shown = st.empty()
    if pending["kind"] in ("turn", "import"):
        with shown.container(), st.chat_message("user"):
            if pending["kind"] == "turn":
                st.markdown(pending["text"])
            else:
                render_document(pending["text"])
    outcome = _run(actor, pending)
    st.session_state.pop(PENDING, None)
    if outcome == "sent":
        st.rerun()
    if outcome == "refused":
        shown.empty()  # the message was not stored: do not show it as sent
    if outcome == "retry":
        st.button("Retry", key="chat_retry_failed", on_click=queue, args=(pending["project_id"], "retry"))


def _run(actor: Actor, pending: dict) -> str:
    """'sent', 'retry' (the assistant or a limit refused it), 'refused' (bad input), or 'failed'."""
    stream = _stream(actor, pending)
    try:
        with st.spinner("The assistant is working…"):
            first = next(stream, None)  # stores the message, checks the limits, starts the reply
        if first is not None:
            with st.chat_message("assistant"):
                st.write_stream(itertools.chain([first], stream))
    except RETRYABLE as exc:
        show_error(exc)
        return "retry"
    except InvalidInput as exc:
        show_error(exc)
        return "refused"
    except Exception as exc:
        show_error(exc)
        return "failed"
    return "sent"
