import pytest

from core.prd import PRDData
from core.projects.data_rows import item_key
from core.projects.merge_edits import merge

BASE = PRDData.model_validate(
    {
        "actors": [{"name": "Patient"}, {"name": "Doctor"}, {"name": "Nurse"}],
        "use_cases": [{"id": "UC-1", "name": "Register", "actor": "Patient"}],
        "problem_statement": {"text": "Booking takes calls."},
    }
)


def _edit(change) -> PRDData:
    data = BASE.model_copy(deep=True)
    change(data)
    return data


def _keys(data: PRDData) -> dict[str, list[str]]:
    sections = ("actors", "use_cases", "data_entities", "goals", "nfrs")
    return {s: [item_key(s, i) or f"new:{n}" for n, i in enumerate(getattr(data, s))] for s in sections}


def _merge(mine: PRDData, theirs: PRDData, choices=None):
    return merge(BASE, mine, _keys(mine), theirs, choices or {})


def _role(name, role):
    def change(data):
        next(a for a in data.actors if a.name == name).role = role

    return change


def _names(data: PRDData) -> list[str]:
    return [a.name for a in data.actors]


@pytest.mark.parametrize(
    ("mine", "theirs", "names"),
    [
        (lambda d: d.actors.append(BASE.actors[0].model_copy(update={"name": "Clerk"})), lambda d: None, "PDNC"),
        (lambda d: None, lambda d: d.actors.append(BASE.actors[0].model_copy(update={"name": "Clerk"})), "PDNC"),
        (lambda d: d.actors.pop(2), lambda d: None, "PD"),
        (lambda d: None, lambda d: d.actors.pop(2), "PD"),
        (lambda d: d.actors.pop(2), _role("Doctor", "Treats"), "PD"),
    ],
    ids=["mine added", "theirs added", "mine removed", "theirs removed", "each side another row"],
)
def test_an_item_only_one_side_added_or_removed_takes_that_change(mine, theirs, names):
    merged = _merge(_edit(mine), _edit(theirs))
    assert not merged.contested
    assert "".join(n[0] for n in _names(merged.data)) == names


def test_a_change_of_each_side_to_a_different_item_keeps_both():
    merged = _merge(_edit(_role("Patient", "Books")), _edit(_role("Doctor", "Treats")))
    assert [a.role for a in merged.data.actors] == ["Books", "Treats", ""]
    assert merged.theirs_kept == ["Actors: Doctor"]
    assert not merged.contested


def test_the_same_change_on_both_sides_is_not_contested():
    merged = _merge(_edit(_role("Patient", "Books")), _edit(_role("Patient", "Books")))
    assert not merged.contested
    assert merged.data.actors[0].role == "Books"


def test_an_item_both_changed_differently_is_contested_with_both_versions():
    merged = _merge(_edit(_role("Patient", "Books")), _edit(_role("Patient", "Pays")))
    [contested] = merged.contested
    assert (contested.key, contested.label) == ("actors/patient", "Actors: Patient")
    assert (contested.mine["role"], contested.theirs["role"]) == ("Books", "Pays")


def test_an_item_one_side_removed_and_the_other_changed_is_contested():
    merged = _merge(_edit(lambda d: d.actors.pop(0)), _edit(_role("Patient", "Pays")))
    [contested] = merged.contested
    assert contested.mine is None
    assert contested.theirs["role"] == "Pays"


def test_both_adding_the_same_name_differently_is_contested():
    clerk = BASE.actors[0].model_copy(update={"name": "Clerk"})
    mine = _edit(lambda d: d.actors.append(clerk.model_copy(update={"role": "files"})))
    theirs = _edit(lambda d: d.actors.append(clerk.model_copy(update={"role": "greets"})))
    assert [c.key for c in _merge(mine, theirs).contested] == ["actors/clerk"]


@pytest.mark.parametrize(("choice", "role"), [("mine", "Books"), ("theirs", "Pays")])
def test_a_choice_settles_a_contested_item(choice, role):
    merged = _merge(_edit(_role("Patient", "Books")), _edit(_role("Patient", "Pays")), {"actors/patient": choice})
    assert not merged.contested
    assert merged.data.actors[0].role == role


def test_a_single_section_is_merged_as_one_item():
    def text(value):
        return lambda d: setattr(d.problem_statement, "text", value)

    assert _merge(_edit(text("Mine")), _edit(lambda d: None)).data.problem_statement.text == "Mine"
    contested = _merge(_edit(text("Mine")), _edit(text("Theirs"))).contested
    assert [(c.key, c.label) for c in contested] == [("problem_statement/problem_statement", "Problem statement")]


def test_merging_never_changes_the_versions_it_reads():
    theirs = _edit(_role("Doctor", "Treats"))
    merged = _merge(_edit(_role("Patient", "Books")), theirs)
    merged.data.actors[1].role = "changed"
    assert theirs.actors[1].role == "Treats"
