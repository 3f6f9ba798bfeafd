"""A whole conversation replayed without a database: the project's vision opens the chat, then
each user message is one turn of the offline graph, with the data and the interview state
carried from turn to turn exactly as core/intake/turn.py stores and reloads them."""

from __future__ import annotations

from core.intake import engine
from core.intake.opening import open_chat
from core.intake.state import TurnState
from core.prd import PRDData


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
