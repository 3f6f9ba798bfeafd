from datetime import timedelta

import pytest
from sqlalchemy import delete, func, select

from core import usage
from core.intake import conversation
from core.projects import storage
from db.models import Conversation, Project, UsageEvent
from db.session import session_scope
from db.types import utcnow
from tests.factories import make_actor, make_project, make_team, ready_prd_data
from tests.fake_openai import FakeOpenAI, point_settings_at
from tests.pages.apptest import open_app, shown

STORY = "Line workers report defects on the line. Supervisors approve repairs and assign them."
VISION = "A marketplace where dog owners book trusted local walkers for their dogs."


@pytest.fixture(autouse=True)
def _chat_already_begun(request, monkeypatch):
    """The tests of turns, retries and imports start from a chat without the opening message the
    vision gives (the tests named *vision* check that opening)."""
    if "vision" not in request.node.name:
        monkeypatch.setattr("core.intake.service.start_chat", lambda db, **kwargs: None)


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


def test_an_empty_chat_opens_from_the_vision_with_the_first_question_and_the_gauge_above_zero(app_db):
    with session_scope() as db:
        team = make_team(db)
        actor = make_actor(db, role="member", team=team)
        project_id = make_project(db, actor=actor, name="Pawtrail", vision=VISION).id
    at = open_app(actor, "pages/chat.py")
    assert not at.exception
    assert [m.name for m in at.chat_message] == ["assistant"]
    opening = at.chat_message[0].markdown[0].value
    assert "your vision" in opening and "dog owners book trusted local walkers" in opening
    with session_scope() as db:
        status = conversation.chat_status(db, actor=actor, project_id=project_id)
        data = storage.load(db, project_id=project_id).data
    assert status.completeness > 0 and status.last_question and status.last_question in opening
    assert data.problem_statement.text.startswith("A marketplace where dog owners")
    at.run()  # opening the page again does not open the chat twice
    assert [m.name for m in at.chat_message] == ["assistant"]
    at.chat_input(key="chat_input").set_value("Walkers, and an admin who approves walkers.").run()
    assert [m.name for m in at.chat_message] == ["assistant", "user", "assistant"]
    assert len(_stored_messages(project_id)) == 3


def test_a_reviewer_sees_no_opening_from_the_vision_until_a_member_opens_the_chat(app_db):
    actor, project_id = _project("reviewer")
    at = open_app(actor, "pages/chat.py")
    assert not at.exception and len(at.chat_message) == 0 and _stored_messages(project_id) == []


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


def _waiting_message(project_id: int, content: str = STORY, cid: str = "c1") -> int:
    with session_scope() as db:
        row = Conversation(project_id=project_id, role="user", content=content, client_message_id=cid)
        db.add(row)
        db.flush()
        return row.id


def _keys(at) -> set[str]:
    return {b.key for b in at.button}


def test_an_unanswered_message_offers_retry_and_retry_answers_it(app_db):
    actor, project_id = _project("member")
    message_id = _waiting_message(project_id)
    at = open_app(actor, "pages/chat.py")
    assert not at.exception
    assert "No reply yet." in [c.value for c in at.chat_message[0].caption]
    assert {f"chat_retry_{message_id}", f"chat_dismiss_{message_id}"} <= _keys(at)
    at.button(key=f"chat_retry_{message_id}").click().run()
    assert not at.exception
    assert [m.name for m in at.chat_message] == ["user", "assistant"]
    assert not any(k.startswith("chat_retry") for k in _keys(at))


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
        assert "HTTP 500" in shown(at.warning[0].value)
        fake.add_json({"actors": [{"name": "Line Worker", "role": "reports defects"}]})
        fake.add_stream(["Thanks. ", "What must they do?"])
        assert "chat_dismiss_failed" in _keys(at)
        at.button(key="chat_retry_failed").click().run()
        assert not at.exception
    assert [m.name for m in at.chat_message] == ["user", "assistant"]
    assert at.chat_message[-1].markdown[0].value == "Thanks. What must they do?"


def test_a_long_history_shows_the_newest_fifty_and_loads_earlier_on_request(app_db):
    actor, project_id = _project("reviewer")
    start = utcnow() - timedelta(days=1)
    with session_scope() as db:
        db.add_all(
            Conversation(
                project_id=project_id, role="assistant", content=f"message {i}", created_at=start + timedelta(seconds=i)
            )
            for i in range(1000)
        )
    at = open_app(actor, "pages/chat.py")
    assert not at.exception
    assert len(at.chat_message) == 50
    assert at.chat_message[0].markdown[0].value == "message 950"
    at.button(key="chat_load_earlier").click().run()
    assert len(at.chat_message) == 100
    assert at.chat_message[0].markdown[0].value == "message 900"


