"""A user-story backlog read as a whole: the things the stories act on and mention again and again
become data entities (with the attributes and links the stories state), and the stories are grouped
into use cases (same actor and same object), every story kept, with its 'so that', on its use case."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from core.intake.offline.language.lexicon import NOUN_VERBS, words
from core.intake.offline.language.phrases import NOT_ACTIONS
from core.intake.offline.language.text import clean, sentence_case, sentences, singular, verb_form
from core.intake.offline.rules.rulebook import Finding, Rule
from core.intake.offline.rules.stories import story_actor, story_parts, user_story
from core.intake.offline.writer import Draft, write
from core.prd import normalise_name

WHOLE_TEXT_ORDER = 95  # last: a backlog's personas and things are what its stories say, whoever read them first
MAX_USE_CASES = 15  # the rubric's HG5 upper bound
MIN_STORIES = 2  # fewer stories than this are no backlog: each story keeps its own use case

# ---- word lists (data, not code) ---------------------------------------------------------

_STOP = words(
    """
    a an the this that these those my our your their his her its i me we us you they them it he she
    who whom which what when where why how whether if then than so as to of in on at by for from with
    without into onto about over under between through during before after up down out off again also
    too very just only not no nor or and but can could will would shall should may might must do does
    did done be been being is are was were am have has had having able want wants wish like need needs
    there here each every all any some many much more most few several another such both either
    neither etc via per please easily quickly automatically directly still even already yet always
    never often sure way order time lot lots whole able unable possible easier easy near me ones one
    own else instead rather well also once while whenever within across around against along among
    upon whose something anything everything nothing someone anyone everyone instance
    """
)
# Words that only ever start a clause after "I want to": never part of a noun phrase.
_NOT_NOUNS = words(
    """
    know understand ensure make keep let go come become seem feel think see get give take put try
    allow enable avoid reduce increase improve find want need use able easily quickly better faster
    happen happens choose decide remember spend save show tell ask appear expire ingest engage populate
    rearrange fulfil fulfill preserve reflect continue participate implement develop agree play stay
    because myself yourself themselves ourselves itself
    """
)
# Endings of verbs the lexicon does not list ('communicate', 'recognize'), and the nouns that share them.
_VERB_ENDINGS = ("ize", "ise", "ify", "ate")
_NOUNS_LIKE_VERBS = words(
    """
    size prize exercise enterprise franchise premise expertise merchandise noise promise update rate date
    template candidate certificate estimate state debate climate mandate delegate aggregate estate plate
    gate senate affiliate advocate associate graduate duplicate
    """
)
# Heads too vague to be a data object, or the system itself.
_GENERIC = words(
    """
    system information ability way thing things stuff lot part kind sort option options feature
    features functionality process sense idea time fact case example place reason use help work
    site website app application platform software interface screen page button tab link
    view detail details something anything everything need needs purpose
    question problem issue issues change changes step steps area areas point level number amount
    access account start end top bottom side future past today day week month year hour minute data
    minimum maximum others other people person team everyone user users
    """
)
# Leading words that say which of them, not what it is: dropped from an entity's name.
_QUALIFIERS = words(
    """
    new existing specific certain different current relevant particular various multiple appropriate
    correct individual separate additional important available necessary possible whole entire full
    single simple better best good great quick accurate useful proper main right wrong old latest
    recent future past first next last same other own general overall common basic given selected
    related following previous upcoming older newer further extra certain actual
    """
)
# What a thing has rather than is: 'a dataset's licence' is the licence attribute of Dataset.
ATTRIBUTE_WORDS = words(
    """
    name title date dates status description summary licence license id identifier number code type
    size format location address email price cost amount total version owner author creator
    url link language category tag tags label rating score deadline time hours opening duration
    start end state stage priority value quantity unit currency balance notes note comment comments
    colour color photo image picture logo icon avatar age gender birthday password username source
    year month frequency capacity weight height width length level rank position contact contacts
    history keyword keywords subject topic size count percentage
    """
)
_ING_NOUNS = words(
    """
    recycling funding planning meeting building training booking listing setting settings pricing
    marketing housing parking shipping billing hosting landing logging learning processing reporting
    testing mapping rating wedding clothing heating lighting routing scheduling onboarding
    accounting banking catering cleaning coding sharing tracking filing offering spending
    """
)

# After these a word is a verb, whatever it is ('so that I can reflect', 'they can rearrange').
_SUBJECTS = words("i we they can could will would should must may might cannot not don't doesn't")
_DETERMINERS = words("a an the my your our their his her its this that these those each every any some all no")
_ADJECTIVES = words(
    """
    flexible electronic redundant valid invalid findable pertinent financial accurate public private second
    longer easier visible unique able prior apart away back together bulk live online offline manual
    automatic faster slower simpler clear clean quick aware interested responsible broken full empty free
    busiest most least common nearby anonymous personal
    """
)

_TOKEN = re.compile(r"[A-Za-z][\w’'-]*|\d[\w./-]*")


@dataclass
class Phrase:
    """One noun phrase in a story: its words as written, and the owner when it is 'X's Y'."""

    tokens: list[str]
    owner: list[str] = field(default_factory=list)  # 'dataset' in "the dataset's licence"
    start: int = 0

    @property
    def text(self) -> str:
        return " ".join(self.tokens)

    @property
    def key(self) -> str:
        return normalise_name(self.text)

    @property
    def head(self) -> str:
        return singular(self.tokens[-1].lower())


