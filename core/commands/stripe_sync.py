"""`python -m core stripe-sync`: bring every team's plan in line with its Stripe subscription.

A webhook receiver cannot live inside Streamlit, so a cron job runs this instead. It prints each
change, one line a team; exit 0 when every team was checked, 1 when some team failed (the others
are still done), 2 when Stripe is not configured."""

from __future__ import annotations

import argparse
import sys

from core.billing import stripe_api
from core.billing.sync import SyncResult, reconcile_team, teams_with_stripe
from core.config import get_settings
from db.session import session_scope


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("stripe-sync", help="reconcile every team's plan with its Stripe subscription (cron)")
    parser.set_defaults(func=run)


def _printable(text: str) -> str:
    """A team name as one safe terminal line: no control characters from user text."""
    return "".join(ch if ch.isprintable() else "?" for ch in text)


def describe(result: SyncResult) -> str | None:
    """The line for a team, or None when nothing is worth saying."""
    sub = result.subscription
    where = f"{_printable(result.team_name)} (team {result.team_id})"
    state = f"subscription {sub.id} {sub.status.replace('_', ' ')}" if sub else "no subscription"
    if result.old_plan != result.new_plan:
        return f"{where}: {result.old_plan} → {result.new_plan} ({state})"
    if result.past_due:
        return f"{where}: {result.new_plan} kept while Stripe retries the payment ({state})"
    if result.relinked:
        return f"{where}: {result.new_plan}, now following {state}"
    return None


def run(args: argparse.Namespace) -> int:
    settings = get_settings()
    missing = "STRIPE_SECRET_KEY" if not settings.stripe_enabled else None
    if missing is None and not stripe_api.prices(settings):
        missing = "STRIPE_PRICE_PRO or STRIPE_PRICE_TEAM"
    if missing:
        print(f"stripe-sync: Stripe is not configured ({missing} not set); nothing done.", file=sys.stderr)
        return 2
    client = stripe_api.client(settings)
    with session_scope() as db:
        team_ids = teams_with_stripe(db)
    changed = failed = 0
    for team_id in team_ids:
        try:
            with session_scope() as db:
                result = reconcile_team(db, team_id=team_id, client=client)
        except Exception as exc:  # one team's failure must not stop the others
            failed += 1
            print(f"team {team_id}: failed: {getattr(exc, 'message', None) or exc}", file=sys.stderr)
            continue
        changed += result.changed
        if line := describe(result):
            print(line)
    print(f"stripe-sync: {len(team_ids)} teams checked, {changed} changed, {failed} failed.")
    return 1 if failed else 0
