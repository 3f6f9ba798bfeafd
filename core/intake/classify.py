"""What a chat message is for: giving information, skipping, generating, asking or correcting."""

from __future__ import annotations

import re
from enum import StrEnum

from core.intake import labels
from core.intake.offline.language.hedges import non_answer


class Intent(StrEnum):
    provide_info = "provide_info"
    skip = "skip"
    generate = "generate"
    question = "question"
    edit = "edit"
    answered = "answered"  # "I answered that earlier": acknowledged, the question closed, the interview moves on


def _phrases(text: str) -> frozenset[str]:
    """A word list written as `a | b | c` across lines."""
    return frozenset(p.strip() for p in text.replace("\n", "|").split("|") if p.strip())


SKIP_WORDS = _phrases(
    """
    skip | next | pass | skip it | skip this | skip this one | skip this question | next question | pass on this
    don't know | i don't know | dont know | i dont know | do not know | not sure | i'm not sure | im not sure
    no idea | idk | dunno | n/a | na | none | no | nope | nothing | nobody | no one | not really | not yet
    nothing else | no more | that's all | thats all | not applicable | later | ask me later | move on | unsure
    no thanks | none for now | nothing for now | not now | no comment | no others | nobody else | none yet
    """
)
GENERATE_WORDS = _phrases(
    """
    done | generate | finish | finished | generate artifacts | generate the artifacts | generate diagrams
    generate the diagrams | i'm done | im done | we're done | were done | let's generate | lets generate
    all done | that's everything | thats everything | go ahead and generate | generate now | finish intake
    looks good generate | ready | i'm ready | im ready | create the artifacts | build the diagrams
    """
)

_INTERROGATIVE = re.compile(
    r"^(?:what|why|how|who|whom|which|when|where|can you|could you|would you|should i|do i|do you|does|is|are|"
    r"will|can i|may i|explain|help|what's|whats)\b",
    re.I,
)
_HELP = re.compile(
    r"^(?:help|explain|what do you mean|what does .{1,40} mean|i don't understand|i dont understand)\b", re.I
)
_EDIT = re.compile(
    r"^(?:please\s+)?(?:rename|change|remove|delete|drop|replace|correct|correction|fix|update|edit|undo)\b|"
    r"^(?:actually|sorry|oops|wait)\b[, ]|\binstead of\b|\bshould be called\b|\bnot\s+\w+,\s*but\b",
    re.I,
)
_PUNCT = re.compile(r"[^\w\s'/]")


def normalise(text: str) -> str:
    """Lower case, curly quotes straightened, punctuation dropped, single spaces."""
    text = text.casefold().replace("\u2019", "'").replace("\u2018", "'")
    return " ".join(_PUNCT.sub(" ", text).split())


def fast_path(text: str) -> Intent | None:
    """A short stop word's intent, decided without reading the message any further."""
    key = normalise(text)
    for prefix in ("ok ", "okay ", "please ", "just ", "let's ", "lets "):
        if key.startswith(prefix) and key[len(prefix) :] in SKIP_WORDS | GENERATE_WORDS:
            key = key[len(prefix) :]
    if key in SKIP_WORDS or re.fullmatch(r"(?:skip|next|pass)(?: (?:it|this|that|please|for now))*", key):
        return Intent.skip
    if key in GENERATE_WORDS:
        return Intent.generate
    return None


def _has_data(text: str, question_id: str | None) -> bool:
    from core.intake.offline import extract_offline
    from core.prd import PRDData

    return extract_offline(data=PRDData(), question_id=question_id, answer=text, message_id=None) != PRDData()


def classify(text: str, *, question_id: str | None = None) -> Intent:
    """The intent of a message; stop words and non-answers ('not decided yet') skip, a data-free '...?' is a question,
    'I answered that earlier' is answered. Given the question it answers, a tentative answer ('Drivers and
    dispatchers?') still counts; a labelled one ('Goal: …') is information whatever its form."""
    quick = fast_path(text)
    if quick is not None:
        return quick
    if labels.answered_before(text):
        return Intent.answered
    if labels.labelled(text):
        return Intent.provide_info  # a label names the question it answers: routed, never a question or edit
    stripped = labels.lead_in(text)  # "Hi!", "I already told you:" only lead into the answer
    if not stripped:
        return Intent.skip
    quick = fast_path(stripped)
    if quick is not None:
        return quick
    if non_answer(stripped):
        return Intent.skip
    if _HELP.match(stripped):
        return Intent.question
    if _EDIT.search(stripped) and len(stripped) < 300:
        return Intent.edit
    if stripped.endswith("?") and (_INTERROGATIVE.match(stripped) or not _has_data(stripped, question_id)):
        return Intent.question
    return Intent.provide_info
