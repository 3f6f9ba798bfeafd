"""A flow under a use case becomes its steps: one list item a step, who does it kept, attached to the
use case the flow names or talks about, never a use case per line; imported documents draw."""

from __future__ import annotations

from core.diagrams import ACTIVITY, SEQUENCE, generate_all
from core.diagrams.check import verify
from core.intake.merge import merge
from core.intake.offline import extract_document, extract_offline
from core.prd import PRDData, normalise_name


def imported(text: str) -> PRDData:
    return merge(PRDData(), extract_document(data=PRDData(), text=text, message_id=1))


def steps_of(data: PRDData) -> dict[str, list[str]]:
    return {u.name: u.steps for u in data.use_cases if u.steps}


def use_case(data: PRDData, name: str):
    return next(u for u in data.use_cases if normalise_name(u.name) == normalise_name(name))


BAKERY = """# CrumbRun

## Users
Customers order cakes online. Bakers prepare the orders.

## Features
- Order a cake
- Cancel an order
- Loyalty points

Ordering flow:
1. The customer picks a cake, a size and a message
2. The customer pays by card or with Apple Pay
3. The baker confirms the order and sets a pickup time

To cancel an order:
- The customer opens the order, taps cancel and gives a reason
- The system refunds the card
"""


def test_a_named_list_is_the_steps_of_the_use_case_it_names_not_new_use_cases():
    data = imported(BAKERY)
    assert steps_of(data) == {
        "Order a cake": [
            "The customer picks a cake, a size and a message",
            "The customer pays by card or with Apple Pay",
            "The baker confirms the order and sets a pickup time",
        ],
        "Cancel an order": [
            "The customer opens the order, taps cancel and gives a reason",
            "The system refunds the card",
        ],
    }
    names = {normalise_name(u.name) for u in data.use_cases}
    assert not names & {"pick a cake", "pay by card", "confirm the order", "refund the card", "open the order"}


def test_a_list_under_features_stays_a_list_of_use_cases():
    data = imported(BAKERY)
    assert {"order a cake", "cancel an order"} <= {normalise_name(u.name) for u in data.use_cases}
    assert all(not u.steps for u in data.use_cases if normalise_name(u.name) not in {"order a cake", "cancel an order"})


LIBRARY = """# Shelfie

Members borrow books from the branch library. Librarians manage the catalogue.

### Returning a book
1. The member drops the book at the desk
2. The librarian scans the barcode, checks for damage and closes the loan
3. The system emails the member a receipt
"""


def test_a_task_heading_over_a_numbered_list_names_the_use_case_and_who_does_each_step():
    data = imported(LIBRARY)
    uc = use_case(data, "Return a book")
    assert uc.steps == [
        "The member drops the book at the desk",
        "The librarian scans the barcode, checks for damage and closes the loan",
        "The system emails the member a receipt",
    ]
    assert uc.actor == "Member"
    assert {"Member", "Librarian"} <= {a.name for a in data.actors}


GARDEN = """Community gardens share their tool sheds.

Volunteers lend tools to gardeners. Coordinators plan the watering rota.

The steps are: first the coordinator opens the rota, then picks a free week, and finally assigns a volunteer.
"""


def test_first_then_finally_gives_steps_to_the_use_case_they_talk_about_with_the_doer_kept():
    data = imported(GARDEN)
    assert steps_of(data) == {
        "Plan the watering rota": [
            "The coordinator opens the rota",
            "The coordinator picks a free week",
            "The coordinator assigns a volunteer",
        ]
    }


FOOD = """Customers order meals from local kitchens; couriers bring them.

When a customer orders, the kitchen confirms it, then a courier picks it up and finally the customer rates the delivery.
"""


def test_a_paragraph_that_walks_through_a_task_gives_its_steps_and_its_trigger():
    data = imported(FOOD)
    uc = use_case(data, "Order meals from local kitchens")
    assert uc.steps == [
        "A customer orders",
        "The kitchen confirms it",
        "A courier picks it up",
        "The customer rates the delivery",
    ]
    assert uc.trigger == "A customer orders" and uc.actor == "Customer"
    assert "Courier" in {a.name for a in data.actors}


