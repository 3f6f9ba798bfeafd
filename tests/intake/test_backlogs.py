"""A pasted user-story backlog: every story kept, with its 'so that', on a use case named by verb and
object (5–15 of them for a real backlog), and the things the stories keep naming as data entities."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.intake.engine import draft_document
from core.intake.merge import merge
from core.intake.offline.extract import extract_offline
from core.prd import PRDData, UseCase, UserStory, normalise_name

BACKLOGS = Path(__file__).resolve().parents[1] / "data" / "backlogs"


def _draft(name: str) -> PRDData:
    return draft_document((BACKLOGS / name).read_text(), engine="offline")


def _lines(name: str) -> list[str]:
    return [line for line in (BACKLOGS / name).read_text().splitlines() if line.strip()]


def _entity(data: PRDData, name: str):
    return next(e for e in data.data_entities if normalise_name(e.name) == normalise_name(name))


@pytest.mark.parametrize("name", sorted(p.name for p in BACKLOGS.glob("*.txt")))
def test_every_story_lands_once_on_a_use_case_with_its_so_that(name):
    data = _draft(name)
    kept = [s for uc in data.use_cases for s in uc.stories]
    assert len(kept) == len(_lines(name))
    assert len({normalise_name(s.text) for s in kept}) == len(kept)
    for line in _lines(name):
        story = next(s for s in kept if normalise_name(s.text) in normalise_name(line))
        assert story.text.startswith("As a")  # bullet or number dropped
        assert story.so_that and normalise_name(story.so_that) in normalise_name(line)
    actors = {a.name for a in data.actors}
    assert all(uc.actor in actors and uc.trigger and uc.outcome for uc in data.use_cases)


def test_a_sixty_story_backlog_gives_a_use_case_count_the_rubric_accepts():
    data = _draft("bike_sharing.txt")
    assert 5 <= len(data.use_cases) <= 15
    assert all(uc.stories for uc in data.use_cases)
    # one use case serves one actor: each keeps only stories of the actor it names
    assert all({s.actor for s in uc.stories} == {uc.actor} for uc in data.use_cases)


def test_stories_of_one_actor_on_one_thing_share_a_use_case_named_verb_and_object():
    data = _draft("open_data_portal.txt")
    by_name = {uc.name: uc for uc in data.use_cases}
    assert by_name["Manage datasets"].actor == "Publisher"
    assert len(by_name["Manage datasets"].stories) == 5
    assert by_name["Find datasets"].actor == "Reuser"
    assert {s.want for s in by_name["Find datasets"].stories} >= {"search datasets by keyword"}
    assert by_name["Manage organisations"].actor == "Administrator"


def test_the_things_stories_act_on_become_entities_with_the_attributes_and_links_they_state():
    data = _draft("open_data_portal.txt")
    dataset = _entity(data, "Dataset")
    assert {"licence", "description", "download count"} <= set(dataset.attributes)
    assert "Organisation" in {r.target for r in dataset.relationships}
    names = {normalise_name(e.name) for e in data.data_entities}
    assert "organisation" in names
    # no persona, nothing vague, no verb
    assert not names & {"publisher", "reuser", "administrator", "system", "information", "data", "public"}


@pytest.mark.parametrize(
    ("name", "things"),
    [
        ("clinic_visits.txt", {"appointment", "prescription"}),
        ("community_garden.txt", {"plot", "tool", "payment"}),
        ("bike_sharing.txt", {"station", "bike", "ride", "complaint", "payment card"}),
    ],
)
def test_things_named_in_two_or_more_stories_are_entities_and_personas_are_not(name, things):
    data = _draft(name)
    names = {normalise_name(e.name) for e in data.data_entities}
    assert things <= names
    assert not names & {normalise_name(a.name) for a in data.actors}


def test_a_thing_only_one_story_mentions_is_no_entity():
    data = _draft("clinic_visits.txt")
    names = {normalise_name(e.name) for e in data.data_entities}
    assert not names & {"pharmacy", "phone number", "slot", "clinic"}


def test_a_possessive_or_of_phrase_names_an_attribute_of_a_repeated_thing():
    data = _draft("bike_sharing.txt")
    assert "price" in _entity(data, "Ride").attributes
    assert "fill level" in _entity(data, "Station").attributes


def test_a_story_that_says_what_they_do_not_want_is_kept_too():
    text = "\n".join(
        [
            "As a tenant, I want to report a leak, so that the landlord fixes it.",
            "As a tenant, I don't want to see other tenants' reports, so that my privacy is kept.",
            "As a landlord, I want to close a report, so that the list stays short.",
        ]
    )
    data = draft_document(text, engine="offline")
    kept = [s for uc in data.use_cases for s in uc.stories]
    assert len(kept) == 3
    negative = next(s for s in kept if "don't" in s.text)
    assert negative.want.startswith("not ") and negative.so_that == "my privacy is kept"


def test_a_story_told_in_the_interview_keeps_itself_on_its_use_case():
    delta = extract_offline(
        data=PRDData(),
        question_id=None,
        answer="As a cyclist, I need to lock my bike remotely, so that nobody can steal it.",
        message_id=None,
    )
    (uc,) = delta.use_cases
    (story,) = uc.stories
    assert (story.actor, story.priority, story.so_that) == ("Cyclist", "must", "nobody can steal it")


def test_merging_keeps_the_stories_of_both_sides_once_each():
    one = UserStory(text="As a rider, I want to rate a ride, so that problems are known.", actor="Rider")
    two = UserStory(text="As a rider, I want to rate a bike, so that bad bikes are fixed.", actor="Rider")
    current = PRDData(use_cases=[UseCase(id="UC-1", name="Rate rides", actor="Rider", stories=[one])])
    delta = PRDData(use_cases=[UseCase(name="rate rides", actor="Rider", stories=[one.model_copy(), two])])
    (uc,) = merge(current, delta).use_cases
    assert [s.text for s in uc.stories] == [one.text, two.text]
