"""Entry point: page config, sign-in gate, navigation from the member's permissions."""

from __future__ import annotations

import streamlit as st

from ui.auth import gate
from ui.navigation import pages_for

st.set_page_config(page_title="product-helper", page_icon=":material/architecture:", layout="wide")

actor = gate()  # renders sign-in / sign-up and stops when nobody is signed in
sections: dict[str, list] = {}
for spec in pages_for(actor):
    page = st.Page(spec.path, title=spec.title, icon=spec.icon, default=spec.default)
    sections.setdefault(spec.section, []).append(page)
st.navigation(sections).run()
