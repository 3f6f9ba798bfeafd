from datetime import timedelta

import pytest
from sqlalchemy import func, select

from core import usage
from core.audit import list_entries
from core.errors import InvalidInput, NotFound, PermissionDenied, RateLimited
from core.intake import conversation, questions, service, steering
from core.intake.graph import question_for_gap
from core.prd import IntakeState, PRDData
from core.projects import service as projects
from core.projects import storage
from db.models import Conversation, Project, Team, UsageEvent
from db.session import session_scope
from db.types import utcnow
from tests.factories import make_actor, make_project, make_team, ready_prd_data

STORY = "Line workers report defects. Supervisors approve repairs and assign them to technicians."


@pytest.fixture
def project(committed_db_url):
    with session_scope() as db:
        actor = make_actor(db, role="member")
        return actor, make_project(db, actor=actor).id


def _messages(project_id):
    with session_scope() as db:
        return db.scalars(
            select(Conversation).where(Conversation.project_id == project_id).order_by(Conversation.id)
        ).all()


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


def test_a_double_submit_that_arrives_while_the_first_is_still_running_stores_one_reply(project):
    actor, project_id = project
    first = service.stream_turn(actor=actor, project_id=project_id, text=STORY, client_message_id="race")
    next(first)  # the first submit has its reply drawn but not stored yet
    second = service.run_turn(actor=actor, project_id=project_id, text=STORY, client_message_id="race")
    late = service.finish(first)
    assert late.replayed and late.reply == second.reply
    assert [m.role for m in _messages(project_id)] == ["user", "assistant"]
    with session_scope() as db:
        assert db.scalars(select(UsageEvent.kind)).all() == ["assistant_turn"]


@pytest.mark.parametrize("client_id", ["reply:1", "doc:x", "a b", ""])
def test_a_client_id_in_a_reserved_or_odd_form_is_refused(project, client_id):
    actor, project_id = project
    with pytest.raises(InvalidInput):
        service.run_turn(actor=actor, project_id=project_id, text=STORY, client_message_id=client_id)
    assert _messages(project_id) == []


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


def _use_the_hour(actor, calls=100):
    with session_scope() as db:
        for i in range(calls):
            usage.record_usage(db, actor=actor, kind=usage.LLM_CALL, at=utcnow() - timedelta(minutes=30, seconds=i))


def test_a_turn_over_the_hourly_limit_keeps_the_message_and_retry_answers_it_once_the_hour_passed(project):
    actor, project_id = project
    _use_the_hour(actor)
    with pytest.raises(RateLimited, match=r"next call is allowed at \d\d:\d\d UTC, in \d+ minutes"):
        service.run_turn(actor=actor, project_id=project_id, text=STORY, client_message_id="c1", engine="llm")
    assert [(m.role, m.content) for m in _messages(project_id)] == [("user", STORY)]
    with pytest.raises(RateLimited):
        service.retry_turn(actor=actor, project_id=project_id, engine="llm")
    with session_scope() as db:
        db.execute(UsageEvent.__table__.delete())
    result = service.retry_turn(actor=actor, project_id=project_id, engine="offline")
    assert [m.role for m in _messages(project_id)] == ["user", "assistant"]
    assert result.user_message_id == _messages(project_id)[0].id


def test_a_turn_refused_by_the_limit_charges_nothing(project):
    actor, project_id = project
    _use_the_hour(actor)
    with pytest.raises(RateLimited):
        service.run_turn(actor=actor, project_id=project_id, text=STORY, client_message_id="c1", engine="llm")
    with session_scope() as db:
        assert db.scalar(select(func.count(UsageEvent.id))) == 100
        assert storage.load(db, project_id=project_id).data == PRDData()


def test_a_stop_word_over_the_hourly_limit_is_still_answered(project):
    actor, project_id = project
    _use_the_hour(actor)
    result = service.run_turn(actor=actor, project_id=project_id, text="nope", client_message_id="c1", engine="llm")
    assert result.reply