def _is_verb(token: str, prev: str) -> bool:
    low = token.lower()
    form = verb_form(low)
    slot = prev in ("", "to", "and", "or", "not", "i", "we", "they", "can", "will", "could", "also", "then", "by")
    if low.endswith("ing"):
        return low not in _ING_NOUNS
    if prev in _DETERMINERS:
        return form is not None and form[1] == "past"
    if prev in _SUBJECTS:
        return True
    if form is None:
        return (
            low in _NOT_NOUNS
            or (low.endswith("ed") and len(low) > 5)
            or (prev == "" and not low.endswith("s"))
            or (low.endswith(_VERB_ENDINGS) and low not in _NOUNS_LIKE_VERBS and len(low) > 5)
        )
    if form[1] == "past" or low in _NOT_NOUNS:
        return True
    return slot or form[0] not in NOUN_VERBS


def noun_phrases(text: str) -> list[Phrase]:
    """The noun phrases of a clause, by a small chunker: runs of words that are no stop word and no
    verb, at most four words, the qualifiers in front dropped ('the new data packages' -> 'data packages')."""
    out: list[Phrase] = []
    run: list[str] = []
    owner: list[str] = []
    prev = ""
    start = 0

    def close() -> None:
        nonlocal run
        tokens = [t for t in run]
        while tokens and (tokens[0].lower() in _QUALIFIERS or tokens[0][0].isdigit()):
            tokens = tokens[1:]
        if tokens and not all(t[0].isdigit() for t in tokens):
            out.append(Phrase(tokens[-4:], list(owner), start))
        run = []

    for i, token in enumerate(_TOKEN.findall(clean(text))):
        possessive = re.search(r"['’]s?$", token) and not token.lower().endswith(("'t", "’t"))
        bare = re.sub(r"['’]s?$", "", token)
        low = bare.lower()
        if re.search(r"['’](?:m|re|ve|ll|d|t)$", low):
            low = bare = ""
        if (
            low in _STOP
            or low in _ADJECTIVES
            or len(low) < 2
            or _is_verb(bare, prev)
            or (low.endswith("ly") and len(low) > 4)
        ):
            if run:
                close()
                owner = []
            prev = low
            continue
        if bare[0].isdigit() and not run:
            prev = low
            continue
        if not run:
            start = i
        run.append(bare)
        if possessive:
            owned = list(run)
            close()
            owner = owned
        prev = low
    if run:
        close()
    return out


# ---- entities ----------------------------------------------------------------------------


