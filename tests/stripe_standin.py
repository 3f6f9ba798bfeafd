"""A Stripe stand-in on 127.0.0.1 for the tests: localstripe (a stateful fake Stripe: customers,
payment methods, plans, subscriptions, their invoices and cancellation) in a child process, behind
a small scripted server of ours that adds what localstripe lacks, Checkout sessions and the
customer portal, and forwards everything else. The app's real `stripe` client talks to it over
HTTP; nothing reaches the internet."""

from __future__ import annotations

import json
import secrets
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import pytest
import stripe

from core.config import get_settings

KEY = "sk_test_standin"
PRO_PRICE, TEAM_PRICE = "price_standin_pro", "price_standin_team"
RETURN = "http://app.test/billing"  # the Billing page's address Stripe sends the owner back to
GOOD_CARD = "4242424242424242"
DECLINED_CARD = "4000000000000341"  # attaches to the customer, every charge is declined
STARTUP_S = 30
# localstripe's server, bound to 127.0.0.1 only, keeping its store in memory (not in /tmp).
LAUNCH = """
import sys
from aiohttp import web
from localstripe import resources
from localstripe.server import app
resources.Store.dump_to_disk = lambda self: None
web.run_app(app, host="127.0.0.1", port=int(sys.argv[1]), print=None)
"""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _error(status: int, message: str) -> tuple[int, dict]:
    return status, {"error": {"type": "invalid_request_error", "message": message}}


