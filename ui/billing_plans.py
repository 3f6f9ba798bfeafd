"""The plan comparison with a change button per plan, and the confirmation that warns when the
team's use is already over the chosen plan's limits."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from core.billing import change_plan
from core.billing.overview import BillingOverview, PlanOption
from core.billing.plans import Plan
from core.permissions import Actor
from ui import billing_stripe
from ui.errors import succeeds
from ui.flash import flash

FLASH = "billing_flash"
CHOSEN = "billing_chosen_plan"


def _number(value: int | None) -> str:
    return "unlimited" if value is None else f"{value:,}"


def comparison(overview: BillingOverview) -> pd.DataFrame:
    """One row per plan, the current one marked."""
    return pd.DataFrame(
        [
            {
                "plan": f"{o.plan} (current)" if o.current else o.plan.value,
                "active projects": _number(o.limits.projects),
                "seats": _number(o.limits.seats),
                "assistant turns a month": _number(o.limits.turns_per_month),
                "model calls per member per hour": "no limit"
                if o.limits.llm_calls_per_hour is None
                else _number(o.limits.llm_calls_per_hour),
            }
            for o in overview.options
        ]
    )


def _how(overview: BillingOverview, option: PlanOption) -> str:
    """direct (self-hosted, or down to free without a subscription), checkout, or Stripe's portal."""
    if not overview.stripe_enabled:
        return "direct"
    if overview.subscription_id and overview.plan != Plan.FREE:
        return "portal"
    return "direct" if option.plan == Plan.FREE else "checkout"


def _switch(actor: Actor, plan: Plan) -> None:
    if succeeds(lambda db: change_plan(db, actor=actor, plan=plan.value)):
        st.session_state.pop(CHOSEN, None)
        flash(FLASH, f"Your team is now on the {plan} plan.")
        st.rerun()


def _confirm(actor: Actor, overview: BillingOverview, option: PlanOption) -> None:
    verb = "Upgrade" if option.upgrade else "Downgrade"
    with st.container(border=True):
        st.markdown(f"**{verb} from {overview.plan} to {option.plan}?**")
        for warning in option.warnings:
            st.warning(warning, icon=":material/warning:")
        if option.warnings:
            st.caption("The change is allowed; only new use waits until the team is under the new limits.")
        how = _how(overview, option)
        if how == "portal":
            st.info("Your team pays through Stripe: change or cancel the subscription in Stripe's customer portal.")
            billing_stripe.portal(actor)
        elif how == "checkout":
            billing_stripe.checkout(actor, option.plan)
        elif st.button(f"Confirm: switch to {option.plan}", key="billing_confirm", type="primary"):
            _switch(actor, option.plan)
        if st.button("Cancel", key="billing_cancel"):
            st.session_state.pop(CHOSEN, None)
            st.rerun()


def plan_choices(actor: Actor, overview: BillingOverview) -> None:
    """The plans side by side; choosing one asks for confirmation first."""
    st.dataframe(comparison(overview), hide_index=True, width="stretch")
    for column, option in zip(st.columns(len(overview.options)), overview.options, strict=True):
        label = "Current plan" if option.current else f"{'Upgrade' if option.upgrade else 'Downgrade'} to {option.plan}"
        if column.button(label, key=f"billing_plan_{option.plan}", disabled=option.current):
            st.session_state[CHOSEN] = (actor.team_id, option.plan.value)
    chosen = st.session_state.get(CHOSEN)
    if chosen and chosen[0] == actor.team_id:
        option = next((o for o in overview.options if o.plan == chosen[1] and not o.current), None)
        if option is not None:
            _confirm(actor, overview, option)
