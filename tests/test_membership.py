"""Which team a user works in when nothing else says: the one they used last."""

from core.membership import mark_used, resolve_actor
from tests.factories import add_member, make_team, make_user


def test_without_a_chosen_team_the_user_works_in_the_team_they_used_last(db):
    user = make_user(db)
    personal, shared, third = (make_team(db, name=n) for n in ("Personal", "Shared", "Third"))
    add_member(db, team=personal, user=user, role="owner")
    in_shared = add_member(db, team=shared, user=user, role="reviewer")
    in_third = add_member(db, team=third, user=user, role="member")
    db.flush()
    assert resolve_actor(db, user_id=user.id, team_id=None).team_id == personal.id  # never used: the first

    mark_used(db, actor=in_shared)
    assert resolve_actor(db, user_id=user.id, team_id=None) == in_shared
    mark_used(db, actor=in_third)
    assert resolve_actor(db, user_id=user.id, team_id=None) == in_third
    assert resolve_actor(db, user_id=user.id, team_id=shared.id) == in_shared  # a chosen team still wins


def test_marking_a_team_used_leaves_other_users_alone(db):
    alice, bob = make_user(db), make_user(db)
    first, second = make_team(db, name="First"), make_team(db, name="Second")
    for user in (alice, bob):
        add_member(db, team=first, user=user, role="member")
    alice_second = add_member(db, team=second, user=alice, role="member")
    add_member(db, team=second, user=bob, role="member")
    db.flush()
    mark_used(db, actor=alice_second)
    assert resolve_actor(db, user_id=bob.id, team_id=None).team_id == first.id
