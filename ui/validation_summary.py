"""The top of the validation page: the run button, the score with its verdict, what changed since
the previous run, and how the score was computed."""

from __future__ import annotations

import streamlit as st

from core.markdown import escape_inline
from core.permissions import Actor
from core.validation import Finding, Report
from core.validation.model import WEIGHTS
from core.validation.runs import ValidationView, run_validation
from ui.errors import attempt
from ui.flash import flash
from ui.validation_charts import CATEGORY_LABELS, CONFIG, gauge

FLASH = "validation_flash"
SHOWN = 30  # findings listed per kind of change


def run_button(actor: Actor, project_id: int) -> None:
    """Run the rubric now; the outcome (a new run, or none because nothing changed) is said after the rerun."""
    if st.button("Run validation", key="validation_run", type="primary", icon=":material/rule:"):
        outcome = attempt(lambda db: run_validation(db, actor=actor, project_id=project_id))
        if outcome is not None:
            kind = "success" if outcome.created else "info"
            flash(FLASH, outcome.message, kind, icon=":material/rule:")
            st.rerun()


def score_header(view: ValidationView, *, editor: bool) -> None:
    """The gauge beside the verdict, the counts and when the run was made."""
    run, report = view.latest, view.latest.report
    left, right = st.columns([2, 3], vertical_alignment="center")
    dial = gauge(report.score, report.passed, report.pass_score, view.previous_score)
    left.plotly_chart(dial, key="validation_gauge", config=CONFIG)
    with right:
        if report.passed:
            st.success(f"The PRD passes: score {report.score}, every hard gate passes.", icon=":material/verified:")
        else:
            st.error(_why_not(report), icon=":material/cancel:")
        gates = [c for c in report.checks if c.category == "gate"]
        cols = st.columns(3)
        cols[0].metric("Score", f"{report.score}/100", help=f"{report.pass_score} or more passes")
        cols[1].metric("Hard gates passed", f"{sum(c.passed for c in gates)}/{len(gates)}")
        cols[2].metric("Checks passed", f"{report.passed_checks}/{report.passed_checks + report.failed_checks}")
        st.caption(f"Run {run.id} on {run.created_at:%Y-%m-%d %H:%M} UTC · rubric {run.rubric_version}")
    if not view.up_to_date:
        who = "Run validation again" if editor else "Ask a member of the team to run validation again"
        st.warning(
            f"The project's data or diagrams changed since this run. {who} for a current score.",
            icon=":material/update:",
        )


def _why_not(report: Report) -> str:
    failing_gates = [c.id for c in report.failing() if c.category == "gate"]
    reasons = [f"hard gates failing: {', '.join(failing_gates)}"] if failing_gates else []
    if report.score < report.pass_score:
        reasons.append(f"score {report.score} is below {report.pass_score}")
    return "The PRD does not pass yet: " + "; ".join(reasons) + "."


def _finding_lines(findings: list[Finding]) -> str:
    lines = [f"- **{escape_inline(f.check)}** {escape_inline(f.where)}" for f in findings[:SHOWN]]
    if len(findings) > SHOWN:
        lines.append(f"- … and {len(findings) - SHOWN} more")
    return "\n".join(lines)


def changes(view: ValidationView) -> None:
    """New, fixed and still failing items since the previous run."""
    st.subheader("Since the previous run")
    if view.changes is None:
        st.caption("This is the first run: the next one shows what it fixed and what is new.")
        return
    kinds = (("New", view.changes.new), ("Fixed", view.changes.fixed), ("Still failing", view.changes.still_failing))
    cols = st.columns(3)
    for col, (label, findings) in zip(cols, kinds, strict=True):
        col.metric(label, len(findings))
        if findings:
            with col.expander(f"{label} ({len(findings)})"):
                st.markdown(_finding_lines(findings))


def explanation(report: Report) -> None:
    """The formula, the weights, and each category's share of the score."""
    st.markdown(
        f"Each check has a weight: hard gates (errors) weigh **{WEIGHTS['error']}**, every other check "
        f"(warnings) **{WEIGHTS['warning']}**. The score is **100 × passed weight ÷ total weight**, rounded. "
        f"The PRD passes when every hard gate passes **and** the score is at least **{report.pass_score}**. "
        "Diagram checks count only for the diagrams that have been generated."
    )
    st.info(report.explanation(), icon=":material/calculate:")
    rows = [
        {
            "Category": CATEGORY_LABELS.get(c.category, c.category),
            "Checks passed": f"{c.passed_checks}/{c.total_checks}",
            "Passed weight": c.passed_weight,
            "Total weight": c.total_weight,
        }
        for c in report.categories
    ]
    rows.append(
        {
            "Category": "All",
            "Checks passed": f"{report.passed_checks}/{report.passed_checks + report.failed_checks}",
            "Passed weight": report.passed_weight,
            "Total weight": report.total_weight,
        }
    )
    st.dataframe(rows, hide_index=True, key="validation_weights")
