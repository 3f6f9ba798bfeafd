"""`python -m core demo`: a demo account on an empty database, so a fresh install can sign in."""

from __future__ import annotations

import argparse
import sys

from core.accounts import ensure_demo_account
from core.config import ConfigError, get_settings
from db.session import session_scope


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("demo", help="create a demo account when the database has no users")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Print the demo credentials, or say why none were made."""
    try:
        get_settings()
    except ConfigError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    with session_scope() as db:
        created = ensure_demo_account(db)
    if created is None:
        print("Users exist; no demo account created.")
    else:
        email, password = created
        print(f"Demo account: {email} / {password}")
    return 0
