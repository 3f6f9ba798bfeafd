"""A prose description pasted as a document gives the class model an analyst would draw: the things
it keeps returning to and describes become entities, with their attributes and typed relationships."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from core.intake.engine import draft_document
from core.intake.offline.rules.domain_model import model_findings
from core.prd import DataEntity, PRDData

MODELS = sorted((Path(__file__).parents[1] / "data" / "domain_models").glob("*.json"))


def key(name: str) -> str:
    """'ScanEvent', 'scan events' and 'Scan event' compare equal."""
    spaced = re.sub(r"([A-Z]+)([A-Z][a-z])", r"\1 \2", re.sub(r"([a-z0-9])([A-Z])", r"\1 \2", name))
    tokens = re.sub(r"[^a-z0-9]+", " ", spaced.lower()).split()
    return " ".join(t[:-1] if t.endswith("s") and not t.endswith("ss") and len(t) > 3 else t for t in tokens)


def entities(text: str) -> dict[str, DataEntity]:
    return {key(e.name): e for e in draft_document(text, engine="offline").data_entities}


def related(entity: DataEntity, target: str) -> list[str]:
    return [r.type for r in entity.relationships if key(r.target) == key(target)]


@pytest.mark.parametrize("path", MODELS, ids=[p.stem for p in MODELS])
def test_a_description_gives_most_of_the_class_model_an_analyst_drew(path: Path) -> None:
    reference = json.loads(path.read_text(encoding="utf-8"))
    found = entities(reference["text"])
    gold = {key(name): model for name, model in reference["entities"].items()}
    matched = set(found) & set(gold)
    precision, recall = len(matched) / len(found), len(matched) / len(gold)
    assert precision >= 0.6 and recall >= 0.75, (sorted(found), sorted(gold))
    attrs = [(c, a) for c in matched for a in gold[c]["attributes"]]
    have = [(c, a) for c, a in attrs if key(a) in {key(x) for x in found[c].attributes}]
    assert len(have) >= 0.6 * len(attrs), sorted(set(attrs) - set(have))
    links = [(c, t) for c in matched for t, _ in gold[c]["relationships"] if key(t) in matched]
    linked = [(c, t) for c, t in links if related(found[c], t) or related(found[key(t)], c)]
    assert len(linked) >= 0.6 * len(links), sorted(set(links) - set(linked))


def test_what_identifies_a_thing_and_what_it_has_become_its_attributes() -> None:
    found = entities(
        "Each parcel is identified by its tracking number. Each courier has a name and a phone number. "
        "Couriers deliver parcels every day."
    )
    assert found["parcel"].attributes == ["tracking number"]
    assert found["courier"].attributes == ["name", "phone number"]


def test_a_whole_made_of_parts_is_a_composition_and_a_kind_of_thing_a_generalization() -> None:
    found = entities(
        "An order consists of up to 50 items. A van is a kind of vehicle. Each vehicle has a plate and a capacity."
    )
    assert related(found["order"], "item") == ["composition"]
    assert related(found["van"], "vehicle") == ["generalization"]
    assert found["vehicle"].attributes == ["plate", "capacity"]


def test_a_collection_a_thing_keeps_is_an_aggregation() -> None:
    found = entities("A fleet has a collection of vans. Each van has a plate and a mileage.")
    assert related(found["fleet"], "van") == ["aggregation"]


def test_types_named_with_such_as_or_inherit_from_are_subclasses() -> None:
    found = entities(
        "EBook and AudioBook both inherit from the Book class. A Book is defined by its isbn, title and author."
    )
    assert related(found["e book"], "book") == ["generalization"]
    assert related(found["audio book"], "book") == ["generalization"]
    assert found["book"].attributes == ["isbn", "title", "author"]


def test_design_texts_keep_class_and_field_names_as_written() -> None:
    found = entities(
        "The BackupJob class represents one run, holding details like jobId, startTime and status, and offering "
        "methods to execute() or cancel() the run. The BackupManager oversees collections of BackupJob objects."
    )
    assert found["backup job"].name == "BackupJob"
    assert found["backup job"].attributes == ["jobId", "startTime", "status"]
    assert related(found["backup manager"], "backup job") == ["aggregation"]


def test_kinds_of_user_a_text_names_are_subclasses_of_user() -> None:
    found = entities(
        "Users register as either tenants or landlords and log in with an email and a password. "
        "Landlords can list flats and tenants can rent flats."
    )
    assert found["user"].attributes == ["email", "password"]
    assert related(found["tenant"], "user") == ["generalization"]
    assert related(found["landlord"], "user") == ["generalization"]
    assert related(found["landlord"], "flat")


def test_a_thing_mentioned_once_in_passing_is_not_a_class() -> None:
    found = model_findings("Drivers can plan routes. Drivers can share routes with a colleague over lunch.")
    names = {f.text.lower() for f in found if f.kind == "entity"}
    assert "route" in names and "lunch" not in names and "colleague" not in names


def test_the_same_model_merges_into_an_existing_project_without_losing_link_types() -> None:
    text = "An order consists of many line items. Each line item has a quantity and a price."
    first = draft_document(text, engine="offline")
    again = draft_document(text, engine="offline", data=first)
    order = next(e for e in again.data_entities if e.name == "Order")
    assert [(r.target, r.type) for r in order.relationships] == [("Line Item", "composition")]
    assert isinstance(again, PRDData)
