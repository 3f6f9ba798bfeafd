from db.session import session_scope
from tests.factories import make_actor
from tests.pages.apptest import open_app


def test_a_signed_in_member_sees_the_projects_page(app_db):
    with session_scope() as db:
        actor = make_actor(db, role="member")
    at = open_app(actor, "pages/projects.py")
    assert not at.exception
