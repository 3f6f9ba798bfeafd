"""The validation page's charts (plotly): the score gauge, the score over runs, the passed weight
per category, and the failing checks by how many items fail them."""

from __future__ import annotations

import plotly.graph_objects as go
import streamlit as st

from core.validation import CategoryScore, CheckResult
from core.validation.runs import RunPoint, ValidationView

PASS_COLOR, FAIL_COLOR, MUTED = "#2e7d32", "#c62828", "#90a4ae"
CONFIG = {"displayModeBar": False}
CATEGORY_LABELS = {
    "gate": "Hard gates",
    "artifact": "Diagrams",
    "consistency": "Consistency",
    "text": "Requirement text",
    "ears": "EARS",
    "set": "Set checks",
}


def _layout(figure: go.Figure, title: str, height: int = 300) -> go.Figure:
    figure.update_layout(title=title, height=height, margin={"l": 10, "r": 10, "t": 45, "b": 10})
    return figure


def gauge(score: int, passed: bool, pass_score: int, previous: int | None = None) -> go.Figure:
    """The score on a 0–100 dial with the pass mark drawn; green when the PRD passes."""
    figure = go.Figure(
        go.Indicator(
            mode="gauge+number+delta" if previous is not None else "gauge+number",
            value=score,
            number={"suffix": "/100"},
            delta={"reference": previous} if previous is not None else None,
            gauge={
                "axis": {"range": [0, 100]},
                "bar": {"color": PASS_COLOR if passed else FAIL_COLOR},
                "steps": [{"range": [pass_score, 100], "color": "#e8f5e9"}],
                "threshold": {"value": pass_score, "line": {"color": "#37474f", "width": 4}, "thickness": 0.9},
            },
        )
    )
    figure.update_layout(height=230, margin={"l": 30, "r": 30, "t": 20, "b": 5})
    return figure


def history_chart(points: list[RunPoint], pass_score: int) -> go.Figure:
    """The score of each run, oldest first, with the pass mark as a dashed line."""
    colors = [PASS_COLOR if p.passed else FAIL_COLOR if p.passed is False else MUTED for p in points]
    verdicts = ["passes" if p.passed else "fails" if p.passed is False else "unknown" for p in points]
    when = [f"{p.created_at:%Y-%m-%d %H:%M} UTC" for p in points]
    figure = go.Figure(
        go.Scatter(
            x=list(range(1, len(points) + 1)),
            y=[p.score for p in points],
            mode="lines+markers",
            line={"color": "#1565c0"},
            marker={"color": colors, "size": 10},
            customdata=[[w, v, p.rubric_version] for p, w, v in zip(points, when, verdicts, strict=True)],
            hovertemplate="run %{x}, %{customdata[0]}: %{y}/100, %{customdata[1]} (rubric %{customdata[2]})"
            "<extra></extra>",
        )
    )
    figure.add_hline(y=pass_score, line_dash="dash", line_color="#37474f", annotation_text=f"pass {pass_score}")
    figure.update_yaxes(range=[0, 105], title="score")
    step = max(1, len(points) // 10)
    figure.update_xaxes(title="run", tickmode="linear", dtick=step, range=[0.5, len(points) + 0.5])
    return _layout(figure, "Score over runs")


def category_chart(categories: list[CategoryScore]) -> go.Figure:
    """Passed and failed weight of each category, stacked to its total."""
    labels = [CATEGORY_LABELS.get(c.category, c.category) for c in categories]
    failed = [c.total_weight - c.passed_weight for c in categories]
    figure = go.Figure(
        [
            go.Bar(name="passed", y=labels, x=[c.passed_weight for c in categories], orientation="h",
                   marker_color=PASS_COLOR),
            go.Bar(name="failed", y=labels, x=failed, orientation="h", marker_color=FAIL_COLOR),
        ]
    )  # fmt: skip
    legend = {"orientation": "h", "yanchor": "bottom", "y": 1.0, "x": 1, "xanchor": "right"}
    figure.update_layout(barmode="stack", legend=legend)
    figure.update_yaxes(autorange="reversed")
    figure.update_xaxes(title="weight", tickformat=",d")
    return _layout(figure, "Passed weight per category")


def failing_chart(checks: list[CheckResult]) -> go.Figure:
    """Each failing check by the number of items that fail it, most first; hard gates in red."""
    ranked = sorted(checks, key=lambda c: (-len(c.findings), c.id))
    figure = go.Figure(
        go.Bar(
            x=[len(c.findings) for c in ranked],
            y=[c.id for c in ranked],
            orientation="h",
            marker_color=[FAIL_COLOR if c.severity == "error" else "#ef6c00" for c in ranked],
            customdata=[c.title for c in ranked],
            hovertemplate="%{y} %{customdata}: %{x} failing item(s)<extra></extra>",
        )
    )
    figure.update_yaxes(autorange="reversed")
    figure.update_xaxes(title="failing items", tickformat=",d", rangemode="tozero")
    return _layout(figure, "Failing checks by count", height=max(250, 60 + 28 * len(ranked)))


def charts(view: ValidationView) -> None:
    """The history over the full width, then the category and failing-check charts side by side."""
    report = view.latest.report
    st.plotly_chart(history_chart(view.history, report.pass_score), key="validation_history", config=CONFIG)
    left, right = st.columns(2)
    left.plotly_chart(category_chart(report.categories), key="validation_categories", config=CONFIG)
    failing = report.failing()
    if failing:
        right.plotly_chart(failing_chart(failing), key="validation_failing", config=CONFIG)
    else:
        right.success("No check fails.", icon=":material/check_circle:")
