"""Billing: the plan, use against its limits, use by day and member, and changing the plan (billing:manage)."""

from __future__ import annotations

import streamlit as st

from core.billing.overview import billing_overview
from core.permissions import Permission
from ui.billing_plans import FLASH, plan_choices
from ui.billing_stripe import handle_return, subscription_panel
from ui.billing_usage import member_table, plan_summary, usage_charts
from ui.context import require_actor
from ui.errors import call
from ui.flash import show_flash

actor = require_actor(Permission.BILLING_MANAGE)
st.title("Billing")
show_flash(FLASH)
handle_return(actor)  # back from Stripe Checkout: confirmed with Stripe before the plan changes
overview = call(lambda db: billing_overview(db, actor=actor))
plan_summary(overview)
subscription_panel(actor, overview)

st.subheader("This month")
usage_charts(overview)

st.subheader("By member")
member_table(overview)

st.subheader("Plans")
plan_choices(actor, overview)
