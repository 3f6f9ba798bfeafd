"""The class model of a whole description: the things it keeps returning to and those it gives
properties become data entities; what it says links them ('is a kind of', 'consists of', 'linked to',
'teachers create courses') becomes relationships with a multiplicity and a UML type."""

from __future__ import annotations

import re
from collections import Counter

from core.intake.offline.language.lexicon import words as word_set
from core.intake.offline.language.nouns import NOT_THINGS, NOUNISH, Phrase, is_class_word, is_field_word, phrases, verbs
from core.intake.offline.language.nouns import _verb as _verb_of
from core.intake.offline.language.text import looks_like_person, sentences, singular, split_list
from core.intake.offline.rules.rulebook import Finding, Rule
from core.intake.offline.writer import Draft, attribute_name, write
from core.prd import normalise_name

WHOLE_TEXT_ORDER = 80  # after the backlog and section readers: it completes what they found

_MANY = re.compile(
    r"\b(?:many|multiple|several|one or more|a list of|lists of|collections? of|a set of|all|numerous|various)\s+$",
    re.I,
)


def _link_rule(
    rule_id: str,
    why: str,
    connector: str,
    link: str,
    kind: str,
    label: str,
    example: str,
    gives: str,
    counter: str,
    *,
    reverse: bool = False,
) -> Rule:
    """A rule reading 'X <connector> Y[, Z and W]' as links from the phrase before to the phrases after."""
    regex = re.compile(rf"(?<![\w-])(?:{connector})(?![\w-])", re.I)

    def match(sentence: str) -> list[Finding]:
        m = regex.search(sentence)
        if not m:
            return []
        before = [p for p in phrases(sentence[: m.start()]) if _thing(p)]
        after = _listed(sentence, m.end())
        if not before or not after:
            return []
        if re.search(r"\band\s+(?:is|are|can be|must be|should be)?\s*$", sentence[: m.start()]):
            before = _subject(sentence, before)
        if link == "generalization" and re.search(r"\b(?:both|and)\b", sentence[before[0].start : m.start()]):
            sources = [p for p in before if p.start >= before[0].start]
        else:
            sources = before[-1:]
        found = []
        for source in sources:
            for target in after:
                x, y = (target, source) if reverse else (source, target)
                fields = {"target": _name(y), "multiplicity": kind, "label": label, "type": link}
                found.append(Finding("relationship", _name(x), fields))
        return found

    return Rule(rule_id, why, example, gives, counter, match)


def _subject(sentence: str, before: list[Phrase]) -> list[Phrase]:
    """'Each reservation has an ID, ... and is linked to a table': the link belongs to the subject."""
    each = [p for p in before if re.search(r"\b(?:each|every)\s+$", sentence[: p.start])]
    return (each or before)[:1]


def _person(p: Phrase) -> bool:
    return _thing(p) and looks_like_person(" ".join(p.tokens))


def _thing(p: Phrase) -> bool:
    return p.head not in NOT_THINGS and not is_field_word(p.tokens[-1]) and len(p.head) > 1


# Words that are nearly always a property of something else, not a class of their own.
_PROPERTY_WORDS = word_set(
    "price timestamp size time date amount quantity subtotal total cost fee balance duration deadline rating score "
    "count frequency capacity url code value phone location availability level priority note notes keyword"
)


def _class(p: Phrase) -> bool:
    return _thing(p) and (p.head not in _PROPERTY_WORDS or is_class_word(p.tokens[-1]))


def _name(p: Phrase) -> str:
    return (
        " ".join(p.tokens[:-1] + (p.tokens[-1] if p.tokens[-1].isupper() else singular(p.tokens[-1]),))
        if not is_class_word(p.tokens[-1])
        else " ".join(p.tokens)
    )


_QUANTITY = re.compile(
    r"\s*(?:(?:up to|at least|at most|no more than)\s+\d+|\d+|one or more|zero or more|many|multiple|several|"
    r"a number of|any number of)\s+",
    re.I,
)


