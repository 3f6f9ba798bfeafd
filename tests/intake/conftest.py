"""Fixtures of the language-model tests: the scripted model server, and a member's project."""

from __future__ import annotations

import pytest

from db.session import session_scope
from tests.factories import make_actor, make_project
from tests.fake_openai import FakeOpenAI, point_settings_at


@pytest.fixture
def fake(request, committed_db_url, monkeypatch):
    """The app's settings pointed at a fresh scripted server; a module sets MODEL_TIMEOUT_S to change the timeout."""
    with FakeOpenAI() as server:
        point_settings_at(monkeypatch, server, timeout_s=getattr(request.module, "MODEL_TIMEOUT_S", 2))
        yield server


@pytest.fixture
def project():
    """A member and a new project of their team, committed (the turn opens its own sessions)."""
    with session_scope() as db:
        actor = make_actor(db, role="member")
        return actor, make_project(db, actor=actor).id
