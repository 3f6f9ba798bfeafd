"""Invitations: hashed tokens, seats, expiry, revocation, reuse and the invited address."""

from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest
from sqlalchemy import select, update

from core.audit import list_entries
from core.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from core.invitations import (
    accept_invitation,
    create_invitation,
    list_invitations,
    preview_invitation,
    revoke_invitation,
    team_overview,
    token_from_link,
)
from core.permissions import Role
from db.models import Invitation, Team, TeamMember, User
from db.types import utcnow
from tests.factories import NEIGHBOUR_INVITED, add_member, make_actor, make_neighbour_team, make_team, make_user


@pytest.fixture(autouse=True)
def neighbour(db):
    """Another team with owners, members and pending invitations to the addresses these tests use."""
    return make_neighbour_team(db)


@pytest.fixture
def owner(db):
    return make_actor(db, role="owner")


def invite(db, actor, email="new@example.com", role="member"):
    return create_invitation(db, actor=actor, email=email, role=role)


def role_in(db, team_id: int, user_id: int) -> str | None:
    return db.scalar(select(TeamMember.role).where(TeamMember.team_id == team_id, TeamMember.user_id == user_id))


def actions(db, actor) -> list[str]:
    return [e.action for e in list_entries(db, actor=actor)]


def test_an_invitation_expires_in_seven_days_and_is_pending(db, owner):
    created = invite(db, owner, email="  New@Example.com ", role="reviewer")
    assert created.email == "new@example.com" and created.role == Role.REVIEWER
    assert timedelta(days=6, hours=23) < created.expires_at - utcnow() <= timedelta(days=7)
    [listed] = list_invitations(db, actor=owner)
    assert (listed.id, listed.status, listed.role) == (created.id, "pending", Role.REVIEWER)
    assert "invitation.created" in actions(db, owner)


def test_only_the_hash_of_the_token_is_stored(db, owner):
    created = invite(db, owner)
    row = db.get(Invitation, created.id)
    assert row.token_hash == hashlib.sha256(created.token.encode()).hexdigest()
    assert len(created.token) >= 40
    stored = [str(getattr(row, c.key)) for c in Invitation.__table__.columns]
    assert not any(created.token in value for value in stored)


def test_an_admin_cannot_invite_an_owner(db, owner):
    admin = make_actor(db, role="admin", team=db.get_one(Team, owner.team_id))
    with pytest.raises(PermissionDenied, match="owner"):
        invite(db, admin, role="owner")
    assert invite(db, admin, role="admin").role == Role.ADMIN


def test_an_owner_can_invite_an_owner(db, owner):
    assert invite(db, owner, role="owner").role == Role.OWNER


def test_inviting_a_current_member_is_invalid(db, owner):
    team = make_team(db)
    admin = add_member(db, team=team, user=make_user(db), role="admin")
    add_member(db, team=team, user=make_user(db, email="taken@example.com"), role="member")
    with pytest.raises(InvalidInput, match="already a member"):
        invite(db, admin, email="TAKEN@example.com")


def test_a_member_of_another_team_can_be_invited_and_joins(db, owner, neighbour):
    user = make_user(db, email="busy@example.com")
    add_member(db, team=neighbour.team, user=user, role="admin")
    created = invite(db, owner, email="busy@example.com", role="reviewer")
    assert accept_invitation(db, user_id=user.id, token=created.token) == owner.team_id
    assert (role_in(db, owner.team_id, user.id), role_in(db, neighbour.team.id, user.id)) == ("reviewer", "admin")


def test_inviting_an_address_another_team_invited_leaves_that_invitation_working(db, owner, neighbour):
    invite(db, owner, email="new@example.com")
    theirs = list_invitations(db, actor=neighbour.owners[0])
    assert sorted(i.email for i in theirs) == sorted(NEIGHBOUR_INVITED)
    assert {i.status for i in theirs} == {"pending"}


@pytest.mark.parametrize("email,role", [("not-an-email", "member"), ("a@example.com", "boss")])
def test_bad_email_or_role_is_invalid_input(db, owner, email, role):
    with pytest.raises(InvalidInput):
        invite(db, owner, email=email, role=role)