def _listed(sentence: str, at: int) -> list[Phrase]:
    """The phrases of the list that starts at `at`: 'Y', 'Y and Z', 'Y, Z or W' up to the next verb."""
    rest = sentence[at:]
    lead = _QUANTITY.match(rest)
    at, rest = (at + lead.end(), rest[lead.end() :]) if lead else (at, rest)
    stop = re.search(
        r"[;:]|,\s*(?:which|who|that|while|where|and\s+(?:is|are|can|has|have)\b)|\s(?:which|who|that)\s", rest
    )
    rest = rest[: stop.start()] if stop else rest
    cut = re.search(r"\s(?:for|in|on|at|by|via|from|within|during|after|before|when|if|using|based|to|with)\s", rest)
    rest = rest[: cut.start()] if cut else rest
    found = []
    first_verb = min((pos for _, pos in verbs(rest)), default=len(rest))
    for p in phrases(rest[:first_verb]):
        if _thing(p):
            found.append(Phrase(p.tokens, p.start + at, p.end + at))
    return found


# How a description links two things; every rule that reads a sentence counts.
RULES = (
    _link_rule(
        "DM-KIND-OF",
        "'A van is a kind of vehicle': the first is a subclass of the second.",
        r"(?:is|are)\s+(?:(?:an?|another|one)\s+)?(?:specialized|specialised|special|particular)?\s*(?:kind|type|sort|subclass|"
        r"subtype|specialization|specialisation)s?\s+of",
        "generalization",
        "many_to_one",
        "is a",
        "A van is a kind of vehicle",
        "van",
        "A van has a driver",
    ),
    _link_rule(
        "DM-INHERITS",
        "'SavingsAccount and CheckingAccount both inherit from Account' names subclasses.",
        r"(?:inherits?|inheriting|derives?|deriving|extends?|extending)(?:\s+from)?(?:\s+the)?(?:\s+base)?",
        "generalization",
        "many_to_one",
        "is a",
        "Both SavingsAccount and CheckingAccount inherit from the Account class",
        "CheckingAccount",
        "An account keeps its history",
    ),
    _link_rule(
        "DM-PARTS",
        "'An order consists of up to 50 items' is a whole that owns its parts.",
        r"(?:consists?|consisting)\s+of|(?:is|are)\s+(?:made up|composed|comprised)\s+of|comprises|comprising|"
        r"(?:contains?|containing)\s+(?:many|multiple|several|one or more|a number of|up to \d+)",
        "composition",
        "one_to_many",
        "consists of",
        "An order consists of up to 50 items",
        "order",
        "An order is paid by card",
    ),
    _link_rule(
        "DM-GROUPS",
        "'A fleet has a collection of vans' or 'a team groups members': a whole of shared parts.",
        r"(?:has|have|holds?|keeps?|manages?|oversees?|overseeing)\s+(?:an?\s+)?(?:collections?|groups?|sets?|pools?)\s+of|"
        r"groups|(?:is|are)\s+(?:an?\s+)?(?:collection|group|set|pool)\s+of",
        "aggregation",
        "one_to_many",
        "groups",
        "A fleet has a collection of vans",
        "fleet",
        "A fleet is large",
    ),
    _link_rule(
        "DM-LINKED",
        "'Each prescription is linked to an appointment' links two things.",
        r"(?:is|are|be|been|being)?\s*(?:linked|associated|tied|related|connected|attached)\s+(?:to|with)|"
        r"linking\s+to|(?:refers?|referring)\s+to",
        "association",
        "many_to_one",
        "linked to",
        "Each prescription is linked to an appointment",
        "prescription",
        "A prescription is printed",
    ),
    _link_rule(
        "DM-DEPENDS",
        "'The EdgeServer relies on the Cache' is a dependency between two parts.",
        r"(?:depends?|relies|rely|relying|depending)\s+on|(?:requires|interacts\s+with|uses|calls)",
        "association",
        "many_to_one",
        "uses",
        "The EdgeServer relies on the Cache",
        "EdgeServer",
        "The EdgeServer is fast",
    ),
    _link_rule(
        "DM-USED-BY",
        "'The Cache, used by the EdgeServer' is the same dependency written backwards.",
        r"(?:is|are)?\s*(?:used|utilized|utilised|required|needed|called)\s+by",
        "association",
        "many_to_one",
        "uses",
        "The Cache is used by the EdgeServer",
        "EdgeServer",
        "The Cache is used daily",
        reverse=True,
    ),
)

