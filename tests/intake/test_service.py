from datetime import timedelta

import pytest
from sqlalchemy import func, select

from core import usage
from core.errors import InvalidInput, NotFound, PermissionDenied, RateLimited
from core.intake import conversation, questions, service
from core.intake.graph import question_for_gap
from core.project_data import PRDData
from core.projects import storage
from db.models import Conversation, Project, UsageEvent
from db.session import session_scope
from db.types import utcnow
from tests.factories import make_actor, make_project, make_team

STORY = "Line workers report defects. Supervisors approve repairs and assign them to technicians."


@pytest.fixture
def project(committed_db_url):
    with session_scope() as db:
        actor = make_actor(db, role="member")
        return actor, make_project(db, actor=actor).id


def _messages(project_id):
    with session_scope() as db:
        return db.scalars(select(Conversation).where(Conversation.project_id == project_id).order_by(Conversation.id)).all()


def test_an_offline_turn_stores_both_messages_one_usage_event_and_the_data(project):
    actor, project_id = project
    result = service.run_turn(actor=actor, project_id=project_id, text=STORY, client_message_id="c1")
    assert [m.role for m in _messages(project_id)] == ["user", "assistant"]
    assert result.engine == "offline" and result.reply and result.completeness > 0
    with session_scope() as db:
        stored = storage.load(db, project_id=project_id)
        assert db.scalars(select(UsageEvent.kind)).all() == ["assistant_turn"]
    assert stored.data.actors and stored.version == result.data_version
    assert all(a.source.message_id == result.user_message_id for a in stored.data.actors)
    assert stored.intake.last_question_id == result.question_id


def test_a_double_submit_stores_the_message_once(project):
    actor, project_id = project
    first = service.run_turn(actor=actor, project_id=project_id, text=STORY, client_message_id="twice")
    again = service.run_turn(actor=actor, project_id=project_id, text=STORY, client_message_id="twice")
    assert again.replayed and again.reply == first.reply
    assert len(_messages(project_id)) == 2


def test_skipping_moves_to_another_question(project):
    actor, project_id = project
    asked = service.run_turn(actor=actor, project_id=project_id, text=STORY, client_message_id="c1")
    skipped = service.skip_question(actor=actor, project_id=project_id, client_message_id="c2")
    assert skipped.question_id != asked.question_id
    with session_scope() as db:
        assert asked.question_id in storage.load(db, project_id=project_id).intake.skipped


def test_importing_a_document_drafts_data_then_asks_about_the_gaps(project):
    actor, project_id = project
    result = service.import_document(actor=actor, project_id=project_id, text=STORY * 20, client_message_id="d1")
    assert result.completeness > 0 and result.reply
    assert _messages(project_id)[0].client_message_id == "doc:d1"


def test_a_document_over_200_kb_is_refused_and_nothing_is_stored(project):
    actor, project_id = project
    with pytest.raises(InvalidInput, match="200 KB"):
        service.import_document(actor=actor, project_id=project_id, text="x" * (200 * 1024 + 1), client_message_id="d1")
    assert _messages(project_id) == []


def test_an_llm_turn_over_the_hourly_limit_is_refused_before_the_message_is_stored(project):
    actor, project_id = project
    with session_scope() as db:
        for i in range(100):
            usage.record_usage(db, actor=actor, kind=usage.LLM_CALL, at=utcnow() - timedelta(minutes=30, seconds=i))
    with pytest.raises(RateLimited, match="next call is allowed"):
        service.run_turn(actor=actor, project_id=project_id, text=STORY, client_message_id="c1", engine="llm")
    assert _messages(project_id) == []


def test_retry_with_no_unanswered_message_is_refused(project):
    actor, project_id = project
    with pytest.raises(InvalidInput):
        service.retry_turn(actor=actor, project_id=project_id)


