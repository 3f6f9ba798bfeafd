"""A message too long for the chat keeps its text and can go in as a document instead."""

from sqlalchemy import select

from db.models import Conversation
from db.session import session_scope
from tests.factories import make_actor, make_project, make_team
from tests.pages.apptest import open_app, shown


def _user_messages(project_id: int) -> list[str]:
    with session_scope() as db:
        rows = db.scalars(
            select(Conversation.content)
            .where(Conversation.project_id == project_id, Conversation.role == "user")
            .order_by(Conversation.id)
        ).all()
    return list(rows)


def test_an_over_long_message_is_kept_on_screen_and_imported_as_a_document_in_one_click(app_db):
    with session_scope() as db:
        team = make_team(db)
        owner = make_actor(db, role="owner", team=team)
        member = make_actor(db, role="member", team=team)
        project_id = make_project(db, actor=owner, name="Shop").id
    pasted = "Couriers scan parcels at the depot and deliver them to customers. " * 400  # > 20,000 characters
    at = open_app(member, "pages/chat.py")
    at.chat_input(key="chat_input").set_value(pasted).run()
    assert not at.exception
    assert "Import a document" in shown(at.error[0].value)
    kept = [a for a in at.text_area if a.label == "Your message, kept here"]
    assert kept and kept[0].value == pasted
    assert _user_messages(project_id) == []

    at.button(key="chat_refused_import").click().run()
    assert not at.exception
    assert not at.error
    stored = _user_messages(project_id)
    assert len(stored) == 1 and "Couriers scan parcels" in stored[0]