def _stored_messages(project_id):
    with session_scope() as db:
        return db.scalars(
            select(Conversation).where(Conversation.project_id == project_id).order_by(Conversation.id)
        ).all()


def test_a_rate_limited_message_is_kept_and_retry_answers_it_once_the_hour_has_passed(app_db, monkeypatch):
    actor, project_id = _project("member")
    with session_scope() as db:
        for i in range(100):
            usage.record_usage(db, actor=actor, kind=usage.LLM_CALL, at=utcnow() - timedelta(minutes=30, seconds=i))
    with FakeOpenAI() as fake:
        point_settings_at(monkeypatch, fake)
        at = open_app(actor, "pages/chat.py")
        at.chat_input(key="chat_input").set_value(STORY).run()
        assert not at.exception
        warning = shown(at.warning[0].value)
        assert "next call is allowed at" in warning and " UTC, in " in warning and "minutes" in warning
        assert [m.name for m in at.chat_message] == ["user"]
        assert [m.content for m in _stored_messages(project_id)] == [STORY]
        assert fake.requests == []
        with session_scope() as db:
            db.execute(delete(UsageEvent))
        fake.add_json({"actors": [{"name": "Line Worker", "role": "reports defects"}]})
        fake.add_stream(["Noted. ", "Who else uses it?"])
        at.button(key="chat_retry_failed").click().run()
        assert not at.exception
    assert [m.name for m in at.chat_message] == ["user", "assistant"]
    assert at.chat_message[-1].markdown[0].value == "Noted. Who else uses it?"
    assert [m.role for m in _stored_messages(project_id)] == ["user", "assistant"]


def test_an_over_long_message_points_to_the_import_and_is_not_shown_as_sent(app_db):
    actor, project_id = _project("member")
    at = open_app(actor, "pages/chat.py")
    at.chat_input(key="chat_input").set_value("word " * 4001).run()
    assert not at.exception
    assert "Import a document" in shown(at.error[0].value) and "String should" not in shown(at.error[0].value)
    assert len(at.chat_message) == 0 and _stored_messages(project_id) == []
    assert not any(b.key == "chat_retry_failed" for b in at.button)


def test_one_generate_closes_the_intake_draws_every_diagram_with_data_and_validates(app_db):
    from core.artifacts import list_current
    from db.models import ValidationRun

    actor, project_id = _project("member")
    with session_scope() as db:
        stored = storage.load(db, project_id=project_id)
        storage.store(db, project_id=project_id, data=ready_prd_data(), expected_version=stored.version)
    at = open_app(actor, "pages/chat.py")
    assert not at.button(key="chat_generate").disabled
    at.button(key="chat_generate").click().run()
    assert not at.exception
    assert not any(b.key == "chat_skip" for b in at.button)
    assert "Phase: Review" in [c.value for c in at.sidebar.caption]
    with session_scope() as db:
        assert db.get(Project, project_id).status == "in_progress"
        drawn = {a.type for a in list_current(db, actor=actor, project_id=project_id) if a.drawings}
        assert db.scalar(select(func.count(ValidationRun.id)).where(ValidationRun.project_id == project_id)) == 1
    assert {"context_diagram", "use_case"} <= drawn
    said = shown(at.chat_message[-1].markdown[0].value)
    assert said.startswith("Drawn: ") and "Validation: score" in said
    for title in ("Context diagram", "Use case diagram"):
        assert title in said
    assert not at.button(key="chat_generate").disabled  # generating again after an edit
    at.chat_input(key="chat_input").set_value("Managers export a monthly report.").run()
    reply = at.chat_message[-1].markdown[0].value
    assert "Generate diagrams and validate" not in reply and "Project data" in reply


def test_a_pasted_document_fills_the_data_and_shows_collapsed_as_plain_text(app_db):
    actor, project_id = _project("member")
    document = "# Repair tracker\n\n" + STORY + "\n"
    at = open_app(actor, "pages/chat.py")
    at.text_area(key="chat_import_text").set_value(document).run()
    at.button(key="chat_import_go").click().run()
    assert not at.exception
    with session_scope() as db:
        names = {a.name for a in storage.load(db, project_id=project_id).data.actors}
    assert {"Line Worker", "Supervisor"} <= names
    imported = at.chat_message[0]
    assert imported.name == "user" and imported.caption[0].value == "Imported document (1 KB)"
    assert imported.text[0].value == document.strip()
    assert len(imported.markdown) == 0


