"""No message left unanswered, none answered twice: waiting messages are answered in order or
dismissed, a turn sent while another runs waits for it, and a reply cut off is kept as no answer.
Every case runs the real client against FakeOpenAI over HTTP."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import func, select

from core.errors import AssistantUnavailable, InvalidInput, PermissionDenied
from core.intake import conversation, service
from core.intake.locks import PROJECT_TURNS
from core.projects import storage
from db.models import Conversation, Team, UsageEvent
from db.session import session_scope
from tests.factories import make_actor
from tests.fake_openai import FakeOpenAI, point_settings_at

EARLIER = "We sell handmade furniture online to private buyers."
LATER = "Makers ship the furniture and buyers track their orders."


def _turn(actor, project_id, text, cid):
    return service.run_turn(actor=actor, project_id=project_id, text=text, client_message_id=cid)


def _rows(project_id) -> list[tuple[str, str | None]]:
    with session_scope() as db:
        rows = db.execute(
            select(Conversation.role, Conversation.client_message_id)
            .where(Conversation.project_id == project_id)
            .order_by(Conversation.created_at, Conversation.id)
        ).all()
    return [(role, cid) for role, cid in rows]


def _waiting(project_id) -> list[str]:
    with session_scope() as db:
        return [m.content for m in conversation.waiting_messages(db, project_id=project_id)]


def _actors(project_id) -> list[str]:
    with session_scope() as db:
        return [a.name for a in storage.load(db, project_id=project_id).data.actors]


def _llm_calls() -> int:
    with session_scope() as db:
        return db.scalar(select(func.count(UsageEvent.id)).where(UsageEvent.kind == "llm_call"))


def _fail_first(fake, actor, project_id) -> None:
    fake.add_error(500)
    with pytest.raises(AssistantUnavailable, match="HTTP 500"):
        _turn(actor, project_id, EARLIER, "c1")


def test_a_new_message_answers_the_waiting_one_first_then_itself(fake, project):
    actor, project_id = project
    _fail_first(fake, actor, project_id)
    fake.add_json({"actors": [{"name": "Buyer", "role": "orders furniture"}]})
    fake.add_stream(["Noted the buyers. ", "Who else uses it?"])
    fake.add_json({"actors": [{"name": "Maker", "role": "ships furniture"}]})
    fake.add_stream(["And the makers. ", "What must it do?"])
    result = _turn(actor, project_id, LATER, "c2")
    assert result.reply == "And the makers. What must it do?"
    ids = [cid for role, cid in _rows(project_id) if role == "user"]
    assert ids == ["c1", "c2"]
    with session_scope() as db:
        first, second = (db.scalar(select(Conversation.id).where(Conversation.client_message_id == c)) for c in ids)
    assert [cid for role, cid in _rows(project_id) if role == "assistant"] == [f"reply:{first}", f"reply:{second}"]
    assert _actors(project_id) == ["Buyer", "Maker"] and _waiting(project_id) == []
    later_extraction = fake.chat_requests()[-2]["messages"][1]["content"]
    assert LATER in later_extraction and "Question: (none:" in later_extraction  # sent while c1 waited


def test_while_the_waiting_message_fails_again_the_new_one_waits_behind_it_until_it_is_dismissed(fake, project):
    actor, project_id = project
    _fail_first(fake, actor, project_id)
    fake.add_error(503)
    with pytest.raises(AssistantUnavailable, match="HTTP 503"):
        _turn(actor, project_id, LATER, "c2")
    assert _waiting(project_id) == [EARLIER, LATER]
    assert len(fake.chat_requests()) == 2  # the new message was never sent ahead of the earlier one
    with session_scope() as db:
        first = conversation.waiting_messages(db, project_id=project_id)[0]
        service.dismiss_message(db, actor=actor, project_id=project_id, message_id=first.id)
        status = conversation.chat_status(db, actor=actor, project_id=project_id)
    assert _waiting(project_id) == [LATER] and status.awaiting_reply and len(status.waiting) == 1
    result = service.retry_turn(actor=actor, project_id=project_id)
    assert not result.replayed and _waiting(project_id) == []
    with session_scope() as db:
        page = conversation.list_messages(db, actor=actor, project_id=project_id)
    dismissed = [m for m in page.messages if m.role == "user" and m.dismissed]
    assert [m.content for m in dismissed] == [EARLIER]
    with pytest.raises(InvalidInput, match="dismissed"):
        service.retry_turn(actor=actor, project_id=project_id, message_id=first.id)


def test_retry_on_a_later_message_answers_the_earlier_waiting_ones_first(fake, project):
    actor, project_id = project
    _fail_first(fake, actor, project_id)
    fake.add_error(500)
    with pytest.raises(AssistantUnavailable):
        _turn(actor, project_id, LATER, "c2")
    with session_scope() as db:
        first, second = conversation.waiting_messages(db, project_id=project_id)
    result = service.retry_turn(actor=actor, project_id=project_id, message_id=second.id)
    assert result.user_message_id == second.id and _waiting(project_id) == []
    again = service.retry_turn(actor=actor, project_id=project_id, message_id=second.id)  # a double click
    assert again.replayed and len(fake.chat_requests()) == 2 + 4


def test_dismissing_is_recorded_once_and_only_for_a_waiting_message_by_someone_who_may_write(fake, project):
    actor, project_id = project
    _fail_first(fake, actor, project_id)
    answered = _turn(actor, project_id, LATER, "c2")
    with session_scope() as db:
        first = db.scalar(select(Conversation.id).where(Conversation.client_message_id == "c1"))
        reviewer = make_actor(db, role="reviewer", team=db.get(Team, actor.team_id))
        with pytest.raises(PermissionDenied):
            service.dismiss_message(db, actor=reviewer, project_id=project_id, message_id=first)
        with pytest.raises(InvalidInput, match="reply already"):
            service.dismiss_message(db, actor=actor, project_id=project_id, message_id=answered.user_message_id)
        with pytest.raises(InvalidInput):
            service.dismiss_message(db, actor=actor, project_id=project_id, message_id=answered.assistant_message_id)


def test_a_message_sent_while_a_turn_runs_waits_for_it_and_nothing_is_answered_twice(fake, project):
    actor, project_id = project
    fake.add_json({"actors": [{"name": "Buyer", "role": "orders"}]})
    fake.add_stream(["Who ", "else uses it?"])
    fake.add_json({"actors": [{"name": "Maker", "role": "ships"}]})
    fake.add_stream(["What must it do?"])
    running = service.stream_turn(actor=actor, project_id=project_id, text=EARLIER, client_message_id="c1")
    assert next(running) == "Who "  # the first turn is half way through its reply
    second: dict = {}
    sender = threading.Thread(target=lambda: second.update(result=_turn(actor, project_id, LATER, "c2")))
    sender.start()
    assert PROJECT_TURNS.wait_until_waiting(project_id, timeout=30)  # the second turn waits for the first
    first = service.finish(running)
    sender.join(timeout=60)
    assert not first.replayed and first.reply == "Who else uses it?"
    assert second["result"].reply == "What must it do?" and second["result"].user_message_id != first.user_message_id
    assert len(fake.chat_requests()) == 4 and _llm_calls() == 4
    assert [role for role, _ in _rows(project_id)] == ["user", "user", "assistant", "assistant"]


def test_a_stream_without_its_end_marker_is_kept_labelled_and_retry_answers_the_message(fake, project):
    actor, project_id = project
    fake.add_json({"actors": [{"name": "Buyer", "role": "orders"}]})
    fake.add_stream(["Thanks. Who ", "else"], end="cut")
    stream = service.stream_turn(actor=actor, project_id=project_id, text=EARLIER, client_message_id="c1")
    shown = []
    with pytest.raises(AssistantUnavailable, match="cut off") as failed:
        for chunk in stream:
            shown.append(chunk)
    assert "".join(shown) == "Thanks. Who else" and "Retry" in failed.value.message
    assert _actors(project_id) == [] and _waiting(project_id) == [EARLIER]
    with session_scope() as db:
        page = conversation.list_messages(db, actor=actor, project_id=project_id)
    kept = page.messages[-1]
    assert (kept.role, kept.content, kept.incomplete, kept.reply_to) == (
        "assistant",
        "Thanks. Who else",
        True,
        page.messages[0].id,
    )
    assert _llm_calls() == 2
    fake.add_json({"actors": [{"name": "Buyer", "role": "orders"}]})
    fake.add_stream(["Thanks. Who else uses it?"])
    result = service.retry_turn(actor=actor, project_id=project_id)
    assert result.reply == "Thanks. Who else uses it?" and _actors(project_id) == ["Buyer"]
    assert _waiting(project_id) == [] and _llm_calls() == 4


def test_a_connection_dropped_mid_stream_says_so_and_keeps_what_arrived(fake, project):
    actor, project_id = project
    fake.add_json({"actors": [{"name": "Buyer", "role": "orders"}]})
    fake.add_stream(["Thanks. ", "Who else"], end="drop")
    with pytest.raises(AssistantUnavailable, match="broke off in the middle") as failed:
        _turn(actor, project_id, EARLIER, "c1")
    assert "could not be reached" not in failed.value.message
    assert _actors(project_id) == [] and _waiting(project_id) == [EARLIER]
    assert [role for role, _ in _rows(project_id)] == ["user", "assistant"]


@pytest.mark.parametrize("call", ["extraction", "phrasing"])
def test_an_html_page_with_http_200_is_a_failure_like_a_5xx(fake, project, call):
    actor, project_id = project
    if call == "phrasing":
        fake.add_json({"actors": [{"name": "Buyer", "role": "orders"}]})
    fake.add_html()
    with pytest.raises(AssistantUnavailable, match="web page instead of an answer") as failed:
        _turn(actor, project_id, EARLIER, "c1")
    assert "Retry" in failed.value.message
    assert _actors(project_id) == [] and _waiting(project_id) == [EARLIER]
    assert _llm_calls() == (2 if call == "phrasing" else 1)


def test_every_http_request_counts_toward_usage_including_the_clients_retries(fake, project, monkeypatch):
    monkeypatch.setenv("LLM_MAX_RETRIES", "2")
    from core.config import get_settings

    get_settings.cache_clear()
    actor, project_id = project
    for _ in range(3):
        fake.add_error(500, retry_after_ms=1)
    with pytest.raises(AssistantUnavailable, match="HTTP 500"):
        _turn(actor, project_id, EARLIER, "c1")
    assert len(fake.chat_requests()) == 3 and _llm_calls() == 3


def test_a_timeout_after_a_retry_says_how_many_tries_were_made(committed_db_url, monkeypatch, project):
    with FakeOpenAI() as slow:
        point_settings_at(monkeypatch, slow, timeout_s=0.3)
        monkeypatch.setenv("LLM_MAX_RETRIES", "1")
        from core.config import get_settings

        get_settings.cache_clear()
        actor, project_id = project
        slow.add_delay(5)
        slow.add_delay(5)
        with pytest.raises(AssistantUnavailable, match="within 0.3 seconds on any of 2 tries"):
            _turn(actor, project_id, EARLIER, "c1")
        assert len(slow.chat_requests()) == 2 and _llm_calls() == 2


def test_a_turn_closed_half_way_still_counts_the_requests_it_made(fake, project):
    actor, project_id = project
    fake.add_json({"actors": [{"name": "Buyer", "role": "orders"}]})
    fake.add_stream(["Who ", "else?"])
    stream = service.stream_turn(actor=actor, project_id=project_id, text=EARLIER, client_message_id="c1")
    next(stream)
    stream.close()  # the page went away without finishing the turn
    assert _llm_calls() == 2
    assert _waiting(project_id) == [EARLIER] and _actors(project_id) == []
