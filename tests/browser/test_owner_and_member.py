"""The owner's billing page and a member's view of the same team, and a chat message the monthly
allowance refused (kept, then dismissed, and the next one answered), in a real browser."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import delete, insert, select

from core.accounts import sign_up as create_account
from core.invitations import accept_invitation, create_invitation
from core.membership import resolve_actor
from core.permissions import Role
from core.projects.service import create_project
from db.models import UsageEvent, User
from db.session import session_scope
from db.types import utcnow
from tests.browser.test_journey import sign_up
from tests.browser.test_sessions import auth_cookie, expect_signed_in, sign_in, wait_until

pytestmark = pytest.mark.browser

PASSWORD = "a-long-enough-password"
VISION = "Dog owners book walkers nearby; walkers get paid per walk."


def _owner_actor(database_url: str, email: str):
    with session_scope(database_url) as db:
        user_id = db.scalar(select(User.id).where(User.email == email))
        return resolve_actor(db, user_id=user_id, team_id=None)


def _add_member(database_url: str, owner, email: str) -> None:
    """A member who joined the owner's team through an invitation."""
    with session_scope(database_url) as db:
        invitation = create_invitation(db, actor=owner, email=email, role=Role.MEMBER)
        user = create_account(db, name="Mia Member", email=email, password=PASSWORD)
        accept_invitation(db, user_id=user.id, token=invitation.token)


def test_the_owner_sees_billing_with_its_charts_and_a_member_of_the_team_cannot_open_it(app, browser, app_server):
    owner_email = "owner.billing@example.com"
    app.open()
    sign_up(app, name="Olive Owner", email=owner_email, password=PASSWORD)
    expect_signed_in(app)
    app.go_to("Billing")
    app.expect(app.page.get_by_role("heading", name="Billing"))
    app.expect(app.page.locator('[data-testid="stPlotlyChart"]').first)
    assert app.page.locator('[data-testid="stPlotlyChart"]').count() >= 2  # turns and tokens per day
    assert not app.exceptions()
    app.shoot("owner billing page")

    owner = _owner_actor(app.database_url, owner_email)
    _add_member(app.database_url, owner, "mia.member@example.com")
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        from tests.browser.conftest import AppPage

        member = AppPage(context.new_page(), app_server, app.shots / "member")
        member.shots.mkdir(parents=True, exist_ok=True)
        member.open(f"?team={owner.team_id}")
        sign_in(member, "mia.member@example.com", PASSWORD)
        expect_signed_in(member)
        wait_until(member, lambda: auth_cookie(context), "the sign-in cookie is written")
        member.open(f"?team={owner.team_id}")  # the owner's team, not the member's own personal team
        expect_signed_in(member)
        nav = member.page.get_by_test_id("stSidebarNav")
        assert nav.get_by_role("link", name="Projects", exact=True).count() == 1
        assert nav.get_by_role("link", name="Billing", exact=True).count() == 0
        member.shoot("member menu without billing")
        member.open(f"billing?team={owner.team_id}")
        member.expect(member.page.get_by_text("only owners can open it", exact=False))
        assert not member.page.get_by_text("Page not found").count()
        assert member.page.locator('[data-testid="stPlotlyChart"]').count() == 0
        assert not member.page.get_by_role("button", name="Manage subscription").count()
        member.shoot("member refused billing by address")
    finally:
        context.close()


def _use_all_turns(database_url: str, actor) -> None:
    """The free plan's 200 assistant turns, used earlier this month."""
    at = utcnow().replace(day=1, hour=0, minute=0, second=1, microsecond=0)
    base = {"team_id": actor.team_id, "user_id": actor.user_id, "kind": "assistant_turn"}
    rows = [
        {**base, "created_at": at + timedelta(seconds=i), "updated_at": at + timedelta(seconds=i)} for i in range(200)
    ]
    with session_scope(database_url) as db:
        db.execute(insert(UsageEvent), rows)


def send(app, text: str) -> None:
    box = app.page.get_by_test_id("stChatInputTextArea")
    box.fill(text)
    box.press("Enter")
    app.expect(app.page.get_by_test_id("stChatMessage").filter(has_text=text))
    app.settle()


def test_a_refused_message_waits_with_retry_and_dismiss_and_the_next_one_is_answered(app):
    email = "chat.limits@example.com"
    app.open()
    sign_up(app, name="Carl Chat", email=email, password=PASSWORD)
    expect_signed_in(app)
    owner = _owner_actor(app.database_url, email)
    with session_scope(app.database_url) as db:
        create_project(db, actor=owner, data={"name": "Dog walks", "vision": VISION})
    _use_all_turns(app.database_url, owner)

    app.go_to("Assistant")
    send(app, "Walkers accept walk requests from dog owners.")
    # The run that refused it says why; a later run marks it as waiting: either way Retry and Dismiss.
    app.expect(app.page.get_by_text(re.compile("assistant turns this month|No reply yet")).first)
    app.expect(app.page.get_by_role("button", name="Retry").first)
    app.expect(app.page.get_by_role("button", name="Dismiss").first)
    app.shoot("refused message waits with retry and dismiss")
    app.page.get_by_role("button", name="Dismiss").first.click()
    app.settle()
    app.expect(app.page.get_by_text("Dismissed: left without a reply.").first)
    assert app.page.get_by_role("button", name="Dismiss").count() == 0

    with session_scope(app.database_url) as db:
        db.execute(delete(UsageEvent).where(UsageEvent.team_id == owner.team_id))
    send(app, "Dog owners book walks and pay walkers.")
    app.expect(app.page.get_by_text("Dog owners book walks and pay walkers.").first)
    app.expect(app.page.get_by_text("Dismissed: left without a reply.").first)
    assert app.page.get_by_text("No reply yet.").count() == 0  # the new message was answered
    assert app.page.locator('[data-testid="stChatMessage"]').count() == 4  # the opening, both messages, one reply
    assert not app.exceptions()
    app.shoot("next message answered, dismissed one stays dismissed")
