"""A whole conversation replayed without a database: the project's vision opens the chat, then
each user message is one turn of the offline graph, with the data and the interview state
carried from turn to turn exactly as core/intake/turn.py stores and reloads them."""

from __future__ import annotations

from dataclasses import dataclass

from core.intake import engine
from core.intake.opening import open_chat
from core.intake.state import TurnState
from core.prd import PRDData, normalise_name
from core.validation.context import Context


def replay(vision: str, turns: list[str]) -> tuple[PRDData, list[str]]:
    """The data the conversation ends with, and the assistant's words: the opening message
    first, then one reply per user message (so `replies[i + 1]` answers `turns[i]`)."""
    opening = open_chat(vision, message_id=1)  # what the vision gives traces to the opening message
    data, intake = opening.data, opening.intake
    replies = [opening.reply]
    for number, message in enumerate(turns, start=2):
        state = TurnState(
            data=data,
            intake=intake,
            message=message,
            message_id=number,
            last_question_id=intake.last_question_id,
            engine="offline",
        )
        final = engine.run(state)
        data, intake = final.data, final.intake
        replies.append(final.reply)
    return data, replies


_STOP = frozenset({"a", "an", "the", "my", "their", "his", "her", "its", "our", "your", "of", "to", "for", "at", "in"})


def _words(name: str) -> set[str]:
    return {normalise_name(w) for w in normalise_name(name).split()} - _STOP


def same_item(expected: str, found: str) -> bool:
    """Two names for one item: equal once normalised, or one's words all within the other's
    ('Check in at the door' ~ 'Check in at the door with a photo')."""
    a, b = _words(expected), _words(found)
    return bool(a and b) and (a <= b or b <= a)


@dataclass(frozen=True)
class Figures:
    """How the extracted names of one kind compare with the expected ones."""

    expected: int
    extracted: int
    matched_expected: int  # expected names found among the extracted ones
    matched_extracted: int  # extracted names that match an expected one

    @property
    def recall(self) -> float:
        return self.matched_expected / self.expected if self.expected else 1.0

    @property
    def precision(self) -> float:
        return self.matched_extracted / self.extracted if self.extracted else 1.0


def extracted_names(data: PRDData) -> dict[str, list[str]]:
    """The names a scripted conversation's expectations are compared with, by kind."""
    return {
        "actors": [a.name for a in data.actors if a.kind == "human"],
        "use_cases": [u.name for u in data.use_cases],
        "entities": [e.name for e in data.data_entities],
        "externals": Context(data).externals,
    }


def compare(data: PRDData, expect: dict) -> dict[str, Figures]:
    """Per kind (actors, use cases, entities, externals): expected names found, extracted names right."""
    out: dict[str, Figures] = {}
    for kind, found in extracted_names(data).items():
        wanted = list(expect.get(kind, []))
        out[kind] = Figures(
            expected=len(wanted),
            extracted=len(found),
            matched_expected=sum(any(same_item(w, f) for f in found) for w in wanted),
            matched_extracted=sum(any(same_item(w, f) for w in wanted) for f in found),
        )
    return out


def measurable_goals(data: PRDData) -> int:
    """Goals with a metric and a target: what `goals_with_metric` is compared with."""
    return sum(1 for g in data.goals if g.metric and g.target)