def test_a_reviewer_cannot_send_a_message(db):
    team = make_team(db)
    owner = make_actor(db, team=team)
    reviewer = make_actor(db, role="reviewer", team=team)
    project = make_project(db, actor=owner)
    with pytest.raises(PermissionDenied):
        service.submit_message(db, actor=reviewer, project_id=project.id, text="hi", client_message_id="c", engine="offline")


def test_another_teams_project_is_not_found(db):
    project = make_project(db, actor=make_actor(db))
    stranger = make_actor(db, role="member")
    with pytest.raises(NotFound):
        service.submit_message(db, actor=stranger, project_id=project.id, text="hi", client_message_id="c", engine="offline")
    with pytest.raises(NotFound):
        conversation.list_messages(db, actor=stranger, project_id=project.id)


def test_the_history_shows_the_newest_fifty_and_loads_earlier_pages(db):
    actor = make_actor(db, role="reviewer")
    project = make_project(db, actor=actor)
    start = utcnow() - timedelta(days=1)
    db.add_all(
        Conversation(project_id=project.id, role="user" if i % 2 else "assistant", content=f"m{i}",
                     created_at=start + timedelta(seconds=i))
        for i in range(1000)
    )
    db.flush()
    newest = conversation.list_messages(db, actor=actor, project_id=project.id)
    assert [m.content for m in newest.messages] == [f"m{i}" for i in range(950, 1000)]
    assert newest.has_earlier
    earlier = conversation.list_messages(db, actor=actor, project_id=project.id, before_id=newest.messages[0].id)
    assert [m.content for m in earlier.messages] == [f"m{i}" for i in range(900, 950)]
    seen, page = newest.messages, newest
    while page.has_earlier:
        page = conversation.list_messages(db, actor=actor, project_id=project.id, before_id=seen[0].id)
        seen = page.messages + seen
    assert [m.content for m in seen] == [f"m{i}" for i in range(1000)]


def test_the_intake_cannot_be_closed_before_the_data_is_ready(db):
    actor = make_actor(db, role="member")
    project = make_project(db, actor=actor)
    with pytest.raises(InvalidInput, match="60%"):
        service.mark_intake_done(db, actor=actor, project_id=project.id)
    assert db.get(Project, project.id).status == "intake"


def test_closing_a_ready_intake_moves_the_project_to_in_progress(db):
    actor = make_actor(db, role="member")
    project = make_project(db, actor=actor)
    stored = storage.load(db, project_id=project.id)
    storage.store(db, project_id=project.id, data=_ready_data(), expected_version=stored.version)
    status = service.mark_intake_done(db, actor=actor, project_id=project.id)
    assert status.done and status.project_status == "in_progress"
    assert db.scalar(select(func.count(Conversation.id))) == 0


def _ready_data() -> PRDData:
    return PRDData.model_validate({
        "actors": [{"name": "Buyer", "role": "buys"}, {"name": "Seller", "role": "sells"}],
        "use_cases": [{"name": f"Do thing {i}", "actor": "Buyer", "trigger": "t", "outcome": "o"} for i in range(5)],
        "system_boundaries": {"internal": ["Shop"], "external": ["Bank"], "in_scope": ["a"], "out_of_scope": ["b"]},
        "problem_statement": {"text": "Buying is slow."},
    })


def test_asking_about_a_missing_part_posts_the_question_that_fills_it(db):
    actor = make_actor(db, role="member")
    project = make_project(db, actor=actor)
    service.ask_about(db, actor=actor, project_id=project.id, gap_key="entities")
    stored = storage.load(db, project_id=project.id)
    question = questions.get_question(stored.intake.last_question_id)
    assert question is not None and question_for_gap("entities") == question
    message = conversation.list_messages(db, actor=actor, project_id=project.id).messages[-1]
    assert (message.role, message.content) == ("assistant", question.text)
    with pytest.raises(InvalidInput):
        service.ask_about(db, actor=actor, project_id=project.id, gap_key="nonsense")
