"""The owner pays through Stripe: Checkout for a paid plan, the return confirmed by asking Stripe
for the session (never by trusting the address), the customer portal, the subscription's state."""

from __future__ import annotations

import re

from pydantic import BaseModel
from sqlalchemy.orm import Session

from core.billing import stripe_api
from core.billing.changes import apply_plan
from core.billing.limits import lock_team
from core.billing.plans import Plan, parse_plan
from core.billing.stripe_api import LIVE, PAID, SubscriptionRead
from core.errors import InvalidInput, NotFound
from core.permissions import Actor, Permission, require
from db.models import Team, User

SESSION_ID = re.compile(r"cs_[A-Za-z0-9_]{1,250}")
CANCELLED = "cancelled"  # the checkout query value Stripe's cancel address carries


class CheckoutStarted(BaseModel):
    session_id: str
    url: str


class CheckoutConfirmed(BaseModel):
    plan: Plan
    changed: bool
    subscription_id: str


def _page(return_url: str, team_id: int) -> str:
    """The Billing page's address for this team, whatever query the caller's address had."""
    return f"{return_url.split('?', 1)[0]}?team={team_id}"


def _customer(db: Session, *, client, team: Team, actor: Actor) -> str:
    """The team's Stripe customer, made on its first checkout (with the owner's email for receipts)."""
    if team.stripe_customer_id:
        return team.stripe_customer_id
    email = db.get(User, actor.user_id).email
    customer = client.v1.customers.create(
        params={"name": team.name, "email": email, "metadata": {"team_id": str(team.id)}}
    )
    team.stripe_customer_id = customer.id
    db.flush()
    return customer.id


def _no_live_subscription(client, team: Team) -> None:
    """One subscription a team: a second checkout is refused while the recorded one is live in
    Stripe; one that has ended (stripe-sync has not run yet) does not stand in the way."""
    if not team.stripe_subscription_id:
        return
    sub = stripe_api.read_subscription(client.v1.subscriptions.retrieve(team.stripe_subscription_id))
    if sub.status in LIVE:
        raise InvalidInput("Your team already has a subscription: change its plan under “Manage subscription”.")


def start_checkout(db: Session, *, actor: Actor, plan: str, return_url: str) -> CheckoutStarted:
    """A Stripe Checkout session for the plan's price; Stripe sends the owner back to the Billing page."""
    require(actor, Permission.BILLING_MANAGE)
    chosen = parse_plan(plan)
    if chosen == Plan.FREE:
        raise InvalidInput("The free plan needs no checkout.")
    price = stripe_api.price_for(chosen)
    team = lock_team(db, actor.team_id)
    page = _page(return_url, team.id)
    with stripe_api.errors():
        client = stripe_api.client()
        _no_live_subscription(client, team)
        session = client.v1.checkout.sessions.create(
            params={
                "mode": "subscription",
                "customer": _customer(db, client=client, team=team, actor=actor),
                "client_reference_id": str(team.id),
                "line_items": [{"price": price, "quantity": 1}],
                "metadata": {"team_id": str(team.id), "plan": chosen.value},
                "subscription_data": {"metadata": {"team_id": str(team.id), "plan": chosen.value}},
                "success_url": f"{page}&checkout={{CHECKOUT_SESSION_ID}}",
                "cancel_url": f"{page}&checkout={CANCELLED}",
            }
        )
    return CheckoutStarted(session_id=session.id, url=session.url)


def confirm_checkout(db: Session, *, actor: Actor, session_id: str) -> CheckoutConfirmed:
    """Back from Checkout: ask Stripe whether this team's session is paid, then switch the plan."""
    require(actor, Permission.BILLING_MANAGE)
    if not SESSION_ID.fullmatch(session_id or ""):
        raise InvalidInput("This checkout link is not valid: nothing was changed.")
    team = lock_team(db, actor.team_id)
    with stripe_api.errors():
        client = stripe_api.client()
        session = stripe_api.as_dict(client.v1.checkout.sessions.retrieve(session_id))
        if session.get("client_reference_id") != str(team.id) or session.get("customer") != team.stripe_customer_id:
            raise NotFound("This checkout is not one of your team's.")
        if session.get("status") != "complete" or not session.get("subscription"):
            raise InvalidInput(
                f"This checkout is {session.get('status') or 'not complete'}: nothing was charged and the plan "
                "is unchanged."
            )
        sub_id = stripe_api.id_of(session["subscription"])
        sub = stripe_api.read_subscription(client.v1.subscriptions.retrieve(sub_id))
    return _grant(db, actor=actor, team=team, sub=sub)


def _grant(db: Session, *, actor: Actor, team: Team, sub: SubscriptionRead) -> CheckoutConfirmed:
    if sub.status not in PAID:
        raise InvalidInput(
            f"Stripe reports the subscription as {sub.status.replace('_', ' ')}: the plan changes once the "
            "payment goes through (check again later, or open “Manage subscription”)."
        )
    if sub.plan is None:
        raise InvalidInput(f"The subscription's price {sub.price} is not one of this app's plans.")
    team.stripe_subscription_id = sub.id
    changed = apply_plan(db, team=team, plan=sub.plan, actor=actor, source="stripe checkout", subscription=sub.id)
    return CheckoutConfirmed(plan=sub.plan, changed=changed, subscription_id=sub.id)


def portal_url(db: Session, *, actor: Actor, return_url: str) -> str:
    """The Stripe customer portal for the team: card, invoices, plan change, cancellation."""
    require(actor, Permission.BILLING_MANAGE)
    team = db.get(Team, actor.team_id)
    if team is None or not team.stripe_customer_id:
        raise InvalidInput("Your team has no Stripe subscription yet: choose a paid plan first.")
    with stripe_api.errors():
        portal = stripe_api.client().v1.billing_portal.sessions.create(
            params={"customer": team.stripe_customer_id, "return_url": _page(return_url, team.id)}
        )
    return portal.url


def subscription_status(db: Session, *, actor: Actor) -> SubscriptionRead | None:
    """The team's subscription as Stripe has it now; None when the team has none."""
    require(actor, Permission.BILLING_MANAGE)
    team = db.get(Team, actor.team_id)
    if team is None or not team.stripe_subscription_id:
        return None
    with stripe_api.errors():
        return stripe_api.read_subscription(stripe_api.client().v1.subscriptions.retrieve(team.stripe_subscription_id))
