"""The requirement-text findings with the offending words highlighted, and each statement's EARS
pattern. Every piece of user text is escaped before the words are marked, so a statement can
never bring its own Markdown or HTML into the page."""

from __future__ import annotations

import streamlit as st

from core.markdown import escape_inline
from core.validation import EarsStatement, Finding, Report, Span
from ui.validation_checks import check_label

SHOWN = 40  # statements listed per check
PATTERN_LABELS = {
    "ubiquitous": "Ubiquitous",
    "state-driven": "State-driven (While …)",
    "event-driven": "Event-driven (When …)",
    "optional-feature": "Optional feature (Where …)",
    "unwanted-behaviour": "Unwanted behaviour (If … then …)",
    "not-conforming": "Not conforming",
}


def _piece(text: str) -> str:
    """One stretch of a statement, escaped, with the spaces at its edges kept."""
    if not text.strip():
        return " " if text else ""
    lead = " " if text[0].isspace() else ""
    trail = " " if text[-1].isspace() else ""
    return lead + escape_inline(text) + trail


def _marked(text: str) -> str:
    """An offending stretch: escaped, bold in red, the spaces at its edges kept outside the mark."""
    if not text.strip():
        return _piece(text)
    lead = " " if text[0].isspace() else ""
    trail = " " if text[-1].isspace() else ""
    return f"{lead}:red[**{escape_inline(text)}**]{trail}"


def highlighted(text: str, spans: list[Span]) -> str:
    """The statement as Markdown: plain stretches escaped, each offending stretch escaped and
    then marked bold in red."""
    out, at = [], 0
    for span in sorted(spans, key=lambda s: (s.start, s.end)):
        start, end = max(span.start, at), min(span.end, len(text))
        if end <= start:
            continue
        out.append(_piece(text[at:start]))
        out.append(_marked(text[start:end]))
        at = end
    out.append(_piece(text[at:]))
    return "".join(out).strip()


def _finding_line(finding: Finding) -> str:
    where = escape_inline(finding.where)
    if not finding.text:
        return f"- {where}: {escape_inline(finding.detail)}"
    return f"- {where}: {highlighted(finding.text, finding.spans)}"


def text_findings(report: Report) -> None:
    """Each failing requirement-text rule with its statements, the offending words in red."""
    failing = [c for c in report.checks if c.category == "text" and not c.passed]
    st.caption(
        "INCOSE rules over use-case descriptions and steps, constraints, goals and NFR statements. "
        "The words that break a rule are marked in red."
    )
    if not failing:
        st.success("Every requirement statement passes the text rules.", icon=":material/check_circle:")
        return
    for check in failing:
        st.markdown(f"**{escape_inline(check_label(check))}** · {len(check.findings)} statement(s)")
        st.caption(f"Fix: {escape_inline(check.hint)}")
        lines = [_finding_line(f) for f in check.findings[:SHOWN]]
        if len(check.findings) > SHOWN:
            lines.append(f"- … and {len(check.findings) - SHOWN} more")
        st.markdown("\n".join(lines))


def _ears_rows(statements: list[EarsStatement]) -> list[dict[str, str]]:
    return [
        {
            "Statement": s.where,
            "Text": s.text,
            "Pattern": PATTERN_LABELS.get(s.pattern, s.pattern),
            "Closest pattern": PATTERN_LABELS.get(s.closest, s.closest) if s.closest else "",
            "How to fix": s.hint,
        }
        for s in statements
    ]


def ears_section(report: Report) -> None:
    """Each requirement statement's EARS pattern; the non-conforming ones with their closest and a hint."""
    statements = report.ears
    if not statements:
        st.info("There are no requirement statements to classify yet.", icon=":material/info:")
        return
    odd = [s for s in statements if s.pattern == "not-conforming"]
    st.caption(
        f"{len(statements) - len(odd)} of {len(statements)} statements follow an EARS pattern "
        "(ubiquitous, while, when, where, if … then)."
    )
    only_odd = st.toggle("Only statements that follow no pattern", value=bool(odd), key="validation_ears_odd")
    shown = odd if only_odd else statements
    if not shown:
        st.success("Every statement follows an EARS pattern.", icon=":material/check_circle:")
        return
    st.dataframe(_ears_rows(shown), hide_index=True, key="validation_ears")
