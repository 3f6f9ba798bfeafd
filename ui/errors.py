"""Turn errors into messages in the page: expected ones as they are, others with an error id."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from typing import TypeVar

import streamlit as st
from sqlalchemy.orm import Session

from core import observability
from core.errors import (
    AccountLocked,
    AppError,
    AssistantUnavailable,
    Conflict,
    InvalidInput,
    NotFound,
    PermissionDenied,
    RateLimited,
)
from core.markdown import escape_inline
from db.session import session_scope

log = logging.getLogger("product_helper")
T = TypeVar("T")


def show_error(exc: BaseException) -> None:
    """Render one error; unexpected errors are logged with an id the user can quote."""
    # Messages name what the user typed (a row, a team, an email): shown literally, never as Markdown.
    text = escape_inline(exc.message) if isinstance(exc, AppError) else ""
    if isinstance(exc, InvalidInput):
        st.error(text, icon=":material/error:")
        return
    if isinstance(exc, (RateLimited, AccountLocked, AssistantUnavailable, Conflict)):
        st.warning(text, icon=":material/schedule:")
        return
    if isinstance(exc, (NotFound, PermissionDenied)):
        st.error(text, icon=":material/block:")
        return
    if isinstance(exc, AppError):
        st.error(text)
        return
    error_id = uuid.uuid4().hex[:10]
    log.exception("unexpected error %s", error_id, exc_info=exc)
    observability.report(exc)
    st.error(f"Something went wrong on our side. Error id: {error_id}", icon=":material/bug_report:")


def _run(work: Callable[[Session], T]) -> tuple[bool, T | None]:
    """work(db) in its own transaction; (False, None) after showing why it failed."""
    try:
        with session_scope() as db:
            return True, work(db)
    except Exception as exc:  # st.stop()/st.rerun() are BaseException and pass through
        show_error(exc)
        return False, None


def call(work: Callable[[Session], T]) -> T:
    """The value of one core call the rest of the page needs; on failure the message and a stop."""
    ok, value = _run(work)
    if not ok:
        st.stop()
    return value


def attempt(work: Callable[[Session], T]) -> T | None:
    """The value of one core call, or None after showing why it failed: the page goes on."""
    return _run(work)[1]


def succeeds(work: Callable[[Session], object]) -> bool:
    """Whether a change went through (its message shown if not), for calls that return nothing."""
    return _run(work)[0]
