"""Team and join pages through AppTest: invite, refuse the wrong roles, accept a link."""

from __future__ import annotations

from sqlalchemy import select
from streamlit.testing.v1 import AppTest

from core.config import ROOT
from core.invitations import create_invitation
from core.password_resets import reset_password
from core.permissions import Actor
from db.models import AuditLog, Team, TeamMember
from db.session import session_scope
from tests.factories import add_member, make_actor, make_user
from tests.mailbox import link_in, mailbox_fixture  # noqa: F401 - the fixture
from tests.pages.apptest import open_app, shown


def open_page_directly(actor: Actor, page: str) -> AppTest:
    """Run one page script on its own, as if its address were typed in."""
    at = AppTest.from_file(str(ROOT / page), default_timeout=60)
    at.session_state["user_id"] = actor.user_id
    at.session_state["team_id"] = actor.team_id
    return at.run()


def team_with(*roles: str) -> list[Actor]:
    with session_scope() as db:
        owner = make_actor(db, role="owner")
        team = db.get_one(Team, owner.team_id)
        return [owner, *(add_member(db, team=team, user=make_user(db), role=r) for r in roles)]


def role_in_db(team_id: int, user_id: int) -> str | None:
    with session_scope() as db:
        return db.scalar(select(TeamMember.role).where(TeamMember.team_id == team_id, TeamMember.user_id == user_id))


def test_owner_invites_someone_and_sees_the_link_to_copy(app_db):
    [owner] = team_with()
    at = open_app(owner, "pages/team.py")
    assert not at.exception
    at.text_input(key="team_invite_email").input("friend@example.com")
    at.selectbox(key="team_invite_role").select("reviewer")
    at.button(key="team_invite_submit").click().run()
    assert not at.exception
    [link] = [c.value for c in at.code]
    assert "/join?invite=" in link and len(link.split("invite=")[1]) >= 40
    assert any("pending" in m.value and "friend" in m.value for m in at.markdown)


def test_seat_limit_is_shown_when_the_free_plan_is_full(app_db):
    owner, _, _ = team_with("member", "member")
    at = open_app(owner, "pages/team.py")
    at.text_input(key="team_invite_email").input("fourth@example.com")
    at.button(key="team_invite_submit").click().run()
    assert not at.exception and not at.code
    assert any("3 seats" in shown(w.value) for w in at.warning)


def test_owner_changes_a_role_from_the_members_table(app_db):
    owner, member = team_with("member")
    at = open_app(owner, "pages/team.py")
    at.selectbox(key=f"team_role_{member.user_id}").select("admin")
    at.button(key=f"team_change_{member.user_id}").click().run()
    assert not at.exception
    assert role_in_db(owner.team_id, member.user_id) == "admin"
    assert any("is now admin" in s.value for s in at.success)


def test_removing_a_member_asks_for_confirmation_first(app_db):
    owner, member = team_with("member")
    at = open_app(owner, "pages/team.py")
    at.button(key=f"team_remove_{member.user_id}").click().run()
    assert role_in_db(owner.team_id, member.user_id) == "member"
    at.button(key="team_remove_confirm").click().run()
    assert not at.exception
    assert role_in_db(owner.team_id, member.user_id) is None


def test_an_admin_cannot_touch_the_owners_row(app_db):
    owner, admin = team_with("admin")
    at = open_app(admin, "pages/team.py")
    assert not at.exception
    assert at.button(key=f"team_change_{owner.user_id}").disabled
    assert at.button(key=f"team_remove_{owner.user_id}").disabled
    assert "owner" not in at.selectbox(key="team_invite_role").options


def test_a_member_reaching_the_team_page_directly_is_refused(app_db):
    owner, member = team_with("member")
    at = open_page_directly(member, "pages/team.py")
    assert not at.exception
    assert any("cannot open this page" in shown(e.value) for e in at.error)
    assert not at.markdown and not at.button and not at.text_input


def invited_guest(owner: Actor, role: str = "member"):
    """An invitation for guest@example.com and that guest, signed in to a team of their own."""
    with session_scope() as db:
        created = create_invitation(db, actor=owner, email="guest@example.com", role=role)
        own_team = make_actor(db, role="owner")
        user = make_user(db, email="guest@example.com")
        guest = add_member(db, team=db.get_one(Team, own_team.team_id), user=user, role="owner")
    return created, guest


