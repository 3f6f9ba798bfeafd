"""`python -m core stripe-sync` against the Stripe stand-in: a cancelled subscription takes the team
back to free, past due keeps the plan while Stripe retries, a checkout nobody came back from is
picked up; idempotent, with exit codes 0 / 1 / 2."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from core.__main__ import main
from core.billing import PLAN_CHANGED
from core.billing.payments import confirm_checkout, start_checkout
from core.config import get_settings
from core.permissions import Actor, Role
from db.models import AuditLog, Team
from db.session import session_scope
from tests.factories import make_actor
from tests.stripe_standin import RETURN, standin_fixture, stripe_env_fixture  # noqa: F401 - fixtures

pytestmark = pytest.mark.usefixtures("committed_db_url", "stripe_env")


def team_named(name: str) -> Actor:
    with session_scope() as db:
        owner = make_actor(db, role=Role.OWNER)
        db.get_one(Team, owner.team_id).name = name
        return owner


def checked_out(owner: Actor, server, *, come_back: bool = True) -> str:
    """The owner paid for pro at checkout (and came back to the Billing page, unless told not to)."""
    with session_scope() as db:
        started = start_checkout(db, actor=owner, plan="pro", return_url=RETURN)
    sub_id = server.complete_checkout(started.session_id)
    if come_back:
        with session_scope() as db:
            confirm_checkout(db, actor=owner, session_id=started.session_id)
    return sub_id


def plan_of(owner: Actor) -> tuple[str, str | None]:
    with session_scope() as db:
        team = db.get_one(Team, owner.team_id)
        return team.plan, team.stripe_subscription_id


def sync(capsys) -> tuple[int, list[str], str]:
    code = main(["stripe-sync"])
    out, err = capsys.readouterr()
    return code, out.splitlines(), err


def test_a_cancelled_subscription_takes_the_team_back_to_free_once(capsys, stripe_env):
    owner = team_named("Acme")
    sub_id = checked_out(owner, stripe_env)
    stripe_env.cancel(sub_id)
    code, lines, _ = sync(capsys)
    assert code == 0
    assert lines == [
        f"Acme (team {owner.team_id}): pro → free (subscription {sub_id} canceled)",
        "stripe-sync: 1 teams checked, 1 changed, 0 failed.",
    ]
    assert plan_of(owner) == ("free", None)
    with session_scope() as db:
        entry = db.scalars(select(AuditLog).where(AuditLog.action == PLAN_CHANGED).order_by(AuditLog.id)).all()[-1]
    assert entry.actor_user_id is None and entry.target_id == str(owner.team_id)
    assert entry.details == {
        "from": "pro",
        "to": "free",
        "source": "stripe-sync",
        "subscription": sub_id,
        "status": "canceled",
    }
    assert sync(capsys)[:2] == (0, ["stripe-sync: 1 teams checked, 0 changed, 0 failed."])  # idempotent


def test_past_due_keeps_the_plan_while_stripe_retries_then_cancellation_ends_it(capsys, stripe_env):
    owner = team_named("Beta")
    sub_id = checked_out(owner, stripe_env)
    assert stripe_env.decline_renewal(sub_id) == "past_due"
    code, lines, _ = sync(capsys)
    assert code == 0
    assert lines[0] == (
        f"Beta (team {owner.team_id}): pro kept while Stripe retries the payment (subscription {sub_id} past due)"
    )
    assert plan_of(owner) == ("pro", sub_id)
    stripe_env.cancel(sub_id)
    assert sync(capsys)[1][0].endswith(f"pro → free (subscription {sub_id} canceled)")


def test_a_paid_checkout_nobody_came_back_from_is_picked_up(capsys, stripe_env):
    owner = team_named("Gamma")
    sub_id = checked_out(owner, stripe_env, come_back=False)
    assert plan_of(owner) == ("free", None)
    code, lines, _ = sync(capsys)
    assert (code, lines[0]) == (0, f"Gamma (team {owner.team_id}): free → pro (subscription {sub_id} active)")
    assert plan_of(owner) == ("pro", sub_id)


def test_a_new_subscription_on_the_same_plan_is_followed_without_a_plan_change(capsys, stripe_env):
    owner = team_named("Delta")
    old_id = checked_out(owner, stripe_env)
    stripe_env.cancel(old_id)
    new_id = checked_out(owner, stripe_env, come_back=False)  # the team had kept pro until this run
    code, lines, _ = sync(capsys)
    assert (code, lines[0]) == (0, f"Delta (team {owner.team_id}): pro, now following subscription {new_id} active")
    assert plan_of(owner) == ("pro", new_id)


def test_teams_that_never_checked_out_are_left_alone(capsys):
    owner = team_named("Self-hosted grant")
    with session_scope() as db:
        db.get_one(Team, owner.team_id).plan = "team"
    assert sync(capsys)[:2] == (0, ["stripe-sync: 0 teams checked, 0 changed, 0 failed."])
    assert plan_of(owner) == ("team", None)


def test_one_team_failing_does_not_stop_the_others_and_exits_1(capsys, stripe_env):
    broken = team_named("Broken")
    with session_scope() as db:
        db.get_one(Team, broken.team_id).stripe_customer_id = "cus_gone"
    fine = team_named("Fine")
    sub_id = checked_out(fine, stripe_env, come_back=False)
    code, lines, err = sync(capsys)
    assert code == 1
    assert f"team {broken.team_id}: failed" in err
    assert lines == [
        f"Fine (team {fine.team_id}): free → pro (subscription {sub_id} active)",
        "stripe-sync: 2 teams checked, 1 changed, 1 failed.",
    ]


def test_a_subscription_to_an_unknown_price_is_a_failure_not_a_guess(capsys, stripe_env):
    owner = team_named("Odd")
    sub_id = checked_out(owner, stripe_env)
    stripe_env.create_price("price_standin_legacy")
    item = stripe_env.client.v1.subscriptions.retrieve(sub_id).to_dict()["items"]["data"][0]["id"]
    stripe_env.client.v1.subscriptions.update(sub_id, params={"items": [{"id": item, "plan": "price_standin_legacy"}]})
    code, _, err = sync(capsys)
    assert code == 1 and "price_standin_legacy, which is neither STRIPE_PRICE_PRO nor STRIPE_PRICE_TEAM" in err
    assert plan_of(owner) == ("pro", sub_id)


@pytest.mark.parametrize(
    ("unset", "named"),
    [
        (("STRIPE_SECRET_KEY",), "STRIPE_SECRET_KEY"),
        (("STRIPE_PRICE_PRO", "STRIPE_PRICE_TEAM"), "STRIPE_PRICE_PRO or STRIPE_PRICE_TEAM"),
    ],
)
def test_without_stripe_configured_it_exits_2(capsys, monkeypatch, unset, named):
    for name in unset:
        monkeypatch.setenv(name, "")
    get_settings.cache_clear()
    code, lines, err = sync(capsys)
    assert (code, lines) == (2, [])
    assert f"Stripe is not configured ({named} not set)" in err
