"""What a change did, said after the rerun that follows it, on every page the same way."""

# Drawn for a few seconds from its first showing rather than popped on the next run, so a
# message outlives the extra run the cookie component forces after writing or deleting a cookie.

from __future__ import annotations

import time

import streamlit as st

FLASH_SECONDS = 5.0  # counted from the first time the message is drawn


def flash(key: str, text: str, kind: str = "success", *, icon: str | None = None, link: tuple | None = None) -> None:
    """Keep `text` for the next runs; kind is success, info, warning or error; link is (page, label, icon)."""
    st.session_state[key] = {"text": text, "kind": kind, "icon": icon, "link": link, "until": None}


def show_flash(key: str) -> None:
    """Draw the message under `key` until FLASH_SECONDS after it was first drawn, then forget it."""
    item = st.session_state.get(key)
    if not isinstance(item, dict):
        return
    now = time.time()
    if item["until"] is None:
        item["until"] = now + FLASH_SECONDS
    elif now > item["until"]:
        st.session_state.pop(key, None)
        return
    getattr(st, item["kind"])(item["text"], icon=item.get("icon"))
    if item.get("link"):
        page, label, icon = item["link"]
        st.page_link(page, label=label, icon=icon)
