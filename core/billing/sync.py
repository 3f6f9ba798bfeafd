"""Reconcile each team's plan with its Stripe subscription: what a webhook would do, run by cron
(`python -m core stripe-sync`). Idempotent: a second run changes nothing."""

from __future__ import annotations

import stripe
from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.orm import Session

from core.billing import stripe_api
from core.billing.changes import apply_plan
from core.billing.limits import lock_team
from core.billing.plans import Plan
from core.billing.stripe_api import SubscriptionRead
from db.models import Team


class SyncResult(BaseModel):
    team_id: int
    team_name: str
    old_plan: Plan
    new_plan: Plan
    subscription: SubscriptionRead | None  # the live one that decides, else the newest ended one
    relinked: bool  # the team now points at another subscription (or none)

    @property
    def changed(self) -> bool:
        return self.old_plan != self.new_plan or self.relinked

    @property
    def past_due(self) -> bool:
        return self.subscription is not None and self.subscription.status == "past_due"


def teams_with_stripe(db: Session) -> list[int]:
    """Teams that ever checked out: only they have a subscription to follow; others are left alone."""
    return list(db.scalars(select(Team.id).where(Team.stripe_customer_id.is_not(None)).order_by(Team.id)))


def _subscriptions(client: stripe.StripeClient, customer_id: str) -> list[SubscriptionRead]:
    listed = client.v1.subscriptions.list(params={"customer": customer_id, "status": "all", "limit": 100})
    return [stripe_api.read_subscription(s) for s in stripe_api.as_dict(listed).get("data", [])]


def reconcile_team(db: Session, *, team_id: int, client: stripe.StripeClient) -> SyncResult:
    """Set the team's plan from its live subscription (past due keeps the plan while Stripe retries
    the payment); with none live, back to free. Stripe errors and unknown prices propagate."""
    team = lock_team(db, team_id)
    subs = _subscriptions(client, team.stripe_customer_id)
    live = stripe_api.best_live(subs)
    shown = live or max(subs, key=lambda s: s.created, default=None)
    old_plan, new_plan = Plan(team.plan), live.plan if live else Plan.FREE
    new_link = live.id if live else None
    relinked = team.stripe_subscription_id != new_link
    team.stripe_subscription_id = new_link
    details = {"subscription": shown.id, "status": shown.status} if shown else {}
    apply_plan(db, team=team, plan=new_plan, actor=None, source="stripe-sync", **details)
    return SyncResult(
        team_id=team.id,
        team_name=team.name,
        old_plan=old_plan,
        new_plan=new_plan,
        subscription=shown,
        relinked=relinked,
    )
