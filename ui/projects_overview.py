"""The team's validation overview on the Projects page: each project's latest score and verdict
as a bar chart and a table, filtered by status."""

from __future__ import annotations

import plotly.graph_objects as go
import streamlit as st

from core.permissions import Actor
from core.projects.schemas import WORK_STATUSES
from core.validation.model import PASS_SCORE
from core.validation.overview import ProjectScore, team_scores
from db.models import PROJECT_STATUSES
from ui.errors import attempt
from ui.projects_table import status_label
from ui.validation_charts import CONFIG, FAIL_COLOR, PASS_COLOR

STATUS_KEY = "projects_overview_status"


def verdict(row: ProjectScore) -> str:
    if row.score is None:
        return "Not validated"
    if row.passed is None:
        return "Unknown"
    return "Passes" if row.passed else "Fails"


def scores_chart(rows: list[ProjectScore]) -> go.Figure:
    """One bar per validated project, green when it passes, with the pass mark as a line."""
    figure = go.Figure(
        go.Bar(
            x=[r.name for r in rows],
            y=[r.score for r in rows],
            marker_color=[PASS_COLOR if r.passed else FAIL_COLOR for r in rows],
            customdata=[[verdict(r), status_label(r.status)] for r in rows],
            hovertemplate="%{x}: %{y}/100, %{customdata[0]} (%{customdata[1]})<extra></extra>",
        )
    )
    figure.add_hline(y=PASS_SCORE, line_dash="dash", line_color="#37474f", annotation_text=f"pass {PASS_SCORE}")
    figure.update_yaxes(range=[0, 105], title="latest score")
    figure.update_xaxes(type="category", range=[-0.5, max(len(rows), 4) - 0.5])  # a few projects: narrow bars
    figure.update_layout(title="Latest validation score", height=320, margin={"l": 10, "r": 10, "t": 45, "b": 10})
    return figure


def _table(rows: list[ProjectScore]) -> None:
    table = [
        {
            "Project": r.name,
            "Status": status_label(r.status),
            "Score": r.score,
            "Verdict": verdict(r),
            "Checks failing": r.failed_checks,
            "Validated": r.validated_at,
        }
        for r in rows
    ]
    config = {"Validated": st.column_config.DatetimeColumn("Validated", format="distance")}
    st.dataframe(table, hide_index=True, key="projects_overview_table", column_config=config, placeholder="—")


def validation_overview(actor: Actor) -> None:
    """Every project of the team with its latest validation (reviewers read the team's state here)."""
    st.subheader("Validation overview")
    statuses = st.multiselect(
        "Status", list(PROJECT_STATUSES), default=list(WORK_STATUSES), format_func=status_label, key=STATUS_KEY
    )
    rows = attempt(lambda db: team_scores(db, actor=actor, statuses=statuses))
    if rows is None:
        return
    if not rows:
        st.info("No project has one of these statuses.", icon=":material/info:")
        return
    validated = [r for r in rows if r.score is not None]
    passing = sum(bool(r.passed) for r in validated)
    st.caption(f"{len(validated)} of {len(rows)} projects validated; {passing} pass (score {PASS_SCORE} or more).")
    if validated:
        st.plotly_chart(scores_chart(validated), key="projects_overview_chart", config=CONFIG)
    _table(rows)
