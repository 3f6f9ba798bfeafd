"""The Billing page's Stripe parts: the return from Checkout (confirmed by asking Stripe), the
checkout link, the customer portal and the subscription's state. Only shown with STRIPE_SECRET_KEY."""

from __future__ import annotations

import streamlit as st

from core.billing.overview import BillingOverview
from core.billing.payments import CANCELLED, confirm_checkout, portal_url, start_checkout, subscription_status
from core.billing.plans import Plan
from core.permissions import Actor
from ui.errors import attempt

CHECKOUT_URL = "billing_checkout_url"
PORTAL_URL = "billing_portal_url"
FALLBACK_URL = "http://localhost:8501/billing"  # when the browser's address is unknown (tests, scripts)


def page_url() -> str:
    """This page's address without its query: where Stripe sends the owner back."""
    return (st.context.url or FALLBACK_URL).split("?", 1)[0]


def handle_return(actor: Actor) -> None:
    """Back from Stripe Checkout: the address only names the session; Stripe says whether it was paid."""
    value = st.query_params.get("checkout")
    if not value:
        return
    del st.query_params["checkout"]
    st.session_state.pop(CHECKOUT_URL, None)
    if value == CANCELLED:
        st.info("Checkout cancelled: nothing was charged and the plan is unchanged.", icon=":material/info:")
        return
    confirmed = attempt(lambda db: confirm_checkout(db, actor=actor, session_id=value))
    if confirmed is not None:
        done = "is now" if confirmed.changed else "is"
        st.success(f"Stripe confirmed the payment: your team {done} on the {confirmed.plan} plan.")


def checkout(actor: Actor, plan: Plan) -> None:
    """Create the Checkout session on request, then link to Stripe's payment page."""
    shown = st.session_state.get(CHECKOUT_URL)
    if st.button(f"Continue to Stripe checkout for {plan}", key="billing_checkout", type="primary"):
        started = attempt(lambda db: start_checkout(db, actor=actor, plan=plan.value, return_url=page_url()))
        if started is not None:
            shown = st.session_state[CHECKOUT_URL] = (actor.team_id, plan.value, started.url)
    if shown and shown[:2] == (actor.team_id, plan.value):
        st.link_button("Pay on Stripe", shown[2], type="primary", icon=":material/credit_card:")
        st.caption("Stripe brings you back here; the plan changes once Stripe confirms the payment.")


def portal(actor: Actor) -> None:
    """The customer portal: payment method, invoices, plan change, cancellation."""
    shown = st.session_state.get(PORTAL_URL)
    if st.button("Manage subscription", key="billing_portal", icon=":material/settings:"):
        url = attempt(lambda db: portal_url(db, actor=actor, return_url=page_url()))
        if url is not None:
            shown = st.session_state[PORTAL_URL] = (actor.team_id, url)
    if shown and shown[0] == actor.team_id:
        st.link_button("Open Stripe's customer portal", shown[1], icon=":material/open_in_new:")


def subscription_panel(actor: Actor, overview: BillingOverview) -> None:
    """How the team pays: self-hosted (no payments) or its Stripe subscription as Stripe has it now."""
    if not overview.stripe_enabled:
        st.caption("Self-hosted: no payments are taken. You change the plan here; each change is in the audit log.")
        return
    sub = attempt(lambda db: subscription_status(db, actor=actor)) if overview.subscription_id else None
    if sub is None:
        st.caption("Paid plans are billed through Stripe. Choose one below to check out.")
    else:
        until = f", current period ends {sub.current_period_end:%d %B %Y}" if sub.current_period_end else ""
        ending = " (cancelled: it ends with the period)" if sub.cancel_at_period_end else ""
        st.markdown(f"Stripe subscription: **{sub.status.replace('_', ' ')}**{until}{ending}.")
        if sub.status == "past_due":
            st.warning(
                "The last payment failed. Stripe retries it; the plan stays meanwhile. Update the card under "
                "“Manage subscription”.",
                icon=":material/credit_card_off:",
            )
    if overview.customer_id:
        portal(actor)
