"""One diagram type on the artifacts page: the drawing, its status, staleness and downloads."""

from __future__ import annotations

import difflib

import streamlit as st

from core import artifacts
from core.artifacts import ArtifactRead, get_versions
from core.diagrams import PER_USE_CASE, TITLES, Drawing, render
from core.diagrams.base import NOTHING_TO_DRAW, too_large_note
from core.filenames import slug
from core.permissions import Actor
from ui.errors import attempt
from ui.flash import flash, show_flash

STATUS_BADGES = {
    "draft": ":gray-badge[draft]",
    "validated": ":green-badge[validated]",
    "exported": ":blue-badge[exported]",
}


def status_line(artifact: ArtifactRead) -> None:
    """Version, status and when it was drawn; a warning when the data changed since."""
    st.markdown(
        f"{STATUS_BADGES.get(artifact.status, artifact.status)} version {artifact.version} · "
        f"drawn {artifact.created_at:%Y-%m-%d %H:%M} UTC"
    )
    if artifact.stale:
        st.warning("The project data changed since this diagram was drawn: regenerate it.", icon=":material/update:")


def choose_drawing(artifact: ArtifactRead) -> Drawing | None:
    """The whole-project drawing, or the use case picked for sequence and activity diagrams."""
    if not artifact.drawings:
        st.info(NOTHING_TO_DRAW[artifact.type], icon=":material/info:")
        return None
    if artifact.type not in PER_USE_CASE:
        return artifact.drawings[0]
    index = st.selectbox(
        "Use case",
        options=range(len(artifact.drawings)),
        format_func=lambda i: artifact.drawings[i].title or f"Use case {i + 1}",
        key=f"artifacts_{artifact.type}_use_case",
    )
    return artifact.drawings[index or 0]


def downloads(drawing: Drawing, key: str) -> None:
    """SVG and PNG (drawn on click, when Graphviz is installed), DOT and Mermaid."""
    stem = slug(f"{drawing.type} {drawing.key}") or "diagram"
    cols = st.columns(4)
    if render.dot_available():
        cols[0].download_button(
            "SVG",
            data=lambda: render.render_svg(drawing.dot) or "",
            file_name=f"{stem}.svg",
            mime="image/svg+xml",
            key=f"{key}_svg",
            on_click="ignore",
        )
        cols[1].download_button(
            "PNG",
            data=lambda: render.render_png(drawing.dot) or b"",
            file_name=f"{stem}.png",
            mime="image/png",
            key=f"{key}_png",
            on_click="ignore",
        )
    else:
        cols[0].caption("SVG and PNG need Graphviz on the server.")
    cols[2].download_button(
        "DOT", data=drawing.dot, file_name=f"{stem}.dot", mime="text/vnd.graphviz", key=f"{key}_dot", on_click="ignore"
    )
    cols[3].download_button(
        "Mermaid", data=drawing.mermaid, file_name=f"{stem}.mmd", mime="text/plain", key=f"{key}_mmd", on_click="ignore"
    )


def compare(actor: Actor, project_id: int, artifact: ArtifactRead, drawing: Drawing) -> None:
    """An earlier version beside the current one, with the difference in the diagram text."""
    with st.expander("Compare with an earlier version", icon=":material/compare:"):
        versions = attempt(lambda db: get_versions(db, actor=actor, project_id=project_id, artifact_type=artifact.type))
        older = [v for v in versions or [] if v.version < artifact.version]
        if not older:
            st.caption("There is no earlier version.")
            return
        index = st.selectbox(
            "Earlier version",
            options=range(len(older)),
            format_func=lambda i: f"version {older[i].version} · {older[i].created_at:%Y-%m-%d %H:%M} UTC",
            key=f"artifacts_{artifact.type}_compare",
        )
        previous = older[index or 0]
        match = next((d for d in previous.drawings if d.key == drawing.key), None)
        if match is None:
            st.info("This diagram was not part of that version.")
            return
        left, right = st.columns(2)
        left.caption(f"Version {previous.version}")
        left.graphviz_chart(match.dot)
        right.caption(f"Version {artifact.version} (current)")
        right.graphviz_chart(drawing.dot)
        diff = "\n".join(
            difflib.unified_diff(
                match.mermaid.splitlines(),
                drawing.mermaid.splitlines(),
                f"version {previous.version}",
                f"version {artifact.version}",
                lineterm="",
            )
        )
        st.code(diff or "No difference in the diagram text.", language="diff")


def show_artifact(
    actor: Actor, project_id: int, artifact: ArtifactRead | None, artifact_type: str, *, editor: bool = True
) -> None:
    """The tab of one type: nothing yet, or the chosen drawing with status and downloads."""
    if artifact is None:
        hint = "Use “Generate all” above." if editor else "Nobody in the team has generated it yet."
        st.info(f"No {TITLES[artifact_type].lower()} yet. {hint}")
        return
    status_line(artifact)
    drawing = choose_drawing(artifact)
    if drawing is None:
        return
    if drawing.mermaid_too_large:
        st.warning(
            f"Too large for Mermaid renderers. {too_large_note(drawing)} The DOT/SVG is complete.",
            icon=":material/warning:",
        )
    st.graphviz_chart(drawing.dot)
    downloads(drawing, key=f"artifacts_{artifact_type}")
    with st.expander("Mermaid text"):
        st.code(drawing.mermaid, language="text")
    if artifact.version > 1:
        compare(actor, project_id, artifact, drawing)


def _titles(types: list[str]) -> str:
    return ", ".join(TITLES[t] for t in types)


def generate_types(actor: Actor, project_id: int, types: list[str], label: str) -> bool:
    """Draw each type in its own transaction with a progress bar; False (and what was saved and
    what failed, under each failure's message) when any type failed, else the report waits in
    session state for the rerun."""
    bar = st.progress(0.0, text=label)
    saved: list[str] = []
    up_to_date: list[str] = []
    empty: list[str] = []
    failed: list[str] = []
    for n, artifact_type in enumerate(types, start=1):
        stored = attempt(
            lambda db, t=artifact_type: artifacts.generate(db, actor=actor, project_id=project_id, types=[t])
        )
        if stored is None:
            failed.append(artifact_type)
        elif stored and not stored[0].drawings:
            empty.append(artifact_type)  # stored without a drawing: nothing to say "saved" about
        else:
            (saved if stored else up_to_date).append(artifact_type)
        bar.progress(n / len(types), text=f"{label}: {TITLES[artifact_type]}")
    named = (("Saved", saved), ("Already up to date", up_to_date), ("Nothing to draw yet", empty))
    parts = [f"{what}: {_titles(ts)}." for what, ts in named if ts]
    if failed:
        st.warning(
            " ".join([*parts, f"Not saved: {_titles(failed)} (the message above says why)."]), icon=":material/warning:"
        )
        return False
    flash(_report_key(project_id), " ".join(parts), icon=":material/check:")
    return True


def _report_key(project_id: int) -> str:
    return f"artifacts_generation_report_{project_id}"


def generation_report(project_id: int) -> None:
    """What the last "Generate all" or "Regenerate" did, shown after its rerun."""
    show_flash(_report_key(project_id))
