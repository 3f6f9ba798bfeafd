"""The Billing page's use: the plan's limits as progress bars, this month's turns and tokens per
day, use by member, and when the allowance resets."""

from __future__ import annotations

from datetime import timedelta

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from core.billing.overview import BillingOverview, LimitUse
from core.markdown import escape_inline
from core.wording import counted

HALF_DAY = timedelta(hours=12)
BAR_MS = 0.8 * 24 * 3600 * 1000  # a date axis measures bar widths in milliseconds


def _bar(use: LimitUse) -> None:
    if use.allowed is None:
        st.progress(0.0, text=f"{use.label}: {use.used:,} (unlimited)")
        return
    st.progress(min(1.0, use.used / use.allowed), text=f"{use.label}: {use.used:,} of {use.allowed:,}")
    if use.over:
        st.warning(
            f"{use.label}: {use.used:,} is over the plan's {use.allowed:,}. Nothing is removed, but new use "
            "of this kind is refused until the team is under the limit again.",
            icon=":material/warning:",
        )
    elif use.full:
        st.caption(f"{use.label}: the limit is reached; new use of this kind is refused.")


def plan_summary(overview: BillingOverview) -> None:
    """Plan, use against each limit, and the monthly reset."""
    cols = st.columns(3)
    cols[0].metric("Team", escape_inline(overview.team_name))
    cols[1].metric("Plan", overview.plan.value)
    hourly = overview.limits.llm_calls_per_hour
    cols[2].metric("Model calls per member per hour", "no limit" if hourly is None else f"{hourly:,}")
    for use in overview.uses:
        _bar(use)
    seats = next(u for u in overview.uses if u.limit == "seats")
    held = f"{counted(overview.members, 'member')} and {counted(overview.pending_invitations, 'pending invitation')}"
    st.caption(
        f"Seats: {held} "
        f"({seats.used} in all). The assistant turn allowance resets on {overview.resets_at.day} "
        f"{overview.resets_at:%B %Y} at 00:00 UTC."
    )


def _daily_chart(overview: BillingOverview, field: str, title: str, color: str) -> go.Figure:
    """One bar a day over the whole month (days to come empty), so the axis reads the same every day."""
    days = [d.day for d in overview.days]
    first, last = overview.period_start.date(), (overview.resets_at - timedelta(days=1)).date()
    values = [getattr(d, field) for d in overview.days]
    figure = go.Figure(go.Bar(x=days, y=values, marker_color=color, width=BAR_MS))
    figure.update_layout(title=title, height=260, margin={"l": 10, "r": 10, "t": 40, "b": 10})
    figure.update_xaxes(type="date", tickformat="%-d %b", range=[first - HALF_DAY, last + HALF_DAY])
    figure.update_yaxes(rangemode="tozero", tickformat=",d")
    return figure


def usage_charts(overview: BillingOverview) -> None:
    """Turns per day and tokens per day, from the first of the month to today (UTC)."""
    turns, since = sum(d.turns for d in overview.days), overview.period_start
    st.caption(
        f"Since {since.day} {since:%B %Y}: {turns:,} assistant turns and {overview.tokens:,} language-model "
        "tokens (the offline assistant uses none)."
    )
    left, right = st.columns(2)
    config = {"displayModeBar": False}
    left.plotly_chart(_daily_chart(overview, "turns", "Turns per day", "#4c78a8"), key="billing_turns", config=config)
    right.plotly_chart(
        _daily_chart(overview, "tokens", "Tokens per day", "#f58518"), key="billing_tokens", config=config
    )


def member_table(overview: BillingOverview) -> None:
    """This month's use by each member (and by anyone who has left since)."""
    rows = [
        {
            "member": m.name,
            "email": m.email or "",
            "role": m.role or "no longer a member",
            "turns": m.turns,
            "tokens": m.tokens,
        }
        for m in overview.by_member
    ]
    counts = {name: st.column_config.NumberColumn(format="localized") for name in ("turns", "tokens")}
    table = pd.DataFrame(rows, columns=["member", "email", "role", "turns", "tokens"])
    st.dataframe(table, hide_index=True, width="stretch", column_config=counts)
