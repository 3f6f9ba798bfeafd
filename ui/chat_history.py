"""The conversation as chat bubbles: the newest page, plus earlier pages on request. A message
with no reply yet says so (with its actions when the member may act), a dismissed one too, and
a reply cut off before its end is labelled as such."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st
from sqlalchemy.orm import Session

from core.intake.conversation import PAGE_SIZE, MessagePage, MessageRead, list_messages
from core.intake.service import DOCUMENT_PREFIX
from core.permissions import Actor

LONG_MESSAGE = 3000  # longer messages (imported documents) show their start and a "show all"
WaitingActions = Callable[[MessageRead], None]


def _pages_key(project_id: int) -> str:
    return f"chat_earlier_pages_{project_id}"


def load_history(db: Session, *, actor: Actor, project_id: int) -> MessagePage:
    """The newest page of messages and as many earlier pages as the user asked for, in one read."""
    wanted = PAGE_SIZE * (1 + st.session_state.get(_pages_key(project_id), 0))
    page = list_messages(db, actor=actor, project_id=project_id, limit=wanted)
    while page.has_earlier and page.messages and len(page.messages) < wanted:  # beyond what one read returns
        earlier = list_messages(
            db, actor=actor, project_id=project_id, before_id=page.messages[0].id, limit=wanted - len(page.messages)
        )
        page = MessagePage(messages=earlier.messages + page.messages, has_earlier=earlier.has_earlier)
    return page


def _load_earlier(project_id: int) -> None:
    key = _pages_key(project_id)
    st.session_state[key] = st.session_state.get(key, 0) + 1


def user_text(text: str) -> str:
    """A user's message as Markdown that keeps its line breaks (Markdown would join the lines)."""
    return "  \n".join(text.splitlines())


def render_message(
    message: MessageRead, *, answering: str | None = None, footer: Callable[[], None] | None = None
) -> None:
    """One bubble; text is rendered as Markdown, never as HTML; an imported document collapsed.
    `answering` quotes the message a reply answers when another one came in between; `footer`
    draws the message's state under it, inside the bubble."""
    role = "assistant" if message.role == "assistant" else "user"
    with st.chat_message(role):
        if message.incomplete:
            st.caption("Cut off: this reply stopped before its end, so it answers nothing yet.")
        elif answering:
            st.caption(f"In reply to your earlier message “{answering}”")
        _body(message, role)
        if footer is not None:
            footer()


def _body(message: MessageRead, role: str) -> None:
    if role == "user" and (message.client_message_id or "").startswith(DOCUMENT_PREFIX):
        render_document(message.content, key=f"chat_doc_{message.id}")
        return
    text = user_text(message.content) if role == "user" else message.content
    if len(message.content) <= LONG_MESSAGE:
        st.markdown(text)
        return
    st.markdown(text[:LONG_MESSAGE] + " …")
    with st.expander(f"Show all ({len(message.content):,} characters)"):
        st.text(message.content)


def render_document(text: str, key: str | None = None) -> None:
    """An imported document: a one-line caption, the text as plain text in an expander."""
    size = len(text.encode("utf-8"))
    st.caption(f"Imported document ({max(1, round(size / 1024))} KB)")
    with st.expander("Show the document", key=key):
        st.text(text)


def snippet(text: str, most: int = 60) -> str:
    """The start of a message on one line, to say which message a reply answers."""
    line = " ".join(text.split())
    return line if len(line) <= most else line[: most - 1].rstrip() + "…"


def render_history(
    page: MessagePage, project_id: int, *, waiting: list[int], actions: WaitingActions | None = None
) -> None:
    """Every message of the page in order (dismissal records show on the message they dismiss);
    `actions` draws Retry and Dismiss under each waiting message."""
    if page.has_earlier:
        st.button("Load earlier messages", key="chat_load_earlier", on_click=_load_earlier, args=(project_id,))
    if not page.messages:
        st.info("Tell the assistant about your product: what it is, who uses it and what they do with it.")
    shown = {m.id: m for m in page.messages}
    hidden = [i for i in waiting if i not in shown]
    if hidden:
        st.caption(f"{len(hidden)} earlier message(s) have no reply yet: load earlier messages to see them.")
    previous: MessageRead | None = None
    for message in page.messages:
        if message.role == "system":
            continue
        quoted = shown.get(message.reply_to) if message.reply_to else None
        between = quoted is not None and (previous is None or previous.id != quoted.id)
        footer = (lambda m=message: _state(m, actions)) if message.role == "user" else None
        render_message(message, answering=snippet(quoted.content) if between and quoted else None, footer=footer)
        previous = message


def _state(message: MessageRead, actions: WaitingActions | None) -> None:
    if message.dismissed:
        st.caption("Dismissed: left without a reply.")
    elif message.waiting:
        st.caption("No reply yet.")
        if actions is not None:
            actions(message)
