"""The Billing page through AppTest: only owners see or open it; it shows the plan, use against
each limit, use by day and member, and changes the plan after a confirmation."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select
from streamlit.testing.v1 import AppTest

from core.audit import list_entries
from core.config import ROOT
from core.permissions import Role
from db.models import Team
from db.session import session_scope
from db.types import utcnow
from tests.factories import add_member, make_actor, make_project, make_user
from tests.pages.apptest import open_app, shown
from tests.pages.test_navigation import can_open
from tests.pages.test_team_page import open_page_directly
from tests.stripe_standin import standin_fixture, stripe_env_fixture  # noqa: F401 - fixtures
from tests.test_billing import add_events

BILLING = "pages/billing.py"


def owner_of(plan: str = "free", *, projects: int = 0, turns: int = 0):
    with session_scope() as db:
        owner = make_actor(db, role=Role.OWNER, plan=plan)
        db.get(Team, owner.team_id).name = "Acme *Labs*"
        for n in range(projects):
            make_project(db, actor=owner, name=f"Project {n}")
        add_events(db, owner, turns, at=utcnow() - timedelta(minutes=5), tokens=30)
        return owner


def plan_of(team_id: int) -> str:
    with session_scope() as db:
        return db.scalar(select(Team.plan).where(Team.id == team_id))


def test_the_owner_sees_the_plan_its_limits_and_this_months_use(app_db):
    owner = owner_of(projects=2, turns=12)
    at = open_app(owner, BILLING)
    assert not at.exception
    assert at.title[0].value == "Billing"
    bars = {p.proto.text for p in at.get("progress")}
    assert {"Active projects: 2 of 3", "Seats: 1 of 3", "Assistant turns this month: 12 of 200"} <= bars
    assert [m.value for m in at.metric][:2] == ["Acme \\*Labs\\*", "free"]  # user text stays literal
    assert any("resets on 1 " in c.value and "00:00 UTC" in c.value for c in at.caption)
    assert len(at.get("plotly_chart")) == 2
    [table, plans] = at.dataframe
    assert table.value["turns"].tolist() == [12] and table.value["tokens"].tolist() == [12 * 30]
    assert plans.value["plan"].tolist() == ["free (current)", "pro", "team"]


def test_a_limit_reached_and_an_unlimited_one_are_said_as_such(app_db):
    at = open_app(owner_of(projects=3), BILLING)
    assert any("Active projects: the limit is reached" in c.value for c in at.caption)
    at = open_app(owner_of("team", projects=3), BILLING)
    assert "Active projects: 3 (unlimited)" in {p.proto.text for p in at.get("progress")}
    assert not any("limit is reached" in c.value for c in at.caption)


@pytest.mark.parametrize("role", [Role.ADMIN, Role.MEMBER, Role.REVIEWER])
def test_other_roles_neither_see_the_billing_page_nor_open_it(app_db, role):
    owner = owner_of()
    with session_scope() as db:
        other = add_member(db, team=db.get_one(Team, owner.team_id), user=make_user(db), role=role)
    at = open_app(other)
    assert not at.exception
    assert not can_open(at, BILLING)
    direct = open_page_directly(other, BILLING)
    assert not direct.exception
    assert any("cannot open this page" in shown(e.value) for e in direct.error)
    assert not direct.title and not direct.get("progress") and not direct.button


def test_the_owner_sees_the_billing_page_in_the_menu(app_db):
    at = open_app(owner_of())
    assert can_open(at, BILLING)


def test_upgrading_without_stripe_asks_for_confirmation_then_changes_the_plan(app_db):
    owner = owner_of()
    at = open_app(owner, BILLING)
    at.button(key="billing_plan_pro").click().run()
    assert plan_of(owner.team_id) == "free"
    assert any("Upgrade from free to pro" in m.value for m in at.markdown)
    at.button(key="billing_confirm").click().run()
    assert not at.exception
    assert plan_of(owner.team_id) == "pro"
    assert any("now on the pro plan" in s.value for s in at.success)
    with session_scope() as db:
        [entry] = list_entries(db, actor=owner, action="plan.changed")
    assert entry.details == {"from": "free", "to": "pro", "source": "owner"}


def test_a_downgrade_below_the_current_use_is_explained_before_the_owner_confirms(app_db):
    owner = owner_of("pro", projects=5, turns=250)
    at = open_app(owner, BILLING)
    at.button(key="billing_plan_free").click().run()
    warnings = [shown(w.value) for w in at.warning]
    assert any("5 active projects and the free plan allows 3" in w and "3 are archived" in w for w in warnings)
    assert any("250 assistant turns this month and the free plan allows 200" in w for w in warnings)
    assert plan_of(owner.team_id) == "pro"
    at.button(key="billing_confirm").click().run()
    assert plan_of(owner.team_id) == "free"
    assert any("5 is over the plan's 3" in shown(w.value) for w in at.warning)  # the page now says what is blocked


def test_cancelling_the_confirmation_keeps_the_plan(app_db):
    owner = owner_of()
    at = open_app(owner, BILLING)
    at.button(key="billing_plan_team").click().run()
    at.button(key="billing_cancel").click().run()
    assert not at.exception
    assert plan_of(owner.team_id) == "free"
    assert not any(b.key == "billing_confirm" for b in at.button)


# With Stripe ------------------------------------------------------------------------------------


def open_billing(owner, **query) -> AppTest:
    """The Billing page as a browser opens it, e.g. when Stripe sends the owner back with ?checkout=…"""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.session_state["user_id"], at.session_state["team_id"] = owner.user_id, owner.team_id
    at.session_state["signed_in_at"] = datetime.now(UTC)
    at.run()
    for name, value in {"team": str(owner.team_id), **query}.items():
        at.query_params[name] = value
    at.switch_page(BILLING)
    return at.run()


def checkout_link(at) -> str:
    at.button(key="billing_plan_pro").click().run()
    at.button(key="billing_checkout").click().run()
    assert not at.exception
    [link] = at.link_button
    assert link.value == "Pay on Stripe"
    return link.proto.url


def test_with_stripe_the_owner_pays_at_checkout_and_comes_back_to_the_new_plan(app_db, stripe_env):
    owner = owner_of()
    url = checkout_link(open_app(owner, BILLING))
    session_id = url.rsplit("/", 1)[1]
    assert url == f"{stripe_env.url}/pay/{session_id}" and plan_of(owner.team_id) == "free"
    stripe_env.complete_checkout(session_id)
    at = open_billing(owner, checkout=session_id)
    assert not at.exception
    assert any("Stripe confirmed the payment: your team is now on the pro plan" in s.value for s in at.success)
    assert plan_of(owner.team_id) == "pro"
    assert "checkout" not in at.query_params
    assert any("Stripe subscription: **active**" in m.value for m in at.markdown)
    at.button(key="billing_portal").click().run()
    assert [b.proto.url.startswith(f"{stripe_env.url}/portal/") for b in at.link_button] == [True]


def test_coming_back_with_an_unpaid_or_forged_checkout_changes_nothing(app_db, stripe_env):
    owner = owner_of()
    session_id = checkout_link(open_app(owner, BILLING)).rsplit("/", 1)[1]
    at = open_billing(owner, checkout=session_id)  # the address names it, but Stripe says it is open
    assert any("This checkout is open: nothing was charged" in shown(e.value) for e in at.error)
    at = open_billing(owner, checkout="cs_test_forged")
    assert any("Stripe does not know" in shown(e.value) for e in at.error)
    assert plan_of(owner.team_id) == "free"


def test_a_cancelled_checkout_says_nothing_was_charged(app_db, stripe_env):
    at = open_billing(owner_of(), checkout="cancelled")
    assert not at.exception
    assert any("Checkout cancelled: nothing was charged" in i.value for i in at.info)


def test_a_subscribed_team_changes_plan_in_the_portal_and_sees_a_failed_payment(app_db, stripe_env):
    owner = owner_of()
    session_id = checkout_link(open_app(owner, BILLING)).rsplit("/", 1)[1]
    sub_id = stripe_env.complete_checkout(session_id)
    open_billing(owner, checkout=session_id)
    stripe_env.decline_renewal(sub_id)
    at = open_billing(owner)
    assert any("The last payment failed" in shown(w.value) for w in at.warning)
    at.button(key="billing_plan_team").click().run()
    assert any("change or cancel the subscription in Stripe's customer portal" in i.value for i in at.info)
    assert not any(b.key in ("billing_confirm", "billing_checkout") for b in at.button)