class StripeStandIn:
    """Start with `StripeStandIn()`, point the app at `.url`, script payments, then `.close()`."""

    def __init__(self) -> None:
        self.fake_port = _free_port()
        self.fake = subprocess.Popen(
            [sys.executable, "-c", LAUNCH, str(self.fake_port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        self.sessions: dict[str, dict[str, Any]] = {}
        self.requests: list[tuple[str, str, dict[str, str]]] = []  # (method, path, form) we answered ourselves
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self._wait_until_up()
        self.client = stripe.StripeClient(KEY, base_addresses={"api": self.url}, max_network_retries=0)

    def _wait_until_up(self) -> None:
        deadline = time.monotonic() + STARTUP_S
        while time.monotonic() < deadline:
            if self.fake.poll() is not None:
                raise RuntimeError("localstripe exited at start")
            try:
                self._fake("GET", "/v1/customers", b"", {})
                return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError(f"localstripe did not answer within {STARTUP_S} s")

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.fake.terminate()
        try:
            self.fake.wait(10)
        except subprocess.TimeoutExpired:
            self.fake.kill()

    # Forwarding -------------------------------------------------------------------------------

    def _fake(self, method: str, path: str, body: bytes, headers: dict[str, str]) -> tuple[int, bytes]:
        """One request to localstripe as it came, its status and body as they go back."""
        request = urllib.request.Request(
            f"http://127.0.0.1:{self.fake_port}{path}",
            data=body if method == "POST" else None,
            method=method,
            headers={"Authorization": f"Bearer {KEY}", **headers},
        )
        try:
            with urllib.request.urlopen(request, timeout=20) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read()

    def _exists(self, path: str) -> bool:
        return self._fake("GET", path, b"", {})[0] == 200

    # What localstripe lacks -------------------------------------------------------------------

    def _create_session(self, form: dict[str, str]) -> tuple[int, dict]:
        customer, price = form.get("customer", ""), form.get("line_items[0][price]", "")
        if form.get("mode") != "subscription" or not form.get("success_url") or not form.get("cancel_url"):
            return _error(400, "mode=subscription, success_url and cancel_url are required")
        if not self._exists(f"/v1/customers/{customer}"):
            return _error(400, f"No such customer: '{customer}'")  # Stripe: 400 for an id in the parameters
        if not self._exists(f"/v1/plans/{price}"):
            return _error(400, f"No such price: '{price}'")
        session_id = f"cs_test_{secrets.token_hex(12)}"
        session = {
            "id": session_id,
            "object": "checkout.session",
            "mode": "subscription",
            "status": "open",
            "payment_status": "unpaid",
            "customer": customer,
            "client_reference_id": form.get("client_reference_id"),
            "metadata": {k[9:-1]: v for k, v in form.items() if k.startswith("metadata[")},
            "subscription": None,
            "success_url": form["success_url"],
            "cancel_url": form["cancel_url"],
            "url": f"{self.url}/pay/{session_id}",
            "line_items_price": price,
        }
        self.sessions[session_id] = session
        return 200, session

    def _portal(self, form: dict[str, str]) -> tuple[int, dict]:
        customer = form.get("customer", "")
        if not self._exists(f"/v1/customers/{customer}"):
            return _error(400, f"No such customer: '{customer}'")
        portal_id = f"bps_{secrets.token_hex(12)}"
        return 200, {
            "id": portal_id,
            "object": "billing_portal.session",
            "customer": customer,
            "return_url": form.get("return_url"),
            "url": f"{self.url}/portal/{portal_id}",
        }

    def _answer(self, method: str, path: str, form: dict[str, str]) -> tuple[int, dict] | None:
        """Our own routes; None: localstripe's."""
        if method == "POST" and path == "/v1/checkout/sessions":
            return self._create_session(form)
        if method == "GET" and path.startswith("/v1/checkout/sessions/"):
            found = self.sessions.get(path.rsplit("/", 1)[1])
            return (200, found) if found else _error(404, "No such checkout.session")
        if method == "POST" and path == "/v1/billing_portal/sessions":
            return self._portal(form)
        return None

    def _handler(self):
        standin = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:  # quiet
                pass

            def _serve(self, method: str) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                path = urlsplit(self.path).path
                form = dict(parse_qsl(body.decode() if method == "POST" else urlsplit(self.path).query))
                answered = standin._answer(method, path, form)
                if answered is None:
                    kept = {k: v for k, v in self.headers.items() if k.lower() == "content-type"}
                    status, payload = standin._fake(method, self.path, body, kept)
                else:
                    standin.requests.append((method, path, form))
                    status, payload = answered[0], json.dumps(answered[1]).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def do_GET(self) -> None:  # noqa: N802 - http.server's naming
                self._serve("GET")

            def do_POST(self) -> None:  # noqa: N802
                self._serve("POST")

            def do_DELETE(self) -> None:  # noqa: N802
                self._serve("DELETE")

        return Handler

    # Scripting what a customer does on Stripe's pages -----------------------------------------

    def create_price(self, price_id: str, *, interval: str = "month", amount: int = 1900) -> None:
        self.client.v1.plans.create(
            params={
                "id": price_id,
                "amount": amount,
                "currency": "usd",
                "interval": interval,
                "product": {"name": price_id},
            }
        )

    def _pay_with(self, customer: str, card: str) -> None:
        card_details = {"number": card, "exp_month": 12, "exp_year": 2040, "cvc": "123"}
        method = self.client.v1.payment_methods.create(params={"type": "card", "card": card_details})
        self.client.v1.payment_methods.attach(method.id, params={"customer": customer})
        self.client.v1.customers.update(customer, params={"invoice_settings": {"default_payment_method": method.id}})

    def complete_checkout(self, session_id: str, *, card: str = GOOD_CARD) -> str:
        """The customer pays on the checkout page: a card, a subscription, the session complete
        (with a declined card the subscription stays incomplete, as with a payment still pending)."""
        session = self.sessions[session_id]
        self._pay_with(session["customer"], card)
        sub = self.client.v1.subscriptions.create(
            params={"customer": session["customer"], "items": [{"plan": session["line_items_price"]}]}
        )
        session.update(status="complete", payment_status="paid", subscription=sub.id)
        return sub.id

    def expire_checkout(self, session_id: str) -> None:
        self.sessions[session_id].update(status="expired")

    def cancel(self, subscription_id: str) -> None:
        """The customer cancels in the portal (or Stripe ends it after failed payments)."""
        self.client.v1.subscriptions.cancel(subscription_id)

    def decline_renewal(self, subscription_id: str, *, via: str = "plan_standin_weekly") -> str:
        """The next invoice's charge is declined: the subscription is past due, on the same price.
        localstripe bills again when a subscription changes interval, so it moves to a weekly plan
        (paid with the good card) and back (declined)."""
        sub = self.client.v1.subscriptions.retrieve(subscription_id).to_dict()
        price = sub["items"]["data"][0]["plan"]["id"]
        if not self._exists(f"/v1/plans/{via}"):
            self.create_price(via, interval="week", amount=0)
        self._move(subscription_id, via)
        self._pay_with(sub["customer"], DECLINED_CARD)
        return self._move(subscription_id, price)

    def _move(self, subscription_id: str, price: str) -> str:
        item = self.client.v1.subscriptions.retrieve(subscription_id).to_dict()["items"]["data"][0]["id"]
        moved = self.client.v1.subscriptions.update(subscription_id, params={"items": [{"id": item, "plan": price}]})
        return moved.status

    def status(self, subscription_id: str) -> str:
        return self.client.v1.subscriptions.retrieve(subscription_id).status


@pytest.fixture(scope="module", name="standin")
def standin_fixture():
    """One stand-in per test module, with a price for each paid plan."""
    server = StripeStandIn()
    server.create_price(PRO_PRICE)
    server.create_price(TEAM_PRICE, amount=4900)
    yield server
    server.close()


@pytest.fixture(name="stripe_env")
def stripe_env_fixture(standin, monkeypatch, tmp_path):
    """Settings for the stand-in: key, address and the two prices."""
    values = {
        "STRIPE_SECRET_KEY": KEY,
        "STRIPE_API_BASE": standin.url,
        "STRIPE_PRICE_PRO": PRO_PRICE,
        "STRIPE_PRICE_TEAM": TEAM_PRICE,
        "DATA_DIR": str(tmp_path),
    }
    for name, value in values.items():
        monkeypatch.setenv(name, value)
    get_settings.cache_clear()
    yield standin
    get_settings.cache_clear()
