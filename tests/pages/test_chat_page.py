from datetime import timedelta

from sqlalchemy import func, select

from core.intake import conversation
from db.models import Conversation
from db.session import session_scope
from db.types import utcnow
from tests.factories import make_actor, make_project, make_team
from tests.fake_openai import FakeOpenAI, point_settings_at
from tests.pages.apptest import open_app


STORY = "Line workers report defects on the line. Supervisors approve repairs and assign them."


def _project(role: str):
    with session_scope() as db:
        team = make_team(db)
        owner = make_actor(db, role="owner", team=team)
        actor = make_actor(db, role=role, team=team)
        return actor, make_project(db, actor=owner, name="Shop").id


def _completeness(actor, project_id) -> int:
    with session_scope() as db:
        return conversation.chat_status(db, actor=actor, project_id=project_id).completeness


def test_a_member_sends_a_message_and_the_reply_appears_with_completeness_rising(app_db):
    actor, project_id = _project("member")
    at = open_app(actor, "pages/chat.py")
    assert not at.exception
    before = _completeness(actor, project_id)
    at.chat_input(key="chat_input").set_value(STORY).run()
    assert not at.exception
    bubbles = at.chat_message
    assert [b.name for b in bubbles][-2:] == ["user", "assistant"]
    assert "Line workers" in bubbles[-2].markdown[0].value
    assert bubbles[-1].markdown[0].value
    with session_scope() as db:
        assert db.scalar(select(func.count(Conversation.id)).where(Conversation.project_id == project_id)) == 2
    assert _completeness(actor, project_id) > before


def test_a_reviewer_reads_the_history_but_has_no_chat_input(app_db):
    actor, project_id = _project("reviewer")
    with session_scope() as db:
        db.add(Conversation(project_id=project_id, role="user", content="We sell <b>shoes</b>"))
        db.add(Conversation(project_id=project_id, role="assistant", content="Who uses it?"))
    at = open_app(actor, "pages/chat.py")
    assert not at.exception
    assert [m.markdown[0].value for m in at.chat_message] == ["We sell <b>shoes</b>", "Who uses it?"]
    assert len(at.chat_input) == 0
    assert not any(b.key == "chat_skip" for b in at.button)


def test_an_unanswered_message_offers_retry_and_retry_answers_it(app_db):
    actor, project_id = _project("member")
    with session_scope() as db:
        db.add(Conversation(project_id=project_id, role="user", content=STORY, client_message_id="c1"))
    at = open_app(actor, "pages/chat.py")
    assert not at.exception
    assert "no reply yet" in at.info[0].value
    at.button(key="chat_retry").click().run()
    assert not at.exception
    assert [m.name for m in at.chat_message] == ["user", "assistant"]
    assert not any(b.key == "chat_retry" for b in at.button)


def test_the_generate_button_stays_disabled_until_the_data_is_ready(app_db):
    actor, _ = _project("member")
    at = open_app(actor, "pages/chat.py")
    assert at.button(key="chat_generate").disabled


def test_a_model_error_shows_a_clear_message_and_retry_then_the_reply_streams(app_db, monkeypatch):
    actor, project_id = _project("member")
    with FakeOpenAI() as fake:
        point_settings_at(monkeypatch, fake)
        at = open_app(actor, "pages/chat.py")
        fake.add_error(500)
        at.chat_input(key="chat_input").set_value(STORY).run()
        assert not at.exception
        assert "HTTP 500" in at.warning[0].value
        fake.add_json({"actors": [{"name": "Line Worker", "role": "reports defects"}]})
        fake.add_stream(["Thanks. ", "What must they do?"])
        at.button(key="chat_retry_failed").click().run()
        assert not at.exception
    assert [m.name for m in at.chat_message] == ["user", "assistant"]
    assert at.chat_message[-1].markdown[0].value == "Thanks. What must they do?"


def test_a_long_history_shows_the_newest_fifty_and_loads_earlier_on_request(app_db):
    actor, project_id = _project("reviewer")
    start = utcnow() - timedelta(days=1)
    with session_scope() as db:
        db.add_all(
            Conversation(project_id=project_id, role="assistant", content=f"message {i}",
                         created_at=start + timedelta(seconds=i))
            for i in range(1000)
        )
    at = open_app(actor, "pages/chat.py")
    assert not at.exception
    assert len(at.chat_message) == 50
    assert at.chat_message[0].markdown[0].value == "message 950"
    at.button(key="chat_load_earlier").click().run()
    assert len(at.chat_message) == 100
    assert at.chat_message[0].markdown[0].value == "message 900"