@pytest.mark.parametrize("role", ["member", "reviewer"])
def test_members_and_reviewers_cannot_manage_invitations(db, owner, role):
    created = invite(db, owner)
    team = db.get_one(Team, owner.team_id)
    actor = add_member(db, team=team, user=make_user(db), role=role)
    for call in (
        lambda: invite(db, actor, email="other@example.com"),
        lambda: list_invitations(db, actor=actor),
        lambda: revoke_invitation(db, actor=actor, invitation_id=created.id),
        lambda: team_overview(db, actor=actor),
    ):
        with pytest.raises(PermissionDenied):
            call()


def test_the_free_plan_holds_three_seats_counting_pending_invitations(db, owner):
    invite(db, owner, email="a@example.com")
    invite(db, owner, email="b@example.com")
    with pytest.raises(Conflict, match="free plan allows 3 seats"):
        invite(db, owner, email="c@example.com")
    assert team_overview(db, actor=owner).team.seats_used == 3


def test_a_revoked_or_expired_invitation_frees_its_seat(db, owner):
    first = invite(db, owner, email="a@example.com")
    second = invite(db, owner, email="b@example.com")
    revoke_invitation(db, actor=owner, invitation_id=first.id)
    db.execute(update(Invitation).where(Invitation.id == second.id).values(expires_at=utcnow() - timedelta(hours=1)))
    invite(db, owner, email="c@example.com")
    invite(db, owner, email="d@example.com")


def test_a_larger_plan_holds_more_seats(db):
    owner = make_actor(db, role="owner", plan="pro")
    for n in range(5):
        invite(db, owner, email=f"p{n}@example.com")
    assert team_overview(db, actor=owner).team.seat_limit == 10


def test_inviting_the_same_email_again_replaces_the_old_link(db, owner):
    old = invite(db, owner, email="a@example.com")
    new = invite(db, owner, email="a@example.com", role="reviewer")
    statuses = {i.id: i.status for i in list_invitations(db, actor=owner)}
    assert statuses == {old.id: "revoked", new.id: "pending"}
    user = make_user(db, email="a@example.com")
    with pytest.raises(InvalidInput, match="revoked"):
        accept_invitation(db, user_id=user.id, token=old.token)
    assert role_in(db, accept_invitation(db, user_id=user.id, token=new.token), user.id) == "reviewer"


def test_the_invited_user_joins_with_the_invited_role(db, owner):
    created = invite(db, owner, email="Joiner@Example.com", role="admin")
    user = make_user(db, email="joiner@example.com")
    team_id = accept_invitation(db, user_id=user.id, token=created.token)
    assert team_id == owner.team_id and role_in(db, team_id, user.id) == "admin"
    assert db.get(Invitation, created.id).accepted_at is not None
    assert [i.status for i in list_invitations(db, actor=owner)] == ["accepted"]
    entry = list_entries(db, actor=owner, action="invitation.accepted")[0]
    assert (entry.actor_user_id, entry.target_id) == (user.id, str(created.id))


def test_a_pasted_link_works_like_the_token(db, owner):
    created = invite(db, owner)
    user = make_user(db, email="new@example.com")
    link = f"https://app.example.com/join?invite={created.token}"
    assert accept_invitation(db, user_id=user.id, token=f"  {link} ") == owner.team_id


def test_an_invitation_cannot_be_used_twice(db, owner):
    created = invite(db, owner)
    user = make_user(db, email="new@example.com")
    accept_invitation(db, user_id=user.id, token=created.token)
    with pytest.raises(InvalidInput, match="already been used"):
        accept_invitation(db, user_id=user.id, token=created.token)


def test_a_revoked_invitation_cannot_be_accepted(db, owner):
    created = invite(db, owner)
    revoke_invitation(db, actor=owner, invitation_id=created.id)
    user = make_user(db, email="new@example.com")
    with pytest.raises(InvalidInput, match="revoked"):
        accept_invitation(db, user_id=user.id, token=created.token)
    assert role_in(db, owner.team_id, user.id) is None
    assert "invitation.revoked" in actions(db, owner)


