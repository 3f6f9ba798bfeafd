"""Sending from the chat: a client id per submit (kept across reruns so a rerun never sends
twice), then every waiting message up to it answered in order, each reply streamed into the
page. A new message or a click while a reply streams makes Streamlit stop this run: the turn
is then finished without the page (its reply, usage and data stored), never thrown away, and
the next run answers what is queued behind it."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable, Generator, Iterator

import streamlit as st
from streamlit.runtime.scriptrunner import RerunException, StopException

from core.errors import AppError, AssistantUnavailable, RateLimited
from core.generation import generate_everything
from core.intake import service
from core.intake.classify import Intent, fast_path
from core.intake.conversation import MessageRead
from core.permissions import Actor
from ui.chat_history import render_document, snippet, user_text
from ui.errors import show_error, succeeds

PENDING = "chat_pending"
RETRYABLE = (AssistantUnavailable, RateLimited)
log = logging.getLogger("product_helper")


def queue(project_id: int, kind: str, text: str = "", cid: str | None = None, message_id: int | None = None) -> None:
    """Remember what to send (a client id made now unless given); the next run sends it once."""
    st.session_state[PENDING] = {
        "project_id": project_id,
        "kind": kind,
        "text": text,
        "cid": cid or uuid.uuid4().hex,
        "message_id": message_id,
    }


def read_input(project_id: int) -> dict | None:
    """The chat input (drawn at the bottom wherever it is called) and what this run sends, if anything."""
    prompt = st.chat_input("Answer the assistant, or tell it more about the product…", key="chat_input")
    if prompt:
        queue(project_id, "turn", prompt)
    pending = st.session_state.get(PENDING)
    return pending if pending and pending["project_id"] == project_id else None


def render_turn(actor: Actor, pending: dict) -> None:
    """Store what was sent, answer the waiting messages up to it, then rerun to show the history."""
    message_id = _store(actor, pending)
    if message_id is None:
        st.session_state.pop(PENDING, None)
        if pending["kind"] == "turn" and len(pending["text"].strip()) > service.MAX_MESSAGE_CHARS:
            _offer_import(pending)
        return
    failed = _answer(actor, pending, message_id)
    st.session_state.pop(PENDING, None)
    if failed is None:
        if pending["kind"] == "turn" and fast_path(pending["text"]) == Intent.generate:
            generate_from_chat(actor, pending["project_id"])  # the word does what the button does
        st.rerun()
    _offer(actor, pending["project_id"], failed, message_id)


def _store(actor: Actor, pending: dict) -> int | None:
    """The message's id, stored and committed before anything else; None after a refusal."""
    common = {"actor": actor, "project_id": pending["project_id"]}
    try:
        if pending["kind"] in ("turn", "skip"):
            return service.send_message(**common, text=pending["text"], client_message_id=pending["cid"])
        if pending["kind"] == "import":
            return service.store_document(**common, text=pending["text"], client_message_id=pending["cid"])
        return pending["message_id"]
    except AppError as exc:
        show_error(exc)  # not stored: not shown as sent
        return None


GENERATED_KEY = "chat_generated_project"  # the project whose diagrams the sidebar links to


def generate_from_chat(actor: Actor, project_id: int) -> bool:
    """One Generate: intake closed when ready, every diagram with data drawn, the PRD validated,
    and the chat told what was drawn; the sidebar then links to the diagrams."""
    if succeeds(lambda db: generate_everything(db, actor=actor, project_id=project_id)):
        st.session_state[GENERATED_KEY] = project_id
        return True
    return False


def _offer_import(pending: dict) -> None:
    """A message too long for the chat is kept, not wiped: shown to copy, and offered as a document."""
    text = pending["text"]
    with st.container(border=True):
        st.text_area("Your message, kept here", value=text, key=f"chat_refused_{pending['cid']}", height=160)
        st.button(
            "Import it as a document instead",
            key="chat_refused_import",
            icon=":material/upload_file:",
            type="primary",
            on_click=queue,
            args=(pending["project_id"], "import", text),
        )


