"""Any text at the core boundary is either accepted or refused with InvalidInput — never
another exception — on both databases (DESIGN §10, bad input)."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core import accounts, invitations, teams
from core.errors import AppError, InvalidInput
from core.permissions import Role
from core.projects import data as project_data
from tests.factories import make_actor, make_project, make_user

SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
hostile = st.one_of(
    st.text(max_size=300),
    st.sampled_from(["", " ", "\x00", "<script>alert(1)</script>", "a" * 5000, "😀" * 40, "'; DROP TABLE users;--"]),
)


def _accepted_or_refused(db, call) -> None:
    """Run one attempt in a savepoint so examples do not see each other's rows."""
    savepoint = db.begin_nested()
    try:
        call()
    except InvalidInput as exc:
        assert exc.message
    finally:
        savepoint.rollback()


@pytest.fixture(autouse=True)
def fast_hashing(monkeypatch):
    monkeypatch.setattr(accounts, "BCRYPT_ROUNDS", 4)


@SETTINGS
@given(name=hostile, email=hostile, password=hostile)
def test_sign_up_accepts_or_refuses_any_text(db, name, email, password):
    _accepted_or_refused(db, lambda: accounts.sign_up(db, name=name, email=email, password=password))


@SETTINGS
@given(name=hostile)
def test_profile_and_team_names_accept_or_refuse_any_text(db, name):
    owner = make_actor(db, role=Role.OWNER)
    _accepted_or_refused(db, lambda: accounts.update_profile(db, user_id=owner.user_id, name=name))
    _accepted_or_refused(db, lambda: teams.rename_team(db, actor=owner, name=name))


@SETTINGS
@given(email=hostile, role=st.one_of(st.sampled_from(["member", "reviewer", "admin"]), hostile))
def test_invitations_accept_or_refuse_any_email_and_role(db, email, role):
    owner = make_actor(db, role=Role.OWNER, plan="team")
    _accepted_or_refused(db, lambda: invitations.create_invitation(db, actor=owner, email=email, role=role))


@SETTINGS
@given(token=hostile)
def test_accepting_any_token_is_a_clear_refusal(db, token):
    user = make_user(db)
    savepoint = db.begin_nested()
    try:
        with pytest.raises(AppError):
            invitations.accept_invitation(db, user_id=user.id, token=token)
    finally:
        savepoint.rollback()


row = st.dictionaries(
    st.sampled_from(["name", "role", "kind", "description", "actor", "trigger", "outcome", "priority", "steps"]),
    st.one_of(hostile, st.lists(hostile, max_size=3), st.none(), st.integers()),
    max_size=6,
)


@SETTINGS
@given(actors=st.lists(row, max_size=3), use_cases=st.lists(row, max_size=3))
def test_project_data_saves_or_names_the_bad_rows_for_any_rows(db, actors, use_cases):
    actor = make_actor(db, role=Role.MEMBER)
    project = make_project(db, actor=actor)
    stored = project_data.get_project_data(db, actor=actor, project_id=project.id)
    _accepted_or_refused(
        db,
        lambda: project_data.save_project_data(
            db,
            actor=actor,
            project_id=project.id,
            expected_version=stored.version,
            data={"actors": actors, "use_cases": use_cases},
        ),
    )
