"""Requests a real provider accepts: the model-facing schema inside OpenAI's strict subset, one
structured-output method per kind of server, and refusals that say what to fix without the key."""

from __future__ import annotations

import json

import pytest
from openai import BadRequestError, OpenAI
from sqlalchemy import func, select

from core.config import ConfigError, get_settings, load_settings
from core.errors import AssistantMisconfigured, AssistantUnavailable
from core.intake import model_schema, service
from core.prd import PRDData
from core.projects import storage
from db.models import Conversation
from db.session import session_scope
from tests import strict_schema

ANSWER = "Buyers order furniture and makers ship it."
EXTRACTED = {"actors": [{"name": "Maker", "role": "ships furniture"}]}


def _turn(actor, project_id, text=ANSWER, cid="c1"):
    return service.run_turn(actor=actor, project_id=project_id, text=text, client_message_id=cid)


def _actors(project_id) -> list[str]:
    with session_scope() as db:
        return [a.name for a in storage.load(db, project_id=project_id).data.actors]


def _messages(project_id) -> int:
    with session_scope() as db:
        return db.scalar(select(func.count(Conversation.id)).where(Conversation.project_id == project_id))


def _keys(node) -> set[str]:
    if isinstance(node, dict):
        return set(node) | {k for v in node.values() for k in _keys(v)}
    if isinstance(node, list):
        return {k for v in node for k in _keys(v)}
    return set()


def test_the_schema_sent_by_default_is_strict_and_inside_the_strict_subset(fake, project):
    actor, project_id = project
    fake.add_json(EXTRACTED)
    _turn(actor, project_id)
    extraction = fake.chat_requests()[0]
    spec = extraction["response_format"]["json_schema"]
    assert spec["strict"] is True
    assert strict_schema.problems(spec["schema"]) == []
    properties = _keys(spec["schema"]["properties"])
    assert "source" not in properties and "id" not in properties  # ours to assign, not the model's
    assert _actors(project_id) == ["Maker"]


def test_the_schema_is_a_small_part_of_the_extraction_prompt():
    sent = json.dumps(model_schema.response_format(strict=True))
    stored = json.dumps(PRDData.model_json_schema())
    assert len(sent) < 0.6 * len(stored)
    assert strict_schema.problems(PRDData.model_json_schema())  # what the stored shapes would have sent


def test_a_schema_the_strict_subset_refuses_is_refused_by_the_test_server_as_by_the_real_one(fake):
    fake.add_json(EXTRACTED)
    bad = {
        "type": "object",
        "properties": {"name": {"type": "string", "maxLength": 5}},
        "required": ["name"],
        "additionalProperties": False,
    }
    client = OpenAI(api_key="test-key", base_url=fake.url, max_retries=0)
    with pytest.raises(BadRequestError, match="maxLength"):
        client.chat.completions.create(
            model="fake-model",
            messages=[{"role": "user", "content": "hi"}],
            response_format={"type": "json_schema", "json_schema": {"name": "x", "schema": bad, "strict": True}},
        )


@pytest.mark.parametrize("method", ["strict", "json_schema", "json_object", "tools"])
def test_each_structured_output_method_extracts_the_answer(fake, project, monkeypatch, method):
    monkeypatch.setenv("OPENAI_STRUCTURED", method)
    get_settings.cache_clear()
    actor, project_id = project
    fake.add_json(EXTRACTED)
    _turn(actor, project_id)
    extraction = fake.chat_requests()[0]
    if method == "tools":
        assert extraction["tools"][0]["function"]["name"] == model_schema.SCHEMA_NAME
        assert "response_format" not in extraction
    elif method == "json_object":
        assert extraction["response_format"] == {"type": "json_object"}
        assert '"actors":[{"name":""' in extraction["messages"][0]["content"]  # the shape is in the prompt
    else:
        assert extraction["response_format"]["json_schema"]["strict"] is (method == "strict")
    assert _actors(project_id) == ["Maker"]


def test_an_answer_with_an_unnamed_item_keeps_the_named_ones(fake, project):
    actor, project_id = project
    fake.add_json({"actors": [{"name": ""}, {"name": "Maker"}], "problem_statement": "Orders are lost."})
    _turn(actor, project_id)
    assert _actors(project_id) == ["Maker"]


def test_a_wrong_key_says_to_check_the_key_never_shows_it_and_offers_no_retry(fake, project):
    actor, project_id = project
    fake.add_refusal(401, "Incorrect API key provided: test-key. You can find your API key in your account.")
    with pytest.raises(AssistantMisconfigured) as refused:
        _turn(actor, project_id)
    message = refused.value.message
    assert "test-key" not in message
    assert "OPENAI_API_KEY" in message and "HTTP 401" in message and "Incorrect API key provided" in message
    assert not isinstance(refused.value, AssistantUnavailable) and "Retry" not in message
    assert _messages(project_id) == 1  # the message is kept for when the key is fixed


def test_a_refused_schema_says_which_setting_to_change(fake, project):
    actor, project_id = project
    fake.add_refusal(400, "Invalid schema for response_format 'requirements_delta': 'default' is not permitted.")
    with pytest.raises(AssistantMisconfigured, match="OPENAI_STRUCTURED") as refused:
        _turn(actor, project_id)
    assert "'default' is not permitted" in refused.value.message
    assert _actors(project_id) == []


def test_an_unknown_model_says_to_check_the_model_name(fake, project):
    actor, project_id = project
    fake.add_refusal(404, "The model `fake-model` does not exist or you do not have access to it.")
    with pytest.raises(AssistantMisconfigured, match="OPENAI_MODEL"):
        _turn(actor, project_id)


def test_an_unknown_structured_output_method_stops_the_app_with_a_message(monkeypatch, tmp_path):
    monkeypatch.setenv("DATA_DIR", str(tmp_path))
    monkeypatch.setenv("OPENAI_STRUCTURED", "xml")
    with pytest.raises(ConfigError, match="OPENAI_STRUCTURED: "):
        load_settings()
