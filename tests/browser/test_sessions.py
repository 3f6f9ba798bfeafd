"""Sessions in a real browser: cookies that outlive a sign-out or a password change, messages that
outlive the cookie component's extra run, invitations opened while signed out, malformed cookies."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import jwt
import pytest
from sqlalchemy import make_url, select

from core.invitations import create_invitation
from db.models import TeamMember, User
from db.session import session_scope
from tests.browser.conftest import AppPage
from tests.browser.test_journey import sign_up
from tests.factories import make_actor

pytestmark = pytest.mark.browser

COOKIE = "product_helper_auth"
PASSWORD = "a-long-enough-password"
NEW_PASSWORD = "another-long-password"
COOKIE_FRAMES = 'iframe[title*="cookie_manager"]'
WAIT_S = 30


def auth_cookie(context) -> dict | None:
    return next((c for c in context.cookies() if c["name"] == COOKIE), None)


def wait_until(app: AppPage, condition: Callable[[], object], what: str) -> None:
    """Poll the browser's state (not a clock assertion): fail if it never comes about."""
    deadline = time.monotonic() + WAIT_S
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"never happened: {what}")
        app.page.wait_for_timeout(100)


def after_the_cookie_rerun(app: AppPage) -> None:
    """Writing or deleting the cookie makes the browser rerun the script; wait until that run is drawn."""
    app.expect(app.page.locator(COOKIE_FRAMES), count=1)  # only the reading component is left
    app.settle()


def sign_in(app: AppPage, email: str, password: str) -> None:
    page = app.page
    page.get_by_role("tab", name="Sign in").click()
    form = page.get_by_test_id("stForm").filter(has=page.get_by_role("button", name="Sign in"))
    form.get_by_label("Email", exact=True).fill(email)
    form.get_by_label("Password", exact=True).fill(password)
    form.get_by_role("button", name="Sign in").click()
    app.settle()


def expect_signed_in(app: AppPage) -> None:
    app.expect(app.page.get_by_test_id("stSidebarNav").get_by_role("link", name="Projects"))
    assert not app.exceptions()


def expect_sign_in_page(app: AppPage) -> None:
    app.expect(app.page.get_by_role("tab", name="Sign in"))
    assert app.page.get_by_test_id("stSidebarNav").count() == 0
    assert not app.page.get_by_text("Something went wrong").count()
    assert not app.exceptions()


@pytest.fixture
def other_browser(browser, app_server, request) -> Iterator[Callable[[list[dict]], AppPage]]:
    """Open the app in a fresh browser context that holds only the given cookies."""
    contexts = []

    def open_with(cookies: list[dict]) -> AppPage:
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        context.set_default_timeout(30_000)
        context.add_cookies(cookies)
        contexts.append(context)
        shots = Path(__file__).resolve().parents[1] / "artifacts" / request.node.name / f"context-{len(contexts)}"
        shots.mkdir(parents=True, exist_ok=True)
        other = AppPage(context.new_page(), app_server, shots)
        other.open()
        return other

    yield open_with
    for context in contexts:
        context.close()


def signed_up(app: AppPage, email: str) -> list[dict]:
    """A new account signed in through the sign-up widget; returns the browser's cookies once written."""
    app.open()
    sign_up(app, name="Cookie Tester", email=email, password=PASSWORD)
    expect_signed_in(app)
    wait_until(app, lambda: auth_cookie(app.page.context), "the sign-in cookie is written")
    return app.page.context.cookies()


def test_a_cookie_saved_before_signing_out_no_longer_signs_in(app, other_browser):
    saved = signed_up(app, "signs.out@example.com")
    expect_signed_in(other_browser(saved))  # the cookie alone opens the app in another browser
    app.page.get_by_test_id("stSidebar").get_by_role("button", name="Sign out").click()
    app.settle()
    wait_until(app, lambda: auth_cookie(app.page.context) is None, "the cookie is deleted")
    after_the_cookie_rerun(app)
    app.expect(app.page.get_by_text("You are signed out."))
    app.shoot("signed out message after the rerun")
    expect_sign_in_page(other_browser(saved))
    sign_in(app, "signs.out@example.com", "not-the-password")
    app.expect(app.page.get_by_text("Wrong email or password."))
    app.shoot("first wrong password after signing out")


