"""The assistant's replies without a model: an acknowledgement of what the message did, then
the next question or, when none is left, where the interview stands; and, with either engine,
what the merge kept or replaced against the message."""

from __future__ import annotations

from core.completeness import assess, usable_use_cases
from core.intake import prompts
from core.intake.merge import Changes, Note
from core.intake.state import TurnState
from core.markdown import escape_inline
from core.prd import PRDData
from core.validation import failing_gates
from core.wording import counted, plural

# What the merge did against the message, said in the reply (core/intake/merge.py Note kinds).
KEPT_EDITS = "Kept as you edited by hand: {items}. Change it on **Project data** if the message is right."
KEPT_EDITED_PROBLEM = "Kept the problem statement you edited by hand; this message describes it as “{text}”."
KEPT_PROBLEM = (
    "Kept the problem statement as it is; this message describes it as “{text}”. To use that one, "
    "edit it on **Project data**."
)
REPLACED_PROBLEM = "Replaced the problem statement; it was “{text}”."

READY_SCORE = 60  # completeness at which the intake may be closed and artifacts generated


def offline_reply(state: TurnState, question: str | None) -> str:
    """A short acknowledgement, then the question (or the closing words when none is left)."""
    lead = _joined(_lead(state), notes_text(state.merge_notes))
    if question is None and state.intent == "generate" and lead:
        return lead  # the lead already says whether the data is ready and what is missing
    return _joined(lead, question or closing(state))


def with_notes(text: str, state: TurnState) -> str:
    """A reply the model wrote, followed by what the merge kept or replaced."""
    return _joined(text, notes_text(state.merge_notes))


def _joined(*parts: str) -> str:
    return "\n\n".join(p for p in parts if p)


def notes_text(notes: list[Note]) -> str:
    """The merge's notes in words: hand edits kept, the problem statement kept or replaced."""
    edits = [
        f"the {n.label} “{escape_inline(_short(n.name))}” ({', '.join(_field(f) for f in n.fields)})"
        for n in notes
        if n.kind == "kept_edit"
    ]
    lines = [KEPT_EDITS.format(items="; ".join(edits))] if edits else []
    words = {
        "kept_edited_problem": KEPT_EDITED_PROBLEM,
        "kept_problem": KEPT_PROBLEM,
        "replaced_problem": REPLACED_PROBLEM,
    }
    lines += [words[n.kind].format(text=escape_inline(_short(n.text, 160))) for n in notes if n.kind in words]
    return " ".join(lines)


def _field(name: str) -> str:
    return name.replace("_", " ")


def closing(state: TurnState) -> str:
    """No question is left: the intake is closed, ready to generate, or short of ready."""
    if state.intake.done:
        return prompts.INTAKE_CLOSED
    if state.completeness >= READY_SCORE:
        return _joined(prompts.ALL_COVERED.format(score=state.completeness), gates_note(state.data))
    return prompts.NOT_READY_END.format(score=state.completeness, needed=READY_SCORE, gaps=_gaps(state))


def gates_note(data: PRDData) -> str:
    """The hard gates validation would fail, named with an offer to ask about them."""
    failing = failing_gates(data)
    if not failing:
        return prompts.GATES_PASSING
    names = "; ".join(f"{gate_id} {title.lower()}" for gate_id, title in failing)
    return prompts.GATES_FAILING.format(count=len(failing), gates=names)


def _gaps(state: TurnState) -> str:
    return "; ".join(g[:1].lower() + g[1:] for g in state.gaps[:3]) or "nothing"


def _lead(state: TurnState) -> str:
    if state.mode == "document":
        return prompts.DOCUMENT_DRAFTED.format(summary=summary(state.changes))
    if state.intent == "skip":
        return prompts.SKIPPED
    if state.intent == "revisit":
        return prompts.REVISITING
    if state.intent == "question":
        return ""  # the pending question comes back with why it is asked and an example answer
    if state.intent == "answered":
        return prompts.ANSWERED_BEFORE
    if state.intent == "generate":
        return wrap_up(state)
    if state.edit is not None:
        return state.edit_note
    if state.intent in ("provide_info", "edit"):
        noted = captured(state.delta or PRDData())
        return prompts.ACK_OFFLINE.format(captured=noted) if noted else prompts.ACK_NOTHING_FOUND
    return ""