# ---- properties ---------------------------------------------------------------------------

# What introduces a list of properties; a strong one is trusted with a single item.
_STRONG = (
    r"identified by|defined by|described by|characteri[sz]ed by|with (?:the )?attributes?(?: such as| like)?|"
    r"consisting of|(?:each )?detailing|encompassing|specifying|(?:holding|with|has|have|having|including|containing)?"
    r"\s*(?:(?:basic|personal|key|essential|contact|personal) )?(?:details?|information|attributes?|metadata|fields|"
    r"properties|data) (?:such as|like|including|on|of|for)|(?:each )?(?:with|having|including|containing|recording|"
    r"specifying|storing|capturing) (?:details|information)? ?(?:such as|like)"
)
_WEAK = (
    r"each with|each having|including|includes?|include|containing|contains?|comprising|with|has|have|having|"
    r"holding|recording|storing|capturing|logging|tracking|records|stores|holds|keeps|captures|logs|specifies|lists|"
    r"by adding|by entering|by giving|by providing|by setting|"
    r"(?<=metrics, )such as|(?<=metrics )such as|"
    r"(?<=statistics, )such as|(?<=statistics )such as|"
    r"(?<=measurements, )such as|(?<=measurements )such as|"
    r"(?<=readings, )such as|(?<=readings )such as"
)
_PROPERTY = re.compile(rf"(?<![\w-])(?:(?P<strong>{_STRONG})|(?P<weak>{_WEAK}))(?![\w-])", re.I)
_ITEM_STOP = re.compile(
    r"^(?:can|could|will|should|must|may|is|are|was|be|has|have|had|does|do|to|which|that|who|where|when|while|so|but|then|offering|"
    r"providing|and|or|methods?|functions?|operations?|options?|the ability)\b",
    re.I,
)
_NOT_ATTRS = frozenset({"detail", "details", "information", "data", "attribute", "attributes", "metadata", "other"})


def _properties(sentence: str, m: re.Match) -> tuple[list[str], list[str]]:
    """(attribute phrases, many-valued things) of the list after a property cue."""
    rest = re.split(
        r"[;:—–]|\s-\s|,\s*(?:and\s+)?(?:while|which|where|offering|providing|ensuring|so)\b", sentence[m.end() :]
    )[0]
    rest = re.sub(r"\((?:e\.g\.?|i\.e\.?|such as)?[^)]*\)", "", rest)
    rest = re.sub(r"\b(?:attributes?|fields|properties)$", "", rest.strip())
    attrs, many = [], []
    for item in split_list(rest):
        item = re.sub(
            r"^(?:an?|the|its|their|his|her|a unique|unique|the user's|each|one|basic)\s+", "", item.strip(), flags=re.I
        )
        first = (_verb_of(item.split()[0].lower()) if item else None) or ("", "")
        if not item or _ITEM_STOP.match(item) or len(item.split()) > 4 or re.search(r"[\d()]", item):
            break
        if first[1] in ("base", "third", "past") and first[0] not in NOUNISH:
            break
        item = re.sub(r"\s+(?:attributes?|fields?|properties)$", "", item, flags=re.I)
        if re.search(r"\b(?:methods?|functions?|operations?)\b", item, re.I):
            break
        if re.search(r"\b(?:who|whom|which|that)\b", item, re.I):
            continue
        listed = re.match(
            r"^(?:a list|lists|a set|a number|a collection|multiple|many|several)\s+(?:of\s+)?(?P<y>.+)$", item, re.I
        )
        if listed:
            many.append(listed.group("y"))
            continue
        name = attribute_name(re.sub(r"^[\w-]+'s\s+", "", item))
        if name and name.lower() not in _NOT_ATTRS and not re.search(r"\b(?:for|to|by|from|in|at|with|on)\b", name):
            attrs.append(name)
    return attrs, many