def test_a_message_over_the_length_limit_points_to_the_document_import(project):
    actor, project_id = project
    with pytest.raises(InvalidInput, match="Import a document") as refused:
        service.run_turn(actor=actor, project_id=project_id, text="x" * 20_001, client_message_id="c1")
    assert "String should" not in refused.value.message
    assert _messages(project_id) == []


def test_an_edit_message_removes_the_actor_and_the_removal_survives_a_save_made_meanwhile(project):
    actor, project_id = project
    service.run_turn(actor=actor, project_id=project_id, text=STORY, client_message_id="c1")
    stream = service.stream_turn(
        actor=actor, project_id=project_id, text="Remove the actor Supervisor.", client_message_id="c2"
    )
    reply = next(stream)
    with session_scope() as db:
        stored = storage.load(db, project_id=project_id)
        data = stored.data.model_copy(update={"actors": [*stored.data.actors, *ready_prd_data().actors[:1]]})
        storage.store(db, project_id=project_id, data=data, expected_version=stored.version)
    result = service.finish(stream)
    assert reply.startswith("Done: removed the actor “Supervisor”") and result.reply == reply
    with session_scope() as db:
        names = [a.name for a in storage.load(db, project_id=project_id).data.actors]
    assert names == ["Line Worker", "Buyer"]


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
        service.submit_message(db, actor=reviewer, project_id=project.id, text="hi", client_message_id="c")


def test_another_teams_project_is_not_found(db):
    project = make_project(db, actor=make_actor(db))
    stranger = make_actor(db, role="member")
    with pytest.raises(NotFound):
        service.submit_message(db, actor=stranger, project_id=project.id, text="hi", client_message_id="c")
    with pytest.raises(NotFound):
        conversation.list_messages(db, actor=stranger, project_id=project.id)


