"""A forgotten password, end to end in a real browser: "Forgot password?" mails a one-time link
to a real SMTP server on 127.0.0.1; the link sets a new password, which then signs in."""

from __future__ import annotations

import time

import pytest

from core.accounts import sign_up as create_account
from db.session import session_scope
from tests.browser.conftest import browser_page, serve
from tests.browser.test_sessions import expect_signed_in, sign_in
from tests.mailbox import link_in, mailbox_fixture  # noqa: F401 - the `mailbox` fixture

pytestmark = pytest.mark.browser

EMAIL = "forgetful@example.com"
OLD, NEW = "the-old-long-password", "a-brand-new-long-password"


@pytest.fixture
def mail_server(mailbox, chromium_path, tmp_path_factory):
    yield from serve(
        tmp_path_factory.mktemp("browser-mail"), SMTP_URL=mailbox.url, SMTP_FROM="product-helper <team@example.com>"
    )


def test_a_forgotten_password_is_reset_through_the_emailed_link(request, browser, mail_server, mailbox):
    with session_scope(mail_server.database_url) as db:
        create_account(db, name="Forgetful Fran", email=EMAIL, password=OLD)
    with browser_page(request, browser, mail_server) as app:
        page = app.page
        app.open()
        page.get_by_text("Forgot password?").click()
        form = page.get_by_test_id("stForm").filter(has=page.get_by_role("button", name="Email me a reset link"))
        form.get_by_label("Email", exact=True).fill(EMAIL)
        form.get_by_role("button", name="Email me a reset link").click()
        app.settle()
        deadline = time.monotonic() + 30
        while not mailbox.messages and time.monotonic() < deadline:
            time.sleep(0.2)
        message = mailbox.only()
        assert EMAIL in message["To"]
        app.shoot("reset link requested")

        page.goto(link_in(message))
        app.settle()
        app.expect(page.get_by_role("heading", name="Choose a new password"))
        assert not page.get_by_text("Page not found").count()
        app.shoot("reset page")
        reset = page.get_by_test_id("stForm").filter(has=page.get_by_role("button", name="Set new password"))
        reset.get_by_label("New password", exact=True).fill(NEW)
        reset.get_by_label("Repeat new password", exact=True).fill(NEW)
        reset.get_by_role("button", name="Set new password").click()
        app.settle()
        app.expect(page.get_by_text("Your password is changed", exact=False))
        app.shoot("password changed through the link")

        sign_in(app, EMAIL, OLD)
        app.expect(page.get_by_text("Wrong email or password", exact=False))
        sign_in(app, EMAIL, NEW)
        expect_signed_in(app)
        app.shoot("signed in with the new password")
