"""Every text the assistant sends to the language model or says on its own, in one place."""

from __future__ import annotations

EXTRACT_SYSTEM = """\
You turn a product owner's answer into structured product requirements.
Read the answer in the context of the question it answers. Return ONLY items that the
answer adds or changes; leave every other list empty and every other field empty.
Names: actors singular in Title Case ("Line Worker"); use case names are verb phrases
("Place order"); entities singular nouns. A use case names its actor, a trigger and an
outcome when the answer gives them. NFRs carry a metric and a target when a number is
given. Never invent facts the answer does not state. Do not fill "source" or "id"."""

EXTRACT_USER = """\
What is known so far (names only):
{digest}

Question: {question}
Answer: {answer}"""

DOCUMENT_SYSTEM = """\
You draft structured product requirements from a requirements text or meeting notes.
Extract every actor (singular, Title Case), use case (verb phrase, with actor, trigger
and outcome when stated), system boundary, data entity with attributes and
relationships, problem statement, goal with metric and target, constraint and NFR the
text states. Never invent facts. Do not fill "source" or "id"."""

DOCUMENT_USER = """\
What is known so far (names only):
{digest}

Document:
{text}"""

PHRASE_SYSTEM = """\
You interview a product owner to complete a product requirements document. In one or
two short sentences: acknowledge their last answer in a few words, then ask the next
question you are given. Ask only that question. Plain text, no lists, no headings."""

PHRASE_USER = """\
Their last answer: {answer}
Still missing: {gaps}
Next question: {question}"""

ACK_OFFLINE = "Noted: {captured}."
ACK_NOTHING_FOUND = "I could not pick anything out of that; let's keep going."
SKIPPED = "Okay, let's leave that for now."
QUESTION_EXPLAINED = "{explain} For example: “{example}”\n\n{text}"
ANSWERED_BEFORE = "Right, you covered that already; I won't ask it again."
REVISITING = "Let's go back to the questions we left open."
ALL_COVERED = (
    "That covers every part of the interview (completeness {score}%). When you are "
    "ready, say **generate** or press **Generate diagrams and validate**; you can still add or correct "
    "anything here."
)
GATES_FAILING = (
    "Validation would still fail {count} of its hard gates: {gates}. Say **revisit** and I will ask "
    "about what they need, or fix them on the **Validation** page."
)
GATES_PASSING = "Every hard gate of the validation passes."
NOT_READY_END = (
    "That is every question I had, but the requirements are only {score}% complete; generating "
    "the artifacts needs {needed}%. The main gaps: {gaps}. Say **revisit** to go through the "
    "questions we skipped again, or pick a topic under **Still missing** in the sidebar."
)
INTAKE_CLOSED = (
    "The intake is closed and the project is in progress. I still note what you tell me here, "
    "and you can edit all the data on the **Project data** page."
)
WRAP_UP = "Here is where the requirements stand (completeness {score}%)."
WRAP_UP_DONE = "**Done:** {done}."
WRAP_UP_WEAK = "**Still weak:** {weak}."
WRAP_UP_READY = (
    "That is enough to generate: say **generate** or press **Generate diagrams and validate** in the sidebar "
    "to close the intake, draw every diagram and validate. You can still add or correct anything here first."
)
WRAP_UP_NOT_READY = (
    "Not ready to generate yet: generating needs {needed}%. The main gaps: {gaps}. Tell me about any of "
    "them, or say **revisit** and I will ask about what is missing."
)
DOCUMENT_DRAFTED = "I drafted the project data from the document: {summary}."
EDIT_DONE = "Done: {changes}."
EDIT_NOTE = "Note: {notes}."
EDIT_NOTHING = (
    "I found nothing called {target} to {verb}, so nothing changed. You can change any item "
    "on the **Project data** page."
)
EDIT_UNCHANGED = "Nothing changed: {notes}. You can change any item on the **Project data** page."
