"""Nobody can spoof a name to teammates with invisible characters: bidi overrides and
zero-width characters are dropped from people's, teams', projects' and PRD items' names."""

import pytest
from pydantic import ValidationError

from core.accounts import sign_up
from core.errors import InvalidInput
from core.names import visible_name
from core.prd import PRDData
from core.projects.service import create_project
from core.teams import rename_team
from tests.factories import make_actor

RLO, ZWSP, ZWJ, LRI, PDI, BOM, SHY = "\u202e", "\u200b", "\u200d", "\u2066", "\u2069", "\ufeff", "\u00ad"


@pytest.mark.parametrize(
    ("typed", "reads"),
    [
        (f"Ad{ZWSP}min", "Admin"),
        (f"{RLO}nimda", "nimda"),
        (f"Pay{LRI}roll{PDI}", "Payroll"),
        (f"{BOM}Dispatcher{ZWJ}", "Dispatcher"),
        (f"Store{SHY} manager", "Store manager"),
        ("  Store \t\n manager  ", "Store manager"),
        ("Cafe\u0301", "Café"),  # decomposed accent composed
        ("Ünïcödé names stay", "Ünïcödé names stay"),
    ],
)
def test_invisible_characters_leave_names_and_visible_ones_stay(typed, reads):
    assert visible_name(typed) == reads


def test_project_team_and_person_names_are_stored_as_they_read(db):
    owner = make_actor(db, role="owner")
    project = create_project(db, actor=owner, name=f"Pay{RLO}roll", vision="Pay people on time every month.")
    assert project.name == "Payroll"
    assert rename_team(db, actor=owner, name=f"Ops{ZWSP} team").name == "Ops team"
    user = sign_up(db, name=f"Eve{RLO} Admin", email="eve@example.com", password="a long enough password 1")
    assert user.name == "Eve Admin"


def test_a_name_made_only_of_invisible_characters_is_refused(db):
    owner = make_actor(db, role="owner")
    with pytest.raises(InvalidInput):
        create_project(db, actor=owner, name=f"{ZWSP}{RLO}", vision="Pay people on time every month.")


def test_prd_names_drop_invisible_characters_so_two_actors_cannot_look_alike():
    data = PRDData.model_validate(
        {
            "actors": [{"name": "Admin"}, {"name": f"Ad{ZWSP}min"}],
            "use_cases": [{"name": f"Ap{RLO}prove refund", "actor": f"Ad{ZWSP}min"}],
            "data_entities": [{"name": f"Or{ZWJ}der", "relationships": [{"target": f"Cus{BOM}tomer"}]}],
        }
    )
    assert [a.name for a in data.actors] == ["Admin", "Admin"]
    assert len(data.actor_names()) == 1
    assert (data.use_cases[0].name, data.use_cases[0].actor) == ("Approve refund", "Admin")
    assert data.data_entities[0].name == "Order" and data.data_entities[0].relationships[0].target == "Customer"
    with pytest.raises(ValidationError):
        PRDData.model_validate({"actors": [{"name": f"{ZWSP}{RLO}"}]})
