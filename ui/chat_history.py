"""The conversation as chat bubbles: the newest page, plus earlier pages on request."""

from __future__ import annotations

import streamlit as st
from sqlalchemy.orm import Session

from core.intake.conversation import PAGE_SIZE, MessagePage, MessageRead, list_messages
from core.intake.service import DOCUMENT_PREFIX
from core.permissions import Actor

LONG_MESSAGE = 3000  # longer messages (imported documents) show their start and a "show all"


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


def render_message(message: MessageRead) -> None:
    """One bubble; text is rendered as Markdown, never as HTML; an imported document collapsed."""
    role = "assistant" if message.role == "assistant" else "user"
    with st.chat_message(role):
        if role == "user" and (message.client_message_id or "").startswith(DOCUMENT_PREFIX):
            render_document(message.content, key=f"chat_doc_{message.id}")
            return
        if len(message.content) <= LONG_MESSAGE:
            st.markdown(message.content)
            return
        st.markdown(message.content[:LONG_MESSAGE] + " …")
        with st.expander(f"Show all ({len(message.content):,} characters)"):
            st.text(message.content)


def render_document(text: str, key: str | None = None) -> None:
    """An imported document: a one-line caption, the text as plain text in an expander."""
    size = len(text.encode("utf-8"))
    st.caption(f"Imported document ({max(1, round(size / 1024))} KB)")
    with st.expander("Show the document", key=key):
        st.text(text)


def render_history(page: MessagePage, project_id: int) -> None:
    if page.has_earlier:
        st.button("Load earlier messages", key="chat_load_earlier", on_click=_load_earlier, args=(project_id,))
    if not page.messages:
        st.info("Tell the assistant about your product: what it is, who uses it and what they do with it.")
    for message in page.messages:
        render_message(message)
