"""Paying through Stripe with the real `stripe` client against the stand-in on 127.0.0.1: checkout
created, completed and confirmed by asking Stripe, the portal, and what the address alone cannot do."""

from __future__ import annotations

import pytest

from core.audit import list_entries
from core.billing import PLAN_CHANGED, change_plan
from core.billing.payments import confirm_checkout, portal_url, start_checkout, subscription_status
from core.billing.stripe_api import PaymentsUnavailable
from core.config import get_settings
from core.errors import InvalidInput, NotFound, PermissionDenied
from core.permissions import Role
from db.models import Team, User
from tests.factories import add_member, make_actor, make_user
from tests.stripe_standin import DECLINED_CARD, PRO_PRICE, RETURN, TEAM_PRICE, standin_fixture, stripe_env_fixture  # noqa: F401 - fixtures


@pytest.fixture
def owner(db):
    return make_actor(db, role=Role.OWNER)


def subscribed(db, owner, server, plan: str = "pro") -> str:
    """The owner checked out, paid and came back: the subscription's id."""
    started = start_checkout(db, actor=owner, plan=plan, return_url=RETURN)
    sub_id = server.complete_checkout(started.session_id)
    confirm_checkout(db, actor=owner, session_id=started.session_id)
    return sub_id


def test_checkout_makes_the_teams_customer_and_a_session_for_the_plans_price(db, owner, stripe_env):
    started = start_checkout(db, actor=owner, plan="pro", return_url=f"{RETURN}?team=99&other=1")
    assert started.url == f"{stripe_env.url}/pay/{started.session_id}"
    method, path, form = stripe_env.requests[-1]
    assert (method, path, form["mode"], form["line_items[0][price]"]) == (
        "POST",
        "/v1/checkout/sessions",
        "subscription",
        PRO_PRICE,
    )
    team = db.get_one(Team, owner.team_id)
    assert form["client_reference_id"] == str(team.id) and form["customer"] == team.stripe_customer_id
    assert form["success_url"] == f"{RETURN}?team={team.id}&checkout={{CHECKOUT_SESSION_ID}}"
    assert form["cancel_url"] == f"{RETURN}?team={team.id}&checkout=cancelled"
    customer = stripe_env.client.v1.customers.retrieve(team.stripe_customer_id)
    assert customer.metadata["team_id"] == str(team.id)
    assert customer.email == db.get_one(User, owner.user_id).email
    again = start_checkout(db, actor=owner, plan="team", return_url=RETURN)
    assert stripe_env.requests[-1][2]["customer"] == team.stripe_customer_id  # one customer per team
    assert stripe_env.requests[-1][2]["line_items[0][price]"] == TEAM_PRICE and again.session_id != started.session_id


def test_a_completed_checkout_changes_the_plan_once_stripe_confirms_it(db, owner, stripe_env):
    started = start_checkout(db, actor=owner, plan="pro", return_url=RETURN)
    with pytest.raises(InvalidInput, match="This checkout is open: nothing was charged"):
        confirm_checkout(db, actor=owner, session_id=started.session_id)
    assert db.get_one(Team, owner.team_id).plan == "free"
    sub_id = stripe_env.complete_checkout(started.session_id)
    confirmed = confirm_checkout(db, actor=owner, session_id=started.session_id)
    assert (confirmed.plan, confirmed.changed, confirmed.subscription_id) == ("pro", True, sub_id)
    team = db.get_one(Team, owner.team_id)
    assert (team.plan, team.stripe_subscription_id) == ("pro", sub_id)
    assert not confirm_checkout(db, actor=owner, session_id=started.session_id).changed  # a reload
    [entry] = list_entries(db, actor=owner, action=PLAN_CHANGED)
    assert entry.details == {"from": "free", "to": "pro", "source": "stripe checkout", "subscription": sub_id}
    assert entry.actor_user_id == owner.user_id


def test_the_return_address_alone_changes_nothing(db, owner, stripe_env):
    stranger = make_actor(db, role=Role.OWNER)
    theirs = start_checkout(db, actor=stranger, plan="pro", return_url=RETURN)
    stripe_env.complete_checkout(theirs.session_id)
    with pytest.raises(NotFound, match="not one of your team's"):
        confirm_checkout(db, actor=owner, session_id=theirs.session_id)
    with pytest.raises(NotFound):
        confirm_checkout(db, actor=owner, session_id="cs_test_made_up")
    with pytest.raises(InvalidInput, match="not valid"):
        confirm_checkout(db, actor=owner, session_id="cs_../../v1/customers")
    mine = start_checkout(db, actor=owner, plan="pro", return_url=RETURN)
    stripe_env.expire_checkout(mine.session_id)
    with pytest.raises(InvalidInput, match="This checkout is expired"):
        confirm_checkout(db, actor=owner, session_id=mine.session_id)
    assert db.get_one(Team, owner.team_id).plan == "free"


def test_only_the_owner_pays(db, owner, stripe_env):
    admin = add_member(db, team=db.get_one(Team, owner.team_id), user=make_user(db), role=Role.ADMIN)
    for call in (
        lambda: start_checkout(db, actor=admin, plan="pro", return_url=RETURN),
        lambda: confirm_checkout(db, actor=admin, session_id="cs_test_x"),
        lambda: portal_url(db, actor=admin, return_url=RETURN),
        lambda: subscription_status(db, actor=admin),
    ):
        with pytest.raises(PermissionDenied):
            call()


