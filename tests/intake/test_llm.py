import json
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from core import usage
from core.config import Settings
from core.errors import AssistantUnavailable, RateLimited
from core.intake import failures, llm, service
from core.intake.attempts import Attempt
from core.projects import storage
from db.models import Conversation, UsageEvent
from db.session import session_scope
from db.types import utcnow

EARLIER = "We sell handmade furniture online to private buyers."
LATEST = "Buyers order furniture and makers ship it."


MODEL_TIMEOUT_S = 0.5  # the timeout tests wait this long for the model


def _turn(actor, project_id, text, cid):
    return service.run_turn(actor=actor, project_id=project_id, text=text, client_message_id=cid)


def _count(model, project_id=None) -> int:
    with session_scope() as db:
        query = select(func.count(model.id))
        if project_id is not None:
            query = query.where(model.project_id == project_id)
        return db.scalar(query)


def test_the_extraction_request_carries_the_json_schema_and_only_the_latest_exchange(fake, project):
    actor, project_id = project
    _turn(actor, project_id, EARLIER, "c1")
    fake.requests.clear()
    fake.add_json({"actors": [{"name": "Maker", "role": "ships furniture"}]})
    fake.add_stream(["Thanks. ", "What must it do?"])
    _turn(actor, project_id, LATEST, "c2")
    extraction, phrasing = fake.chat_requests()
    schema = extraction["response_format"]
    assert schema["type"] == "json_schema"
    assert {"actors", "use_cases", "data_entities"} <= set(schema["json_schema"]["schema"]["properties"])
    sent = json.dumps(extraction["messages"])
    assert LATEST in sent and EARLIER not in sent
    assert [m["role"] for m in extraction["messages"]] == ["system", "user"]
    assert EARLIER not in json.dumps(phrasing["messages"])


def test_the_reply_streams_in_chunks_and_is_stored_with_its_tokens(fake, project):
    actor, project_id = project
    fake.add_json({"actors": [{"name": "Buyer", "role": "orders furniture"}]})
    fake.add_stream(["Got it. ", "Who else ", "uses it?"])
    stream = service.stream_turn(actor=actor, project_id=project_id, text=LATEST, client_message_id="c1")
    chunks = []
    result = None
    while result is None:
        try:
            chunks.append(next(stream))
        except StopIteration as stop:
            result = stop.value
    assert chunks == ["Got it. ", "Who else ", "uses it?"]
    assert result.reply == "Got it. Who else uses it?"
    assert fake.chat_requests()[-1]["stream"] is True
    assert result.prompt_tokens > 0 and result.completion_tokens > 0
    with session_scope() as db:
        events = db.scalars(select(UsageEvent).order_by(UsageEvent.kind)).all()
        reply = db.get(Conversation, result.assistant_message_id)
    assert [e.kind for e in events] == ["assistant_turn", "llm_call", "llm_call"]
    assert sum(e.prompt_tokens for e in events) == result.prompt_tokens
    assert reply.prompt_tokens == result.prompt_tokens
    assert [a.name for a in _data(project_id).actors] == ["Buyer"]


def _data(project_id):
    with session_scope() as db:
        return storage.load(db, project_id=project_id).data


@pytest.mark.parametrize("failure", ["timeout", "http_500", "malformed_json"])
def test_a_failing_model_keeps_the_message_and_the_data_and_retry_does_not_duplicate_it(fake, project, failure):
    actor, project_id = project
    fake.add_json({"actors": [{"name": "Buyer", "role": "orders"}]})
    _turn(actor, project_id, EARLIER, "c1")
    before = _data(project_id)
    {"timeout": lambda: fake.add_delay(5), "http_500": fake.add_error, "malformed_json": fake.add_malformed}[failure]()
    with pytest.raises(AssistantUnavailable, match="Retry"):
        _turn(actor, project_id, LATEST, "c2")
    assert _data(project_id) == before
    with session_scope() as db:
        rows = db.execute(select(Conversation.id, Conversation.role).order_by(Conversation.id)).all()
        kinds = db.scalars(select(UsageEvent.kind)).all()
    assert sorted(kinds) == ["assistant_turn"] + ["llm_call"] * 3  # the failed call counts too
    assert [role for _, role in rows] == ["user", "assistant", "user"]
    fake.add_json({"actors": [{"name": "Maker", "role": "ships"}]})
    result = service.retry_turn(actor=actor, project_id=project_id)
    assert _count(Conversation, project_id) == 4
    assert {a.name for a in _data(project_id).actors} == {"Buyer", "Maker"}
    assert result.user_message_id == rows[-1].id


def test_a_double_submit_stores_the_message_once_and_calls_the_model_once(fake, project):
    actor, project_id = project
    first = _turn(actor, project_id, LATEST, "same-id")
    calls = len(fake.requests)
    second = _turn(actor, project_id, LATEST, "same-id")
    assert second.replayed and second.assistant_message_id == first.assistant_message_id
    assert len(fake.requests) == calls
    assert _count(Conversation, project_id) == 2
    assert _count(UsageEvent) == 3