def test_an_edit_message_removes_the_actor(app_db):
    actor, project_id = _project("member")
    at = open_app(actor, "pages/chat.py")
    at.chat_input(key="chat_input").set_value(STORY).run()
    at.chat_input(key="chat_input").set_value("Remove the actor Supervisor.").run()
    assert not at.exception
    assert at.chat_message[-1].markdown[0].value.startswith("Done: removed the actor “Supervisor”")
    with session_scope() as db:
        names = [a.name for a in storage.load(db, project_id=project_id).data.actors]
    assert names == ["Line Worker"]


def test_skip_is_offered_only_while_a_question_waits_for_its_answer(app_db):
    actor, _ = _project("member")
    at = open_app(actor, "pages/chat.py")
    assert not any(b.key == "chat_skip" for b in at.button)
    at.chat_input(key="chat_input").set_value(STORY).run()
    assert any(b.key == "chat_skip" for b in at.button)


def _roles(project_id) -> list[tuple[str, str]]:
    return [(m.role, m.content) for m in _stored_messages(project_id)]


def test_a_new_message_while_one_waits_answers_the_waiting_one_first_then_the_new_one(app_db):
    actor, project_id = _project("member")
    first = _waiting_message(project_id)
    at = open_app(actor, "pages/chat.py")
    at.chat_input(key="chat_input").set_value("Technicians fix the defects and close the repairs.").run()
    assert not at.exception
    stored = _stored_messages(project_id)
    assert [m.role for m in stored] == ["user", "user", "assistant", "assistant"]
    assert [m.client_message_id for m in stored[2:]] == [f"reply:{first}", f"reply:{stored[1].id}"]
    bubbles = at.chat_message
    assert [b.name for b in bubbles] == ["user", "user", "assistant", "assistant"]
    assert "In reply to your earlier message “Line workers report defects" in bubbles[2].caption[0].value
    assert not any(k.startswith(("chat_retry", "chat_dismiss")) for k in _keys(at))


def test_while_the_waiting_message_fails_the_new_one_waits_and_dismissing_lets_it_through(app_db, monkeypatch):
    actor, project_id = _project("member")
    first = _waiting_message(project_id)
    with FakeOpenAI() as fake:
        point_settings_at(monkeypatch, fake)
        at = open_app(actor, "pages/chat.py")
        fake.add_error(500)
        at.chat_input(key="chat_input").set_value("Technicians fix the defects.").run()
        assert not at.exception
        assert "HTTP 500" in shown(at.warning[0].value)
        assert "Your newer message waits" in " ".join(c.value for c in at.caption)
        assert len(fake.chat_requests()) == 1  # only the earlier message was tried
        at.button(key="chat_dismiss_failed").click().run()
        assert not at.exception
        second = _stored_messages(project_id)[1].id
        assert "Dismissed: left without a reply." in [c.value for c in at.chat_message[0].caption]
        assert f"chat_retry_{first}" not in _keys(at) and f"chat_retry_{second}" in _keys(at)
        fake.add_json({"actors": [{"name": "Technician", "role": "fixes defects"}]})
        fake.add_stream(["Noted. ", "What else?"])
        at.button(key=f"chat_retry_{second}").click().run()
        assert not at.exception
    assert [m.client_message_id for m in _stored_messages(project_id)][2:] == [f"dismiss:{first}", f"reply:{second}"]
    assert [b.name for b in at.chat_message] == ["user", "user", "assistant"]  # the dismissal shows on its message
    assert not any(k.startswith("chat_retry") for k in _keys(at))


def test_dismissing_a_waiting_message_from_the_history(app_db):
    actor, project_id = _project("member")
    message_id = _waiting_message(project_id)
    at = open_app(actor, "pages/chat.py")
    at.button(key=f"chat_dismiss_{message_id}").click().run()
    assert not at.exception
    assert "Dismissed: left without a reply." in [c.value for c in at.chat_message[0].caption]
    assert f"chat_retry_{message_id}" not in _keys(at)
    with session_scope() as db:
        assert not conversation.chat_status(db, actor=actor, project_id=project_id).awaiting_reply


def _stop_after_first_chunk(monkeypatch):
    """What Streamlit does when a message or a click arrives while a reply streams: the run stops
    at the next element it draws."""
    import streamlit
    from streamlit.runtime.scriptrunner import StopException

    def write_stream(stream):
        iterator = iter(stream)
        streamlit.markdown(next(iterator))
        raise StopException()

    monkeypatch.setattr(streamlit, "write_stream", write_stream)


