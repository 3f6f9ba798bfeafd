"""The chat's sidebar: completeness gauge, phase, what is missing, and the intake actions."""

from __future__ import annotations

import streamlit as st

from core.config import get_settings
from core.errors import InvalidInput
from core.intake.conversation import ChatStatus
from core.intake.graph import READY_SCORE
from core.intake.questions import PHASE_LABELS
from core.intake.service import MAX_DOCUMENT_BYTES, document_id
from core.intake.steering import ask_about
from core.permissions import Actor
from core.textfile import decode_text
from ui.chat_turn import GENERATED_KEY, generate_from_chat, queue
from ui.errors import succeeds


def completeness_label(score: int) -> str:
    """One bar says both where the PRD stands and where generating opens (no unlabelled tick)."""
    if score >= READY_SCORE:
        return f"Completeness {score}% · ready to generate"
    return f"Completeness {score}% · generating opens at {READY_SCORE}%"


def engine_label() -> str:
    """Which engine answers: the model by name, or the offline rules."""
    settings = get_settings()
    if settings.llm_enabled:
        return f"Answers by: {settings.openai_model} (language model)"
    return "Answers by: the offline assistant (rules, no language model)"


def render_sidebar(
    actor: Actor, project_id: int, status: ChatStatus, can_update: bool, *, last_message_id: int = 0
) -> None:
    """`last_message_id` makes the Skip button's client id: a double click skips one question."""
    with st.sidebar:
        st.subheader("Requirements")
        st.progress(status.completeness / 100, text=completeness_label(status.completeness))
        st.caption(f"Phase: {PHASE_LABELS.get(status.phase, status.phase.replace('_', ' ').title())}")
        st.caption(engine_label())
        _missing(actor, project_id, status, can_update)
        if can_update:
            _actions(actor, project_id, status, last_message_id)
            _import(project_id)


def _missing(actor: Actor, project_id: int, status: ChatStatus, can_update: bool) -> None:
    if not status.gaps:
        st.success("Nothing is missing.")
        return
    st.markdown("**Still missing**")
    for gap in status.gaps:
        if can_update:
            if st.button(gap.label, key=f"chat_gap_{gap.key}", help="Ask me about this", width="stretch"):
                _ask_about(actor, project_id, gap.key)
        else:
            st.caption(f"• {gap.label}")


def _ask_about(actor: Actor, project_id: int, gap_key: str) -> None:
    if succeeds(lambda db: ask_about(db, actor=actor, project_id=project_id, gap_key=gap_key)):
        st.rerun()


def _actions(actor: Actor, project_id: int, status: ChatStatus, last_message_id: int) -> None:
    if status.last_question and not status.done:
        st.button(
            "Skip this question",
            key="chat_skip",
            on_click=queue,
            args=(project_id, "skip", "skip", f"skip-after-{last_message_id}"),
            width="stretch",
        )
    ready = status.ready or status.done
    help_text = (
        "Draws every diagram that has data and validates the PRD."
        if ready
        else f"Available once completeness reaches {READY_SCORE}%."
    )
    if status.done:
        st.caption("Intake done: the project is in progress.")
    if st.button(
        "Generate diagrams and validate",
        key="chat_generate",
        disabled=not ready,
        help=help_text,
        type="primary",
        width="stretch",
    ):
        _generate(actor, project_id)
    if st.session_state.get(GENERATED_KEY) == project_id:
        st.page_link("pages/artifacts.py", label="Open the diagrams", icon=":material/schema:")


def _generate(actor: Actor, project_id: int) -> None:
    if generate_from_chat(actor, project_id):
        st.rerun()


def _import(project_id: int) -> None:
    with st.expander("Import a document"):
        upload = st.file_uploader(
            "A requirements text or meeting notes (.md, .txt, up to 200 KB)", type=["md", "txt"], key="chat_import_file"
        )
        pasted = st.text_area("…or paste it here", key="chat_import_text", height=150)
        if st.button("Draft from this document", key="chat_import_go", width="stretch"):
            text = _document_text(upload, pasted)
            if text is not None:  # the text's own id: a double click drafts from it once
                queue(project_id, "import", text, document_id(text))
                st.rerun()


def _document_text(upload, pasted: str) -> str | None:
    if upload is not None:
        if upload.size > MAX_DOCUMENT_BYTES:
            st.error(f"The file is {upload.size // 1024} KB; the limit is {MAX_DOCUMENT_BYTES // 1024} KB.")
            return None
        try:
            return decode_text(upload.getvalue())
        except InvalidInput as exc:
            st.error(exc.message)
            return None
    if not pasted.strip():
        st.error("Choose a file or paste the text first.")
        return None
    return pasted