def test_after_a_password_change_the_old_cookie_no_longer_signs_in_but_this_session_goes_on(app, other_browser):
    old = signed_up(app, "changes.password@example.com")
    app.go_to("Account")
    form = app.page.get_by_test_id("stForm").filter(has=app.page.get_by_role("button", name="Change password"))
    form.get_by_label("Current password", exact=True).fill(PASSWORD)
    form.get_by_label("New password", exact=True).fill(NEW_PASSWORD)
    form.get_by_label("Repeat new password", exact=True).fill(NEW_PASSWORD)
    form.get_by_role("button", name="Change password").click()
    app.settle()
    old_value = next(c["value"] for c in old if c["name"] == COOKIE)
    wait_until(app, lambda: auth_cookie(app.page.context)["value"] != old_value, "a new cookie is written")
    after_the_cookie_rerun(app)
    app.expect(app.page.get_by_text("Your password is changed", exact=False))
    app.shoot("password changed message after the rerun")
    new = app.page.context.cookies()
    expect_sign_in_page(other_browser(old))
    expect_signed_in(other_browser(new))
    app.go_to("Projects")  # this session goes on
    expect_signed_in(app)


def test_an_invitation_opened_while_signed_out_is_accepted_right_after_signing_up(app):
    email = "invited@example.com"
    with session_scope(app.database_url) as db:
        owner = make_actor(db, role="owner")
        token = create_invitation(db, actor=owner, email=email, role="member").token
    app.open(f"join?invite={token}")
    expect_sign_in_page(app)
    assert not app.page.get_by_text("Page not found").count()
    app.expect(app.page.get_by_text("invited you to join", exact=False))
    app.shoot("invitation while signed out")
    sign_up(app, name="Invited Person", email=email, password=PASSWORD)
    wait_until(app, lambda: auth_cookie(app.page.context), "the sign-in cookie is written")
    after_the_cookie_rerun(app)
    app.expect(app.page.get_by_role("heading", name="Projects"))
    assert not app.page.get_by_role("button", name="Accept invitation").count()
    app.shoot("the team's projects right after signing up")
    with session_scope(app.database_url) as db:
        user_id = db.scalar(select(User.id).where(User.email == email))
        teams = db.scalars(select(TeamMember.team_id).where(TeamMember.user_id == user_id)).all()
    assert owner.team_id in teams and len(teams) == 2


def cookie_key(database_url: str) -> str:
    """The development key the app generated in its data folder (next to its SQLite file)."""
    return (Path(make_url(database_url).database).parent / "cookie_key").read_text().strip()


TOMORROW = (datetime.now(UTC) + timedelta(days=1)).timestamp()


@pytest.mark.parametrize(
    ("claims", "algorithm"),
    [
        ({"username": "x@example.com", "user_id": 1, "issued_at": 0, "exp_date": TOMORROW}, "HS384"),
        ({"username": "x@example.com", "user_id": 1, "issued_at": 0}, "HS256"),
        ({"username": "x@example.com", "user_id": 1, "issued_at": 0, "exp_date": "tomorrow"}, "HS256"),
    ],
    ids=["another-algorithm", "no-exp-date", "exp-date-not-a-number"],
)
def test_a_malformed_cookie_shows_the_sign_in_page_and_is_deleted(app, claims, algorithm):
    app.open()  # the app has generated its cookie key by now
    token = jwt.encode(claims, cookie_key(app.database_url), algorithm=algorithm)
    app.page.context.add_cookies([{"name": COOKIE, "value": token, "url": app.base_url}])
    app.open()
    expect_sign_in_page(app)
    wait_until(app, lambda: auth_cookie(app.page.context) is None, "the malformed cookie is deleted")
    app.shoot("sign-in page after a malformed cookie")


def test_a_cookie_signed_with_another_key_is_refused_and_the_same_claims_signed_rightly_open_the_app(
    app, other_browser
):
    app.open()  # the app has generated its cookie key by now
    with session_scope(app.database_url) as db:
        user_id = make_actor(db, role="owner").user_id
        email = db.get(User, user_id).email
    claims = {"username": email, "user_id": user_id, "issued_at": time.time(), "exp_date": TOMORROW}
    forged = jwt.encode(claims, "another key that is long enough to look real", algorithm="HS256")
    app.page.context.add_cookies([{"name": COOKIE, "value": forged, "url": app.base_url}])
    app.open()
    expect_sign_in_page(app)
    wait_until(app, lambda: auth_cookie(app.page.context) is None, "the forged cookie is deleted")
    app.shoot("sign-in page after a cookie signed with another key")

    signed = jwt.encode(claims, cookie_key(app.database_url), algorithm="HS256")
    expect_signed_in(other_browser([{"name": COOKIE, "value": signed, "url": app.base_url}]))
