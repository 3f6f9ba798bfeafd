"""Plain prose descriptions (an email, meeting notes, a founder's pitch) give their actors, outside
systems and use cases; the labelled set is tests/data/prose/*.json."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from core.intake.merge import merge
from core.intake.offline import extract_document
from core.prd import PRDData, normalise_name

PROSE = sorted((Path(__file__).parents[1] / "data" / "prose").glob("*.json"))


def draft(text: str) -> PRDData:
    return merge(PRDData(), extract_document(data=PRDData(), text=text, message_id=1))


def humans(data: PRDData) -> set[str]:
    return {a.name for a in data.actors if a.kind == "human"}


def externals(data: PRDData) -> set[str]:
    return {normalise_name(a.name) for a in data.actors if a.kind == "external_system"}


def use_cases(data: PRDData) -> dict[str, str]:
    return {u.name: u.actor for u in data.use_cases}


def _stem(word: str) -> str:
    word = normalise_name(word)
    return next(
        (word[: -len(s)] for s in ("ing", "ed", "es", "s") if word.endswith(s) and len(word) > len(s) + 2), word
    )


_STOP = {"a", "an", "the", "of", "to", "for", "and", "or", "in", "on", "at", "by", "with", "from", "their", "its"}


def same_use_case(found: str, label: str) -> bool:
    """The same verb and the label's main object ('Prescribe treatments' ~ 'Prescribe a treatment')."""
    f, g = ([_stem(w) for w in re.findall(r"[a-z][a-z'-]*", n.lower()) if w not in _STOP] for n in (found, label))
    return bool(f and g) and f[0] == g[0] and (len(g) == 1 or g[-1] in f[1:])


def _doc(path: Path) -> dict:
    return json.loads(path.read_text())


@pytest.mark.parametrize("path", PROSE, ids=[p.stem for p in PROSE])
def test_a_description_gives_its_kinds_of_people_and_no_one_else(path: Path) -> None:
    doc = _doc(path)
    found = {normalise_name(n) for n in humans(draft(doc["text"]))}
    assert found == {normalise_name(a) for a in doc["actors"]}


@pytest.mark.parametrize("path", PROSE, ids=[p.stem for p in PROSE])
def test_a_description_gives_most_of_what_its_people_do(path: Path) -> None:
    doc = _doc(path)
    found = list(use_cases(draft(doc["text"])))
    missed = [u["name"] for u in doc["use_cases"] if not any(same_use_case(f, u["name"]) for f in found)]
    assert len(missed) <= 0.3 * len(doc["use_cases"]), missed


def test_the_prose_set_is_plain_prose_of_varied_kinds() -> None:
    docs = [_doc(p) for p in PROSE]
    assert len(docs) >= 12 and {"email", "notes", "pitch"} <= {d["kind"] for d in docs}
    for doc in docs:
        assert 120 <= len(doc["text"].split()) <= 400
        assert not re.search(r"^\s*#|^\s*[-*•]\s", doc["text"], re.M)


def test_most_outside_systems_of_the_prose_set_are_found() -> None:
    labelled = found = 0
    for path in PROSE:
        doc = _doc(path)
        got = externals(draft(doc["text"]))
        labelled += len(doc["externals"])
        found += sum(1 for e in doc["externals"] if normalise_name(e) in got)
    assert found >= 0.8 * labelled


def test_a_passive_sentence_names_who_acts() -> None:
    data = draft("Orders above five hundred pounds are approved by shift leads before they are released to the floor.")
    assert use_cases(data) == {"Approve orders above five hundred pounds": "Shift Lead"}


def test_the_people_an_app_is_used_by_do_what_it_is_used_for() -> None:
    data = draft(
        "The app will be used by couriers for picking up parcels, scanning them at each stop and collecting signatures."
    )
    assert use_cases(data) == {
        "Pick up parcels": "Courier",
        "Scan parcels at each stop": "Courier",
        "Collect signatures": "Courier",
    }


def test_an_aside_after_the_subject_is_not_an_actor() -> None:
    data = draft("Walkers, who are mostly students and freelancers, accept walk requests and log each walk.")
    assert humans(data) == {"Walker"}
    assert use_cases(data) == {"Accept walk requests": "Walker", "Log each walk": "Walker"}