_DESIGNED = r"\s+(?:class|instance|object|component|entity|module|structure|design)\b"


def _owner(sentence: str, at: int) -> Phrase | None:
    """The thing whose properties follow: the last phrase before the cue ('each X' wins)."""
    before = [p for p in phrases(sentence[:at]) if _thing(p)]
    designed = [p for p in before if is_class_word(p.tokens[-1]) or re.match(_DESIGNED, sentence[p.end :])]
    return (designed or before or [None])[-1]


def property_lists(sentence: str) -> list[tuple[Phrase, list[str], list[str], bool]]:
    """(owner, attributes, many-valued things, strong) for each list of properties in the sentence."""
    out = []
    for m in _PROPERTY.finditer(sentence):
        owner = _owner(sentence, m.start())
        head = sentence[: m.start()]
        if re.search(r"(?:\band|,)\s+$", head) and not re.match(r"each\b", m.group(0), re.I):
            subject = _subject(sentence, [p for p in phrases(head) if _thing(p)])
            owner = subject[0] if subject and not _person(subject[0]) else owner
        if owner is None:
            continue
        attrs, many = _properties(sentence, m)
        owner, attrs = _possessed(sentence[m.end() :], owner, attrs)
        camel = any(is_field_word(a.replace(" ", "")) for a in attrs)
        strong = (
            bool(m.group("strong")) or camel or re.search(r"\battributes?\b", sentence[m.end() :][:120]) is not None
        )
        if attrs and (strong or len(attrs) >= 2) or many:
            out.append((owner, attrs, many, strong))
    for m in _NAMED_FIELDS.finditer(sentence):
        owner = _owner(sentence, m.start())
        attrs = [a for a in (attribute_name(x) for x in split_list(m.group("list"))) if a]
        if owner and attrs and len(attrs) <= 4:
            out.append((owner, attrs, [], True))
    return out


# 'has a name attribute', 'as well as hash and message attributes'
_NAMED_FIELDS = re.compile(
    r"(?:\b(?:has|have|includes?|contains?|encapsulates?|with|as well as|and)\s+(?:an?\s+|the\s+)?)"
    r"(?P<list>[A-Za-z][\w]*(?:(?:,\s*|\s+and\s+)[A-Za-z][\w]*){0,4})\s+attributes?\b",
    re.I,
)


def _possessed(rest: str, owner: Phrase, attrs: list[str]) -> tuple[Phrase, list[str]]:
    """'... item name, current bid and the auction's end time': the list belongs to the auction."""
    m = re.search(r"\b(?:the|an?)\s+([A-Za-z][\w-]*)'s\s", rest)
    if m and m.start() < 120:
        named = [p for p in phrases(m.group(1)) if _thing(p)]
        if named and not looks_like_person(m.group(1)):
            return named[0], attrs
    return owner, attrs


# ---- people as classes --------------------------------------------------------------------

_ROLES = re.compile(
    r"\b(?:users?\s*\((?P<a>[^)]+)\)|register(?:ed)? as (?:either )?(?P<b>[^.;]+)|(?:user )?roles?\s*(?:[-—:(]|such as|"
    r"like|including|—including|, including)\s*(?:either )?(?P<c>[^.;)]+)|users can be (?P<d>[^.;]+)|distinction "
    r"(?:will be |is )?(?:made )?between (?P<e>[^.;]+)|(?:role-based access|privileges|permissions) for (?P<f>[^.;]+)|"
    r"(?:will |must |should )?support (?P<g>[^.;,]+(?:,[^.;,]+)*?,? and [^.;,]+?)(?=,|\.|$| each| with))",
    re.I,
)


