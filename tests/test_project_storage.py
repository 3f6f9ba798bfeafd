import pytest

from core.errors import Conflict
from core.prd import Actor, PRDData
from core.projects import storage
from tests.factories import make_actor, make_project


def test_saving_with_a_stale_version_is_refused_and_shows_the_other_version(db):
    project = make_project(db, actor=make_actor(db))
    first = storage.load(db, project_id=project.id)
    mine = PRDData(actors=[Actor(name="Buyer")])
    theirs = PRDData(actors=[Actor(name="Seller")])
    saved = storage.store(db, project_id=project.id, data=theirs, expected_version=first.version)
    assert saved.version == first.version + 1
    with pytest.raises(Conflict) as err:
        storage.store(db, project_id=project.id, data=mine, expected_version=first.version)
    assert [a.name for a in err.value.current.data.actors] == ["Seller"]
    assert storage.load(db, project_id=project.id).completeness == saved.completeness