def test_the_product_answering_someone_gives_that_use_case_two_steps():
    data = imported(
        "Tenants can report a repair, and the system then notifies the landlord. Landlords can approve quotes."
    )
    assert steps_of(data) == {"Report a repair": ["Tenant reports a repair", "The system notifies the landlord"]}


def test_plain_prose_without_a_flow_gives_no_steps():
    data = imported("Tenants report repairs. Landlords approve quotes and pay contractors.")
    assert steps_of(data) == {}


# ---- the chat ------------------------------------------------------------------------------

CLINIC = PRDData.model_validate(
    {
        "actors": [{"name": "Patient", "role": "Primary user"}, {"name": "Receptionist", "role": "Primary user"}],
        "use_cases": [
            {"name": "Pay the consultation fee", "actor": "Patient"},
            {"name": "Book an appointment", "actor": "Patient"},
            {"name": "Manage the daily schedule", "actor": "Receptionist"},
            {"name": "Send SMS reminders", "actor": "Receptionist"},
        ],
    }
)


def answer(text: str, data: PRDData = CLINIC) -> PRDData:
    return merge(data, extract_offline(data=data, question_id="use_case_steps", answer=text, message_id=9))


def test_numbered_booking_steps_go_to_booking_and_a_step_with_a_comma_or_and_stays_whole():
    data = answer(
        "Booking: 1. The patient picks a doctor and a time 2. The patient pays the deposit, by card or PayPal "
        "3. The system sends a confirmation by SMS"
    )
    assert steps_of(data) == {
        "Book an appointment": [
            "The patient picks a doctor and a time",
            "The patient pays the deposit, by card or PayPal",
            "The system sends a confirmation by SMS",
        ]
    }
    assert len(data.use_cases) == len(CLINIC.use_cases)


def test_an_unnamed_list_goes_to_the_use_case_its_steps_talk_about():
    data = answer(
        "1. The receptionist opens the daily schedule\n2. The receptionist moves a visit, and the patient is told\n"
    )
    assert steps_of(data) == {
        "Manage the daily schedule": [
            "The receptionist opens the daily schedule",
            "The receptionist moves a visit, and the patient is told",
        ]
    }


def test_an_unnamed_list_with_no_shared_words_goes_to_a_use_case_of_the_person_doing_it():
    data = answer("1. The patient opens the app and logs in\n2. The patient picks the next free slot\n")
    assert steps_of(data) == {
        "Pay the consultation fee": ["The patient opens the app and logs in", "The patient picks the next free slot"]
    }


def test_a_walk_through_in_prose_is_cut_only_where_it_says_then():
    data = answer("The patient pays the fee, with a card or cash, and then the system prints a receipt.")
    assert steps_of(data) == {
        "Pay the consultation fee": ["The patient pays the fee, with a card or cash", "The system prints a receipt"]
    }


# ---- diagrams ------------------------------------------------------------------------------

PARCELS = """# DropBox Lockers

Couriers deliver parcels to lockers. Recipients collect parcels with a code.

Delivery flow:
1. The courier scans the parcel
2. The system opens a free locker
3. The courier closes the locker
4. The system texts the recipient a pickup code through Twilio
"""


def test_an_imported_document_draws_sequence_and_activity_diagrams_from_its_steps():
    data = imported(PARCELS)
    uc = use_case(data, "Deliver parcels to lockers")
    assert uc.steps[0] == "The courier scans the parcel" and len(uc.steps) == 4
    drawings = generate_all(data, system="DropBox Lockers", types=(SEQUENCE, ACTIVITY))
    (sequence,) = drawings.of(SEQUENCE)
    (activity,) = drawings.of(ACTIVITY)
    verify(drawings.all())
    assert "Courier" in sequence.mermaid and "Twilio" in sequence.mermaid
    assert "The courier scans the parcel" in activity.mermaid


HOTEL = """# RoomFinder

## Actors
- Guest: books rooms
- Hotel manager: manages rooms and prices

## Use cases

### UC-1: Book a room
Main flow:
1. Guest searches rooms by date and city
2. System shows available rooms with prices
3. Guest selects a room, enters card details and confirms
4. Stripe charges the card

### UC-2: Update prices
Basic flow:
1. Manager opens the price calendar
2. Manager changes the price for a date range
"""


