"""The validation page's table of gates and checks, filtered by category, severity and state, and
each failing check with its items, its fix and a link to the page that fixes it."""

from __future__ import annotations

import streamlit as st

from core.markdown import escape_inline
from core.validation import CheckResult, Report
from core.validation.model import CATEGORIES
from ui.validation_charts import CATEGORY_LABELS

SHOWN = 25  # failing items listed per check
ASSISTANT = ("pages/chat.py", "Ask the assistant about it", ":material/forum:")
DATA = ("pages/project_data.py", "Fix it on Project data", ":material/table_view:")
DIAGRAMS = ("pages/artifacts.py", "Regenerate on Diagrams & export", ":material/schema:")
SEVERITIES = {"error": "Error (hard gate)", "warning": "Warning"}
STATES = ("Failing", "Passed")


def fix_links(check: CheckResult) -> list[tuple[str, str, str]]:
    """Where a failing check is fixed: hard gates by answering the assistant or editing the data
    (HG10, the sources, only by editing), diagram checks by regenerating, the rest on the data."""
    if check.category == "gate":
        return [DATA] if check.id == "HG10" else [ASSISTANT, DATA]
    if check.category == "artifact":
        return [DIAGRAMS, DATA]
    return [DATA]


def check_label(check: CheckResult) -> str:
    """'HG5 Use case list'; a title that starts with the id ('EARS patterns') is not repeated."""
    return check.title if check.title.startswith(check.id) else f"{check.id} {check.title}"


def _state(check: CheckResult) -> str:
    return STATES[1] if check.passed else STATES[0]


def filters(report: Report) -> list[CheckResult]:
    """The checks matching the chosen categories, severities and states (all by default)."""
    present = [c for c in CATEGORIES if any(check.category == c for check in report.checks)]
    cols = st.columns([3, 2, 1.4])
    categories = cols[0].pills(
        "Category", present, selection_mode="multi", default=present, format_func=CATEGORY_LABELS.get,
        key="validation_filter_category",
    )  # fmt: skip
    severities = cols[1].pills(
        "Severity", list(SEVERITIES), selection_mode="multi", default=list(SEVERITIES), format_func=SEVERITIES.get,
        key="validation_filter_severity",
    )  # fmt: skip
    states = cols[2].pills("State", STATES, selection_mode="multi", default=list(STATES), key="validation_filter_state")
    return [c for c in report.checks if c.category in categories and c.severity in severities and _state(c) in states]


def checks_table(checks: list[CheckResult]) -> None:
    rows = [
        {
            "Check": c.id,
            "Title": c.title,
            "Category": CATEGORY_LABELS.get(c.category, c.category),
            "Severity": SEVERITIES[c.severity],
            "Weight": c.weight,
            "State": _state(c),
            "Failing items": len(c.findings),
            "How to fix": "" if c.passed else c.hint,
        }
        for c in checks
    ]
    st.dataframe(rows, hide_index=True, key="validation_checks", placeholder="—")


def _items(check: CheckResult) -> str:
    lines = []
    for f in check.findings[:SHOWN]:
        detail = f": {escape_inline(f.detail)}" if f.detail else ""
        lines.append(f"- {escape_inline(f.where)}{detail}")
    if len(check.findings) > SHOWN:
        lines.append(f"- … and {len(check.findings) - SHOWN} more")
    return "\n".join(lines)


def failing_details(checks: list[CheckResult]) -> None:
    """One expander per failing check, hard gates first: why it matters, its items, the fix."""
    failing = sorted((c for c in checks if not c.passed), key=lambda c: (c.severity != "error", c.id))
    if not failing:
        st.success("No check among these fails.", icon=":material/check_circle:")
        return
    st.markdown("**Failing checks and how to fix them**")
    for check in failing:
        label = "hard gate" if check.severity == "error" else check.severity
        count = len(check.findings)
        with st.expander(f"{check_label(check)} · {label} · {count} item{'s' if count != 1 else ''}"):
            st.markdown(f"**Fix:** {escape_inline(check.hint)}")
            if check.why:
                st.caption(escape_inline(check.why))
            st.markdown(_items(check))
            for page, text, icon in fix_links(check):
                st.page_link(page, label=text, icon=icon)


def checks_section(report: Report) -> None:
    chosen = filters(report)
    st.caption(f"{len(chosen)} of {len(report.checks)} checks shown.")
    checks_table(chosen)
    failing_details(chosen)