def test_the_invited_user_accepts_on_the_join_page_and_switches_team(app_db):
    [owner] = team_with()
    created, guest = invited_guest(owner)
    at = open_app(guest, "pages/join.py")
    at.text_input(key="join_token").input(f"http://localhost:8501/join?invite={created.token}")
    at.button(key="join_accept").click().run()
    assert not at.exception
    assert role_in_db(owner.team_id, guest.user_id) == "member"
    assert at.session_state["team_id"] == owner.team_id
    assert any("You joined the team" in s.value for s in at.success)


def test_the_join_page_reads_the_token_from_the_link(app_db):
    [owner] = team_with()
    created, guest = invited_guest(owner, role="reviewer")
    at = AppTest.from_file(str(ROOT / "pages/join.py"), default_timeout=60)
    at.session_state["user_id"] = guest.user_id
    at.session_state["team_id"] = guest.team_id
    at.query_params["invite"] = created.token
    at.run()
    assert at.text_input(key="join_token").value == created.token
    at.button(key="join_accept").click().run()
    assert not at.exception
    assert role_in_db(owner.team_id, guest.user_id) == "reviewer"


def test_a_wrong_account_is_refused_on_the_join_page(app_db):
    [owner] = team_with()
    with session_scope() as db:
        created = create_invitation(db, actor=owner, email="guest@example.com", role="member")
        other = make_actor(db, role="owner")
    at = open_app(other, "pages/join.py")
    at.text_input(key="join_token").input(created.token)
    at.button(key="join_accept").click().run()
    assert not at.exception
    assert any("Sign in with the invited address" in shown(e.value) for e in at.error)
    assert role_in_db(owner.team_id, other.user_id) is None


def test_a_refused_invitation_keeps_the_typed_email_to_fix(app_db):
    with session_scope() as db:
        owner = make_actor(db, role="owner")
    at = open_app(owner, "pages/team.py")
    at.text_input(key="team_invite_email").input("not-an-email")
    at.button(key="team_invite_submit").click().run()
    assert not at.exception and at.error
    assert at.text_input(key="team_invite_email").value == "not-an-email"
    at.text_input(key="team_invite_email").input("new.person@example.com")
    at.button(key="team_invite_submit").click().run()
    assert at.text_input(key="team_invite_email").value == ""


def test_without_a_mail_server_an_owner_makes_a_reset_link_for_a_member_and_it_works(app_db):
    owner, member = team_with("member")
    at = open_app(owner, "pages/team.py")
    assert at.button(key=f"team_reset_{owner.user_id}").disabled  # one's own: the Account page
    at.button(key=f"team_reset_{member.user_id}").click().run()
    assert not at.exception
    [link] = [c.value for c in at.code]
    assert "/reset?reset=" in link
    with session_scope() as db:
        new = "a-brand-new-password"
        reset_password(db, token=link.split("reset=")[1], new_password=new, repeat=new)
        assert db.scalar(select(AuditLog.action).where(AuditLog.action == "account.reset_link_created"))


def test_an_admin_cannot_make_a_reset_link_for_the_owner(app_db):
    owner, admin = team_with("admin")
    at = open_app(admin, "pages/team.py")
    assert at.button(key=f"team_reset_{owner.user_id}").disabled


def test_with_a_mail_server_the_invitation_is_emailed_and_members_reset_their_own_passwords(app_db, mailbox):
    owner, member = team_with("member")
    at = open_app(owner, "pages/team.py")
    assert not [b for b in at.button if b.key == f"team_reset_{member.user_id}"]
    at.context = {"url": "https://prd.example.com/team"}
    at.text_input(key="team_invite_email").input("friend@example.com")
    at.button(key="team_invite_submit").click().run()
    assert not at.exception
    assert any("emailed to them" in shown(s.value) for s in at.success)
    assert not at.code
    message = mailbox.only()
    assert message["To"] == "friend@example.com"
    assert link_in(message).startswith("https://prd.example.com/join?invite=")


def test_when_the_mail_server_refuses_the_invitation_link_is_shown_instead(app_db, mailbox):
    [owner] = team_with()
    mailbox.refuse = True
    at = open_app(owner, "pages/team.py")
    at.text_input(key="team_invite_email").input("friend@example.com")
    at.button(key="team_invite_submit").click().run()
    assert any("could not be sent" in shown(s.value) for s in at.success)
    [link] = [c.value for c in at.code]
    assert "/join?invite=" in link
