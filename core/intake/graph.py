"""The intake graph (DESIGN §5): classify → extract (or edit) → merge → assess → ask → END.
`builder` is exported uncompiled so tests attach their own checkpointer; production
rebuilds the state from the database each turn and needs none."""

from __future__ import annotations

from typing import Any

from langgraph.graph import END, START, StateGraph

from core.completeness import assess as score
from core.intake import classify, edits, labels, llm, merge, offline, prompts, questions
from core.intake.gates import gate_failing
from core.intake.replies import READY_SCORE, offline_reply, with_notes
from core.intake.state import TurnState
from core.prd import IntakeState, PRDData

__all__ = ["READY_SCORE", "builder", "graph", "fast_intent", "question_for_gap", "find_question", "second_pass"]

EXTRACTING = {"provide_info", "edit"}
REVISIT_WORDS = frozenset(
    {
        "revisit",
        "revisit them",
        "revisit the skipped questions",
        "let's revisit",
        "lets revisit",
        "go back",
        "ask again",
        "ask me again",
        "again",
        "second pass",
        "yes",
        "yes please",
        "ok",
        "okay",
        "sure",
    }
)


def fast_intent(text: str) -> str | None:
    """The intent of a short stop word (classify's fast path, one set), or None."""
    quick = classify.fast_path(text)
    return quick.value if quick is not None else None


def classify_node(state: TurnState) -> dict[str, Any]:
    """Name the intent; stop words take the fast path (no extraction, no model call)."""
    if state.mode == "document":
        return {"intent": "provide_info", "fast_path": False}
    quick = fast_intent(state.message)
    if quick is not None:
        return {"intent": quick, "fast_path": True}
    if _asks_for_second_pass(state):
        return {"intent": "revisit", "fast_path": False}
    intent = classify.classify(state.message, question_id=state.last_question_id)
    return {"intent": intent.value, "fast_path": False}


def _asks_for_second_pass(state: TurnState) -> bool:
    """The interview ended (no question pending) and the user wants to go over it again."""
    intake = state.intake
    return (
        state.last_question_id is None
        and not state.free_information
        and not intake.done
        and bool(intake.asked)
        and classify.normalise(state.message) in REVISIT_WORDS
    )


def second_pass(intake: IntakeState, data: PRDData) -> IntakeState:
    """Reopen the questions whose part is still missing: skipped ones and ones asked to the limit,
    unless the gate they serve passes already."""
    reopened = {
        q.id
        for q in questions.QUESTIONS
        if q.phase != "review" and not q.skip_when(data) and (q.gate is None or gate_failing(q.gate, data))
    }
    asked = {qid: n for qid, n in intake.asked.items() if qid not in reopened}
    return intake.model_copy(update={"skipped": [], "asked": asked})


def route_after_classify(state: TurnState) -> str:
    """A correction this runtime can read is applied as such; other messages are read for data."""
    if state.intent == "edit" and edits.parse(state.message) is not None:
        return "edit"
    return "extract" if state.intent in EXTRACTING else "assess"


def edit_node(state: TurnState) -> dict[str, Any]:
    """Apply the correction to the data itself: merge only adds, so removals cannot go through it."""
    edit = edits.parse(state.message)
    if edit is None:
        return {}
    result = edits.apply(state.data, edit)
    return {"data": result.data, "edit": edit, "edit_note": edits.summary(result, edit)}


def _first_message(state: TurnState) -> bool:
    """The conversation's opening message, read as a whole description when it reads like one
    (several sentences or structured lines); a greeting or a one-liner is an answer."""
    return (
        state.last_question_id is None
        and not state.intake.asked
        and state.data == PRDData()
        and labels.reads_like_document(state.message)
    )


def extract_node(state: TurnState) -> dict[str, Any]:
    """Read only the latest exchange: current data, the question it answers, the answer."""
    if state.engine == "llm":
        delta, usage = _extract_llm(state)
        return {
            "delta": delta,
            "prompt_tokens": state.prompt_tokens + usage.prompt_tokens,
            "completion_tokens": state.completion_tokens + usage.completion_tokens,
            "llm_calls": state.llm_calls + 1,
        }
    if state.mode == "document" or _first_message(state):
        delta = offline.extract_document(data=state.data, text=state.message, message_id=state.message_id)
    else:
        delta = _read_parts(state)
    return {"delta": delta}