def _junk(phrase: Phrase, people: set[str]) -> bool:
    key = phrase.key
    return (
        not key
        or key in people
        or phrase.head in people
        or any(person.endswith(" " + key) for person in people)
        or (len(phrase.tokens) == 1 and (phrase.head in _GENERIC or phrase.head in ATTRIBUTE_WORDS))
        or (len(phrase.tokens) == 1 and phrase.tokens[0].lower().endswith(("ing", "ed")))
        or len(key) < 3
        or key.split()[0] in _GENERIC - {"data", "content", "user", "account"}
        and len(phrase.tokens) == 2
    )


def _entity_split(phrase: Phrase, entities: dict[str, str]) -> tuple[str, str] | None:
    """'dataset licence' with Dataset an entity -> ('dataset', 'licence'): an attribute, not an entity."""
    if len(phrase.tokens) >= 2 and phrase.head in ATTRIBUTE_WORDS:
        owner = normalise_name(" ".join(phrase.tokens[:-1]))
        if owner in entities:
            return owner, phrase.tokens[-1].lower()
    return None


def frequent_objects(stories: list[dict], people: set[str]) -> dict[str, str]:
    """The things named in two or more stories, by normalised name -> their most common spelling."""
    seen: Counter = Counter()
    spellings: dict[str, Counter] = defaultdict(Counter)
    for story in stories:
        keys = set()
        for phrase in story["phrases"]:
            if _junk(phrase, people):
                continue
            keys.add(phrase.key)
            spellings[phrase.key][phrase.text] += 1
            if phrase.owner:
                owner = Phrase(phrase.owner)
                if not _junk(owner, people):
                    keys.add(owner.key)
                    spellings[owner.key][owner.text] += 1
        seen.update(keys)
    return {key: spellings[key].most_common(1)[0][0] for key, count in seen.items() if count >= 2}


# ---- rules: what a story says about an entity's attributes and links -------------------------


def _possessive_attribute(sentence: str) -> list[Finding]:
    found = []
    for phrase in noun_phrases(sentence):
        if phrase.owner and len(phrase.tokens) <= 2 and phrase.head in ATTRIBUTE_WORDS:
            found.append(Finding("attribute", " ".join(phrase.owner), {"attributes": [phrase.text.lower()]}))
    return found


_OF = re.compile(
    r"\b(?P<a>[a-z]+(?: [a-z]+)?) of (?:the |a |an |each |every |all |any |their |its |my |our )?"
    r"(?P<x>[a-z][a-z-]+(?: [a-z][a-z-]+)?)",
    re.IGNORECASE,
)


def _attribute_of(sentence: str) -> list[Finding]:
    found = []
    for m in _OF.finditer(sentence):
        attr = m.group("a").lower().split()
        if singular(attr[-1]) in ATTRIBUTE_WORDS and attr[-1] not in _STOP:
            attr = attr[-1:] if len(attr) == 1 or attr[0] in _STOP or attr[0] in _QUALIFIERS else attr
            owner = [w for w in m.group("x").split() if w.lower() not in _STOP]
            if owner:
                found.append(Finding("attribute", " ".join(owner), {"attributes": [" ".join(attr)]}))
    return found


_BELONGS = re.compile(
    r"\b(?:each|every|an?|the)\s+(?P<x>[a-z][\w -]{1,30}?)\s+(?P<v>belongs? to|is part of|is owned by|is linked to)\s+"
    r"(?:an?|one|the|exactly one|a single)\s+(?P<y>[a-z][\w -]{1,30}?)(?=$|[,.;]|\s+(?:so|and|which|that)\b)",
    re.IGNORECASE,
)
_HAS_MANY = re.compile(
    r"\b(?:each|every|an?|the)\s+(?P<x>[a-z][\w -]{1,30}?)\s+(?:has|have|contains?|includes?|holds?)\s+"
    r"(?:many|multiple|several|one or more|a list of|its own|their own)\s+(?P<y>[a-z][\w -]{1,30}?)"
    r"(?=$|[,.;]|\s+(?:so|and|which|that)\b)",
    re.IGNORECASE,
)


def _belongs_to(sentence: str) -> list[Finding]:
    return [
        Finding(
            "relationship", m.group("x"), {"target": m.group("y"), "multiplicity": "many_to_one", "label": "belongs to"}
        )
        for m in _BELONGS.finditer(sentence)
    ]


