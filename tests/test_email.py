"""Email through a real SMTP server on 127.0.0.1: the settings, the invitation's message, failures."""

from __future__ import annotations

import pytest

from core import mail
from core.config import ConfigError, Settings, get_settings, load_settings
from core.invitations import create_invitation, email_invitation
from db.models import Team, User
from tests.factories import make_actor
from tests.mailbox import Mailbox, body, link_in, mailbox_fixture  # noqa: F401 - the fixture


def test_smtp_url_and_from_are_read_from_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("DATA_DIR", str(tmp_path))
    monkeypatch.setenv("SMTP_URL", "smtps://mailer%40example.com:p%40ss@mail.example.com")
    monkeypatch.setenv("SMTP_FROM", "Team <team@example.com>")
    settings = load_settings()
    assert settings.email_enabled and settings.smtp_from == "Team <team@example.com>"
    assert mail.server(settings.smtp_url) == mail.Server("mail.example.com", 465, True, "mailer@example.com", "p@ss")
    assert mail.server("smtp://u:p@mail.example.com").port == 587
    assert not Settings().email_enabled


def test_an_smtp_url_of_another_kind_stops_the_app(monkeypatch, tmp_path):
    monkeypatch.setenv("DATA_DIR", str(tmp_path))
    monkeypatch.setenv("SMTP_URL", "http://mail.example.com")
    with pytest.raises(ConfigError, match="smtp://"):
        load_settings()
    get_settings.cache_clear()


def test_a_message_is_plain_text_from_the_configured_sender(mailbox):
    mail.send(mailbox.settings(), to="ann@example.com", subject="Hello\r\nBcc: evil@example.com", body="Hi Ann")
    message = mailbox.only()
    assert message["Subject"] == "Hello Bcc: evil@example.com" and message["Bcc"] is None
    assert message["X-Envelope-To"] == "ann@example.com"
    assert body(message).strip() == "Hi Ann"


def test_without_smtp_from_the_sender_is_a_no_reply_address_of_the_server(mailbox):
    mail.send(Settings(smtp_url=mailbox.url), to="ann@example.com", subject="s", body="b")
    assert mailbox.only()["From"] == "product-helper <no-reply@127.0.0.1>"


def test_a_refused_or_unreachable_server_is_mail_not_sent(mailbox):
    mailbox.refuse = True
    with pytest.raises(mail.MailNotSent, match="could not be sent"):
        mail.send(mailbox.settings(), to="ann@example.com", subject="s", body="b")
    with pytest.raises(mail.MailNotSent):
        mail.send(Settings(smtp_url="smtp://127.0.0.1:1"), to="ann@example.com", subject="s", body="b")


def test_a_password_is_not_sent_to_a_remote_server_without_starttls(monkeypatch):
    class NoTls:
        def __init__(self, *args, **kwargs):
            self.logged_in = False

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

        def ehlo(self):
            pass

        def has_extn(self, name):
            return False

        def login(self, *args):
            raise AssertionError("the password went out in the clear")

    monkeypatch.setattr(mail.smtplib, "SMTP", NoTls)
    with pytest.raises(mail.MailNotSent):
        mail.send(Settings(smtp_url="smtp://u:p@mail.example.com"), to="a@example.com", subject="s", body="b")


def test_the_invitation_email_names_the_team_the_role_the_inviter_and_holds_the_link(db, mailbox):
    owner = make_actor(db, role="owner")
    db.get_one(Team, owner.team_id).name = "Rocket Shop"
    inviter = db.get_one(User, owner.user_id)
    inviter.name = "Olga Owner"
    db.flush()
    created = create_invitation(db, actor=owner, email="new@example.com", role="reviewer")
    link = f"https://app.example.com/join?invite={created.token}"
    email_invitation(db, actor=owner, created=created, link=link, settings=mailbox.settings())
    message = mailbox.only()
    text = body(message)
    assert message["To"] == "new@example.com"
    assert message["Subject"].strip() == "Olga Owner invited you to Rocket Shop on product-helper"
    assert '"Rocket Shop"' in text and "as reviewer (read projects" in text and f"Olga Owner ({inviter.email})" in text
    assert link_in(message) == link
    assert "Sign in with new@example.com" in text