def _read_parts(state: TurnState) -> PRDData:
    """Each labelled part read as the answer to the question its label names, the rest as the
    answer to the question pending; the label itself is never data."""
    context, delta = state.data, PRDData()
    found_any: list[PRDData] = []
    for part in labels.parts(state.message):
        found = offline.extract_offline(
            data=context,
            question_id=part.question_id or state.last_question_id,
            answer=part.text,
            message_id=state.message_id,
        )
        found_any.append(found)
        context = merge.merge(context, found)
    if len(found_any) == 1:
        return found_any[0]
    for found in found_any:
        delta = merge.merge(delta, found)
    return delta


def _extract_llm(state: TurnState) -> tuple[PRDData, llm.Usage]:
    if state.mode == "document" or _first_message(state):
        return llm.extract_document(data=state.data, text=state.message, message_id=state.message_id)
    question = find_question(state.last_question_id)  # None after the last question: free information
    return llm.extract_answer(
        data=state.data,
        question=question.text if question is not None else None,
        answer=state.message,
        message_id=state.message_id,
    )


def find_question(question_id: str | None) -> questions.Question | None:
    """The bank question with this id; None for none or an id the bank no longer has."""
    try:
        return questions.get_question(question_id) if question_id else None
    except KeyError:
        return None


# The completeness gap each question target fills (core/completeness.py keys).
GAP_TARGETS = {
    "actors": ("actors",),
    "use_cases": ("use_cases",),
    "boundaries": ("system_boundaries", "boundaries", "scope", "external"),
    "entities": ("data_entities", "entities"),
    "problem_goals": ("problem_statement", "goals", "problem"),
    "constraints": ("constraints",),
    "nfrs": ("nfrs",),
}


def question_for_gap(
    gap_key: str, data: PRDData | None = None, intake: IntakeState | None = None
) -> questions.Question | None:
    """The bank question that fills a completeness gap, preferring one still open."""
    targets = GAP_TARGETS.get(gap_key, ())
    candidates = [q for q in questions.QUESTIONS if q.target.split(".")[0] in targets]
    if data is not None and intake is not None:
        candidates = [q for q in candidates if questions.is_open(q, data, intake)] or candidates
    return candidates[0] if candidates else None


def replaces_problem(state: TurnState) -> bool:
    """The message answers the question asking for the problem statement (pending, or named by a
    label such as "Problem: …"): its answer replaces it."""
    parts = labels.parts(state.message) if state.mode == "answer" else []
    if any(p.question_id == "problem" for p in parts):
        return True
    question = find_question(state.last_question_id)
    return question is not None and question.target == "problem_statement" and any(not p.question_id for p in parts)


def merge_node(state: TurnState) -> dict[str, Any]:
    """Fold the delta into the data: dedupe by name, ids stable, nothing dropped; what it kept
    against the message (a hand edit, the problem statement) is noted for the reply."""
    if state.delta is None:
        return {}
    merged = merge.merge_noted(state.data, state.delta, replace_problem=replaces_problem(state))
    return {"data": merged.data, "changes": merged.changes, "merge_notes": merged.notes}


def assess_node(state: TurnState) -> dict[str, Any]:
    """Completeness and gaps, deterministic, from the merged data."""
    result = score(state.data)
    return {"completeness": result.score, "gaps": [g.label for g in result.gaps]}


def ask_node(state: TurnState) -> dict[str, Any]:
    """Pick the highest-priority open question (never stalling) and say it; a clarifying
    question or a correction keeps the pending question instead of moving on."""
    intake = _answered(state)
    if state.intent == "generate" and not intake.done:
        return _wrap_up(state, intake)
    pending = _pending_question(state)
    if pending is not None:
        return {
            "intake": intake,
            "question_id": pending.id,
            "question_text": pending.text,
            "reply": offline_reply(state, _explained(state, pending)),
        }
    question = questions.next_question(state.data, intake)
    if question is None:
        intake = intake.model_copy(
            update={"phase": questions.current_phase(state.data, intake), "last_question_id": None}
        )
    else:
        intake = questions.mark_asked(intake, question.id)
    out: dict[str, Any] = {
        "intake": intake,
        "question_id": question.id if question else None,
        "question_text": question.text if question else "",
    }
    if _phrase_with_model(state) and question is not None:
        text, usage = llm.phrase_question(question=question.text, answer=state.message, gaps=state.gaps)
        out.update(
            reply=with_notes(text, state),
            prompt_tokens=state.prompt_tokens + usage.prompt_tokens,
            completion_tokens=state.completion_tokens + usage.completion_tokens,
            llm_calls=state.llm_calls + 1,
        )
    else:
        out["reply"] = offline_reply(state, question.text if question else None)
    return out