def _has_many(sentence: str) -> list[Finding]:
    return [
        Finding(
            "relationship", m.group("y"), {"target": m.group("x"), "multiplicity": "many_to_one", "label": "belongs to"}
        )
        for m in _HAS_MANY.finditer(sentence)
    ]


RULES = (
    Rule(
        "BL1",
        "A possessive names an attribute of the thing that owns it.",
        "I want to see a dataset's licence",
        "dataset",
        "I want to see the licence",
        _possessive_attribute,
    ),
    Rule(
        "BL2",
        "'the <attribute> of a <thing>' names an attribute of that thing.",
        "I want to change the due date of a task",
        "task",
        "I want to change the task",
        _attribute_of,
    ),
    Rule(
        "BL3",
        "'each X belongs to a Y' links X to one Y.",
        "so that each dataset belongs to an organisation",
        "dataset",
        "so that datasets are easy to find",
        _belongs_to,
    ),
    Rule(
        "BL4",
        "'a Y has many X' links each X to one Y.",
        "so that a project has many tasks",
        "tasks",
        "so that a project is tidy",
        _has_many,
    ),
)


def _entity_findings(stories: list[dict], entities: dict[str, str], people: set[str]) -> list[Finding]:
    """What the rules read in the stories, kept only when it is about the backlog's frequent things."""
    out = []
    for story in stories:
        for clause in (story["want"], story["so_that"]):
            for rule in RULES:
                for f in rule(clause):
                    owner = normalise_name(" ".join(t for t in f.text.split() if t.lower() not in _QUALIFIERS))
                    target = normalise_name(f.fields.get("target", "")) if f.kind == "relationship" else ""
                    if owner in entities and (f.kind != "relationship" or target in entities):
                        out.append(Finding(f.kind, entities[owner], dict(f.fields), f.rule))
        for phrase in story["phrases"]:
            split = _entity_split(phrase, entities)
            if split:
                out.append(Finding("attribute", entities[split[0]], {"attributes": [split[1]]}, "BL5"))
            elif story.get("object") in entities and _detail(phrase, entities):
                out.append(
                    Finding("attribute", entities[story["object"]], {"attributes": [_lower(phrase.text)]}, "BL6")
                )
    return out


def _detail(phrase: Phrase, entities: dict[str, str]) -> bool:
    """A detail with no owner named ('search by title', 'the embargo date'): it belongs to what the story acts on."""
    return (
        not phrase.owner
        and len(phrase.tokens) <= 2
        and phrase.head in ATTRIBUTE_WORDS
        and phrase.key not in entities
        and not (len(phrase.tokens) == 2 and normalise_name(phrase.tokens[0]) in entities)
    )


def _links(stories: list[dict], entities: dict[str, str]) -> list[Finding]:
    """'X's Y' or 'the Y of an X' with both things of the backlog: X has Y."""
    out = []
    for story in stories:
        text = f"{story['want']} {story['so_that']}"
        for phrase in story["phrases"]:
            if phrase.owner and normalise_name(" ".join(phrase.owner)) in entities and phrase.key in entities:
                owner, part = entities[normalise_name(" ".join(phrase.owner))], entities[phrase.key]
                out.append(
                    Finding("relationship", part, {"target": owner, "multiplicity": "many_to_one", "label": "of"})
                )
        for m in re.finditer(
            r"\b(?P<y>[a-z][\w-]*(?: [a-z][\w-]*)?) (?:of|in|within|for|from|on) "
            r"(?:the |a |an |each |every |its |their )?"
            r"(?P<x>[a-z][\w-]*(?: [a-z][\w-]*)?)",
            text,
            re.I,
        ):
            y, x = _known(m.group("y"), entities), _known(m.group("x"), entities)
            if x and y and x != y:
                out.append(
                    Finding(
                        "relationship",
                        entities[y],
                        {"target": entities[x], "multiplicity": "many_to_one", "label": "of"},
                    )
                )
    return out


