"""Turn errors into messages in the page: expected ones as they are, others with an error id."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import streamlit as st

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

log = logging.getLogger("product_helper")


def show_error(exc: BaseException) -> None:
    """Render one error; unexpected errors are logged with an id the user can quote."""
    if isinstance(exc, InvalidInput):
        st.error(exc.message, icon=":material/error:")
        return
    if isinstance(exc, (RateLimited, AccountLocked, AssistantUnavailable, Conflict)):
        st.warning(exc.message, icon=":material/schedule:")
        return
    if isinstance(exc, (NotFound, PermissionDenied)):
        st.error(exc.message, icon=":material/block:")
        return
    if isinstance(exc, AppError):
        st.error(exc.message)
        return
    error_id = uuid.uuid4().hex[:10]
    log.exception("unexpected error %s", error_id, exc_info=exc)
    observability.report(exc)
    st.error(f"Something went wrong on our side. Error id: {error_id}", icon=":material/bug_report:")


@contextmanager
def guard() -> Iterator[None]:
    """`with guard():` around a core call: any error becomes a message, never a traceback."""
    try:
        yield
    except Exception as exc:  # st.stop()/st.rerun() are BaseException and pass through
        show_error(exc)
