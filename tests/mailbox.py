"""A real SMTP server on 127.0.0.1 (aiosmtpd) that keeps what it receives, for the email tests."""

from __future__ import annotations

import email
import email.policy
import re
import socket
from dataclasses import dataclass, field
from email.message import EmailMessage as Message

import pytest
from aiosmtpd.controller import Controller

from core.config import Settings, get_settings


@dataclass
class Mailbox:
    """The messages the server accepted, oldest first, and the URL that reaches it."""

    url: str
    messages: list[Message] = field(default_factory=list)
    refuse: bool = False  # answer every message with a permanent failure

    async def handle_DATA(self, server, session, envelope) -> str:  # noqa: N802 - aiosmtpd's hook name
        if self.refuse:
            return "554 Transaction failed"
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        message["X-Envelope-To"] = ", ".join(envelope.rcpt_tos)
        self.messages.append(message)
        return "250 OK"

    def settings(self, **values) -> Settings:
        return Settings(smtp_url=self.url, smtp_from="product-helper <team@example.com>", **values)

    def only(self) -> Message:
        [message] = self.messages
        return message


def body(message: Message) -> str:
    return message.get_content()


def link_in(message: Message) -> str:
    """The one http(s) link of a plain-text message."""
    [link] = re.findall(r"https?://\S+", body(message))
    return link


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(name="mailbox")
def mailbox_fixture(monkeypatch) -> Mailbox:
    """A running SMTP server; SMTP_URL points at it for code that reads the settings."""
    port = _free_port()
    box = Mailbox(url=f"smtp://127.0.0.1:{port}")
    # A fixed name: otherwise the server looks up its own (socket.getfqdn) for every connection.
    controller = Controller(box, hostname="127.0.0.1", port=port, server_hostname="mail.test")
    controller.start()
    monkeypatch.setenv("SMTP_URL", box.url)
    monkeypatch.setenv("SMTP_FROM", "product-helper <team@example.com>")
    get_settings.cache_clear()
    try:
        yield box
    finally:
        controller.stop()
        get_settings.cache_clear()