def _restore_goals(draft: Draft, stories: list[dict], limit: int = 10) -> None:
    """A persona another reader folded away comes back without goals: its first stories' 'so that's."""
    outcomes: dict[str, list[str]] = defaultdict(list)
    for story in stories:
        if story["outcome"] and story["outcome"] not in outcomes[story["actor"]]:
            outcomes[story["actor"]].append(story["outcome"])
    for actor, goals in outcomes.items():
        item = draft.actors.get(normalise_name(actor))
        if item is not None and not item.get("goals"):
            draft.actor(actor, goals=goals[:limit])


def _unique(findings: list[Finding]) -> list[Finding]:
    """Each thing said once: a long backlog repeats the same detail in many stories."""
    seen, out = set(), []
    for f in findings:
        key = (f.kind, normalise_name(f.text), repr(sorted(f.fields.items())))
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out


def _known(phrase: str, entities: dict[str, str]) -> str:
    tokens = [t for t in phrase.split() if t.lower() not in _STOP and t.lower() not in _QUALIFIERS]
    for n in (2, 1):
        key = normalise_name(" ".join(tokens[-n:])) if len(tokens) >= n else ""
        if key in entities:
            return key
    return ""


# ---- grouping -----------------------------------------------------------------------------

_RANK = {"must": 0, "should": 1, "could": 2, "wont": 3}


def _verb(want: str) -> str:
    tokens = [t.lower() for t in _TOKEN.findall(want)]
    while tokens and tokens[0] in ("be", "able", "to", "easily", "quickly", "also", "then", "always", "not"):
        tokens = tokens[1:]
    form = verb_form(tokens[0]) if tokens else None
    return form[0] if form and form[0] not in NOT_ACTIONS else ""


def _object(story: dict, entities: dict[str, str]) -> tuple[str, str]:
    """(key, spelling) of what the story's want acts on: the frequent thing it names, else its first noun phrase."""
    phrases = [p for p in story["want_phrases"] if not _junk(p, story["people"])]
    for phrase in phrases:
        split = _entity_split(phrase, entities)
        if split:
            return split[0], entities[split[0]]
        if phrase.key in entities:
            return phrase.key, phrase.text
        owner = normalise_name(" ".join(phrase.owner))
        if owner in entities:
            return owner, entities[owner]
        for n in (3, 2, 1):
            tail = normalise_name(" ".join(phrase.tokens[-n:]))
            if len(phrase.tokens) > n and tail in entities:
                return tail, entities[tail]
    if phrases:
        return phrases[0].key, phrases[0].text
    return "", ""


def _plural(text: str) -> str:
    last = text.split()[-1]
    low = last.lower()
    if low.endswith("s") or low in ("data", "information", "metadata", "content", "feedback", "software", "staff"):
        return text
    if re.search(r"[^aeiou]y$", low):
        return text[:-1] + "ies"
    if low.endswith(("ch", "sh", "x", "z")):
        return text + "es"
    return text + "s"


@dataclass
class Group:
    key: tuple
    stories: list[dict]

    def actors(self) -> Counter:
        return Counter(s["actor"] for s in self.stories)


def _group(stories: list[dict], by) -> list[Group]:
    groups: dict[tuple, Group] = {}
    for story in stories:
        groups.setdefault(by(story), Group(by(story), [])).stories.append(story)
    return list(groups.values())


def _regroup(groups: list[Group], by) -> list[Group]:
    out: dict[tuple, Group] = {}
    for g in groups:
        key = by(g)
        if key in out:
            out[key].stories.extend(g.stories)
        else:
            out[key] = Group(key, list(g.stories))
    return list(out.values())


def _affinity(a: Group, b: Group) -> tuple:
    """How alike two groups are: the same actor first, then the same thing, verbs and words."""
    actors = set(a.actors()) & set(b.actors())
    objects = {s["object"] for s in a.stories} & {s["object"] for s in b.stories} - {""}
    heads = {s["head"] for s in a.stories} & {s["head"] for s in b.stories} - {""}
    verbs = {s["verb"] for s in a.stories} & {s["verb"] for s in b.stories} - {""}
    said_a = {w for s in a.stories for w in normalise_name(s["want"]).split() if w not in _STOP}
    said_b = {w for s in b.stories for w in normalise_name(s["want"]).split() if w not in _STOP}
    overlap = len(said_a & said_b) / (len(said_a | said_b) or 1)
    return (bool(actors), 2 * bool(objects) + bool(heads) + overlap + 0.5 * bool(verbs), -len(b.stories))


