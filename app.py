"""Entry point: page config, settings, sign-in gate, sidebar, navigation from the member's permissions."""

from __future__ import annotations

import streamlit as st

from core import observability
from core.config import ConfigError, get_settings
from ui import auth, sidebar, style
from ui.context import acting
from ui.navigation import pages_for, refusal_text, refused_page
from ui.project_picker import keep_project_in_address

st.set_page_config(page_title="product-helper", page_icon=":material/architecture:", layout="wide")
style.apply()

try:
    settings = get_settings()
except ConfigError as exc:
    st.error(f"The app cannot start: {exc}", icon=":material/error:")
    st.stop()
observability.configure(settings)

authenticator = auth.authenticator(settings)
signed_in = auth.gate(authenticator)  # renders sign-in / sign-up and stops when nobody is signed in
if sidebar.render(signed_in, authenticator):
    auth.show_signed_out()  # signed out just now: this run ends on the sign-in page

keep_project_in_address()
sections: dict[str, list] = {}
for spec in pages_for(signed_in.actor):
    page = st.Page(spec.path, title=spec.title, icon=spec.icon, default=spec.default)
    sections.setdefault(spec.section, []).append(page)
refused = refused_page(signed_in.actor, st.context.url)
if refused is not None:  # an address of a page this role may not open: say so instead of "Page not found"

    def _refusal(text: str = refusal_text(signed_in.actor, refused), title: str = refused.title) -> None:
        st.title(title)
        st.warning(text, icon=":material/lock:")

    page = st.Page(_refusal, title=refused.title, icon=refused.icon, url_path=refused.url_path)
    sections.setdefault(refused.section, []).append(page)
with acting(signed_in.actor):  # the page's require_actor takes this member instead of resolving it again
    st.navigation(sections).run()
