"""The Stripe client from settings, its errors as ours, and reading a subscription: the one place
that knows Stripe's shapes (a price or, on older accounts, a plan on each subscription item)."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

import stripe
from pydantic import BaseModel

from core.billing.plans import PLAN_ORDER, Plan
from core.config import Settings, get_settings
from core.errors import AppError, InvalidInput, NotFound

log = logging.getLogger("product_helper")
TIMEOUT_S = 20
LIVE = ("active", "trialing", "past_due")  # a subscription in these states keeps its paid plan
PAID = ("active", "trialing")  # and in these a checkout grants it


class PaymentsUnavailable(AppError):
    """Stripe refused the request or did not answer; nothing was changed here."""


class SubscriptionRead(BaseModel):
    id: str
    status: str
    price: str | None
    plan: Plan | None  # None: a price that is neither STRIPE_PRICE_PRO nor STRIPE_PRICE_TEAM
    created: int
    current_period_end: datetime | None
    cancel_at_period_end: bool


def client(settings: Settings | None = None) -> stripe.StripeClient:
    """A client for the configured key, pointed at STRIPE_API_BASE when a stand-in is set."""
    settings = settings or get_settings()
    if not settings.stripe_enabled:
        raise InvalidInput("Billing through Stripe is not set up: STRIPE_SECRET_KEY is empty.")
    return stripe.StripeClient(
        settings.stripe_secret_key,
        base_addresses={"api": settings.stripe_api_base} if settings.stripe_api_base else None,
        max_network_retries=2,
        http_client=stripe.new_default_http_client(timeout=TIMEOUT_S),
    )


def prices(settings: Settings | None = None) -> dict[Plan, str]:
    """The Stripe price of each paid plan that has one configured."""
    settings = settings or get_settings()
    configured = {Plan.PRO: settings.stripe_price_pro, Plan.TEAM: settings.stripe_price_team}
    return {plan: price for plan, price in configured.items() if price}


def price_for(plan: Plan, settings: Settings | None = None) -> str:
    price = prices(settings).get(plan)
    if not price:
        raise InvalidInput(f"The {plan} plan has no Stripe price: set STRIPE_PRICE_{plan.upper()}.")
    return price


@contextmanager
def errors() -> Iterator[None]:
    """Stripe's exceptions as PaymentsUnavailable (or NotFound for an unknown id), details logged."""
    try:
        yield
    except stripe.InvalidRequestError as exc:
        log.warning("stripe refused a request: %s", exc)
        if exc.http_status == 404:
            raise NotFound("Stripe does not know this checkout or subscription.") from None
        raise PaymentsUnavailable(f"Stripe refused the request: {exc.user_message or 'invalid request'}.") from None
    except stripe.StripeError as exc:
        log.warning("stripe failed: %s", exc)
        raise PaymentsUnavailable(
            "Stripe did not answer as expected, so nothing was changed. Try again in a moment."
        ) from None


def as_dict(obj: Any) -> dict[str, Any]:
    return obj.to_dict() if hasattr(obj, "to_dict") else dict(obj)


def id_of(value: Any) -> str | None:
    """An id, whether Stripe sent it bare or as an expanded object."""
    return value.get("id") if isinstance(value, dict) else value


def read_subscription(sub: Any, settings: Settings | None = None) -> SubscriptionRead:
    data = as_dict(sub)
    items = (data.get("items") or {}).get("data") or [{}]
    item = items[0]
    price = id_of(item.get("price")) or id_of(item.get("plan"))
    by_price = {p: plan for plan, p in prices(settings).items()}
    period_end = data.get("current_period_end") or item.get("current_period_end")
    return SubscriptionRead(
        id=data["id"],
        status=data.get("status") or "unknown",
        price=price,
        plan=by_price.get(price),
        created=data.get("created") or 0,
        current_period_end=datetime.fromtimestamp(period_end, UTC) if period_end else None,
        cancel_at_period_end=bool(data.get("cancel_at_period_end")),
    )


def best_live(subscriptions: list[SubscriptionRead]) -> SubscriptionRead | None:
    """The subscription that decides the plan: a live one, the largest plan, then the newest."""
    live = [s for s in subscriptions if s.status in LIVE]
    unknown = [s for s in live if s.plan is None]
    if unknown:
        raise InvalidInput(
            f"Subscription {unknown[0].id} is for price {unknown[0].price}, which is neither "
            "STRIPE_PRICE_PRO nor STRIPE_PRICE_TEAM."
        )
    return max(live, key=lambda s: (PLAN_ORDER.index(s.plan), s.created), default=None)