def test_the_portal_opens_for_a_team_that_has_checked_out(db, owner, stripe_env):
    with pytest.raises(InvalidInput, match="no Stripe subscription yet"):
        portal_url(db, actor=owner, return_url=RETURN)
    subscribed(db, owner, stripe_env)
    url = portal_url(db, actor=owner, return_url=RETURN)
    assert url.startswith(f"{stripe_env.url}/portal/bps_")
    _, path, form = stripe_env.requests[-1]
    assert path == "/v1/billing_portal/sessions" and form["return_url"] == f"{RETURN}?team={owner.team_id}"


def test_the_subscription_state_is_read_from_stripe(db, owner, stripe_env):
    assert subscription_status(db, actor=owner) is None
    sub_id = subscribed(db, owner, stripe_env)
    sub = subscription_status(db, actor=owner)
    assert (sub.id, sub.status, sub.plan, sub.cancel_at_period_end) == (sub_id, "active", "pro", False)
    assert sub.current_period_end is not None
    assert stripe_env.decline_renewal(sub_id) == "past_due"
    assert subscription_status(db, actor=owner).status == "past_due"


def test_with_stripe_paid_plans_are_bought_at_checkout_not_switched_on(db, owner, stripe_env):
    with pytest.raises(InvalidInput, match="paid through Stripe"):
        change_plan(db, actor=owner, plan="pro")
    subscribed(db, owner, stripe_env)
    with pytest.raises(InvalidInput, match="Manage subscription"):
        change_plan(db, actor=owner, plan="free")
    with pytest.raises(InvalidInput, match="already has a subscription"):
        start_checkout(db, actor=owner, plan="team", return_url=RETURN)
    assert db.get_one(Team, owner.team_id).plan == "pro"


def test_once_the_subscription_has_ended_the_owner_can_check_out_again_before_stripe_sync(db, owner, stripe_env):
    stripe_env.cancel(subscribed(db, owner, stripe_env))
    again = start_checkout(db, actor=owner, plan="team", return_url=RETURN)
    new_id = stripe_env.complete_checkout(again.session_id)
    confirmed = confirm_checkout(db, actor=owner, session_id=again.session_id)
    assert (confirmed.plan, confirmed.subscription_id) == ("team", new_id)


def test_a_plan_granted_before_stripe_can_still_go_down_to_free(db, stripe_env):
    owner = make_actor(db, role=Role.OWNER, plan="pro")
    assert change_plan(db, actor=owner, plan="free").plan == "free"


def test_checkout_needs_a_paid_plan_with_a_price(db, owner, stripe_env, monkeypatch):
    with pytest.raises(InvalidInput, match="needs no checkout"):
        start_checkout(db, actor=owner, plan="free", return_url=RETURN)
    monkeypatch.setenv("STRIPE_PRICE_TEAM", "")
    get_settings.cache_clear()
    with pytest.raises(InvalidInput, match="set STRIPE_PRICE_TEAM"):
        start_checkout(db, actor=owner, plan="team", return_url=RETURN)


def test_stripe_out_of_reach_changes_nothing_and_says_so(db, owner, stripe_env, monkeypatch):
    monkeypatch.setenv("STRIPE_API_BASE", "http://127.0.0.1:9")  # the discard port: nothing listens
    get_settings.cache_clear()
    with pytest.raises(PaymentsUnavailable, match="Stripe did not answer"):
        start_checkout(db, actor=owner, plan="pro", return_url=RETURN)
    assert db.get_one(Team, owner.team_id).plan == "free"


def test_without_a_key_there_is_no_checkout(db, owner, monkeypatch, tmp_path):
    monkeypatch.delenv("STRIPE_SECRET_KEY", raising=False)
    monkeypatch.setenv("STRIPE_PRICE_PRO", PRO_PRICE)
    monkeypatch.setenv("DATA_DIR", str(tmp_path))
    get_settings.cache_clear()
    try:
        with pytest.raises(InvalidInput, match="STRIPE_SECRET_KEY is empty"):
            start_checkout(db, actor=owner, plan="pro", return_url=RETURN)
    finally:
        get_settings.cache_clear()


def test_a_checkout_whose_payment_has_not_gone_through_changes_nothing_yet(db, owner, stripe_env):
    started = start_checkout(db, actor=owner, plan="pro", return_url=RETURN)
    stripe_env.complete_checkout(started.session_id, card=DECLINED_CARD)
    with pytest.raises(InvalidInput, match="Stripe reports the subscription as incomplete"):
        confirm_checkout(db, actor=owner, session_id=started.session_id)
    assert db.get_one(Team, owner.team_id).plan == "free"


def test_a_price_stripe_does_not_have_is_reported_as_stripe_says(db, owner, stripe_env, monkeypatch):
    monkeypatch.setenv("STRIPE_PRICE_PRO", "price_nobody_made")
    get_settings.cache_clear()
    with pytest.raises(PaymentsUnavailable, match="Stripe refused the request: No such price: 'price_nobody_made'"):
        start_checkout(db, actor=owner, plan="pro", return_url=RETURN)
