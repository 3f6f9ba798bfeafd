"""The language-model assistant in a real browser, against the scripted OpenAI-compatible server:
a message sent while the assistant is still answering the previous one waits its turn and is
answered after it; neither is lost nor answered twice."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from sqlalchemy import select

from core.membership import resolve_actor
from core.projects.service import create_project
from db.models import Conversation, ProjectData, User
from db.session import session_scope
from tests.browser.conftest import AppPage, AppServer, browser_page, serve
from tests.browser.test_journey import sign_up
from tests.browser.test_sessions import expect_signed_in
from tests.fake_openai import FakeOpenAI, Reply

pytestmark = pytest.mark.browser

FIRST = "Walkers accept walk requests from dog owners."
SECOND = "Dog owners pay walkers after each walk."
SLOW_S = 4  # the first extraction is still running when the second message is sent


def _answer(body: dict) -> Reply:
    """Extraction: the actor each message names (the first one slowly); phrasing: a question."""
    if not body.get("response_format"):
        return Reply(content="Who else uses it?")
    sent = json.dumps(body["messages"])
    if json.dumps(f"Answer: {FIRST}")[1:-1] in sent:  # the answer being read; the vision (== FIRST) is quoted too
        return Reply(content=json.dumps({"actors": [{"name": "Walker", "role": "walks dogs"}]}), delay_s=SLOW_S)
    return Reply(content=json.dumps({"actors": [{"name": "Dog Owner", "role": "books walks"}]}))


@pytest.fixture(scope="module")
def model() -> Iterator[FakeOpenAI]:
    with FakeOpenAI(responder=_answer) as fake:
        yield fake


@pytest.fixture(scope="module")
def model_server(chromium_path, tmp_path_factory, model) -> Iterator[AppServer]:
    settings = {"OPENAI_API_KEY": "test-key", "OPENAI_BASE_URL": model.url, "OPENAI_MODEL": "fake-model"}
    yield from serve(tmp_path_factory.mktemp("browser-model"), LLM_TIMEOUT_S="20", LLM_MAX_RETRIES="0", **settings)


@pytest.fixture
def page(request, browser, model_server) -> Iterator[AppPage]:
    with browser_page(request, browser, model_server) as opened:
        yield opened


def _send(app: AppPage, text: str) -> None:
    box = app.page.get_by_test_id("stChatInputTextArea")
    box.fill(text)
    box.press("Enter")
    app.expect(app.page.get_by_test_id("stChatMessage").filter(has_text=text))


def test_a_message_sent_while_the_assistant_answers_waits_and_is_answered_after_it(page, model):
    email = "queue.tester@example.com"
    page.open()
    sign_up(page, name="Quinn Queue", email=email, password="a-long-enough-password")
    expect_signed_in(page)
    with session_scope(page.database_url) as db:
        user_id = db.scalar(select(User.id).where(User.email == email))
        actor = resolve_actor(db, user_id=user_id, team_id=None)
        project_id = create_project(db, actor=actor, data={"name": "Dog walks", "vision": FIRST}).id
    page.go_to("Assistant")
    page.expect(page.page.get_by_text("fake-model").first)  # the sidebar says which engine answers

    _send(page, FIRST)  # its extraction takes SLOW_S seconds
    _send(page, SECOND)  # sent while the first is still being answered
    page.shoot("second message sent while the first is answered")
    messages = page.page.get_by_test_id("stChatMessage")
    page.expect(messages, count=5)  # the opening from the vision, then two messages and their replies
    page.expect(page.page.get_by_text("No reply yet."), count=0)  # once the page has redrawn the history
    page.settle()
    page.shoot("both messages answered in order")

    texts = [m.inner_text() for m in messages.all()]
    users = [t for t in texts if t.startswith("face")]  # the avatar icon's name leads the bubble's text
    assert len(users) == 2 and FIRST in users[0] and SECOND in users[1]
    assert len(texts) - len(users) == 3  # the opening, then one reply each
    assert not page.exceptions()
    with session_scope(page.database_url) as db:
        rows = db.execute(
            select(Conversation.role, Conversation.content)
            .where(Conversation.project_id == project_id, Conversation.role != "system")
            .order_by(Conversation.id)
        ).all()
    assert [(r.role, r.content) for r in rows if r.role == "user"] == [("user", FIRST), ("user", SECOND)]
    assert sorted(r.role for r in rows) == ["assistant", "assistant", "assistant", "user", "user"]
    extractions = [r for r in model.chat_requests() if r.get("response_format")]
    assert len(extractions) == 2  # each message answered once: nothing thrown away, nothing paid twice
    with session_scope(page.database_url) as db:
        actors = db.scalar(select(ProjectData.actors).where(ProjectData.project_id == project_id))
    assert sorted(a["name"] for a in actors) == ["Dog Owner", "Walker"]  # both turns' data kept