def test_a_main_flow_in_a_use_case_template_belongs_to_the_use_case_heading_above_it():
    data = imported(HOTEL)
    assert use_case(data, "Update prices").steps == [
        "Manager opens the price calendar",
        "Manager changes the price for a date range",
    ]
    booking = next(u for u in data.use_cases if u.name.startswith("Book"))
    assert booking.steps[2] == "Guest selects a room, enters card details and confirms" and len(booking.steps) == 4
    assert "Stripe" in data.system_boundaries.external


NOTES = """Notes from the FuelTrack kickoff

- Drivers need to log fuel purchases
- How it works: the driver snaps the receipt, the app reads the amount and the fleet manager approves it
- Fleet managers export monthly fuel costs
- Signup: the driver enters an email -> the app sends a code -> the driver types the code
"""


def test_meeting_notes_give_steps_to_what_they_follow_and_to_what_they_name():
    assert steps_of(imported(NOTES)) == {
        "Log fuel purchases": [
            "The driver snaps the receipt",
            "The app reads the amount",
            "The fleet manager approves it",
        ],
        "Sign up": ["The driver enters an email", "The app sends a code", "The driver types the code"],
    }


def test_a_notice_about_an_event_is_the_next_step_of_the_use_case_that_causes_it():
    data = imported(
        "Members can book a class. Members can cancel a booking. "
        "Members receive email notifications for booking cancellations."
    )
    assert steps_of(data) == {
        "Cancel a booking": ["Member cancels a booking", "The system sends email notifications to members"]
    }


def test_steps_that_merely_mention_a_thing_go_to_the_first_task_of_who_does_them():
    walks = PRDData.model_validate(
        {
            "actors": [{"name": "Owner"}, {"name": "Walker"}],
            "use_cases": [
                {"name": "Book a walk", "actor": "Owner"},
                {"name": "Accept a walk", "actor": "Walker"},
                {"name": "Rate the walker", "actor": "Owner"},
            ],
        }
    )
    data = answer("1. The owner picks a walker 2. The owner pays 3. The walker accepts 4. The owner gets a text", walks)
    assert steps_of(data) == {
        "Book a walk": ["The owner picks a walker", "The owner pays", "The walker accepts", "The owner gets a text"]
    }


def test_a_roadmap_or_next_steps_list_is_not_a_use_case_with_steps():
    data = imported(
        "Roadmap:\n1. Launch the beta\n2. Add payments\n\nNext steps:\n- Anna sends the mockups\n- Tom books a room\n"
    )
    assert steps_of(data) == {}
    assert not {"roadmap", "next", "next steps"} & {normalise_name(u.name) for u in data.use_cases}


def test_a_booking_confirmation_answers_the_booking():
    data = imported("Guests can book a table. Guests receive text notifications with booking confirmations.")
    assert steps_of(data) == {"Book a table": ["Guest books a table", "The system sends text notifications to guests"]}


# ---- triggers --------------------------------------------------------------------------------

WALKS = PRDData.model_validate(
    {
        "actors": [{"name": "Owner"}, {"name": "Walker"}],
        "use_cases": [
            {"name": "Book a walk", "actor": "Owner"},
            {"name": "Accept a walk", "actor": "Walker"},
            {"name": "Rate the walker", "actor": "Owner"},
        ],
    }
)


def starts_and_ends(text: str) -> dict[str, tuple[str, str]]:
    data = merge(WALKS, extract_offline(data=WALKS, question_id="use_case_triggers", answer=text, message_id=4))
    return {u.name: (u.trigger, u.outcome) for u in data.use_cases if u.trigger or u.outcome}


def test_an_arrow_after_what_starts_a_task_is_its_trigger_and_outcome_not_two_steps():
    assert starts_and_ends("Booking: owner picks a slot -> walk confirmed") == {
        "Book a walk": ("Owner picks a slot", "Walk confirmed")
    }


def test_a_trigger_that_ends_in_ends_is_kept_whole_and_it_ends_goes_on_about_the_same_task():
    assert starts_and_ends(
        "Rating starts after the walk ends, and the result is a star rating. "
        "Accepting a walk starts when a request arrives; it ends with the walk in the walker's calendar."
    ) == {
        "Rate the walker": ("The walk ends", "A star rating"),
        "Accept a walk": ("A request arrives", "The walk in the walker's calendar"),
    }
