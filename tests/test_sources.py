import pytest

from core.errors import NotFound
from core.prd import Source, from_message
from core.projects.sources import get_message_numbers, message_numbers, source_label
from db.models import Conversation, Team
from tests.factories import make_actor, make_project


def _say(db, project_id: int, content: str = "hello") -> int:
    message = Conversation(project_id=project_id, role="user", content=content)
    db.add(message)
    db.flush()
    return message.id


@pytest.fixture
def projects(db):
    """Two projects of one team whose messages were stored interleaved."""
    member = make_actor(db, role="member")
    first, second = (make_project(db, actor=member, name=n).id for n in ("First", "Second"))
    ids = [_say(db, project) for project in (second, first, second, first, first)]
    return member, first, second, ids


def test_messages_are_numbered_per_project_in_the_order_they_were_stored(db, projects):
    member, first, second, ids = projects
    assert get_message_numbers(db, actor=member, project_id=first) == {ids[1]: 1, ids[3]: 2, ids[4]: 3}
    assert message_numbers(db, project_id=second) == {ids[0]: 1, ids[2]: 2}


def test_a_source_reads_as_its_message_number_in_the_project(db, projects):
    member, first, _, ids = projects
    numbers = get_message_numbers(db, actor=member, project_id=first)
    assert source_label(from_message(ids[3]), numbers) == "message #2"
    assert source_label(Source(kind="manual"), numbers) == "edited by hand"
    assert source_label(Source(kind="message"), numbers) == "edited by hand"
    assert source_label(from_message(ids[0]), numbers) == "a message no longer stored"  # another project's
    assert source_label(None, numbers) == "no source"


def test_a_reviewer_reads_the_numbers_and_another_team_does_not(db, projects):
    member, first, _, ids = projects
    reviewer = make_actor(db, role="reviewer", team=db.get(Team, member.team_id))
    assert list(get_message_numbers(db, actor=reviewer, project_id=first).values()) == [1, 2, 3]
    with pytest.raises(NotFound):
        get_message_numbers(db, actor=make_actor(db, role="owner"), project_id=first)