def test_a_message_sent_while_a_reply_streams_keeps_that_reply_and_is_answered_after_it(app_db, monkeypatch):
    actor, project_id = _project("member")
    with FakeOpenAI() as fake:
        point_settings_at(monkeypatch, fake)
        at = open_app(actor, "pages/chat.py")
        fake.add_json({"actors": [{"name": "Line Worker", "role": "reports defects"}]})
        fake.add_stream(["Thanks. ", "Who approves the repairs?"])
        with monkeypatch.context() as interrupted:
            _stop_after_first_chunk(interrupted)
            at.chat_input(key="chat_input").set_value(STORY).run()
        assert not at.exception
        assert _roles(project_id) == [("user", STORY), ("assistant", "Thanks. Who approves the repairs?")]
        with session_scope() as db:
            assert [a.name for a in storage.load(db, project_id=project_id).data.actors] == ["Line Worker"]
            kinds = sorted(db.scalars(select(UsageEvent.kind)).all())
        assert kinds == ["assistant_turn", "llm_call", "llm_call"]
        fake.add_json({"actors": [{"name": "Supervisor", "role": "approves repairs"}]})
        fake.add_stream(["Noted."])
        at.chat_input(key="chat_input").set_value("Supervisors approve them.").run()
        assert not at.exception
    assert [m.role for m in _stored_messages(project_id)] == ["user", "assistant", "user", "assistant"]
    assert len(fake.chat_requests()) == 4
    assert at.chat_message[-1].markdown[0].value == "Noted."


def test_a_double_click_on_draft_from_this_document_drafts_from_it_once(app_db, monkeypatch):
    actor, project_id = _project("member")
    document = "# Repair tracker\n\n" + STORY + "\n"
    with FakeOpenAI() as fake:
        point_settings_at(monkeypatch, fake)
        at = open_app(actor, "pages/chat.py")
        at.text_area(key="chat_import_text").set_value(document).run()
        fake.add_json({"actors": [{"name": "Line Worker"}, {"name": "Supervisor"}]})
        with monkeypatch.context() as interrupted:
            _stop_after_first_chunk(interrupted)  # the second click stops the first run mid-reply
            at.button(key="chat_import_go").click().run()
        at.button(key="chat_import_go").click().run()
        assert not at.exception
        assert len(fake.chat_requests()) == 1
    assert [m.role for m in _stored_messages(project_id)] == ["user", "assistant"]
    with session_scope() as db:
        assert db.scalars(select(UsageEvent.kind).where(UsageEvent.kind == "assistant_turn")).all() == [
            "assistant_turn"
        ]
    assert (
        at.chat_message[-1]
        .markdown[0]
        .value.startswith("I drafted the project data from the document: 2 actors added.")
    )


def test_the_chat_says_which_engine_answers(app_db, monkeypatch):
    actor, _ = _project("member")
    at = open_app(actor, "pages/chat.py")
    assert "Answers by: the offline assistant (rules, no language model)" in [c.value for c in at.sidebar.caption]
    with FakeOpenAI() as fake:
        point_settings_at(monkeypatch, fake)
        at = open_app(actor, "pages/chat.py")
    assert "Answers by: fake-model (language model)" in [c.value for c in at.sidebar.caption]


def test_a_multi_line_answer_keeps_its_line_breaks(app_db):
    actor, _ = _project("member")
    at = open_app(actor, "pages/chat.py")
    at.chat_input(key="chat_input").set_value("Line workers report defects.\nSupervisors approve repairs.").run()
    assert not at.exception
    assert at.chat_message[0].markdown[0].value == "Line workers report defects.  \nSupervisors approve repairs."


def test_the_word_generate_in_the_chat_draws_and_validates_like_the_button(app_db):
    from core.artifacts import list_current

    actor, project_id = _project("member")
    with session_scope() as db:
        stored = storage.load(db, project_id=project_id)
        storage.store(db, project_id=project_id, data=ready_prd_data(), expected_version=stored.version)
    at = open_app(actor, "pages/chat.py")
    at.chat_input(key="chat_input").set_value("generate").run()
    assert not at.exception
    with session_scope() as db:
        assert db.get(Project, project_id).status == "in_progress"
        assert {a.type for a in list_current(db, actor=actor, project_id=project_id) if a.drawings}
    said = shown(at.chat_message[-1].markdown[0].value)
    assert said.startswith("Drawn: ") and "Validation: score" in said
    assert "press Generate" not in " ".join(shown(m.markdown[0].value) for m in at.chat_message)
    links = [e for e in at.sidebar.get("page_link") if "diagrams" in e.proto.label.lower()]
    assert links
