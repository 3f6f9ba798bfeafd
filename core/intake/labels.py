"""Labels people type are routing hints, never data: "Goal: 2,000 walks a month" answers the
goals question whatever was asked, "Technically: iOS only" is a technical constraint, and
"I already told you: …" or "Hi! I want to build …" only lead into the answer. A message is cut
into parts, each with the question its label names (None: the question pending) and its text
without the label."""

from __future__ import annotations

import re
from dataclasses import dataclass


def _table(rows: dict[str, str]) -> dict[str, str]:
    """`"goal | goals | kpi": "goals"` -> one entry per label."""
    return {label.strip(): qid for labels, qid in rows.items() for label in labels.split("|") if label.strip()}


# A label (lower case, single spaces) -> the bank question whose answer follows it.
LABELS = _table(
    {
        "goal | goals | success | success metric | success metrics | metric | metrics | kpi | kpis | target | "
        "targets | objective | objectives | success criteria | measure of success": "goals",
        "in scope | scope | mvp | v1 | first release | included | includes | in": "in_scope",
        "out of scope | not in scope | out | excluded | non goals | non-goals | not now | won't do | wont do | "
        "not included | later": "out_of_scope",
        "technically | technical | tech | technical constraint | technical constraints | tech constraints | "
        "technology | tech stack | stack | platform | platforms | hosting | infrastructure": "technical_constraints",
        "business | business constraint | business constraints | constraint | constraints | budget | deadline | "
        "timeline | legal | compliance | regulation | regulations": "business_constraints",
        "users | user | actors | roles | user types | kinds of users | personas | stakeholders | who": "primary_users",
        "other users | also involved | others": "other_users",
        "permissions | permission | access | access rights | rights": "permissions",
        "integrations | integration | external systems | external system | externals | external | third party | "
        "third-party | third parties | services | apis": "external_systems",
        "use cases | use case | features | feature | tasks | functions | functionality | what it does | "
        "requirements": "main_use_cases",
        "entities | entity | data | data model | objects | records | things we store": "entities",
        "attributes | fields | details": "entity_attributes",
        "relationships | relationship | relations": "relationships",
        "parts | components | architecture | internal | internal parts | apps": "internal_parts",
        "performance | speed | load | scale | scalability | capacity": "performance",
        "security | availability | uptime | privacy | reliability | nfrs | non-functional | "
        "non functional": "availability_security",
        "problem | vision | pain | the problem | background | why": "problem",
        "steps | flow | workflow": "use_case_steps",
        "triggers | trigger": "use_case_triggers",
    }
)
# Labels that are the subject of what follows, said in words: "Budget: 40k" is "The budget is 40k".
SUBJECT_LABELS = {
    "budget": "The budget is {rest}",
    "deadline": "The deadline is {rest}",
    "timeline": "The timeline is {rest}",
    "platform": "It runs on {rest}",
    "platforms": "It runs on {rest}",
    "hosting": "It is hosted on {rest}",
    "stack": "It is built with {rest}",
}
_CLAUSE = re.compile(r"^(?:it|we|they|our|the (?:app|system|product)|must|should|has to|have to|needs? to)\b", re.I)

