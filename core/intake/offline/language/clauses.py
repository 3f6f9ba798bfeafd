"""Who does what: 'Drivers scan parcels', 'Managers must approve orders', user stories."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from core.intake.offline.language.lexicon import ORG_PLACES
from core.intake.offline.language.phrases import verb_phrases
from core.intake.offline.language.text import (
    clean,
    is_plural,
    is_system_subject,
    looks_like_person,
    sentence_case,
    split_list,
    strip_determiners,
    verb_form,
    words,
)

_MODALS = (
    ("would like to", "could"),
    ("wants to", "should"),
    ("want to", "should"),
    ("needs to", "must"),
    ("need to", "must"),
    ("has to", "must"),
    ("have to", "must"),
    ("is able to", "should"),
    ("are able to", "should"),
    ("gets to", "should"),
    ("get to", "should"),
    ("must", "must"),
    ("shall", "must"),
    ("should", "should"),
    ("could", "could"),
    ("can", "should"),
    ("may", "could"),
    ("might", "could"),
    ("will", "should"),
)
_MODAL_RE = re.compile(
    r"^(?P<subj>.+?)\s+(?P<modal>" + "|".join(re.escape(m) for m, _ in _MODALS) + r")\s+"
    r"(?:(?:also|only|easily|quickly|then|now|be able to|be allowed to)\s+)*(?P<rest>.+)$",
    re.IGNORECASE,
)
_NEGATIVE = re.compile(
    r"\b(?:cannot|can't|can not|must not|mustn't|should not|shouldn't|won't|will not|may not|"
    r"don't|doesn't|do not|does not|never|no longer)\b",
    re.IGNORECASE,
)
_LETS_RE = re.compile(r"\b(?:lets?|allows?|enables?|helps?|permits?)\s+(?P<tail>.+)$", re.IGNORECASE)
_LEAD_TRIGGER = re.compile(
    r"^(?P<t>(?:when|whenever|once|after|as soon as|if|every|each|at the end of|at the start of|"
    r"before)\b[^,]{3,120}),\s*(?P<rest>.+)$",
    re.IGNORECASE,
)
_CONNECTOR = re.compile(r"^(?:and|then|also|so|but|plus|finally|next|additionally|or)\s+", re.IGNORECASE)
_AUXILIARY = frozenset(
    [
        "can",
        "could",
        "should",
        "would",
        "will",
        "do",
        "does",
        "did",
        "is",
        "are",
        "may",
        "might",
        "must",
        "shall",
        "what",
        "how",
        "why",
        "who",
        "which",
        "when",
        "where",
        "if",
    ]
)


@dataclass
class Action:
    """A subject (people, or the product itself) doing one or more things."""

    subjects: list[str]
    rest: str
    priority: str | None = None
    trigger: str = ""
    by_system: bool = False
    guessed: bool = False  # the verb is not in the lexicon: read from its place after a plural subject
    mention: bool = False  # people who use, need or want something: actors even when nothing is done
    phrases: list[tuple[str, str, str]] = field(default_factory=list)  # (name, trigger, outcome)


def _people(subject: str, known: set[str]) -> list[str] | None:
    subject = re.sub(
        r"^(?:(?:only|also|both|all|even|then|and)\s+)+|(?:\s+(?:only|also|just|then|now|both|all|too))+$",
        "",
        clean(subject),
        flags=re.I,
    )
    if (
        subject.split()[:1]
        and subject.split()[0].lower() in _AUXILIARY
        or re.search(r"\b(?:where|whose)\b", subject, re.I)
    ):
        return None
    parts = [_staff(_head(p)) for p in split_list(_EXAMPLES.sub("", subject))]
    if parts and all(looks_like_person(p, known) for p in parts):
        return parts
    return None


_EXAMPLES = re.compile(r",?\s+(?:such as|like|including|e\.g\.?|for example|for instance)\s+.*$", re.I)
_HEAD_END = re.compile(r"\s+(?:in|at|on|from|with|across|inside|within|for|of)\s+.*$", re.I)


def _head(part: str) -> str:
    """'people in the pharmacy' -> 'people', 'parents of the students' -> 'parents'; 'head of sales' stays."""
    cut = _HEAD_END.sub("", part)
    if cut != part and " of " in part[len(cut) : len(cut) + 4] and not is_plural((words(cut) or [""])[-1]):
        return part
    return cut


def _staff(part: str) -> str:
    """'the warehouse' acting is its staff: 'warehouse staff'."""
    place = strip_determiners(part).lower()
    named = place != part.lower().strip()
    return f"{place} staff" if named and place.replace(" ", "-") in ORG_PLACES else part


def _with_trigger(sentence: str) -> tuple[str, str]:
    m = _LEAD_TRIGGER.match(sentence)
    if not m:
        return sentence, ""
    trigger = re.sub(r"^(?:when|whenever|once|as soon as|if)\s+", "", m.group("t"), flags=re.I)
    return m.group("rest"), sentence_case(trigger)


def parse_action(sentence: str, known: set[str]) -> Action | None:
    """Read 'X can/must Y', 'lets X Y', 'Y is done by X' or 'X does Y'; None when no person or product acts.
    A clause is read as written first, then without what stands between its subject and its verb."""
    sentence, trigger = _with_trigger(_CONNECTOR.sub("", clean(sentence)))
    if len(sentence) > 600:
        return None
    for reading in dict.fromkeys([sentence, *_simpler(sentence, known)]):
        action = _read(reading, known)
        if action:
            action.trigger = action.trigger or trigger
            return action
    return None


def _read(sentence: str, known: set[str]) -> Action | None:
    head = re.split(
        r"\b(?:if|unless|because|since|when|whenever|so that|even if)\b", sentence.split(",")[0], flags=re.I
    )[0]
    if _NEGATIVE.search(head):
        return None
    action = (
        _used_by(sentence, known)
        or _passive(sentence, known)
        or _modal(sentence, known)
        or _lets(sentence, known)
        or _plain(sentence, known)
    )
    if not action or not action.rest:
        return None
    modal = action.priority is not None or action.guessed
    action.phrases = verb_phrases(action.rest, modal=modal, people=bool(action.subjects))
    first = action.rest.split()[0].lower()
    action.mention = bool(action.subjects) and (verb_form(first) or (first,))[0] in _HAVING
    return action if action.phrases or action.mention else None


_HAVING = frozenset(["use", "uses", "need", "needs", "want", "wants", "have", "has", "work", "works"])
_SETTING = re.compile(
    r"^(?:(?:in|on|at|during|after|before|for|from|within|across|throughout|outside|inside|besides|apart from|"
    r"internally|technically|today|currently|meanwhile|later|finally|typically|usually|normally|generally|"
    r"right now|at the moment|for now|day to day|in practice)\b[^,]{0,60},\s*)",
    re.I,
)
_BARE_SETTING = re.compile(
    r"^(?:during|in|on|at|after|before|throughout)\s+(?:the\s+|a\s+|an\s+|each\s+|every\s+)?\w+\s+", re.I
)
_APPOSITIVE = re.compile(r"^(?P<s>[^,]{2,60}?),\s+(?P<aside>[^,]{2,80}),\s*(?P<rest>.+)$")
_RESTRICTIVE = re.compile(
    r"^(?P<s>\S+(?:\s+\S+){0,3}?)\s+(?:who|that)\s+\S+(?:\s+\S+){0,7}?\s+"
    r"(?P<rest>(?:can|could|must|should|will|may|might|needs? to|wants? to|would like to)\s+.+)$",
    re.I,
)


def _simpler(sentence: str, known: set[str]) -> list[str]:
    """The clause without a leading setting ('On the day, ...'), an aside after its subject ('Walkers,
    who are mostly students, accept ...') or a relative clause before its modal ('A courier who ... can')."""
    sentence = re.sub(r"\s*\([^)]*\)", "", sentence)
    out = [sentence]
    for pattern in (_SETTING, _BARE_SETTING):
        stripped = pattern.sub("", sentence, count=1)
        if stripped != sentence and stripped:
            out.append(stripped)
    for candidate in list(out):
        m = _APPOSITIVE.match(candidate)
        if m and _people(m.group("s"), known) and _starts_predicate(m.group("rest")):
            out.append(f"{m.group('s')} {m.group('rest')}")
        m = _RESTRICTIVE.match(candidate)
        if m and _people(m.group("s"), known):
            out.append(f"{m.group('s')} {m.group('rest')}")
    return out[1:]


def _starts_predicate(text: str) -> bool:
    first = (text.split() or [""])[0].lower()
    form = verb_form(first)
    auxiliary = first in {m for m, _ in _MODALS} | {"is", "are", "has", "have", "gets", "get"}
    return bool(form and form[1] in ("base", "third")) or auxiliary or first in _HAVING


_USED_BY = re.compile(
    r"\b(?:is|are|will be|would be|gets?|can be|should be|must be)\s+(?:\w+ly\s+|also\s+)?used\s+by\s+"
    r"(?P<who>.+?)\s+(?:for|to)\s+(?P<what>.+)$",
    re.I,
)


def _used_by(sentence: str, known: set[str]) -> Action | None:
    """'The app will be used by couriers for picking up parcels' -> couriers pick up parcels."""
    m = _USED_BY.search(sentence)
    people = _people(m.group("who"), known) if m else None
    return Action(people, m.group("what")) if people else None


_PASSIVE = re.compile(
    r"^(?P<obj>.+?)\s+(?:is|are|was|were|gets?|got|being|(?:will|must|should|can|could|may|might|shall|would)\s+be|"
    r"(?:has|have|needs?|ought)\s+to\s+be)\s+(?:(?:also|then|only|usually|always|first|normally|typically|now)\s+)*"
    r"(?P<verb>[a-z]+)\s+(?P<mid>(?:(?!\bby\b).){0,80}?)\bby\s+(?P<agent>.+)$",
    re.I,
)
_AGENT_END = re.compile(
    r"(?:,|\s+(?:at|in|on|from|for|with|during|before|after|when|whenever|once|every|each|who|which|if|so|using|"
    r"via|through|within|as|because|rather|instead|then)\b).*$",
    re.I,
)
_PASSIVE_MODALS = (("must", "must"), ("has to", "must"), ("have to", "must"), ("need", "must"), ("should", "should"))


def _passive(sentence: str, known: set[str]) -> Action | None:
    """'Orders above £500 are approved by shift leads' -> shift leads approve orders above £500."""
    m = _PASSIVE.match(sentence)
    form = verb_form(m.group("verb")) if m else None
    if not m or not form or form[1] != "past":
        return None
    people = _people(_AGENT_END.sub("", m.group("agent")), known)
    if not people:
        return None
    obj = re.sub(r"\s+(?:then|also|usually|all|now|first)$", "", m.group("obj"), flags=re.I).split()
    if obj and not (len(obj[0]) > 1 and obj[0].isupper()):
        obj[0] = obj[0].lower()
    rest = " ".join([form[0], *obj, *m.group("mid").split()])
    aux = sentence[len(m.group("obj")) : m.start("verb")].lower()
    priority = next((p for word, p in _PASSIVE_MODALS if word in aux), None)
    return Action(people, rest, priority)


_NEGATED_SUBJECT = re.compile(
    r"^(?P<s>[^,]{2,50}?)\s+(?:do not|don't|does not|doesn't|cannot|can't|can not|will not|won't|never|"
    r"should not|shouldn't|must not|mustn't|no longer)\s+\w",
    re.I,
)


def negated_subjects(sentence: str, known: set[str]) -> list[str]:
    """The people a negated clause is about ('Recipients do not need an account' -> Recipients)."""
    m = _NEGATED_SUBJECT.match(clean(sentence))
    return (_people(m.group("s"), known) or []) if m else []


def parse_actions(sentence: str, known: set[str]) -> list[Action]:
    """Every action of a sentence: 'drivers scan parcels and dispatchers plan routes' gives two."""
    actions = []
    for part in _relatives(clean(sentence), known):
        for clause in split_clauses(part, known):
            action = parse_action(clause, known)
            if action:
                actions.append(action)
    return actions


_WHERE = re.compile(r"\s+(?:where|in which|through which|with which)\s+", re.I)
_RELATIVE = re.compile(r"^(?P<main>.+?),\s+(?P<pronoun>who|which)\s+(?P<rel>.+)$", re.I)
_STOPS = frozenset(["the", "a", "an", "by", "to", "for", "of", "with", "from", "and", "or", "in", "on", "at", "their"])


def _relatives(sentence: str, known: set[str]) -> list[str]:
    """'... approved by the biobank manager, who also audits freezers' -> the manager audits freezers too;
    '... open new roles, which have to be approved by the director' -> new roles have to be approved."""
    where = _WHERE.search(sentence)
    if where and len(sentence[: where.start()].split()) >= 4 and _plain(sentence[where.end() :], known):
        return [sentence[: where.start()], sentence[where.end() :]]
    m = _RELATIVE.match(sentence)
    if not m or _APPOSITIVE.match(sentence) and _starts_predicate(_APPOSITIVE.match(sentence).group("rest")):
        return [sentence]
    if not _starts_predicate(re.sub(r"^(?:then|also|usually|often|always|only)\s+", "", m.group("rel"), flags=re.I)):
        return [sentence]
    tokens = m.group("main").split()
    np: list[str] = []
    for token in reversed(tokens[-3:]):
        low = token.lower()
        if low in _STOPS or low in _AUXILIARY or np and verb_form(low) or len(np) == len(tokens) - 1:
            break
        np.insert(0, token)
    person = bool(np) and looks_like_person(" ".join(np), known)
    if not np or person != (m.group("pronoun").lower() == "who"):
        return [sentence]
    return [m.group("main"), f"{' '.join(np)} {m.group('rel')}"]


def split_clauses(sentence: str, known: set[str]) -> list[str]:
    """Split where a new person starts doing something, only after a clause that already acts."""
    parts = re.split(
        r"(,(?!\d{3})\s*(?:and|but|while|whereas)?\s*|\s+(?:and|but|while|whereas)\s+|;\s*)", clean(sentence)
    )
    out = [parts[0]]
    for sep, chunk in zip(parts[1::2], parts[2::2], strict=True):
        chunk = _they(chunk, out[-1], known)
        new = _modal(chunk, known) or _plain(chunk, known)
        before = parse_action(out[-1], known)
        if new and new.subjects and before and not _same_verb_form(before.rest, chunk):
            out.append(chunk)
        else:
            out[-1] += sep + chunk
    return out


def _same_verb_form(rest: str, chunk: str) -> bool:
    """'check prescriptions, ... and counsel patients': 'counsel' goes on the list of verbs, it names nobody."""
    first, other = verb_form((rest.split() or [""])[0]), verb_form((chunk.split() or [""])[0])
    return bool(first and other and first[1] == other[1])


_THEY = re.compile(r"^(?:(?:and|so|then|but|also)\s+)*(?:they|he|she)\b(?=\s+\w)", re.I)


def _they(chunk: str, before: str, known: set[str]) -> str:
    """'..., and they need to see free tables' -> the people of the clause before need to see them."""
    if not _THEY.match(chunk):
        return chunk
    action = parse_action(before, known)
    if not action or not action.subjects:
        return chunk
    return _THEY.sub(" and ".join(action.subjects), chunk, count=1)


def _modal(sentence: str, known: set[str]) -> Action | None:
    m = _MODAL_RE.match(sentence)
    if not m or m.group("rest").lower().startswith(("be ", "not ", "have ", "has ")):
        return None
    priority = dict(_MODALS)[m.group("modal").lower()]
    people = _people(m.group("subj"), known)
    if people:
        return Action(people, m.group("rest"), priority)
    if is_system_subject(m.group("subj")):
        return Action([], m.group("rest"), priority, by_system=True)
    return None


def _lets(sentence: str, known: set[str]) -> Action | None:
    m = _LETS_RE.search(sentence)
    if not m:
        return None
    tokens = m.group("tail").split()
    for i in range(1, min(len(tokens), 7)):
        token = tokens[i].lower()
        if token == "to" and i + 1 < len(tokens):
            people = _people(" ".join(tokens[:i]), known)
            return Action(people, " ".join(tokens[i + 1 :])) if people else None
        form = verb_form(token.strip(",."))
        if form and form[1] == "base":
            people = _people(" ".join(tokens[:i]), known)
            return Action(people, " ".join(tokens[i:])) if people else None
    return None


def _plain(sentence: str, known: set[str]) -> Action | None:
    head, sep, tail = sentence.partition(":")
    if sep and len(head) < 40 and tail.strip():
        people = _people(head, known)
        if people:
            return Action(people, re.sub(r"^(?:they|he|she|who)\s+", "", tail.strip(), flags=re.I))
        sentence = tail.strip()
    tokens = sentence.split()
    for i in range(1, min(len(tokens) - 1, 8) + 1):
        token = tokens[i].strip(",.;:").lower()
        form = verb_form(token)
        subject = " ".join(tokens[:i])
        if token in _HAVING and token not in ("has", "have") and _people(subject, known):
            return Action(_people(subject, known), " ".join(tokens[i:]))
        if form and (subject.lower().endswith((" and", " or", ",")) or _subject_goes_on(tokens, i)):
            continue
        if form and form[1] in ("base", "third"):
            people = _people(subject, known)
            if people:
                rest = " ".join(tokens[i:])
                return Action(
                    people, re.sub(r"^(\w+)\s+(?:it|the \w+|this \w+)\s+to\s+", "", rest) if form[0] == "use" else rest
                )
            ours = subject.lower() in {"we", "you", "i"}
            if is_system_subject(subject) and (form[1] == "third" or ours) and not (ours and form[0] in _BUSINESS):
                return Action([], " ".join(tokens[i:]), by_system=True)
            return None
    return _guessed(tokens, known)


# What a company says it does ('We start in Manchester', 'We make money by ...'): not product actions.
_BUSINESS = frozenset(["start", "launch", "make", "grow", "sit", "begin", "break"])

_NOT_VERBS = frozenset(
    [
        "who",
        "whom",
        "whose",
        "that",
        "which",
        "what",
        "are",
        "were",
        "was",
        "have",
        "had",
        "has",
        "do",
        "does",
        "did",
        "don't",
        "doesn't",
        "didn't",
        "will",
        "would",
        "can",
        "could",
        "should",
        "must",
        "may",
        "might",
        "shall",
        "also",
        "only",
        "often",
        "usually",
        "always",
        "never",
        "sometimes",
        "then",
        "now",
        "still",
        "just",
        "even",
        "already",
        "need",
        "want",
        "like",
        "love",
        "hate",
        "lose",
        "spend",
        "waste",
        "struggle",
        "complain",
        "wait",
        "say",
        "said",
        "think",
        "feel",
        "know",
        "go",
        "come",
        "see",
        "get",
        "make",
        "on",
        "in",
        "at",
        "of",
        "for",
        "with",
        "from",
        "to",
        "into",
        "onto",
        "by",
        "and",
        "or",
        "but",
        "nor",
        "per",
        "each",
        "every",
        "all",
        "both",
        "any",
        "some",
        "no",
        "not",
        "the",
        "a",
        "an",
        "their",
        "our",
        "my",
        "your",
        "his",
        "her",
        "its",
        "this",
        "these",
        "those",
        "there",
        "here",
        "very",
        "too",
        "so",
        "as",
        "than",
        "if",
        "when",
        "while",
        "because",
        "such",
        "including",
        "about",
        "after",
        "before",
        "over",
        "under",
        "around",
        "through",
        "across",
        "against",
        "without",
        "within",
        "during",
        "towards",
        "via",
        "who",
        "where",
    ]
)


def _guessed(tokens: list[str], known: set[str]) -> Action | None:
    """'Quality engineers investigate defects': a word outside the lexicon, right after a plural
    person subject and before an object, is read as what they do."""
    for i in range(1, min(len(tokens) - 2, 4) + 1):
        subject, word = " ".join(tokens[:i]), tokens[i].strip(",.;:")
        head = words(subject)[-1] if words(subject) else ""
        if not is_plural(head) or not _people(subject, known):
            continue
        low = word.lower()
        if (
            not re.fullmatch(r"[a-z][a-z-]{2,}", word)
            or low in _NOT_VERBS
            or low.endswith("ly")
            or looks_like_person(low)
            or low.endswith("s")
            and not low.endswith(("ss", "us"))
            or verb_form(low)
        ):
            return None
        return Action(_people(subject, known), " ".join(tokens[i:]), guessed=True)
    return None


_ADVERBS = frozenset(["also", "only", "usually", "then", "now", "often", "always", "just", "mostly", "sometimes"])


def _subject_goes_on(tokens: list[str], i: int) -> bool:
    """'Support agents answer tickets': 'support' is part of the subject, not its verb."""
    before = tokens[i - 1].lower()
    if is_plural(before) and looks_like_person(before):
        return False
    for k in (1, 2):
        head = tokens[i : i + k]
        later = [t.strip(",.;:").lower() for t in tokens[i + k :] if t.lower() not in _ADVERBS]
        after = later[0] if later else ""
        if (
            len(head) == k
            and len(head[-1]) > 3
            and not re.search(r"[,.;:]", head[-1])
            and looks_like_person(" ".join(head))
            and (not after or verb_form(after))
        ):
            return True
    return False