def test_an_expired_invitation_cannot_be_accepted(db, owner):
    created = invite(db, owner)
    db.execute(update(Invitation).where(Invitation.id == created.id).values(expires_at=utcnow() - timedelta(days=1)))
    user = make_user(db, email="new@example.com")
    with pytest.raises(InvalidInput, match="expired"):
        accept_invitation(db, user_id=user.id, token=created.token)
    assert [i.status for i in list_invitations(db, actor=owner)] == ["expired"]


def test_someone_signed_in_with_another_email_is_refused(db, owner):
    created = invite(db, owner, email="right@example.com")
    wrong = make_user(db, email="wrong@example.com")
    with pytest.raises(PermissionDenied, match="r\\*\\*\\*@example.com") as err:
        accept_invitation(db, user_id=wrong.id, token=created.token)
    assert "right@" not in err.value.message
    assert role_in(db, owner.team_id, wrong.id) is None


def test_an_unknown_token_is_not_found(db, owner):
    invite(db, owner)
    user = make_user(db, email="new@example.com")
    with pytest.raises(NotFound, match="not valid"):
        accept_invitation(db, user_id=user.id, token="made-up-token")
    with pytest.raises(InvalidInput, match="Paste"):
        accept_invitation(db, user_id=user.id, token="   ")


def test_someone_already_in_the_team_is_told_so(db, owner):
    team = db.get_one(Team, owner.team_id)
    user = make_user(db, email="new@example.com")
    created = invite(db, owner)
    add_member(db, team=team, user=user, role="reviewer")
    with pytest.raises(InvalidInput, match="already a member"):
        accept_invitation(db, user_id=user.id, token=created.token)


def test_a_full_team_refuses_a_late_acceptance(db, owner):
    team = db.get_one(Team, owner.team_id)
    created = invite(db, owner)
    for _ in range(2):
        add_member(db, team=team, user=make_user(db), role="member")
    user = make_user(db, email="new@example.com")
    with pytest.raises(Conflict, match="full"):
        accept_invitation(db, user_id=user.id, token=created.token)


def test_only_a_pending_invitation_can_be_revoked(db, owner):
    created = invite(db, owner)
    revoke_invitation(db, actor=owner, invitation_id=created.id)
    with pytest.raises(InvalidInput, match="revoked"):
        revoke_invitation(db, actor=owner, invitation_id=created.id)


def test_another_teams_invitation_is_not_found(db, owner):
    created = invite(db, owner)
    other = make_actor(db, role="owner")
    with pytest.raises(NotFound):
        revoke_invitation(db, actor=other, invitation_id=created.id)
    assert list_invitations(db, actor=other) == []


@pytest.mark.parametrize(
    "text,token",
    [
        ("abc", "abc"),
        (" abc ", "abc"),
        ("http://h/join?invite=abc", "abc"),
        ("/join?x=1&invite=a-b_c", "a-b_c"),
        ("?invite=abc", "abc"),
        ("", ""),
    ],
)
def test_a_token_is_read_from_a_link_or_as_is(text, token):
    assert token_from_link(text) == token


def test_a_link_shows_which_team_which_role_and_who_invited(db, owner):
    db.get_one(Team, owner.team_id).name = "Rocket Shop"
    created = invite(db, owner, email="new@example.com", role="reviewer")
    preview = preview_invitation(db, token=f"https://app.example.com/join?invite={created.token}")
    inviter = db.get_one(User, owner.user_id)
    assert (preview.team, preview.role, preview.email) == ("Rocket Shop", Role.REVIEWER, "new@example.com")
    assert preview.inviter == f"{inviter.name} ({inviter.email})"


def test_a_dead_link_shows_nothing_of_its_team(db, owner):
    created = invite(db, owner)
    revoke_invitation(db, actor=owner, invitation_id=created.id)
    with pytest.raises(InvalidInput, match="revoked"):
        preview_invitation(db, token=created.token)
    for token in ("", "made-up"):
        with pytest.raises(NotFound, match="not valid"):
            preview_invitation(db, token=token)