def group_stories(stories: list[dict], limit: int = MAX_USE_CASES) -> list[Group]:
    """Same actor and same object first; when that gives more use cases than the rubric allows, the same
    actor and head noun ('data package', 'cleaned data package'); then the smallest group joins the one most
    like it (same actor, same thing, same verbs), until the count fits."""
    groups = _group(stories, lambda s: (s["actor"], s["object"] or s["name"]))
    if len(groups) > limit:
        groups = _regroup(groups, lambda g: (g.key[0], g.stories[0]["head"] or g.key[1]))
    while len(groups) > limit:
        groups.sort(key=lambda g: (len(g.stories), str(g.key)))
        small = groups.pop(0)
        home = max(groups, key=lambda g: _affinity(small, g))
        home.stories.extend(small.stories)
    return groups


_LOOKING = words("see view search filter find browse read check look download compare sort explore list display")


def _lower(text: str) -> str:
    """'Data Packages' -> 'data packages'; an acronym keeps its capitals ('FABS submissions')."""
    return " ".join(w if w.isupper() and len(w) > 1 else w.lower() for w in text.split())


def _name(group: Group, taken: set[str] = frozenset()) -> str:
    """Verb + object: the verb when all its stories share one ('Search recycling centres'), 'Find …' when
    they all look things up, else 'Manage …'; a name another actor's use case has is told apart by verbs."""
    objects = Counter(_lower(s["object_text"]) for s in group.stories if s["object_text"])
    verbs = Counter(s["verb"] for s in group.stories if s["verb"])
    if not objects or len(group.stories) == 1:
        return group.stories[0]["name"]
    obj = _plural(objects.most_common(1)[0][0])
    top = [v for v, _ in verbs.most_common(2)]
    if len(verbs) == 1:
        name = f"{top[0]} {obj}"
    elif set(verbs) <= _LOOKING:
        name = f"find {obj}" if "search" in verbs or "find" in verbs else f"view {obj}"
    else:
        name = f"manage {obj}"
    if normalise_name(name) in taken and len(top) == 2:
        name = f"{top[0]} and {top[1]} {obj}"
    return sentence_case(name)


# ---- the pass ----------------------------------------------------------------------------


def backlog_stories(text: str) -> list[dict]:
    """Every user story of a text, one per backlog line (a line's later sentences stay with its story)."""
    out: list[dict] = []
    for line in text.replace("\r", "\n").split("\n"):
        current = None
        for sentence in sentences(line) or []:
            parts = story_parts(sentence)
            if parts:
                current = parts
                out.append(current)
            elif current is not None:
                current["text"] = f"{current['text']} {sentence}"
    return out


def read_whole_text(draft: Draft, text: str) -> None:
    stories = backlog_stories(text)
    if len(stories) < MIN_STORIES:
        return
    texts = {normalise_name(s["text"]) for s in stories}
    for key, item in list(draft.use_cases.items()):
        if not item.get("stories"):
            continue
        del draft.use_cases[key]  # one story's use case: regrouped below with the rest of the backlog
        for kept in item["stories"]:
            said = normalise_name(kept["text"])
            if said not in texts and not any(said in t for t in texts):
                stories.append(dict(kept))
                texts.add(said)
    people = {normalise_name(name) for name in draft.human_actors()}
    personas: dict[str, str] = {}  # each persona phrase read once: a long backlog repeats a few of them
    for story in stories:
        if story["actor"] not in personas:
            personas[story["actor"]] = story_actor(draft, story["actor"]) or draft.fallback_actor or draft.default_role
        story["actor"] = personas[story["actor"]]
        read = user_story(story["text"])
        story["name"] = read[1] if read else sentence_case(story["want"])[:80]
        story["outcome"] = read[2] if read else ""
        story["people"] = people | {normalise_name(story["actor"])}
        story["want_phrases"] = noun_phrases(story["want"])
        story["phrases"] = story["want_phrases"] + noun_phrases(story["so_that"])
        story["verb"] = _verb(story["want"])
    _restore_goals(draft, stories)
    entities = frequent_objects(stories, people)
    entities = {k: v for k, v in entities.items() if not _entity_split(Phrase(v.split()), entities)}
    for story in stories:
        story["object"], story["object_text"] = _object(story, entities)
        story["head"] = singular(story["object"].split()[-1]) if story["object"] else ""
    for spelling in entities.values():
        draft.entity(spelling)
    write(draft, _unique(_entity_findings(stories, entities, people) + _links(stories, entities)))
    for group in group_stories(stories):
        _write_use_case(draft, group)
    _keep_backlog_things(draft, stories)


