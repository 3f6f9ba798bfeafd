"""Plain-text email through the SMTP server in SMTP_URL: invitations and password resets."""

from __future__ import annotations

import logging
import smtplib
import ssl
from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage
from email.utils import formataddr, make_msgid
from urllib.parse import unquote, urlparse

from core.config import Settings
from core.errors import AppError

log = logging.getLogger("product_helper")
TIMEOUT_S = 20
LOOPBACK = ("127.0.0.1", "::1", "localhost")


class MailNotSent(AppError):
    """The mail server refused or could not be reached; the operator finds the details in the log."""


@dataclass(frozen=True)
class Server:
    host: str
    port: int
    tls: bool  # smtps://: TLS from the first byte; smtp://: STARTTLS when the server offers it
    user: str
    password: str


def server(url: str) -> Server:
    """SMTP_URL read into its parts; user and password may be percent-encoded."""
    parsed = urlparse(url)
    tls = parsed.scheme.lower() == "smtps"
    return Server(
        host=parsed.hostname or "localhost",
        port=parsed.port or (465 if tls else 587),
        tls=tls,
        user=unquote(parsed.username or ""),
        password=unquote(parsed.password or ""),
    )


def sender(settings: Settings) -> str:
    return settings.smtp_from or formataddr(("product-helper", f"no-reply@{server(settings.smtp_url).host}"))


def send(settings: Settings, *, to: str, subject: str, body: str) -> None:
    """Send one plain-text message; raises MailNotSent (details logged) when it cannot go out."""
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = sender(settings), to, _one_line(subject)
    message["Message-ID"] = make_msgid(domain=server(settings.smtp_url).host)
    message.set_content(body)
    try:
        _deliver(server(settings.smtp_url), message)
    except (OSError, smtplib.SMTPException) as exc:
        log.warning("mail to %s not sent: %s", to, exc)
        raise MailNotSent("The email could not be sent: the mail server did not accept it.") from None


def _one_line(text: str) -> str:
    """A header from user text (a team's name): no line breaks that could add headers."""
    return " ".join("".join(ch if ch.isprintable() else " " for ch in text).split())


ROLE_MEANING = {
    "owner": "everything, billing included",
    "admin": "invite people, manage members and every project",
    "member": "create projects and work on them",
    "reviewer": "read projects, their diagrams and validation (read-only)",
}


def invitation_message(
    *, team: str, role: str, inviter: str, inviter_email: str, invitee: str, link: str, expires_at: datetime
) -> tuple[str, str]:
    """Subject and body of an invitation: which team, which role, who invited, and the link."""
    subject = f"{inviter} invited you to {team} on product-helper"
    body = (
        f'{inviter} ({inviter_email}) invited you to join the team "{team}" on product-helper as {role} '
        f"({ROLE_MEANING.get(role, role)}).\n\n"
        f"To accept, open this link before {expires_at:%Y-%m-%d %H:%M} UTC:\n\n{link}\n\n"
        f"Sign in with {invitee}, or create an account with that address: the invitation is for it "
        "alone, and the link works once.\n\nIf you were not expecting this, you can ignore this email.\n"
    )
    return subject, body


def reset_message(*, email: str, link: str) -> tuple[str, str]:
    """Subject and body of a password reset link."""
    body = (
        f"Someone asked to reset the password of the product-helper account {email}.\n\n"
        f"To choose a new password, open this link within the hour:\n\n{link}\n\n"
        "The link works once; using it signs you out everywhere else. If you did not ask for it, "
        "ignore this email: your password stays as it is.\n"
    )
    return "Reset your product-helper password", body


def _deliver(srv: Server, message: EmailMessage) -> None:
    context = ssl.create_default_context()
    if srv.tls:
        client: smtplib.SMTP = smtplib.SMTP_SSL(srv.host, srv.port, timeout=TIMEOUT_S, context=context)
    else:
        client = smtplib.SMTP(srv.host, srv.port, timeout=TIMEOUT_S)
    with client:
        client.ehlo()
        if not srv.tls and client.has_extn("starttls"):
            client.starttls(context=context)
            client.ehlo()
        elif srv.user and not srv.tls and srv.host not in LOOPBACK:
            raise smtplib.SMTPException("the server offers no STARTTLS: the password is not sent in the clear")
        if srv.user:
            client.login(srv.user, srv.password)
        client.send_message(message)
