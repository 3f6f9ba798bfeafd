"""The question bank (DESIGN §5) and the rule that picks the next question."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from core.intake.gates import externals, gate_failing, has_interaction, hg3, hg7, hg9
from core.intake.offline.language.text import default_outcome, default_trigger
from core.prd import IntakeState, PRDData

PHASES = (
    "vision",
    "actors",
    "external_systems",
    "use_cases",
    "scope",
    "data_entities",
    "constraints",
    "success_metrics",
    "nfrs",
    "review",
)
PHASE_LABELS = {
    "vision": "Vision and problem",
    "actors": "Actors",
    "external_systems": "External systems",
    "use_cases": "Use cases",
    "scope": "Scope",
    "data_entities": "Data entities",
    "constraints": "Constraints",
    "success_metrics": "Success metrics",
    "nfrs": "Non-functional requirements",
    "review": "Review",
}


def _never(_: PRDData) -> bool:
    return False


@dataclass(frozen=True)
class Question:
    """One question of the interview: what it asks, what it fills, when it is not needed."""

    id: str
    phase: str
    text: str
    base_priority: int
    gate: str | None
    target: str
    prerequisites: tuple[str, ...] = ()
    skip_when: Callable[[PRDData], bool] = _never
    max_asks: int = 2
    explain: str = ""
    """Why the question is asked, in a sentence, for "what do you mean?"."""
    example: str = ""
    """An answer that would do, shown with the explanation."""


def _humans(d: PRDData) -> list:
    return [a for a in d.actors if a.kind == "human"]


def _people_tasks(d: PRDData) -> list:
    """Use cases people perform: what an outside system does on its own answers no 'what do people do?'."""
    humans = {a.name.casefold() for a in _humans(d)}
    return [u for u in d.use_cases if u.actor.casefold() in humans]


def _derived(d: PRDData) -> bool:
    return any(
        not u.trigger
        or not u.outcome
        or u.trigger == default_trigger(u.actor, u.name)
        or u.outcome == default_outcome(u.name)
        for u in d.use_cases
    )


def _nfr_in(d: PRDData, categories: set[str]) -> bool:
    return any(n.category in categories for n in d.nfrs)


QUESTIONS: tuple[Question, ...] = (
    Question(
        "problem",
        "vision",
        "What problem does the product solve, and for whom? A sentence or two about today's pain is enough.",
        100,
        None,
        "problem_statement",
        skip_when=lambda d: bool(d.problem_statement.text),
        explain=(
            "The problem statement says why the product should exist: who has the trouble today and what it costs them."
        ),
        example="Dog owners who work long hours cannot find a walker they trust at short notice.",
    ),
    Question(
        "primary_users",
        "actors",
        "Who will use it? Name the kinds of users and what each mainly does — "
        "for example: 'drivers scan parcels, dispatchers plan routes'.",
        90,
        "HG2",
        "actors",
        skip_when=lambda d: len(_humans(d)) >= 2,
        explain=(
            "Actors are the kinds of people who use the product; each becomes a role with its own tasks and rights."
        ),
        example="Dog owners book walks; walkers accept and log them.",
    ),
    Question(
        "other_users",
        "actors",
        "Is anyone else involved — administrators, managers, support staff, or people who only read reports?",
        88,
        "HG2",
        "actors",
        ("primary_users",),
        skip_when=lambda d: len(_humans(d)) >= 3,
        max_asks=1,
        explain=(
            "Besides the main users, someone often runs the product: approves accounts, answers support, reads reports."
        ),
        example="Support staff verify new walkers and handle complaints.",
    ),
    Question(
        "permissions",
        "actors",
        "What may each kind of user see or do, and what must they not be able to do? "
        "For example: 'drivers see only their own route; admins manage accounts'.",
        86,
        "HG3",
        "actors.permissions",
        ("primary_users", "other_users"),
        skip_when=lambda d: not _humans(d) or hg3(d),
        max_asks=1,
        explain=(
            "Permissions say what each role may see or change, and what it must never reach, so nobody sees "
            "data that is not theirs."
        ),
        example="Owners see only their own dogs and bookings; only admins can ban a walker.",
    ),
    Question(
        "external_systems",
        "external_systems",
        "Does it work with other systems — payments, email or SMS, "
        "maps, calendars, an existing ERP or sign-in provider? Name them.",
        80,
        "HG4",
        "system_boundaries.external",
        skip_when=lambda d: bool(externals(d)),
        explain=(
            "External systems are services outside the product that it talks to: payments, messages, maps, sign-in."
        ),
        example="Stripe takes the payments and Twilio sends the text messages.",
    ),
    Question(
        "external_interactions",
        "external_systems",
        "What does the product send to or get from each of "
        "those systems? For example: 'we send SMS reminders through Twilio'.",
        78,
        "HG4",
        "use_cases.interactions",
        ("external_systems",),
        skip_when=lambda d: all(has_interaction(d, x) for x in externals(d)),
        max_asks=1,
        explain=(
            "For each outside system, what goes back and forth: this becomes a use case and a line on the "
            "context diagram."
        ),
        example="We charge the owner through Stripe once the walk is logged.",
    ),
    Question(
        "main_use_cases",
        "use_cases",
        "What are the main things people do with it? One per line or sentence, "
        "saying who does it — for example 'patients book an appointment'.",
        70,
        "HG5",
        "use_cases",
        ("primary_users",),
        skip_when=lambda d: len(_people_tasks(d)) >= 5,
        max_asks=1,
        explain="Use cases are the tasks people come to the product for, each done by one kind of user.",
        example="Owners book a walk; walkers check in at the door with a photo.",
    ),
    Question(
        "more_use_cases",
        "use_cases",
        "What else must it do? Go through each kind of user and name a task or "
        "two they still need — for example 'managers export a monthly report'.",
        68,
        "HG5",
        "use_cases",
        ("main_use_cases",),
        skip_when=lambda d: len(_people_tasks(d)) >= 5,
        explain=(
            "A PRD needs five or more use cases; think of what each kind of user still has to do, including admin work."
        ),
        example="Admins refund a missed walk; owners rate the walker.",
    ),
    Question(
        "use_case_triggers",
        "use_cases",
        "For the main tasks, what starts each one and what is the result? "
        "For example: 'Booking starts when a patient picks a free slot and ends with a confirmed "
        "appointment.'",
        66,
        "HG6",
        "use_cases.triggers",
        ("main_use_cases",),
        skip_when=lambda d: not d.use_cases or not _derived(d),
        max_asks=1,
        explain="Each task needs what starts it and what it ends with, so it can be tested and drawn.",
        example="Booking starts when an owner picks a time slot and ends with a confirmed walk.",
    ),
    Question(
        "use_case_steps",
        "use_cases",
        "Walk me through the most important task step by step: who does what, and how does the product respond?",
        64,
        None,
        "use_cases.steps",
        ("main_use_cases",),
        skip_when=lambda d: not d.use_cases or any(len(u.steps) >= 2 for u in d.use_cases),
        max_asks=1,
        explain=(
            "The steps of the main task show who does what in order; they become the sequence and activity diagrams."
        ),
        example="1. The owner picks a walker 2. The owner pays 3. The walker accepts 4. The owner gets a confirmation.",
    ),
    Question(
        "in_scope",
        "scope",
        "What must the first release include? List the features that are in scope.",
        60,
        "HG1",
        "system_boundaries.in_scope",
        skip_when=lambda d: bool(d.system_boundaries.in_scope),
        explain="Scope says what the first release delivers, so everyone agrees what 'done' means.",
        example="In scope: booking, live tracking of walks, payments.",
    ),
    Question(
        "out_of_scope",
        "scope",
        "What is out of scope — things people might expect that you will not build now?",
        59,
        "HG1",
        "system_boundaries.out_of_scope",
        skip_when=lambda d: bool(d.system_boundaries.out_of_scope),
        explain="Naming what you will not build now stops people from expecting it.",
        example="Out of scope: overnight dog sitting and grooming.",
    ),
    Question(
        "internal_parts",
        "scope",
        "What parts make up the product itself — for example a mobile app, a web dashboard, a back-end API?",
        58,
        "HG1",
        "system_boundaries.internal",
        skip_when=lambda d: bool(d.system_boundaries.internal),
        explain=(
            "The parts of the product itself: the apps, dashboards and back end you build, not the outside systems."
        ),
        example="An owner app, a walker app and an admin back office on one back end.",
    ),
    Question(
        "entities",
        "data_entities",
        "What are the main things it keeps track of, and what does it record about "
        "each? For example: 'A parcel has a tracking number, a weight and a status.'",
        50,
        "HG9",
        "data_entities",
        skip_when=lambda d: len(d.data_entities) >= 2,
        explain="Data entities are the things the product stores records of; they become the class diagram.",
        example="A walk has a date, a duration and a status.",
    ),
    Question(
        "entity_attributes",
        "data_entities",
        "What details are stored for each of them? For example: 'A route has a date, a driver and a list of stops.'",
        48,
        "HG9",
        "data_entities.attributes",
        ("entities",),
        skip_when=lambda d: (
            not d.data_entities or sum(len(e.attributes) >= 2 for e in d.data_entities) >= min(2, len(d.data_entities))
        ),
        explain="Each entity needs the details stored about it, at least two.",
        example="A dog has a name, a breed and a size.",
    ),
    Question(
        "relationships",
        "data_entities",
        "How are they related? For example: 'each parcel belongs to a route', 'a customer has many orders'.",
        46,
        "HG9",
        "data_entities.relationships",
        ("entities",),
        skip_when=lambda d: (
            len(d.data_entities) < 2 and not d.data_entities or hg9(d) or any(e.relationships for e in d.data_entities)
        ),
        explain="Relationships say how the entities connect: which belongs to which, and how many.",
        example="Each walk belongs to one dog; an owner has many dogs.",
    ),
    Question(
        "business_constraints",
        "constraints",
        "Any business constraints — budget, deadline, regulations such as GDPR or HIPAA, team size?",
        40,
        "HG8",
        "constraints.business",
        skip_when=lambda d: bool(d.constraints.business),
        explain="Business constraints are limits from outside the code: money, dates, law, people.",
        example="The budget is 40k EUR and it must launch before March.",
    ),
    Question(
        "technical_constraints",
        "constraints",
        "Any technical constraints — platforms it must run on, required technology, hosting, systems it must reuse?",
        39,
        "HG8",
        "constraints.technical",
        skip_when=lambda d: bool(d.constraints.technical),
        explain="Technical constraints are limits on how it is built or run: platforms, technology, hosting.",
        example="It must run on iOS and Android and be hosted in the EU.",
    ),
    Question(
        "goals",
        "success_metrics",
        "How will you know it works? Give a goal with a number and a date — for "
        "example 'cut missed deliveries by 30% within 6 months'.",
        30,
        "HG7",
        "goals",
        skip_when=hg7,
        explain="A goal with a number and a date says how you will measure success after launch.",
        example="2,000 completed walks per month within 6 months.",
    ),
    Question(
        "performance",
        "nfrs",
        "How fast must it be, and how many people will use it at once? For example "
        "'pages load within 2 seconds for 500 concurrent users'.",
        20,
        None,
        "nfrs.performance",
        skip_when=lambda d: _nfr_in(d, {"performance", "scalability"}),
        max_asks=1,
        explain="How fast it must answer and for how many people at once, as numbers that can be tested.",
        example="Search results appear within 2 seconds for 1,000 concurrent users.",
    ),
    Question(
        "availability_security",
        "nfrs",
        "What about availability and security — for example 99.9% uptime, encryption, how long data is kept?",
        19,
        None,
        "nfrs.availability",
        skip_when=lambda d: _nfr_in(d, {"availability", "reliability", "security", "compliance"}),
        max_asks=1,
        explain="How often it must be up, how data is protected and how long it is kept.",
        example="99.9% uptime; personal data encrypted at rest and deleted after 2 years.",
    ),
    Question(
        "review",
        "review",
        "That covers the essentials. Anything to add or correct before I generate the "
        "artifacts? Say 'generate' when you are ready.",
        10,
        None,
        "review",
        max_asks=1,
        explain="This is the last check before the diagrams and the PRD are drawn from the data.",
        example="Add: walkers can also cancel a walk up to an hour before.",
    ),
)
_BY_ID = {q.id: q for q in QUESTIONS}


def get_question(qid: str) -> Question:
    """The question with this id; KeyError for an unknown id."""
    return _BY_ID[qid]


def _prerequisites_met(q: Question, data: PRDData, state: IntakeState) -> bool:
    return all(state.asked.get(p, 0) or p in state.skipped or get_question(p).skip_when(data) for p in q.prerequisites)


def is_open(q: Question, data: PRDData, state: IntakeState) -> bool:
    """Still worth asking: not answered, not skipped, not asked too often, prerequisites met."""
    return (
        q.id not in state.skipped
        and state.asked.get(q.id, 0) < q.max_asks
        and not q.skip_when(data)
        and _prerequisites_met(q, data, state)
    )


def current_phase(data: PRDData, state: IntakeState) -> str:
    """The earliest phase that still has an open question; 'review' once none is left."""
    if state.done:
        return "review"
    for q in QUESTIONS:
        if q.phase != "review" and is_open(q, data, state):
            return q.phase
    return "review"


def score(q: Question, data: PRDData, state: IntakeState, phase: str) -> int:
    """DESIGN §5: base priority, +3 failing gate, +2 current phase, −2 per time asked."""
    return (
        q.base_priority
        + (3 if gate_failing(q.gate, data) else 0)
        + (2 if q.phase == phase else 0)
        - 2 * state.asked.get(q.id, 0)
    )


def next_question(data: PRDData, state: IntakeState) -> Question | None:
    """The open question with the highest score, never the one just asked; None when done."""
    if state.done:
        return None
    phase = current_phase(data, state)
    candidates = [q for q in QUESTIONS if q.id != state.last_question_id and is_open(q, data, state)]
    if not candidates:
        return None
    return max(candidates, key=lambda q: (score(q, data, state, phase), -QUESTIONS.index(q)))


def mark_asked(state: IntakeState, question_id: str) -> IntakeState:
    """The state after asking a question: counted, remembered as the last one, phase moved."""
    asked = {**state.asked, question_id: state.asked.get(question_id, 0) + 1}
    return state.model_copy(
        update={"asked": asked, "last_question_id": question_id, "phase": get_question(question_id).phase}
    )


def close(state: IntakeState, question_id: str) -> IntakeState:
    """The state after a question was answered (now, or earlier as the user says): not asked again
    in this pass; a second pass may reopen it while its part is still missing."""
    question = _BY_ID.get(question_id)
    if question is None:
        return state
    asked = {**state.asked, question_id: max(state.asked.get(question_id, 0), question.max_asks)}
    return state.model_copy(update={"asked": asked})


def mark_skipped(state: IntakeState, question_id: str) -> IntakeState:
    """The state after the user skipped a question: it is not asked again."""
    skipped = state.skipped if question_id in state.skipped else [*state.skipped, question_id]
    return state.model_copy(update={"skipped": skipped})