def _answer(actor: Actor, pending: dict, message_id: int) -> tuple[int, Exception] | None:
    """Answer in order; the failed message's id and why, or None when all were answered."""
    if pending["kind"] in ("turn", "skip", "import"):
        with st.chat_message("user"):
            if pending["kind"] == "import":
                render_document(pending["text"])
            else:
                st.markdown(user_text(pending["text"]))
    current = message_id
    try:
        for turn in service.answer_waiting(actor=actor, project_id=pending["project_id"], through=message_id):
            current = turn.message.id
            _stream(turn)
    except Exception as exc:  # an AppError says what happened; anything else is shown with an error id
        return current, exc
    return None


class _Relay:
    """A turn's stream as the page reads it: chunks passed on, never closed from here, so a run
    stopped midway can still finish the turn."""

    def __init__(self, stream: Generator[str, None, service.TurnResult]):
        self._stream, self.started, self.done = stream, False, False

    def next(self) -> str | None:
        self.started = True
        try:
            return next(self._stream)
        except StopIteration:
            self.done = True
            return None

    def chunks(self, first: str) -> Iterator[str]:
        chunk: str | None = first
        while chunk is not None:
            yield chunk
            chunk = self.next()

    def finish(self) -> None:
        """Run a started turn to its end without the page (its reply and data are stored)."""
        if not self.started or self.done:
            return
        try:
            while self.next() is not None:
                pass
        except AppError:
            return  # stored as a waiting message: the next run offers Retry
        except Exception:
            log.exception("a turn finished after its page stopped failed")


def _stream(turn: service.Turn) -> None:
    relay = _Relay(turn.stream)
    try:
        with st.spinner("The assistant is working…"):
            first = relay.next()  # checks the limits, waits for a turn still running, starts the reply
        if first is None:
            return
        with st.chat_message("assistant"):
            if turn.earlier:
                st.caption(f"In reply to your earlier message “{snippet(turn.message.content)}”")
            st.write_stream(relay.chunks(first))
    except (RerunException, StopException):
        relay.finish()
        raise


def _offer(actor: Actor, project_id: int, failed: tuple[int, Exception], through: int) -> None:
    """Why the message was not answered, and what can be done: Retry (when it can help), Dismiss."""
    failed_id, exc = failed
    show_error(exc)
    if failed_id != through:
        st.caption("Your newer message waits until this one is answered or dismissed.")
    retry, dismiss_column = st.columns(2)
    if isinstance(exc, RETRYABLE) or not isinstance(exc, AppError):  # a refused configuration fails again
        retry.button(
            "Retry", key="chat_retry_failed", on_click=queue, args=(project_id, "retry"), kwargs={"message_id": through}
        )
    dismiss_column.button(
        "Dismiss",
        key="chat_dismiss_failed",
        help=DISMISS_HELP,
        on_click=dismiss,
        args=(actor, project_id, failed_id),
    )


DISMISS_HELP = "Leave this message without a reply; the messages after it no longer wait for it."


def dismiss(actor: Actor, project_id: int, message_id: int) -> None:
    """Leave a waiting message without a reply (a button's callback: the run that follows shows it)."""
    succeeds(lambda db: service.dismiss_message(db, actor=actor, project_id=project_id, message_id=message_id))


def waiting_actions(actor: Actor, project_id: int, *, busy: bool) -> Callable[[MessageRead], None]:
    """Retry and Dismiss under a waiting message of the history; while a turn runs, a note instead."""

    def draw(message: MessageRead) -> None:
        if busy:
            st.caption("Answered in order, after the messages before it.")
            return
        retry, dismiss_column = st.columns(2)
        retry.button(
            "Retry",
            key=f"chat_retry_{message.id}",
            help=RETRY_HELP,
            on_click=queue,
            args=(project_id, "retry"),
            kwargs={"message_id": message.id},
        )
        dismiss_column.button(
            "Dismiss",
            key=f"chat_dismiss_{message.id}",
            help=DISMISS_HELP,
            on_click=dismiss,
            args=(actor, project_id, message.id),
        )

    return draw


RETRY_HELP = "Answer this message now; messages before it that have no reply are answered first."