# Lead-ins that only introduce the answer to the question pending.
_LEAD_IN = re.compile(
    r"^(?:(?:hi|hello|hey|hiya|good (?:morning|afternoon|evening))(?: there| all| team)?\s*[!.,:;-]*\s*|"
    r"(?:i(?:'ve)? (?:already|just) (?:told|said|mentioned|answered|gave)(?: (?:you|that|this|it))*(?: (?:earlier|"
    r"before|above))?|as i (?:said|mentioned|told you)(?: (?:before|earlier|above))?|like i said|again|"
    r"to repeat|answer|my answer|to answer your question|as mentioned)\s*[:,.;!-]+\s*)+",
    re.I,
)
_BUILD = re.compile(
    r"^(?:so\s+)?(?:i|we)(?:'d| would)? (?:want|like|need|plan|am planning|are planning|'m planning|'re planning)"
    r"(?: to)? (?:build|make|create|develop|launch|start)\s+(?:an?|the|our|my)\s+[\w -]{0,40}?"
    r"\b(?:app|application|platform|marketplace|site|website|service|product|tool|system)\b"
    r"\s*(?:where|that lets|that helps|so that|in which|for|to help|to let|that)\s+",
    re.I,
)
_LABELLED = re.compile(r"^\s*(?:[-*•]\s*)?(?P<label>[A-Za-z][A-Za-z' -]{0,30}?)\s*:\s*(?P<rest>.*)$", re.S)
# Says the question was answered before, with nothing new in it.
ANSWERED_BEFORE = re.compile(
    r"^(?:i(?:'ve| have)? (?:already )?(?:answered|told you|said|covered|mentioned|gave you)(?: (?:that|this|it|"
    r"you))*(?: (?:already|earlier|before|above))*|(?:i )?already (?:answered|told you|said|did|covered)(?: (?:that|"
    r"this|it))?(?: (?:earlier|before|above))?|(?:see|read) (?:above|my (?:earlier|previous|last) (?:answer|message))"
    r"|as i said(?: (?:before|earlier|above))?|(?:that's|that is|this is) (?:already )?(?:answered|covered)"
    r"(?: (?:above|earlier|before|already))?|asked and answered)[\s.!]*$",
    re.I,
)


@dataclass(frozen=True)
class Part:
    """One part of a message: the question its label names (None: the one pending) and its text."""

    question_id: str | None
    text: str


def _label_key(label: str) -> str:
    return " ".join(label.casefold().replace("\u2019", "'").split())


def lead_in(text: str) -> str:
    """The text without greetings, "I already told you:" and "I want to build an app where"."""
    stripped = _LEAD_IN.sub("", text.strip(), count=1).strip()
    built = _BUILD.sub("", stripped, count=1).strip()
    return built if built else stripped


def _subject(label: str, rest: str) -> str:
    """'Budget: 40k EUR' -> 'The budget is 40k EUR'; 'Platforms: it must run on Android' keeps its own words."""
    rest = rest.strip()
    if not rest or _CLAUSE.match(rest):
        return rest
    return SUBJECT_LABELS[label].format(rest=rest[:1].lower() + rest[1:] if not rest[:2].isupper() else rest)


def parts(text: str) -> list[Part]:
    """The message cut at its labelled lines; lines after a label line belong to that label."""
    out: list[Part] = []
    for line in lead_in(text).splitlines():
        m = _LABELLED.match(line)
        key = _label_key(m.group("label")) if m else ""
        if m and key in LABELS:
            rest = m.group("rest").strip()
            rest = _subject(key, rest) if key in SUBJECT_LABELS else lead_in(rest)
            out.append(Part(LABELS[key], rest))
        elif out:
            out[-1] = Part(out[-1].question_id, f"{out[-1].text}\n{line}".strip())
        else:
            out.append(Part(None, line))
    merged = [p for p in out if p.text.strip()]
    return merged or [Part(None, lead_in(text))]


def labelled(text: str) -> bool:
    """The message carries at least one label naming a question."""
    return any(p.question_id for p in parts(text))


def answered_before(text: str) -> bool:
    """'I answered that earlier', 'see above': the question was answered before, nothing new here."""
    return bool(ANSWERED_BEFORE.match(text.strip()))


_STRUCTURED_LINE = re.compile(r"^\s*(?:[-*•]\s|\d+[.)]\s|#{1,6}\s|[A-Za-z][\w /&'-]{1,40}:\s*$)")
_SENTENCE_END = re.compile(r"[.!?]+(?:\s+|$)")


def reads_like_document(text: str) -> bool:
    """Several sentences, or lines with structure (bullets, numbers, headings): a description to
    draft from. A greeting with one line about the product ("Hi! I want to build …") is not."""
    body = lead_in(text)
    lines = [line for line in body.splitlines() if line.strip()]
    if len(lines) >= 3 and any(_STRUCTURED_LINE.match(line) for line in lines):
        return True
    sentences = [s for s in _SENTENCE_END.split(body) if len(s.split()) >= 3]
    return len(sentences) >= 2 and len(body.split()) >= 12