def test_the_history_shows_the_newest_fifty_and_loads_earlier_pages(db):
    actor = make_actor(db, role="reviewer")
    project = make_project(db, actor=actor)
    start = utcnow() - timedelta(days=1)
    db.add_all(
        Conversation(
            project_id=project.id,
            role="user" if i % 2 else "assistant",
            content=f"m{i}",
            created_at=start + timedelta(seconds=i),
        )
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
        steering.mark_intake_done(db, actor=actor, project_id=project.id)
    assert db.get(Project, project.id).status == "intake"


def test_closing_a_ready_intake_moves_the_project_to_in_progress(db):
    actor = make_actor(db, role="member")
    project = make_project(db, actor=actor)
    stored = storage.load(db, project_id=project.id)
    storage.store(db, project_id=project.id, data=ready_prd_data(), expected_version=stored.version)
    status = steering.mark_intake_done(db, actor=actor, project_id=project.id)
    assert status.done and status.project_status == "in_progress"
    assert status.phase == "review" and status.last_question is None
    assert db.scalar(select(func.count(Conversation.id))) == 0


def test_closing_the_intake_is_a_status_change_like_any_other(db):
    owner = make_actor(db, role="owner")
    member = make_actor(db, role="member", team=db.get(Team, owner.team_id))
    project = make_project(db, actor=member)
    before = projects.get_project(db, actor=member, project_id=project.id)
    stored = storage.load(db, project_id=project.id)
    storage.store(db, project_id=project.id, data=ready_prd_data(), expected_version=stored.version)
    steering.mark_intake_done(db, actor=member, project_id=project.id)
    after = projects.get_project(db, actor=member, project_id=project.id)
    assert (after.status, after.version) == ("in_progress", before.version + 1)
    [entry] = list_entries(db, actor=owner, action="project.status_changed")
    assert (entry.actor_user_id, entry.target_type, entry.target_id, entry.details) == (
        member.user_id,
        "project",
        str(project.id),
        {"from": "intake", "to": "in_progress"},
    )
    steering.mark_intake_done(db, actor=member, project_id=project.id)  # closing again changes nothing
    assert projects.get_project(db, actor=member, project_id=project.id).version == after.version
    assert len(list_entries(db, actor=owner, action="project.status_changed")) == 1


def test_asking_about_a_missing_part_posts_the_question_that_fills_it(db):
    actor = make_actor(db, role="member")
    project = make_project(db, actor=actor)
    steering.ask_about(db, actor=actor, project_id=project.id, gap_key="entities")
    stored = storage.load(db, project_id=project.id)
    question = questions.get_question(stored.intake.last_question_id)
    assert question is not None and question_for_gap("entities") == question
    message = conversation.list_messages(db, actor=actor, project_id=project.id).messages[-1]
    assert (message.role, message.content) == ("assistant", question.text)
    with pytest.raises(InvalidInput):
        steering.ask_about(db, actor=actor, project_id=project.id, gap_key="nonsense")


def test_asking_about_a_missing_part_reopens_the_skipped_questions(db):
    actor = make_actor(db, role="member")
    project = make_project(db, actor=actor)
    stored = storage.load(db, project_id=project.id)
    intake = IntakeState(asked={"entities": 1, "goals": 1}, skipped=["entities", "goals"])
    storage.store(db, project_id=project.id, data=stored.data, expected_version=stored.version, intake=intake)
    steering.ask_about(db, actor=actor, project_id=project.id, gap_key="entities")
    after = storage.load(db, project_id=project.id).intake
    assert after.skipped == [] and after.last_question_id == "entities"
    assert "goals" not in after.asked


def test_a_closed_intake_answers_later_messages_without_offering_to_generate(project):
    actor, project_id = project
    with session_scope() as db:
        stored = storage.load(db, project_id=project_id)
        storage.store(db, project_id=project_id, data=ready_prd_data(), expected_version=stored.version)
        steering.mark_intake_done(db, actor=actor, project_id=project_id)
    result = service.run_turn(
        actor=actor, project_id=project_id, text="Managers export a report.", client_message_id="c1"
    )
    assert "Generate diagrams and validate" not in result.reply and "Project data" in result.reply
    assert result.phase == "review" and result.question_id is None


def test_skip_while_a_message_waits_answers_that_message_first_and_skips_no_question_unseen(project):
    actor, project_id = project
    _use_the_hour(actor)
    with pytest.raises(RateLimited):
        service.run_turn(actor=actor, project_id=project_id, text=STORY, client_message_id="c1", engine="llm")
    with session_scope() as db:
        db.execute(UsageEvent.__table__.delete())
    skipped = service.skip_question(actor=actor, project_id=project_id, client_message_id="c2", engine="offline")
    replies = [m for m in _messages(project_id) if m.role == "assistant"]
    users = [m for m in _messages(project_id) if m.role == "user"]
    assert [m.content for m in users] == [STORY, "skip"]
    assert [m.client_message_id for m in replies] == [f"reply:{users[0].id}", f"reply:{users[1].id}"]
    with session_scope() as db:
        intake = storage.load(db, project_id=project_id).intake
    assert intake.skipped == []  # the question asked after the first answer was never on screen
    assert skipped.user_message_id == users[1].id


def test_an_answer_extracted_while_someone_saves_the_data_is_merged_into_their_version(project):
    actor, project_id = project
    stream = service.stream_turn(actor=actor, project_id=project_id, text=STORY, client_message_id="c1")
    next(stream)
    with session_scope() as db:
        stored = storage.load(db, project_id=project_id)
        data = stored.data.model_copy(update={"actors": [*stored.data.actors, *ready_prd_data().actors[:1]]})
        storage.store(db, project_id=project_id, data=data, expected_version=stored.version)
        added = ready_prd_data().actors[0].name
    service.finish(stream)
    with session_scope() as db:
        names = {a.name for a in storage.load(db, project_id=project_id).data.actors}
    assert added in names and "Supervisor" in names  # both the save and the answer kept
