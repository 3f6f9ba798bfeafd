"""Merging keeps ids stable, dedupes by name, lets hand edits win and never drops an item."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from core.intake.merge import merge
from core.prd import (
    NFR,
    Actor,
    Constraints,
    DataEntity,
    Goal,
    PRDData,
    Relationship,
    Source,
    SystemBoundaries,
    UseCase,
)

MSG = Source(kind="message", message_id=1)
LATER = Source(kind="message", message_id=2)
HAND = Source(kind="manual")


def test_new_use_cases_get_the_next_free_ids_and_old_ids_stay():
    current = PRDData(use_cases=[UseCase(id="UC-1", name="Scan parcels"), UseCase(id="UC-4", name="Plan routes")])
    delta = PRDData(
        use_cases=[
            UseCase(name="Track parcels"),
            UseCase(id="UC-1", name="Export reports"),
            UseCase(name="Scan parcel"),
        ]
    )
    merged = merge(current, delta)
    assert [(u.id, u.name) for u in merged.use_cases] == [
        ("UC-1", "Scan parcels"),
        ("UC-4", "Plan routes"),
        ("UC-5", "Track parcels"),
        ("UC-6", "Export reports"),
    ]


def test_names_are_deduplicated_by_their_normalised_form():
    current = PRDData(actors=[Actor(name="Store Manager", source=MSG)])
    merged = merge(current, PRDData(actors=[Actor(name="store managers", description="Runs a store", source=LATER)]))
    assert [(a.name, a.description) for a in merged.actors] == [("Store Manager", "Runs a store")]


def test_a_later_message_fills_and_changes_fields_of_an_item_from_a_message():
    current = PRDData(use_cases=[UseCase(id="UC-1", name="Book", actor="Patient", trigger="old", source=MSG)])
    delta = PRDData(use_cases=[UseCase(name="book", trigger="Patient picks a slot", outcome="Booked", source=LATER)])
    (uc,) = merge(current, delta).use_cases
    assert (uc.id, uc.actor, uc.trigger, uc.outcome, uc.source) == (
        "UC-1",
        "Patient",
        "Patient picks a slot",
        "Booked",
        MSG,
    )


def test_what_a_person_edited_by_hand_is_never_overwritten():
    current = PRDData(
        actors=[Actor(name="Driver", role="Courier", kind="human", source=HAND)],
        use_cases=[UseCase(id="UC-2", name="Scan", trigger="Hand trigger", priority="must", source=HAND)],
    )
    delta = PRDData(
        actors=[Actor(name="Driver", role="Primary user", kind="external_system", description="Drives", source=MSG)],
        use_cases=[UseCase(name="Scan", trigger="Derived", outcome="Scanned", priority="could", source=MSG)],
    )
    merged = merge(current, delta)
    assert (merged.actors[0].role, merged.actors[0].kind, merged.actors[0].description) == (
        "Courier",
        "human",
        "Drives",
    )
    uc = merged.use_cases[0]
    assert (uc.trigger, uc.outcome, uc.priority, uc.source) == ("Hand trigger", "Scanned", "must", HAND)


def test_lists_are_united_without_duplicates():
    current = PRDData(
        actors=[Actor(name="Admin", permissions=["Manage users"], source=HAND)],
        data_entities=[DataEntity(name="Parcel", attributes=["weight"], relationships=[Relationship(target="Route")])],
        system_boundaries=SystemBoundaries(external=["Stripe"]),
        constraints=Constraints(business=["Budget 10k."]),
    )
    delta = PRDData(
        actors=[Actor(name="admins", permissions=["manage users", "See reports"])],
        data_entities=[
            DataEntity(
                name="parcels",
                attributes=["Weight", "status"],
                relationships=[Relationship(target="route"), Relationship(target="Driver")],
            )
        ],
        system_boundaries=SystemBoundaries(external=["stripe", "Twilio"]),
        constraints=Constraints(business=["budget 10k"], technical=["Runs on iOS."]),
    )
    merged = merge(current, delta)
    assert merged.actors[0].permissions == ["Manage users", "See reports"]
    assert merged.data_entities[0].attributes == ["weight", "status"]
    assert [r.target for r in merged.data_entities[0].relationships] == ["Route", "Driver"]
    assert merged.system_boundaries.external == ["Stripe", "Twilio"]
    assert (merged.constraints.business, merged.constraints.technical) == (["Budget 10k."], ["Runs on iOS."])


def test_goals_and_nfrs_with_new_statements_are_added():
    current = PRDData(
        goals=[Goal(statement="Cut no-shows by 20%")], nfrs=[NFR(statement="99% uptime", metric="uptime")]
    )
    delta = PRDData(
        goals=[
            Goal(statement="cut no-shows by 20%", metric="no-shows", target="-20%"),
            Goal(statement="Grow bookings"),
        ],
        nfrs=[NFR(statement="Load in 2 s", metric="load time", target="2 s")],
    )
    merged = merge(current, delta)
    assert [(g.statement, g.metric) for g in merged.goals] == [
        ("Cut no-shows by 20%", "no-shows"),
        ("Grow bookings", ""),
    ]
    assert [n.statement for n in merged.nfrs] == ["99% uptime", "Load in 2 s"]


def test_merge_leaves_its_inputs_untouched():
    current = PRDData(use_cases=[UseCase(name="Scan")])
    delta = PRDData(use_cases=[UseCase(name="Plan")])
    before = (current.model_copy(deep=True), delta.model_copy(deep=True))
    merge(current, delta)
    assert (current, delta) == before


_names = st.text(alphabet="abcdefgh ", min_size=1, max_size=8).filter(lambda s: s.strip())


@settings(max_examples=60, deadline=None)
@given(st.lists(_names, max_size=8), st.lists(_names, max_size=8))
def test_merging_never_drops_an_item_and_keeps_every_id(current_names, delta_names):
    current = merge(
        PRDData(),
        PRDData(use_cases=[UseCase(name=n) for n in current_names], actors=[Actor(name=n) for n in current_names]),
    )
    merged = merge(
        current, PRDData(use_cases=[UseCase(name=n) for n in delta_names], actors=[Actor(name=n) for n in delta_names])
    )
    assert merged.use_cases[: len(current.use_cases)] == current.use_cases
    assert [a.name for a in merged.actors[: len(current.actors)]] == [a.name for a in current.actors]
    ids = [u.id for u in merged.use_cases]
    assert len(ids) == len(set(ids)) and all(ids)
    assert merge(merged, merged) == merged


def test_an_actor_named_only_on_a_use_case_becomes_a_defined_actor():
    from core.intake.merge import merge
    from core.prd import PRDData, UseCase, from_message

    data = merge(
        PRDData(),
        PRDData(use_cases=[UseCase(name="Approve invoices", actor="Finance Manager", source=from_message(2))]),
    )
    assert [(a.name, a.kind, a.source.message_id) for a in data.actors] == [("Finance Manager", "human", 2)]


def test_a_hand_edited_item_keeps_its_values_and_the_merge_says_which():
    from core.intake.merge import Note, merge_noted

    current = PRDData(actors=[Actor(name="Buyer", role="orders furniture", description="", source=HAND)])
    delta = PRDData(actors=[Actor(name="buyer", role="sells furniture", description="Pays online", source=LATER)])
    merged = merge_noted(current, delta)
    (buyer,) = merged.data.actors
    assert (buyer.role, buyer.description) == ("orders furniture", "Pays online")  # a blank is still filled
    assert merged.notes == [Note("kept_edit", "actor", "Buyer", ("role",))]


def test_the_problem_statement_is_kept_unless_the_message_answers_the_problem_question():
    from core.intake.merge import Note, merge_noted
    from core.prd import ProblemStatement

    current = PRDData(problem_statement=ProblemStatement(text="Orders get lost.", source=MSG))
    delta = PRDData(problem_statement=ProblemStatement(text="Makers cannot plan their week.", source=LATER))
    kept = merge_noted(current, delta)
    assert kept.data.problem_statement.text == "Orders get lost."
    assert kept.notes == [Note("kept_problem", text="Makers cannot plan their week.")]
    replaced = merge_noted(current, delta, replace_problem=True)
    assert replaced.data.problem_statement.text == "Makers cannot plan their week."
    assert replaced.notes == [Note("replaced_problem", text="Orders get lost.")]
    by_hand = PRDData(problem_statement=ProblemStatement(text="Orders get lost.", source=HAND))
    assert merge_noted(by_hand, delta, replace_problem=True).notes == [
        Note("kept_edited_problem", text="Makers cannot plan their week.")
    ]
    assert merge_noted(current, PRDData(problem_statement=ProblemStatement(text="orders get lost"))).notes == []


def test_the_changes_count_what_the_merge_added_and_updated_not_what_the_delta_held():
    from core.intake.merge import merge_noted
    from core.intake.replies import summary

    current = PRDData(data_entities=[DataEntity(name="Order"), DataEntity(name="Product", attributes=["price"])])
    delta = PRDData(
        data_entities=[
            DataEntity(name="Orders", source=LATER),  # the same entity, nothing new: not counted
            DataEntity(name="Product", attributes=["price", "size"], source=LATER),
            DataEntity(name="Invoice", source=LATER),
        ]
    )
    changes = merge_noted(current, delta).changes
    assert (changes.added, changes.updated) == ({"entity": 1}, {"entity": 1})
    assert summary(changes) == "1 entity added; 1 entity updated"
    assert summary(merge_noted(current, PRDData()).changes) == "nothing new"
