"""Password reset: a mailed or handed-over one-time link, an hour long, that ends every earlier session."""

from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest
from sqlalchemy import select, update

from core import accounts, password_resets
from core.commands import reset_link
from core.config import Settings
from core.errors import InvalidInput, NotFound, PermissionDenied
from core.password_resets import (
    RESET_SENT,
    make_reset_link,
    operator_reset_link,
    request_reset,
    reset_password,
    reset_target,
)
from db.models import AuditLog, PasswordReset, Team, User
from db.session import session_scope
from db.types import utcnow
from tests.factories import PASSWORD, add_member, make_actor, make_team, make_user
from tests.mailbox import Mailbox, body, link_in, mailbox_fixture  # noqa: F401 - the fixture

NEW_PASSWORD = "a-brand-new-password"
BASE = "https://app.example.com"


@pytest.fixture(autouse=True)
def fast_hashing(monkeypatch):
    monkeypatch.setattr(accounts, "BCRYPT_ROUNDS", 4)


def token_of(link: str) -> str:
    return link.split("reset=", 1)[1]


def ask(db, box: Mailbox, email: str) -> str:
    return request_reset(db, email=email, base_url=BASE, settings=box.settings())


def test_asking_for_a_reset_mails_a_one_time_link_to_the_account(db, mailbox):
    user = make_user(db, email="ann@example.com")
    assert ask(db, mailbox, " ANN@example.com ") == RESET_SENT
    message = mailbox.only()
    assert message["To"] == "ann@example.com" and message["X-Envelope-To"] == "ann@example.com"
    assert message["From"] == "product-helper <team@example.com>"
    assert message.get_content_type() == "text/plain"
    link = link_in(message)
    assert link.startswith(f"{BASE}/reset?reset=") and len(token_of(link)) >= 40
    assert "within the hour" in body(message)
    [row] = db.scalars(select(PasswordReset).where(PasswordReset.user_id == user.id)).all()
    assert row.token_hash == hashlib.sha256(token_of(link).encode()).hexdigest()
    assert timedelta(minutes=59) < row.expires_at - utcnow() <= timedelta(hours=1)


def test_an_unknown_or_deactivated_address_gets_the_same_answer_and_no_mail(db, mailbox):
    user = make_user(db, email="gone@example.com")
    user.is_active = False
    db.flush()
    assert ask(db, mailbox, "nobody@example.com") == RESET_SENT
    assert ask(db, mailbox, "gone@example.com") == RESET_SENT
    assert ask(db, mailbox, "") == RESET_SENT
    assert mailbox.messages == []
    assert db.scalar(select(PasswordReset.id)) is None


def test_a_mail_server_that_refuses_changes_nothing_in_the_answer(db, mailbox):
    make_user(db, email="ann@example.com")
    mailbox.refuse = True
    assert ask(db, mailbox, "ann@example.com") == RESET_SENT


def test_without_a_mail_server_nothing_is_sent_and_the_answer_is_the_same(db):
    make_user(db, email="ann@example.com")
    assert request_reset(db, email="ann@example.com", base_url=BASE, settings=Settings()) == RESET_SENT
    assert db.scalar(select(PasswordReset.id)) is None


def test_the_link_sets_the_new_password_and_ends_every_earlier_session(db, mailbox):
    user = make_user(db, email="ann@example.com")
    user.failed_logins, user.locked_until = 5, utcnow() + timedelta(minutes=10)
    db.flush()
    before = utcnow()
    ask(db, mailbox, "ann@example.com")
    token = token_of(link_in(mailbox.only()))
    assert reset_target(db, token=token) == "ann@example.com"
    reset_password(db, token=token, new_password=NEW_PASSWORD, repeat=NEW_PASSWORD)
    assert not accounts.session_is_valid(db, user_id=user.id, issued_at=before)
    assert accounts.authenticate(db, email="ann@example.com", password=NEW_PASSWORD).id == user.id
    with pytest.raises(InvalidInput):
        accounts.authenticate(db, email="ann@example.com", password=PASSWORD)
    actions = db.scalars(select(AuditLog.action).where(AuditLog.target_id == str(user.id))).all()
    assert {"account.password_reset_requested", "account.password_reset"} <= set(actions)


def test_a_link_works_only_once(db):
    make_user(db, email="ann@example.com")
    link = operator_reset_link(db, email="ann@example.com")
    reset_password(db, token=link.token, new_password=NEW_PASSWORD, repeat=NEW_PASSWORD)
    with pytest.raises(InvalidInput, match="already used"):
        reset_password(db, token=link.token, new_password="yet-another-password", repeat="yet-another-password")


def test_a_link_older_than_an_hour_no_longer_works(db):
    make_user(db, email="ann@example.com")
    link = operator_reset_link(db, email="ann@example.com")
    db.execute(update(PasswordReset).values(expires_at=utcnow() - timedelta(seconds=1)))
    with pytest.raises(InvalidInput, match="expired"):
        reset_target(db, token=link.token)


def test_a_newer_link_replaces_the_older_one(db):
    make_user(db, email="ann@example.com")
    old = operator_reset_link(db, email="ann@example.com")
    new = operator_reset_link(db, email="ann@example.com")
    with pytest.raises(InvalidInput, match="newer one"):
        reset_target(db, token=old.token)
    assert reset_target(db, token=new.token) == "ann@example.com"