@pytest.mark.parametrize("word", ["skip", "Next", "done", "generate"])
def test_stop_words_make_no_request_to_the_model(fake, project, word):
    actor, project_id = project
    result = _turn(actor, project_id, word, "c1")
    assert fake.requests == []
    assert result.reply
    with session_scope() as db:
        assert db.scalars(select(UsageEvent.kind)).all() == ["assistant_turn"]


def _use_calls(actor, n):
    with session_scope() as db:
        for i in range(n):
            usage.record_usage(db, actor=actor, kind=usage.LLM_CALL, at=utcnow() - timedelta(minutes=10, seconds=i))


def test_failed_model_calls_count_toward_the_hourly_limit_so_retry_is_bounded(fake, project):
    actor, project_id = project
    _use_calls(actor, 99)
    fake.add_error(500)
    with pytest.raises(AssistantUnavailable):
        _turn(actor, project_id, LATEST, "c1")
    with pytest.raises(RateLimited, match="next call is allowed"):
        service.retry_turn(actor=actor, project_id=project_id)
    assert _count(Conversation, project_id) == 1 and len(fake.chat_requests()) == 1


def test_the_timeout_message_says_the_tries_really_made_and_the_time_they_took():
    settings = Settings(openai_api_key="k", llm_timeout_s=5, llm_max_retries=2)
    three = [Attempt(started=0.0), Attempt(started=5.4), Attempt(started=11.2)]
    assert failures.timeout_message(settings, three, now=16.6) == (
        "The assistant did not answer within 5 seconds on any of 3 tries (17 seconds in all)."
    )
    after_an_error = [Attempt(started=0.0, status=500), Attempt(started=0.8)]
    assert failures.timeout_message(settings, after_an_error, now=6.0) == (
        "The assistant did not answer within 5 seconds on the last of 2 tries (6 seconds in all)."
    )
    assert failures.timeout_message(settings, [Attempt(started=0.0)]) == (
        "The assistant did not answer within 5 seconds."  # gave up after one try, retries or not
    )
    assert failures.timeout_message(settings, [Attempt(started=0.0, status=200)]) == (
        "The assistant's answer stopped arriving: nothing came for 5 seconds."
    )
    assert llm.chat_model(settings).max_retries == 2


def test_a_timeout_says_how_long_the_assistant_was_given(fake, project):
    actor, project_id = project
    fake.add_delay(5)
    with pytest.raises(AssistantUnavailable, match="within 0.5 seconds"):
        _turn(actor, project_id, LATEST, "c1")


def _store_data(project_id, data, intake=None):
    with session_scope() as db:
        stored = storage.load(db, project_id=project_id)
        storage.store(db, project_id=project_id, data=data, expected_version=stored.version, intake=intake)


def test_an_answer_after_the_last_question_is_free_information_and_the_problem_statement_stays(fake, project):
    from core.prd import IntakeState
    from tests.factories import ready_prd_data

    actor, project_id = project
    data = ready_prd_data()
    _store_data(project_id, data, IntakeState(phase="review", asked={"review": 1}, last_question_id=None))
    fake.add_json({"problem_statement": "Managers cannot see repair costs.", "actors": [{"name": "Manager"}]})
    result = _turn(actor, project_id, "Managers also want a monthly report of repair costs.", "c1")
    extraction = fake.chat_requests()[0]["messages"][1]["content"]
    assert "Question: (none:" in extraction and "Describe the product" not in extraction
    stored = _data(project_id)
    assert stored.problem_statement.text == data.problem_statement.text
    assert "Manager" in [a.name for a in stored.actors]
    assert "Kept the problem statement as it is" in result.reply and "Managers cannot see repair costs" in result.reply


def test_a_hand_edited_item_is_kept_and_the_reply_says_so(fake, project):
    from core.prd import Actor, PRDData, Source

    actor, project_id = project
    fake.add_json({"actors": [{"name": "Buyer", "role": "orders"}]})
    _turn(actor, project_id, EARLIER, "c1")
    _store_data(project_id, PRDData(actors=[Actor(name="Buyer", role="pays for furniture", source=Source())]))
    fake.add_json({"actors": [{"name": "Buyer", "role": "browses the catalogue"}]})
    fake.add_stream(["Thanks. ", "Who ships it?"])
    result = _turn(actor, project_id, LATEST, "c2")
    assert result.reply.startswith("Thanks. Who ships it?\n\nKept as you edited by hand: the actor “Buyer” (role)")
    assert [a.role for a in _data(project_id).actors] == ["pays for furniture"]


def test_the_import_summary_counts_what_was_added_not_what_the_model_returned(fake, project):
    from core.prd import DataEntity, PRDData

    actor, project_id = project
    _store_data(project_id, PRDData(data_entities=[DataEntity(name="Order"), DataEntity(name="Product")]))
    fake.add_json({"data_entities": [{"name": "Order"}, {"name": "Products"}, {"name": "Invoice"}]})
    result = service.import_document(actor=actor, project_id=project_id, text=EARLIER * 10, client_message_id="d1")
    assert result.reply.startswith("I drafted the project data from the document: 1 entity added.")
    assert [e.name for e in _data(project_id).data_entities] == ["Order", "Product", "Invoice"]