def roles(sentence: str) -> list[str]:
    """The kinds of user a sentence names: 'users (students and teachers)', 'roles such as Admin and Clerk'."""
    found = []
    for m in _ROLES.finditer(sentence):
        listed = next(g for g in m.groups() if g)
        for item in split_list(re.sub(r"\b(?:either|both|regular|'|\")\b|['\"]", " ", listed)):
            item = re.sub(r"\s+(?:who|with|which|that|each|and|or)\b.*$", "", item.strip(), flags=re.I)
            head = singular(item.split()[-1].lower()) if item.split() else ""
            if head and head != "user" and len(item.split()) <= 3 and looks_like_person(item):
                found.append(item)
    return found


# ---- the whole text -----------------------------------------------------------------------


def _listing_spans(sentence: str) -> list[tuple[int, int]]:
    spans = []
    for m in _PROPERTY.finditer(sentence):
        attrs, _ = _properties(sentence, m)
        if len(attrs) >= 2 or m.group("strong") and attrs:
            spans.append((m.end(), m.end() + len(re.split(r"[;:.]", sentence[m.end() :])[0])))
    return spans


# A verb that names the thing it makes ('notify' -> notification) is one more mention of it.
_MAKES = {
    "notify": "notification",
    "remind": "reminder",
    "pay": "payment",
    "book": "booking",
    "review": "review",
    "comment": "comment",
    "message": "message",
    "enroll": "enrollment",
    "enrol": "enrolment",
    "rate": "rating",
    "subscribe": "subscription",
    "invoice": "invoice",
    "grade": "grade",
    "submit": "submission",
    "bid": "bid",
    "reserve": "reservation",
    "assess": "assessment",
    "evaluate": "evaluation",
    "cancel": "cancellation",
    "order": "order",
    "log": "log",
    "schedule": "schedule",
    "tag": "tag",
    "categorize": "category",
}
# Verbs whose object is data the product keeps: what is created, stored or sent is a class.
_KEEPS = word_set(
    "create add store record track log upload submit generate issue book schedule post send receive set save "
    "maintain register"
)


def _counts(said: list[str]) -> tuple[Counter, Counter]:
    keys, heads = Counter(), Counter()
    made = Counter(_MAKES[v] for s in said for v, _ in verbs(s) if v in _MAKES)
    for s in said:
        spans = _listing_spans(s)
        found = phrases(s)
        objects = {next((p.start for p in found if p.start > at), -1) for v, at in verbs(s) if v in _KEEPS}
        for p in found:
            if _class(p) and not any(a <= p.start < b for a, b in spans):
                kept = p.start in objects and s[p.start - 30 : p.start].find(" to ") < 0
                keys[p.key] += 1 + kept
                heads[p.head] += 1 + kept
    for head, n in made.items():
        if keys[head]:
            keys[head] += n
            heads[head] += n
    return keys, heads


class _Model:
    """What the text names often enough, or describes, to be a class; and the phrase -> class mapping."""

    def __init__(self, said: list[str]) -> None:
        self.keys, self.heads = _counts(said)
        self.named: dict[str, str] = {}

    def add(self, p: Phrase) -> str:
        self.named[p.key] = _name(p)
        return self.named[p.key]

    def of(self, p: Phrase) -> str:
        """The class a phrase names, or '' when the text does not return to it."""
        if not _class(p):
            return ""
        if p.key in self.named:
            return self.named[p.key]
        if is_class_word(p.tokens[-1]) or self.keys[p.key] >= 2:
            return self.add(p)
        if len(p.tokens) > 1 and self.heads[p.head] >= 2 and self.keys[p.head] >= 1:
            return self.add(Phrase(p.tokens[-1:], p.start, p.end))
        return ""