@pytest.mark.parametrize("token", ["", "   ", "made-up-token"])
def test_an_unknown_token_is_not_valid(db, token):
    with pytest.raises(InvalidInput, match="not valid"):
        reset_target(db, token=token)


def test_the_new_password_follows_the_rule_and_is_typed_twice_alike(db):
    make_user(db, email="ann@example.com")
    link = operator_reset_link(db, email="ann@example.com")
    with pytest.raises(InvalidInput) as refused:
        reset_password(db, token=link.token, new_password="short", repeat="shorter")
    assert "at least 10 characters" in refused.value.message and "do not match" in refused.value.message
    reset_password(db, token=link.token, new_password=NEW_PASSWORD, repeat=NEW_PASSWORD)


def test_a_deactivated_account_cannot_use_its_link(db):
    user = make_user(db, email="ann@example.com")
    link = operator_reset_link(db, email="ann@example.com")
    user.is_active = False
    db.flush()
    for call in (
        lambda: reset_target(db, token=link.token),
        lambda: reset_password(db, token=link.token, new_password=NEW_PASSWORD, repeat=NEW_PASSWORD),
    ):
        with pytest.raises(InvalidInput, match="not valid"):
            call()


def team_of(db, owner):
    return db.get_one(Team, owner.team_id)


def test_an_owner_makes_a_link_for_a_member_and_it_is_audited(db):
    owner = make_actor(db, role="owner")
    member = add_member(db, team=team_of(db, owner), user=make_user(db), role="member")
    link = make_reset_link(db, actor=owner, user_id=member.user_id)
    assert link.email == db.get_one(User, member.user_id).email
    assert db.scalar(select(PasswordReset.created_by)) == owner.user_id
    entry = db.scalar(select(AuditLog).where(AuditLog.action == "account.reset_link_created"))
    assert (entry.team_id, entry.actor_user_id, entry.target_id) == (owner.team_id, owner.user_id, str(member.user_id))


@pytest.mark.parametrize("role", ["member", "reviewer"])
def test_members_and_reviewers_cannot_make_a_link(db, role):
    owner = make_actor(db, role="owner")
    actor = add_member(db, team=team_of(db, owner), user=make_user(db), role=role)
    with pytest.raises(PermissionDenied):
        make_reset_link(db, actor=actor, user_id=owner.user_id)


def test_an_admin_cannot_make_a_link_for_an_owner(db):
    owner = make_actor(db, role="owner")
    admin = add_member(db, team=team_of(db, owner), user=make_user(db), role="admin")
    with pytest.raises(PermissionDenied, match="Only an owner"):
        make_reset_link(db, actor=admin, user_id=owner.user_id)


def test_a_link_is_refused_for_oneself_another_teams_user_and_a_member_of_another_team(db):
    owner = make_actor(db, role="owner")
    stranger = make_actor(db, role="member")
    with pytest.raises(InvalidInput, match="Account page"):
        make_reset_link(db, actor=owner, user_id=owner.user_id)
    with pytest.raises(NotFound):
        make_reset_link(db, actor=owner, user_id=stranger.user_id)
    both = make_user(db)
    add_member(db, team=team_of(db, owner), user=both, role="member")
    add_member(db, team=make_team(db), user=both, role="owner")
    with pytest.raises(PermissionDenied, match="another team"):
        make_reset_link(db, actor=owner, user_id=both.id)


def test_the_operator_link_needs_an_existing_account(db):
    with pytest.raises(NotFound, match="No active account"):
        operator_reset_link(db, email="nobody@example.com")


def test_the_reset_link_command_prints_a_link_that_works(committed_db_url, capsys):
    with session_scope() as db:
        make_user(db, email="ann@example.com")
    assert reset_link.main(["ANN@example.com", "--base-url", "http://host:8501/"]) == 0
    link = capsys.readouterr().out.strip().splitlines()[0]
    assert link.startswith("http://host:8501/reset?reset=")
    with session_scope() as db:
        reset_password(db, token=token_of(link), new_password=NEW_PASSWORD, repeat=NEW_PASSWORD)
    assert reset_link.main(["nobody@example.com"]) == 1
    assert "No active account" in capsys.readouterr().err


def test_the_reset_url_sits_under_the_app_address():
    assert password_resets.reset_url("http://h:1/", "tok") == "http://h:1/reset?reset=tok"


def test_reset_link_is_a_command_of_python_m_core(committed_db_url, capsys, monkeypatch):
    from core.__main__ import main as cli
    from core.config import get_settings

    assert cli(["reset-link", "nobody@example.com"]) == 1
    monkeypatch.setenv("SMTP_URL", "http://not-a-mail-server")
    get_settings.cache_clear()
    assert cli(["reset-link", "ann@example.com"]) == 2
    assert "SMTP_URL" in capsys.readouterr().err


def test_asking_again_within_a_minute_sends_no_second_mail_and_the_first_link_still_works(db, mailbox):
    make_user(db, email="ann@example.com")
    assert ask(db, mailbox, "ann@example.com") == ask(db, mailbox, "ann@example.com") == RESET_SENT
    token = token_of(link_in(mailbox.only()))
    assert reset_target(db, token=token) == "ann@example.com"
    db.execute(update(PasswordReset).values(created_at=utcnow() - timedelta(minutes=2)))
    ask(db, mailbox, "ann@example.com")
    assert len(mailbox.messages) == 2
