"""The few style rules Streamlit's theme cannot set: a page title close to the top, and one
stated upload limit (the import box names it; the uploader's own 'Limit 1MB' line would be a second)."""

from __future__ import annotations

import streamlit as st

_CSS = """
<style>
[data-testid="stMainBlockContainer"] { padding-top: 2.5rem; }
[data-testid="stFileUploaderDropzoneInstructions"] small { display: none; }
</style>
"""


def apply() -> None:
    st.html(_CSS)