def _statements(text: str) -> list[str]:
    return [c for s in sentences(text) for c in re.split(r";\s*|\s+while\s+", s) if c.strip()]


def model_findings(text: str) -> list[Finding]:
    """Every entity, attribute and relationship the description states or keeps returning to."""
    said = _statements(text)
    model = _Model(said)
    found: list[Finding] = []
    for s in said:
        for owner, attrs, many, _ in property_lists(s):
            name = model.add(owner)
            found.append(Finding("entity", name, {"attributes": attrs}))
            for y in many:
                target = [p for p in phrases(y) if _thing(p)]
                if target:
                    fields = {"target": model.add(target[-1]), "multiplicity": "one_to_many", "label": "has"}
                    found.append(Finding("relationship", name, fields))
        if re.search(r"\b(?:register|log in|login|sign up|sign in)\b", s, re.I) and re.search(r"\bpassword", s, re.I):
            attrs = [a for a in ("email", "username", "password") if re.search(rf"\b{a}", s, re.I)]
            found.append(Finding("entity", "User", {"attributes": attrs}))
        for role in roles(s):
            found.append(
                Finding(
                    "relationship",
                    role,
                    {"target": "User", "multiplicity": "many_to_one", "label": "is a", "type": "generalization"},
                )
            )
        for rule in RULES:
            for f in rule(s):
                model.named.setdefault(normalise_name(f.text), f.text)
                found.append(f)
    for s in said:
        found.extend(_acts(model, s))
        found.extend(_kinds_named(model, s))
    first = {}
    for s in said:
        for p in phrases(s):
            first.setdefault(p.key, p)
    for key in [k for k, n in model.keys.items() if n >= 2]:
        name = model.named.get(key) or model.of(first[key])
        if name:
            found.append(Finding("entity", name))
    return found


_SUCH_AS = re.compile(r",?\s+(?:such as|like|e\.g\.,?|including)\s+", re.I)


def _kinds_named(model: _Model, sentence: str) -> list[Finding]:
    """'multiple sections, such as personal info, education and skills': when the text comes back to
    each of them, they are kinds of section (subclasses)."""
    out = []
    for m in _SUCH_AS.finditer(sentence):
        parent = [p for p in phrases(sentence[: m.start()]) if p.end >= m.start() - 1 and model.of(p)]
        kinds = [p for p in _listed(sentence, m.end()) if model.of(p)]
        items = split_list(re.split(r"[;:.]", sentence[m.end() :])[0])
        if parent and len(kinds) >= 2 and len(kinds) >= len(items) - 1:
            for p in kinds:
                fields = {"target": model.of(parent[0]), "multiplicity": "many_to_one", "label": "is a"}
                out.append(Finding("relationship", model.of(p), fields | {"type": "generalization"}))
    return out


def _acts(model: _Model, sentence: str) -> list[Finding]:
    """'Teachers can create courses': the subject is linked to each thing it acts on."""
    acts = verbs(sentence)
    if not acts:
        return []
    verb, at = acts[0]
    if verb in ("represent", "mean", "describe", "define"):
        return []
    subjects = [p for p in phrases(sentence[:at]) if model.of(p) or _person(p)]
    objects = [p for p in phrases(sentence) if p.start > at and model.of(p)]
    if not subjects or not objects:
        return []
    source = model.of(subjects[-1]) or model.add(subjects[-1])
    out = []
    for p in objects:
        target = model.of(p)
        if normalise_name(target) != normalise_name(source):
            fields = {"target": target, "multiplicity": "one_to_many", "label": verb}
            out.append(Finding("relationship", source, fields))
    return out


def read_whole_text(draft: Draft, text: str) -> None:
    """The class model of the description, added to what the section readers found."""
    write(draft, model_findings(text[:200_000]))