def test_a_relative_clause_at_the_end_is_more_that_its_person_does() -> None:
    data = draft("A request must be approved by the biobank manager, who also audits freezer contents twice a year.")
    assert {"Approve a request", "Audit freezer contents twice a year"} <= set(use_cases(data))
    assert set(use_cases(data).values()) == {"Biobank Manager"}


def test_a_which_clause_in_the_passive_names_who_approves() -> None:
    data = draft("Hiring managers open new roles, which then have to be approved by the finance director.")
    assert use_cases(data) == {"Open new roles": "Hiring Manager", "Approve new roles": "Finance Director"}


def test_they_means_the_people_named_last_even_in_a_negated_sentence() -> None:
    data = draft(
        "Dispatchers assign shipments to couriers. Recipients do not need an account. "
        "They get a tracking link and can choose a safe place."
    )
    assert use_cases(data)["Choose a safe place"] == "Recipient"


def test_they_inside_a_sentence_and_after_a_leading_clause() -> None:
    data = draft(
        "Hosts manage the waiting list when we are full, and they need to see which tables are free. "
        "Shop owners print labels. When something goes wrong, they open a claim."
    )
    found = use_cases(data)
    assert found["See which tables are free"] == "Host" and found["Open a claim"] == "Shop Owner"


def test_verbs_sharing_one_subject_are_one_use_case_each() -> None:
    data = draft("Pickers pick orders, pack parcels and label them.")
    assert use_cases(data) == {"Pick orders": "Picker", "Pack parcels": "Picker", "Label parcels": "Picker"}


def test_a_when_clause_inside_a_verb_list_does_not_swallow_the_rest() -> None:
    data = draft("Dispatchers rebalance routes when someone calls in sick and answer questions from shops.")
    assert set(use_cases(data)) == {"Rebalance routes", "Answer questions from shops"}


def test_a_leading_setting_and_a_singular_subject() -> None:
    data = draft("On the day, door volunteers scan tickets at the entrance. The practice manager runs the stock count.")
    assert use_cases(data) == {
        "Scan tickets at the entrance": "Door Volunteer",
        "Run the stock count": "Practice Manager",
    }


@pytest.mark.parametrize(
    ("sentence", "system"),
    [
        ("It integrates with the clinic's billing system.", "Clinic Billing System"),
        ("The app connects to the Salto access control API.", "Salto Access Control API"),
        ("The system receives electronic prescriptions from the NHS spine.", "NHS Spine"),
        ("It should be compatible with our existing till system.", "Till System"),
        ("The rota syncs with Google Calendar.", "Google Calendar"),
        (
            "Fixit pulls the list of properties from the agency's property management system.",
            "Property Management System",
        ),
        ("The tool sends dispatch notifications to the carrier's API.", "Carrier API"),
        ("Card payments are handled by GoCardless.", "GoCardless"),
        ("At the end of each month timesheets go to the payroll provider, which is Sage Payroll.", "Sage Payroll"),
    ],
)
def test_a_system_the_product_talks_to_is_an_outside_system(sentence: str, system: str) -> None:
    data = draft(f"Pharmacists check prescriptions. {sentence}")
    assert normalise_name(system) in externals(data)
    assert humans(data) == {"Pharmacist"}


def test_the_products_own_apps_are_internal_parts_not_systems_or_people() -> None:
    data = draft(
        "Dog owners book walks. Internally there's the owner app, the walker app and an admin back office, "
        "all talking to one back end."
    )
    assert {"Owner app", "Walker app", "Admin back office"} <= set(data.system_boundaries.internal)
    assert humans(data) == {"Dog Owner"} and not externals(data)


def test_one_actor_per_kind_of_person() -> None:
    data = draft(
        "People in the pharmacy spend hours on the phone. Store managers build the weekly rota. "
        "Managers also approve shift swaps. Area managers compare labour costs. Staff get a notification."
    )
    assert humans(data) == {"Store Manager", "Area Manager"}
    assert use_cases(data)["Approve shift swaps"] == "Store Manager"


def test_people_who_are_not_users_are_not_actors() -> None:
    data = draft("Samples are shipped in batches, and couriers are not users of the system. Nurses register samples.")
    assert humans(data) == {"Nurse"}


def test_a_long_use_case_name_is_cut_at_a_phrase_boundary() -> None:
    data = draft("Recipients can choose a safe place or a new delivery day for the parcel from the tracking page.")
    (name,) = use_cases(data)
    assert name == "Choose a safe place"