def _answered(state: TurnState) -> IntakeState:
    """The interview after this message: a skipped question skipped; one answered now (pending, or
    named by a label) or said to be answered earlier is closed, so it is not asked again."""
    intake = state.intake
    if state.intent == "skip" and state.last_question_id:
        intake = questions.mark_skipped(intake, state.last_question_id)
    if state.intent == "revisit":
        intake = second_pass(intake, state.data)
    if state.intent == "answered" and state.last_question_id:
        intake = questions.close(intake, state.last_question_id)
    if state.intent == "provide_info" and state.delta is not None and state.mode == "answer":
        parts = labels.parts(state.message)
        for qid in {p.question_id for p in parts if p.question_id}:
            intake = questions.close(intake, qid)
        pending = find_question(state.last_question_id)
        if pending is not None and any(not p.question_id for p in parts) and answers_question(pending, state.delta):
            intake = questions.close(intake, pending.id)
    return intake


def answers_question(question: questions.Question, delta: PRDData) -> bool:
    """The answer gave what the question asks for, so asking it again would ask for what is there.
    The actor and use-case count questions stay open: they ask for more until there are enough."""
    b, c = delta.system_boundaries, delta.constraints
    filled = {
        "problem_statement": bool(delta.problem_statement.text),
        "actors.permissions": any(a.permissions for a in delta.actors),
        "system_boundaries.external": bool(b.external) or any(a.kind == "external_system" for a in delta.actors),
        "use_cases.interactions": bool(delta.use_cases),
        "use_cases.triggers": any(u.trigger for u in delta.use_cases),
        "use_cases.steps": any(len(u.steps) >= 2 for u in delta.use_cases),
        "system_boundaries.in_scope": bool(b.in_scope),
        "system_boundaries.out_of_scope": bool(b.out_of_scope),
        "system_boundaries.internal": bool(b.internal),
        "data_entities": bool(delta.data_entities),
        "data_entities.attributes": any(e.attributes for e in delta.data_entities),
        "data_entities.relationships": any(e.relationships for e in delta.data_entities),
        "constraints.business": bool(c.business),
        "constraints.technical": bool(c.technical),
        "goals": any(g.metric and g.target for g in delta.goals),
        "nfrs.performance": bool(delta.nfrs),
        "nfrs.availability": bool(delta.nfrs),
    }
    return filled.get(question.target, False)


def _wrap_up(state: TurnState, intake: IntakeState) -> dict[str, Any]:
    """The answer to "generate": where the requirements stand (done, still weak), and no question."""
    phase = questions.current_phase(state.data, intake)
    intake = intake.model_copy(update={"last_question_id": None, "phase": phase})
    return {"intake": intake, "question_id": None, "question_text": "", "reply": offline_reply(state, None)}


def _pending_question(state: TurnState) -> questions.Question | None:
    """The question still waiting for its answer after a clarifying question or a correction."""
    if state.intake.done or (state.intent != "question" and state.edit is None):
        return None
    return find_question(state.last_question_id)


def _explained(state: TurnState, question: questions.Question) -> str:
    """The pending question again; after a clarifying question, first why it is asked and an example answer."""
    if state.intent != "question":
        return question.text
    return prompts.QUESTION_EXPLAINED.format(explain=question.explain, example=question.example, text=question.text)


def _phrase_with_model(state: TurnState) -> bool:
    """Only answers are phrased by the model; stop words, help, edits and documents get fixed text."""
    return (
        state.engine == "llm"
        and state.mode == "answer"
        and not state.fast_path
        and state.intent in EXTRACTING
        and state.edit is None
        and not state.intake.done
    )


builder = StateGraph(TurnState)
builder.add_node("classify", classify_node)
builder.add_node("extract", extract_node)
builder.add_node("edit", edit_node)
builder.add_node("merge", merge_node)
builder.add_node("assess", assess_node)
builder.add_node("ask", ask_node)
builder.add_edge(START, "classify")
builder.add_conditional_edges("classify", route_after_classify, ["edit", "extract", "assess"])
builder.add_edge("edit", "assess")
builder.add_edge("extract", "merge")
builder.add_edge("merge", "assess")
builder.add_edge("assess", "ask")
builder.add_edge("ask", END)

graph = builder.compile()
"""The compiled graph without a checkpointer: the database is the state between turns."""
