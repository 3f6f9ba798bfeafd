"""The project data page lists each use case's user stories, read-only, for members and reviewers."""

from __future__ import annotations

import pytest

from core.prd import Actor, PRDData, UseCase, UserStory, from_message
from core.projects import storage
from db.models import Conversation, Team
from db.session import session_scope
from tests.factories import make_actor, make_project
from tests.pages.apptest import open_app, shown
from ui.data_sections import editor_key

PAGE = "pages/project_data.py"
STORY = "As a patient, I want to book a visit online, so that I do not phone | *the* clinic."


@pytest.fixture
def with_stories(app_db):
    with session_scope() as db:
        member = make_actor(db, role="member")
        reviewer = make_actor(db, role="reviewer", team=db.get(Team, member.team_id))
        project_id = make_project(db, actor=member).id
        said = Conversation(project_id=project_id, role="user", content="backlog")
        db.add(said)
        db.flush()
        src = from_message(said.id)
        stories = [
            UserStory(text=STORY, actor="Patient", so_that="I do not phone the clinic"),
            UserStory(text="As a patient, I want to cancel a visit, so that the slot is free.", actor="Patient"),
        ]
        data = PRDData(
            actors=[Actor(name="Patient", source=src)],
            use_cases=[
                UseCase(id="UC-1", name="Manage visits", actor="Patient", stories=stories, source=src),
                UseCase(id="UC-2", name="Pay a bill", actor="Patient", source=src),
            ],
        )
        stored = storage.store(db, project_id=project_id, data=data, expected_version=1)
    return member, reviewer, project_id, stored.version


@pytest.mark.parametrize("who", ["member", "reviewer"])
def test_each_use_case_shows_its_stories_as_written(with_stories, who):
    member, reviewer, project_id, _ = with_stories
    at = open_app(member if who == "member" else reviewer, PAGE, project_id=project_id)
    assert not at.exception
    (box,) = [e for e in at.expander if "Manage visits" in e.label]
    assert "2 stories" in box.label
    texts = [shown(m.value) for m in box.markdown]
    assert any(f"- {STORY}" in t for t in texts)
    assert any("cancel a visit" in t for t in texts)
    assert not [e for e in at.expander if "Pay a bill" in e.label]


def test_saving_an_edited_use_case_keeps_its_stories(with_stories):
    member, _, project_id, version = with_stories
    at = open_app(member, PAGE, project_id=project_id)
    at.session_state[editor_key("use_cases", project_id, version)] = {
        "edited_rows": {0: {"Trigger": "Patient opens the app"}},
        "added_rows": [],
        "deleted_rows": [],
    }
    at.button(key="project_data_save").click().run()
    assert not at.exception
    from core.projects.data import get_project_data

    with session_scope() as db:
        stored = get_project_data(db, actor=member, project_id=project_id)
    uc = stored.data.use_cases[0]
    assert uc.trigger == "Patient opens the app"
    assert [s.text for s in uc.stories][0] == STORY
