"""streamlit-authenticator wired to the database: its widgets and cookie, our accounts and rules.

The library keeps users, failed attempts and password rules in a credentials dict (normally a
YAML file). Here that dict only ever holds the one user who has just signed in; the hooks below
hand each decision to core.accounts instead:
- its credential check asks the database (bcrypt, failure count, lockout, audit);
- its sign-up validator applies our password rule and accepts any name a person may have;
- its cookie token also carries the user id and the time the session began, because a cookie
  copied before a sign-out must stop working (users.sessions_valid_after). The expiry alone is
  not enough: the issue time derived from it shifts when AUTH_COOKIE_EXPIRY_DAYS changes;
- it never signs anyone in from the cookie by itself: the gate does, after the cut-off check.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime

import jwt
import streamlit as st
import streamlit_authenticator as stauth
from streamlit.delta_generator import DeltaGenerator
from streamlit_authenticator.controllers import CookieController
from streamlit_authenticator.utilities import RegisterError, Validator

from core import accounts
from core.config import Settings
from core.errors import AppError, InvalidInput
from db.session import session_scope
from ui.auth_session import COOKIE_DUE, SIGNED_IN_AT
from ui.context import USER_KEY

PASSWORD_HELP = (
    f"At least {accounts.MIN_PASSWORD_CHARS} characters, at most {accounts.MAX_PASSWORD_BYTES} bytes "
    "(accented letters and emoji count as 2–4)."
)
SIGN_IN_ERROR = "auth_sign_in_error"
MAX_NAME_CHARS = 255
BAD_TOKEN = (jwt.InvalidTokenError, KeyError, TypeError, ValueError, OverflowError, OSError)
# The library's own sign-up messages, said the way the rest of the app says things.
LIBRARY_MESSAGES = {
    "First name is not valid": f"Your name can have at most {MAX_NAME_CHARS} characters.",
    "Last name is not valid": f"Your name can have at most {MAX_NAME_CHARS} characters.",
    "Email is not valid": "Please enter a valid email address.",
    "Username is not valid": "Please enter a valid email address.",
    "Password/repeat password fields cannot be empty": "Please enter the password twice.",
    "Passwords do not match": "The two passwords do not match.",
    "Email already taken": accounts.EMAIL_TAKEN,
    "Username/email already taken": accounts.EMAIL_TAKEN,
}


class AccountValidator(Validator):
    """The sign-up widget's checks: our password rule; names and emails are left to core.accounts."""

    def validate_name(self, name: str) -> bool:
        return len(name) <= MAX_NAME_CHARS and (not name or name.isprintable())

    def validate_email(self, email: str) -> bool:
        return bool(email)

    def validate_username(self, username: str) -> bool:
        return bool(username)

    def validate_password(self, password: str) -> bool:
        return accounts.password_problem(password) is None

    def diagnose_password(self, password: str) -> str:
        return accounts.password_problem(password) or ""


# The library's widgets take no starting values; a sign-up through an invitation starts with the invited
# address. Set only for the duration of one call in this session's own script thread.
_PREFILL: ContextVar[dict[str, str] | None] = ContextVar("auth_prefill", default=None)


def _install_prefill() -> None:
    original = DeltaGenerator.text_input
    if getattr(original, "prefills", False):
        return

    @functools.wraps(original)
    def text_input(self, label, *args, **kwargs):
        values = _PREFILL.get()
        if values and label in values and not args and "value" not in kwargs:
            kwargs["value"] = values[label]
        return original(self, label, *args, **kwargs)

    text_input.prefills = True
    DeltaGenerator.text_input = text_input


@contextmanager
def prefilled(values: dict[str, str]) -> Iterator[None]:
    """Text inputs drawn inside, with these labels, start with these values."""
    _install_prefill()
    token = _PREFILL.set(values)
    try:
        yield
    finally:
        _PREFILL.reset(token)


