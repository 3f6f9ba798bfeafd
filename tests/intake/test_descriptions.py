"""A use case's description is written only when the text says more than its name."""

from core.intake.offline import extract_document
from core.intake.offline.writer import says_more
from core.prd import PRDData


def _use_cases(text: str) -> dict[str, str]:
    data = extract_document(data=PRDData(), text=text, message_id=None)
    return {u.name.lower(): u.description for u in data.use_cases}


def test_a_sentence_that_only_repeats_the_name_gives_no_description():
    found = _use_cases("Patients book an appointment.")
    assert found and all(description == "" for description in found.values())


def test_a_sentence_with_more_to_say_keeps_it_as_the_description():
    found = _use_cases("Patients book an appointment online from their phone, choosing a doctor and a free slot.")
    assert any("free slot" in description for description in found.values())


def test_says_more_counts_what_the_name_and_actor_do_not_already_say():
    assert not says_more("Vets can prescribe treatments", "Prescribe treatments", "Vet")
    assert not says_more("Drivers easily scan the parcels", "Scan parcels", "Driver")
    assert says_more("Drivers scan parcels at the depot before loading", "Scan parcels", "Driver")
