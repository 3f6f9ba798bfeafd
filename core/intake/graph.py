"""The intake graph (DESIGN §5): classify → extract → merge → assess → ask → END.
`builder` is exported uncompiled so tests attach their own checkpointer; production
rebuilds the state from the database each turn and needs none."""

from __future__ import annotations

import re
from enum import Enum
from typing import Any

from langgraph.graph import END, START, StateGraph

from core.completeness import assess as score
from core.markdown import escape_inline
from core.intake import classify, llm, merge, offline, prompts, questions
from core.intake.state import TurnState
from core.project_data import IntakeState, PRDData

READY_SCORE = 60  # completeness at which the intake may be closed and artifacts generated

STOP_WORDS = {
    "skip": "skip", "next": "skip", "pass": "skip", "skip this question": "skip",
    "i don't know": "skip", "dont know": "skip", "no idea": "skip", "n/a": "skip",
    "done": "generate", "generate": "generate", "finish": "generate", "generate artifacts": "generate",
}
EXTRACTING = {"provide_info", "edit"}
_PUNCT = re.compile(r"[^\w\s'/]")


def fast_intent(text: str) -> str | None:
    """The intent of a short stop word, or None when the message needs reading."""
    key = " ".join(_PUNCT.sub(" ", text.casefold().replace("’", "'")).split())
    return STOP_WORDS.get(key)


def classify_node(state: TurnState) -> dict[str, Any]:
    """Name the intent; stop words take the fast path (no extraction, no model call)."""
    if state.mode == "document":
        return {"intent": "provide_info", "fast_path": False}
    quick = fast_intent(state.message)
    if quick is not None:
        return {"intent": quick, "fast_path": True}
    intent = classify.classify(state.message, question_id=state.last_question_id)
    return {"intent": intent.name if isinstance(intent, Enum) else str(intent), "fast_path": False}


def route_after_classify(state: TurnState) -> str:
    return "extract" if state.intent in EXTRACTING else "assess"


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
    if state.mode == "document":
        delta = offline.extract_document(data=state.data, text=state.message, message_id=state.message_id)
    else:
        delta = offline.extract_offline(
            data=state.data, question_id=state.last_question_id,
            answer=state.message, message_id=state.message_id,
        )
    return {"delta": delta}


def _extract_llm(state: TurnState) -> tuple[PRDData, llm.Usage]:
    if state.mode == "document":
        return llm.extract_document(data=state.data, text=state.message, message_id=state.message_id)
    return llm.extract_answer(
        data=state.data, question=question_text(state.last_question_id),
        answer=state.message, message_id=state.message_id,
    )


def find_question(question_id: str | None) -> questions.Question | None:
    """The bank question with this id; None for none or an id the bank no longer has."""
    try:
        return questions.get_question(question_id) if question_id else None
    except KeyError:
        return None


def question_text(question_id: str | None) -> str:
    """The words of a bank question, or an opening prompt when none was asked yet."""
    question = find_question(question_id)
    return question.text if question is not None else "Describe the product and who it is for."


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


def merge_node(state: TurnState) -> dict[str, Any]:
    """Fold the delta into the data: dedupe by name, ids stable, nothing dropped."""
    if state.delta is None:
        return {}
    return {"data": merge.merge(state.data, state.delta)}


def assess_node(state: TurnState) -> dict[str, Any]:
    """Completeness and gaps, deterministic, from the merged data."""
    result = score(state.data)
    return {"completeness": result.score, "gaps": [g.label for g in result.gaps]}


def ask_node(state: TurnState) -> dict[str, Any]:
    """Pick the highest-priority open question (never stalling) and say it."""
    intake = state.intake
    if state.intent == "skip" and state.last_question_id:
        intake = questions.mark_skipped(intake, state.last_question_id)
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
            reply=text,
            prompt_tokens=state.prompt_tokens + usage.prompt_tokens,
            completion_tokens=state.completion_tokens + usage.completion_tokens,
            llm_calls=state.llm_calls + 1,
        )
    else:
        out["reply"] = offline_reply(state, question.text if question else None)
    return out


def _phrase_with_model(state: TurnState) -> bool:
    """Only answers are phrased by the model; stop words, help and documents get fixed text."""
    return state.engine == "llm" and state.mode == "answer" and not state.fast_path and state.intent in EXTRACTING


def offline_reply(state: TurnState, question: str | None) -> str:
    """The reply without a model: a short acknowledgement, then the next question."""
    lead = _lead(state)
    tail = question or prompts.ALL_COVERED.format(score=state.completeness)
    return f"{lead}\n\n{tail}" if lead else tail


def _lead(state: TurnState) -> str:
    if state.mode == "document":
        return prompts.DOCUMENT_DRAFTED.format(summary=summary(state.delta or PRDData()))
    if state.intent == "skip":
        return prompts.SKIPPED
    if state.intent == "question":
        return prompts.QUESTION_HELP
    if state.intent == "generate":
        if state.completeness >= READY_SCORE:
            return prompts.GENERATE_READY.format(score=state.completeness)
        gaps = "; ".join(state.gaps[:3]) or "nothing"
        return prompts.GENERATE_NOT_READY.format(score=state.completeness, needed=READY_SCORE, gaps=gaps)
    if state.intent in EXTRACTING:
        noted = captured(state.delta or PRDData())
        return prompts.ACK_OFFLINE.format(captured=noted) if noted else prompts.ACK_NOTHING_FOUND
    return ""


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
        ("business constraint", delta.constraints.business),
        ("technical constraint", delta.constraints.technical),
    ]
    parts = [f"{_label(kind, len(names))} {_listing(names, most)}" for kind, names in groups if names]
    if delta.problem_statement.text:
        parts.append("the problem statement")
    return "; ".join(parts)


def _label(kind: str, n: int) -> str:
    return kind if n == 1 or "scope" in kind else _plural(kind)


def _listing(names: list[str], most: int) -> str:
    shown = [f"“{escape_inline(_short(n))}”" for n in names[:most]]
    more = len(names) - len(shown)
    if more:
        return ", ".join(shown) + f" and {more} more"
    return shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " and " + shown[-1]


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def summary(delta: PRDData) -> str:
    """'2 actors, 5 use cases, 3 entities': what a message added, for the reply."""
    parts = [
        (len(delta.actors), "actor"), (len(delta.use_cases), "use case"),
        (len(delta.data_entities), "entity"), (len(delta.goals), "goal"), (len(delta.nfrs), "NFR"),
        (_count(delta.system_boundaries, "internal", "external", "in_scope", "out_of_scope"), "scope item"),
        (_count(delta.constraints, "business", "technical"), "constraint"),
        (1 if delta.problem_statement.text else 0, "problem statement"),
    ]
    words = [f"{n} {label if n == 1 else _plural(label)}" for n, label in parts if n]
    return ", ".join(words) or "nothing new"


def _count(part: object, *fields: str) -> int:
    return sum(len(getattr(part, f)) for f in fields)


def _plural(label: str) -> str:
    return label[:-1] + "ies" if label.endswith("y") else label + "s"


builder = StateGraph(TurnState)
builder.add_node("classify", classify_node)
builder.add_node("extract", extract_node)
builder.add_node("merge", merge_node)
builder.add_node("assess", assess_node)
builder.add_node("ask", ask_node)
builder.add_edge(START, "classify")
builder.add_conditional_edges("classify", route_after_classify, ["extract", "assess"])
builder.add_edge("extract", "merge")
builder.add_edge("merge", "assess")
builder.add_edge("assess", "ask")
builder.add_edge("ask", END)

graph = builder.compile()
"""The compiled graph without a checkpointer: the database is the state between turns."""