def _mentions(name: str, texts: list[str]) -> int:
    words_ = normalise_name(name).split()
    if not words_:
        return 0
    last = re.escape(words_[-1])
    pattern = re.compile(
        r"\b" + r"\s+".join(re.escape(w) for w in words_[:-1]) + (r"\s+" if words_[:-1] else "") + last + r"(?:s|es)?\b"
    )
    return sum(1 for t in texts if pattern.search(t))


def _a_thing(name: str, people: set[str]) -> bool:
    """A name the chunker reads as one noun phrase that is no person, verb or vague word."""
    found = noun_phrases(f"the {name}")
    return len(found) == 1 and found[0].key == normalise_name(name) and not _junk(found[0], people)


def _named_in(stories: list[dict]) -> Counter:
    """How many stories name each thing as a noun: a phrase, its last words ('log book page' names
    'page'), or an owner ('the dataset's licence' names 'dataset')."""
    named: Counter = Counter()
    for story in stories:
        keys = set()
        for phrase in story["phrases"]:
            for part in (phrase.tokens, phrase.owner):
                keys.update(normalise_name(" ".join(part[i:])) for i in range(len(part)))
        named.update(keys - {""})
    return named


def _keep_backlog_things(draft: Draft, stories: list[dict]) -> None:
    """In a backlog only the things two or more stories name are data entities: a noun one story
    mentions in passing is no part of the data model. Links to a dropped thing go with it."""
    people = {normalise_name(name) for name in draft.human_actors()}
    named = _named_in(stories)
    drop = {
        key
        for key, item in draft.entities.items()
        if named[normalise_name(item["name"])] < 2 or not _a_thing(item["name"], people)
    }
    for key in drop:
        del draft.entities[key]
    for item in draft.entities.values():
        if item.get("relationships"):
            item["relationships"] = [r for r in item["relationships"] if normalise_name(r["target"]) not in drop]


def _write_use_case(draft: Draft, group: Group) -> None:
    actor = group.actors().most_common(1)[0][0]
    taken = {key for key, item in draft.use_cases.items() if item.get("actor") != actor}
    candidates = [_name(group, taken)] + [s["name"] for s in group.stories] + [f"Support {actor.lower()} requests"]
    candidates = [c for c in candidates if normalise_name(c) not in taken] or candidates
    fields = {
        "actor": actor,
        "priority": min((s["priority"] for s in group.stories), key=lambda p: _RANK.get(p, 1)),
        "description": _description(group),
    }
    outcome = next((s["outcome"] for s in group.stories if s["outcome"]), "")
    if outcome:
        fields["outcome"] = outcome
    name = ""
    for candidate in candidates:
        name = draft.use_case(candidate, **fields) if candidate else ""
        if name:
            break
    if not name:
        return
    item = draft.use_cases[normalise_name(name)]
    kept = item.setdefault("stories", [])
    known = {normalise_name(s["text"]) for s in kept}
    for s in group.stories:
        if normalise_name(s["text"]) not in known:
            known.add(normalise_name(s["text"]))
            kept.append({k: s[k] for k in ("text", "actor", "want", "so_that", "priority")})
    for who in group.actors():
        draft.actor(who, permissions=[name])


def _description(group: Group) -> str:
    actors = list(group.actors())
    who = ", ".join(actors[:-1]) + f" and {actors[-1]}" if len(actors) > 1 else actors[0]
    count = len(group.stories)
    return f"{count} user {'story' if count == 1 else 'stories'} of {who}."