def build(settings: Settings) -> stauth.Authenticate:
    """This run's library object, with an empty credentials dict and the database hooks in place."""
    auth = stauth.Authenticate(
        {"usernames": {}},
        cookie_name=settings.auth_cookie_name,
        cookie_key=settings.auth_cookie_key,
        cookie_expiry_days=settings.auth_cookie_expiry_days,
        validator=AccountValidator(),
        auto_hash=False,
        login_sleep_time=0,  # the library waits for its cookie component; the gate reads cookies itself
        password_instructions=PASSWORD_HELP,
    )
    model = auth.authentication_controller.authentication_model
    users = model.credentials["usernames"]
    model.check_credentials = lambda username, password: _check_credentials(users, username, password)
    controller = auth.authentication_controller
    controller.register_user = _check_sign_up(controller.register_user)
    cookies = auth.cookie_controller
    cookies.get_cookie = lambda: None
    cookies.set_cookie = _defer_cookie
    cookies.cookie_model._token_encode = lambda: _encode_token(cookies.cookie_model)
    return auth


def _check_credentials(users: dict, username: str, password: str) -> bool:
    """The library's credential check, answered by the database; the outcome is kept for the form."""
    st.session_state.pop(SIGN_IN_ERROR, None)  # a new attempt replaces the last one's message
    if not password:
        st.session_state[SIGN_IN_ERROR] = InvalidInput("Please enter your password.")
        return False
    with session_scope() as db:
        try:  # caught inside the transaction, so a failed attempt is still committed and counted
            user = accounts.authenticate(db, email=username, password=password)
        except AppError as exc:
            st.session_state[SIGN_IN_ERROR] = exc
            return False
    users[username] = {"email": user.email, "first_name": user.name, "last_name": "", "user_id": user.id}
    return True


def _check_sign_up(register):
    """Before the library's own checks, which stop at the first problem: every problem at once."""

    def checked(first, last, email, username, password, repeat, *rest):
        name = " ".join(part.strip() for part in (first or "", last or "") if part.strip())
        typed = {k: (v or "").strip() for k, v in {"email": email, "password": password, "repeat": repeat}.items()}
        with session_scope() as db:
            problems = accounts.sign_up_problems(db, name=name, **typed)
        if problems:
            raise RegisterError(" ".join(problems))
        return register(first, last, email, username, password, repeat, *rest)

    return checked


def signed_in_user_id(auth: stauth.Authenticate) -> int | None:
    """The user the library's login widget has just let in, if any."""
    if not st.session_state.get("authentication_status"):
        return None
    users = auth.authentication_controller.authentication_model.credentials["usernames"]
    return users.get(st.session_state.get("username") or "", {}).get("user_id")


def take_registered(auth: stauth.Authenticate, username: str) -> tuple[str, str]:
    """The name and bcrypt hash the sign-up widget produced, removed from the library's dict."""
    entry = auth.authentication_controller.authentication_model.credentials["usernames"].pop(username)
    name = " ".join(part for part in (entry.get("first_name"), entry.get("last_name")) if part)
    return name, entry["password"]


def human_message(message: str) -> str:
    return LIBRARY_MESSAGES.get(message.strip(), message)


def _defer_cookie() -> None:
    """The library writes its cookie inside login(); the gate writes it on the next complete run."""
    st.session_state[COOKIE_DUE] = True


def _encode_token(model) -> str:
    claims = {
        "username": st.session_state.get("username"),
        "exp_date": model.exp_date,
        "user_id": st.session_state[USER_KEY],
        "issued_at": st.session_state[SIGNED_IN_AT].timestamp(),
    }
    return jwt.encode(claims, model.cookie_key, algorithm="HS256")


def write_cookie(auth: stauth.Authenticate) -> None:
    """The library's own set_cookie (its hooked copy only marks the cookie as due)."""
    CookieController.set_cookie(auth.cookie_controller)


def delete_cookie(auth: stauth.Authenticate) -> None:
    auth.cookie_controller.delete_cookie()


def cookie_present(auth: stauth.Authenticate) -> bool:
    return auth.cookie_controller.cookie_model.cookie_name in st.context.cookies


def read_cookie(auth: stauth.Authenticate) -> tuple[int, datetime] | None:
    """(user id, session start) from a valid cookie; None for a missing, expired or malformed one."""
    try:
        token = auth.cookie_controller.cookie_model.get_cookie()
        if not token:
            return None
        user_id, issued = token["user_id"], token["issued_at"]
        if not isinstance(user_id, int) or isinstance(user_id, bool) or not isinstance(issued, (int, float)):
            return None
        return user_id, datetime.fromtimestamp(issued, UTC)
    except BAD_TOKEN:
        return None
