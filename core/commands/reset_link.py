"""`python -m core reset-link EMAIL`: a password reset link for whoever runs the server to hand over.

For installs without a mail server (SMTP_URL unset), or an account whose team has no one left to
make one on the Team page. The link works once, for one hour; it is printed, never mailed."""

from __future__ import annotations

import argparse
import sys

from core.config import ConfigError, get_settings
from core.errors import AppError
from core.password_resets import operator_reset_link, reset_url
from db.session import session_scope

DEFAULT_BASE_URL = "http://localhost:8501"


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("reset-link", help="print a one-time password reset link for an account")
    _arguments(parser)
    parser.set_defaults(func=run)


def _arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("email", help="the account's email address")
    parser.add_argument(
        "--base-url",
        default=None,
        help=f"the app's address as its users reach it (default: APP_URL, or {DEFAULT_BASE_URL})",
    )


def run(args: argparse.Namespace) -> int:
    """Print the link and when it expires; exit 1 when no active account uses the address, 2 on bad settings."""
    try:
        settings = get_settings()
    except ConfigError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    try:
        with session_scope() as db:
            link = operator_reset_link(db, email=args.email)
    except AppError as exc:
        print(f"error: {exc.message}", file=sys.stderr)
        return 1
    print(reset_url(args.base_url or settings.app_url or DEFAULT_BASE_URL, link.token))
    print(f"For {link.email}; works once, until {link.expires_at:%Y-%m-%d %H:%M} UTC.")
    return 0


def main(argv: list[str]) -> int:
    """The command on its own, for tests: the same arguments as after `reset-link`."""
    parser = argparse.ArgumentParser(prog="python -m core reset-link")
    _arguments(parser)
    return run(parser.parse_args(argv))