def wrap_up(state: TurnState) -> str:
    """ "generate": where the requirements stand, what is done, what is still weak, and whether it is
    enough to generate; no further question."""
    if state.intake.done:
        return ""
    lines = [prompts.WRAP_UP.format(score=state.completeness)]
    done = done_summary(state.data)
    if done:
        lines.append(prompts.WRAP_UP_DONE.format(done=done))
    weak = assess(state.data).weak
    if weak:
        lines.append(prompts.WRAP_UP_WEAK.format(weak=_listed(weak, 6)))
    if state.completeness >= READY_SCORE:
        lines.append(prompts.WRAP_UP_READY)
    else:
        lines.append(prompts.WRAP_UP_NOT_READY.format(needed=READY_SCORE, gaps=_gaps(state)))
    return "\n\n".join(lines)


def _listed(items: list[str], most: int) -> str:
    shown = [escape_inline(i) for i in items[:most]]
    more = len(items) - len(shown)
    return "; ".join(shown) + (f"; and {more} more" if more else "")


def done_summary(data: PRDData) -> str:
    """'3 actors, 6 use cases (4 complete), 2 entities, …': what the requirements hold that counts."""
    complete = usable_use_cases(data)
    b = data.system_boundaries
    parts = [
        counted(len(data.actors), "actor") if data.actors else "",
        f"{counted(len(data.use_cases), 'use case')} ({len(complete)} with their own trigger and outcome)"
        if data.use_cases
        else "",
        counted(len(data.data_entities), "entity") if data.data_entities else "",
        "the system boundary" if all((b.internal, b.external, b.in_scope, b.out_of_scope)) else "",
        "the problem statement" if data.problem_statement.text else "",
        counted(sum(1 for g in data.goals if g.metric and g.target), "measurable goal")
        if any(g.metric and g.target for g in data.goals)
        else "",
        "business and technical constraints" if data.constraints.business and data.constraints.technical else "",
        f"{counted(sum(1 for n in data.nfrs if n.metric), 'NFR')} with a metric"
        if any(n.metric for n in data.nfrs)
        else "",
    ]
    return ", ".join(p for p in parts if p)


def captured(delta: PRDData, most: int = 4) -> str:
    """'actors Line Worker and Supervisor; use cases Report defects': what an answer added, by name."""
    groups = [
        ("actor", [a.name for a in delta.actors]),
        ("use case", [u.name for u in delta.use_cases]),
        ("entity", [e.name for e in delta.data_entities]),
        ("goal", [g.statement for g in delta.goals]),
        ("NFR", [n.statement for n in delta.nfrs]),
        ("in scope", delta.system_boundaries.in_scope),
        ("out of scope", delta.system_boundaries.out_of_scope),
        ("external system", delta.system_boundaries.external),
        ("part of the product", delta.system_boundaries.internal),
        ("business constraint", delta.constraints.business),
        ("technical constraint", delta.constraints.technical),
    ]
    parts = [f"{_label(kind, len(names))} {_listing(names, most)}" for kind, names in groups if names]
    if delta.problem_statement.text:
        parts.append("the problem statement")
    return "; ".join(parts)


def _label(kind: str, n: int) -> str:
    if kind == "part of the product":
        return kind if n == 1 else "parts of the product"
    return kind if n == 1 or "scope" in kind else plural(kind)


def _listing(names: list[str], most: int) -> str:
    shown = [f"“{escape_inline(_short(n))}”" for n in names[:most]]
    more = len(names) - len(shown)
    if more:
        return ", ".join(shown) + f" and {more} more"
    return shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " and " + shown[-1]


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def summary(changes: Changes) -> str:
    """'2 actors and 5 use cases added; 1 entity updated': what a message really changed."""
    added, updated = _counted(changes.added), _counted(changes.updated)
    parts = [f"{added} added" if added else "", f"{updated} updated" if updated else ""]
    return "; ".join(p for p in parts if p) or "nothing new"


def _counted(counts: dict[str, int]) -> str:
    words = [counted(n, label) for label, n in counts.items()]
    return "".join(words) if len(words) <= 1 else ", ".join(words[:-1]) + " and " + words[-1]
