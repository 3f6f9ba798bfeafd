"""What one answer says, collected item by item and built into a PRDData delta."""

from __future__ import annotations

import re

from core.intake.offline.language.hedges import filler_phrase
from core.intake.offline.language.lexicon import COLLECTIVE
from core.intake.offline.language.nouns import split_camel
from core.intake.offline.language.pronouns import Memory, is_noun_phrase
from core.intake.offline.language.text import (
    clean,
    default_outcome,
    default_trigger,
    sentence_case,
    strip_determiners,
    system_name,
    title_name,
    words,
)
from core.prd import (
    NFR,
    Actor,
    Constraints,
    DataEntity,
    Goal,
    PRDData,
    ProblemStatement,
    Relationship,
    Source,
    SystemBoundaries,
    UseCase,
    normalise_name,
)


def _short(text: str, limit: int) -> str:
    return clean(text)[:limit]


def _add_unique(items: list[str], new: str) -> None:
    if new and normalise_name(new) not in {normalise_name(x) for x in items}:
        items.append(new)


def attribute_name(phrase: str) -> str:
    """'a tracking number' -> 'tracking number'; '' when it does not look like one."""
    phrase = strip_determiners(clean(re.sub(r"\([^)]*\)", "", phrase)))
    tokens = words(phrase)
    if not tokens or len(tokens) > 5:
        return ""
    return " ".join(
        t if t.isupper() and len(t) > 1 or re.fullmatch(r"[a-z]+(?:[A-Z][a-z0-9]*)+", t) else t.lower() for t in tokens
    )


def _attribute_of(entity: str, attr: str) -> str:
    """A Payment's 'payment amount' is its 'amount'; a bare 'ID' of a Customer is its 'customer ID'."""
    name, low = entity.lower(), attr.lower()
    if low in ("id", "unique id", "identifier", "unique identifier"):
        return f"{name} ID" if len(name.split()) == 1 else "ID"
    if low.startswith(name + " ") and low not in (f"{name} id", f"{name} number", f"{name} name"):
        return attr[len(name) + 1 :]
    if re.match(r"^(?:unique|basic|its|their)\s+", low):
        return attr.split(" ", 1)[1]
    return attr


_PASSING = re.compile(
    r"^(?:(?:the|a|an|our|their|all|each|every|any|other|another)\s+)*"
    r"(?:new|existing|returning|registered|individual|potential|prospective|current|former|first-time|regular)\s+",
    re.I,
)


_SAME = {"admin": "administrator", "administrator": "admin", "admin user": "administrator"}


def _unqualified(phrase: str) -> str:
    """'new volunteers' -> 'volunteers': a passing state, not another kind of person."""
    return _PASSING.sub("", clean(phrase))


class Draft:
    """Collects actors, use cases and the rest by normalised name; `build()` gives the delta."""

    def __init__(self, data: PRDData, message_id: int | None) -> None:
        self.data = data
        self.source = Source(kind="message", message_id=message_id)
        self.default_role = "User"
        self.fallback_actor = ""
        self.memory = Memory()
        self.actors: dict[str, dict] = {}
        self.use_cases: dict[str, dict] = {}
        self.entities: dict[str, dict] = {}
        self.boundaries: dict[str, list[str]] = {"internal": [], "external": [], "in_scope": [], "out_of_scope": []}
        self.constraints: dict[str, list[str]] = {"business": [], "technical": []}
        self.goals: dict[str, dict] = {}
        self.nfrs: dict[str, dict] = {}
        self.problem = ""
        self.consumed: set[str] = set()  # sentences already read as a whole (the opening problem)

    # ---- actors ----------------------------------------------------------------------

    def known_actor_names(self) -> dict[str, str]:
        names = {normalise_name(a.name): a.name for a in self.data.actors}
        names.update({k: v["name"] for k, v in self.actors.items()})
        return names

    def human_actors(self) -> list[str]:
        names = [a.name for a in self.data.actors if a.kind == "human"]
        names += [v["name"] for v in self.actors.values() if v.get("kind", "human") == "human"]
        return list(dict.fromkeys(names))

    def resolve_actor(self, name: str) -> str:
        """The existing spelling of an actor ('the managers', 'new managers' -> 'Store Manager'), else ''.
        A name that ends two known actors ('Manager': Store and Area Manager) means the first named."""
        known = self.known_actor_names()
        keys = [normalise_name(n) for n in (name, strip_determiners(name), _unqualified(name))]
        keys += [_SAME[k] for k in keys if k in _SAME]
        found = next((known[k] for k in keys if k in known), "")
        if found:
            return found
        key = keys[0]
        tails = [v for k, v in known.items() if k.endswith(" " + key)]
        return tails[0] if tails and key not in COLLECTIVE else ""

    def actor(self, phrase: str, *, kind: str = "human", **fields: object) -> str:
        """Add or extend an actor; returns its name ('' when the phrase names nobody)."""
        name = self.resolve_actor(phrase) or (system_name(phrase) if kind == "external_system" else title_name(phrase))
        if not name or len(name) > 60 or not is_noun_phrase(name, person=kind == "human") or filler_phrase(name):
            return ""
        item = self.actors.setdefault(normalise_name(name), {"name": name})
        if kind == "external_system" or "kind" not in item and self._is_new_actor(name):
            item["kind"] = kind
        for key, value in fields.items():
            if isinstance(value, (list, tuple)):
                bucket = item.setdefault(key, [])
                for v in value:
                    _add_unique(bucket, sentence_case(str(v))[:500])
            elif value:
                item[key] = _short(str(value), 500)
        return name

    def _is_new_actor(self, name: str) -> bool:
        return normalise_name(name) not in {normalise_name(a.name) for a in self.data.actors}

    def external(self, phrase: str, description: str = "") -> str:
        name = self.actor(phrase, kind="external_system", description=description)
        if name:
            _add_unique(self.boundaries["external"], name)
        return name

    # ---- use cases, entities ----------------------------------------------------------

    def use_case(self, name: str, **fields: object) -> str:
        """Add or extend a use case named by a verb phrase; returns its name."""
        name = sentence_case(name)[:200]
        acted_on = name.partition(" ")[2]
        if not name or not re.search(r"[A-Za-z]", name) or filler_phrase(name) or acted_on and filler_phrase(acted_on):
            return ""
        key = normalise_name(name)
        existing = {normalise_name(u.name): u.name for u in self.data.use_cases}
        item = self.use_cases.setdefault(key, {"name": existing.get(key, name)})
        for field, value in fields.items():
            if isinstance(value, (list, tuple)):
                bucket = item.setdefault(field, [])
                for v in value:
                    _add_unique(bucket, sentence_case(str(v))[:1000])
            elif value:
                item[field] = value if field == "priority" else _short(str(value), 2000)
        return item["name"]

    def existing_use_case(self, name: str) -> bool:
        return normalise_name(name) in {normalise_name(u.name) for u in self.data.use_cases}

    def entity(self, phrase: str, attributes: list[str] = (), relationship: tuple[str, str, str] | None = None) -> str:
        name = self._entity_name(phrase)
        if not name:
            return ""
        item = self.entities.setdefault(normalise_name(name), {"name": name})
        for attr in attributes:
            attr = _attribute_of(name, attribute_name(attr))
            if attr and normalise_name(attr) != normalise_name(name):
                _add_unique(item.setdefault("attributes", []), attr)
        if relationship:
            target, kind, label, *link = relationship
            target = self.entity(target)
            if target and normalise_name(target) != normalise_name(name):
                self._relate(
                    item, {"target": target, "kind": kind, "label": label, "type": (link or ["association"])[0]}
                )
        return name

    def _relate(self, item: dict, rel: dict) -> None:
        """One link per target; a stated whole-part or kind-of link replaces a plain association."""
        rels = item.setdefault("relationships", [])
        same = [r for r in rels if normalise_name(r["target"]) == normalise_name(rel["target"])]
        if not same:
            rels.append(rel)
        elif same[0].get("type", "association") == "association" and rel["type"] != "association":
            same[0].update(rel)

    def _entity_name(self, phrase: str) -> str:
        camel = re.fullmatch(r"[A-Z]+[a-z0-9]+(?:[A-Z][a-z0-9]*)+|[A-Z]{2,}[a-z][a-z0-9]+", phrase.strip())
        name = phrase.strip() if camel else title_name(phrase)
        if not name or len(words(name)) > 4 or not is_noun_phrase(name, person=False) or filler_phrase(name):
            return ""
        known, spelled = self._entity_index()
        return known.get(normalise_name(name)) or spelled.get(normalise_name(split_camel(name)), name)

    def _entity_index(self) -> tuple[dict[str, str], dict[str, str]]:
        """Known entity names by key and by spelled-out key ('RecoveryPoint' is 'recovery point'),
        kept up to date as entities are added, so a long document does not rebuild them per phrase."""
        signature = (len(self.entities), next(reversed(self.entities), None))
        cached = self.__dict__.get("_index")
        if cached is not None and cached[0] == signature:
            return cached[1], cached[2]
        if cached is not None and signature[0] > cached[0][0] and cached[0][1] in self.entities:
            known, spelled = cached[1], cached[2]
            new = list(self.entities.items())[cached[0][0] :]  # only additions since: dicts keep order
        else:
            known = {normalise_name(e.name): e.name for e in self.data.data_entities}
            spelled = {normalise_name(split_camel(v)): v for v in known.values()}
            new = list(self.entities.items())
        for key, item in new:
            known[key] = item["name"]
            spelled.setdefault(normalise_name(split_camel(item["name"])), item["name"])
        self.__dict__["_index"] = (signature, known, spelled)
        return known, spelled

    # ---- the rest ---------------------------------------------------------------------

    def boundary(self, field: str, item: str) -> None:
        if filler_phrase(item):
            return
        _add_unique(self.boundaries[field], sentence_case(item)[:500])

    def add_problem(self, sentence: str) -> None:
        """A sentence about today's pain joins the problem, unless the project already states one."""
        sentence = sentence_case(sentence)
        if self.data.problem_statement.text or not sentence or normalise_name(sentence) in normalise_name(self.problem):
            return
        if len(self.problem) < 1500:
            self.problem = f"{self.problem} {sentence}{'' if sentence.endswith(('?', '!')) else '.'}".strip()

    def constraint(self, kind: str, text: str) -> None:
        _add_unique(self.constraints[kind], sentence_case(text)[:1000] + ".")

    def goal(self, statement: str, *, metric: str = "", target: str = "", due: str = "") -> None:
        statement = sentence_case(statement)[:2000]
        if statement:
            self.goals[normalise_name(statement)] = {
                "statement": statement,
                "metric": metric[:500],
                "target": target[:500],
                "due": due[:100],
            }

    def nfr(self, category: str, statement: str, *, metric: str = "", target: str = "") -> None:
        statement = sentence_case(statement)[:2000]
        key = f"{normalise_name(statement)}|{normalise_name(metric)}"
        if statement and key not in self.nfrs:
            self.nfrs[key] = {
                "category": category,
                "statement": statement + ".",
                "metric": metric[:500],
                "target": target[:500],
            }

    # ---- result -----------------------------------------------------------------------

    def _link_entities(self) -> None:
        """An attribute naming another entity ('a route has a driver') is a relationship."""
        names = {normalise_name(e.name): e.name for e in self.data.data_entities}
        names.update({k: v["name"] for k, v in self.entities.items()})
        for key, item in self.entities.items():
            for attr in list(item.get("attributes", [])):
                target = names.get(normalise_name(attr))
                if target and normalise_name(attr) != key:
                    item["attributes"].remove(attr)
                    rels = item.setdefault("relationships", [])
                    if normalise_name(target) not in {normalise_name(r["target"]) for r in rels}:
                        rels.append({"target": target, "kind": "many_to_one", "label": "has"})

    def build(self) -> PRDData:
        """The delta: only what was found, each item marked with the message it came from."""
        self._link_entities()
        src = {"source": self.source}
        actors = [Actor(**self._actor_defaults(a), **src) for a in self.actors.values()]
        use_cases = [UseCase(**self._use_case_defaults(u), **src) for u in self.use_cases.values()]
        entities = [
            DataEntity(
                name=e["name"],
                **({"attributes": e["attributes"]} if e.get("attributes") else {}),
                **(
                    {"relationships": [Relationship(**r) for r in e["relationships"]]} if e.get("relationships") else {}
                ),
                **src,
            )
            for e in self.entities.values()
        ]
        delta = PRDData(actors=actors, use_cases=use_cases, data_entities=entities)
        delta.goals = [Goal(**g, **src) for g in self.goals.values()]
        delta.nfrs = [NFR(**n, **src) for n in self.nfrs.values()]
        if any(self.boundaries.values()):
            delta.system_boundaries = SystemBoundaries(**self.boundaries, **src)
        if any(self.constraints.values()):
            delta.constraints = Constraints(**self.constraints, **src)
        if self.problem:
            delta.problem_statement = ProblemStatement(text=self.problem[:10000], **src)
        return delta

    def _actor_defaults(self, item: dict) -> dict:
        if self._is_new_actor(item["name"]) and "role" not in item:
            external = item.get("kind") == "external_system"
            return {**item, "role": "External system" if external else self.default_role}
        return item

    def _use_case_defaults(self, item: dict) -> dict:
        if self.existing_use_case(item["name"]):
            return item
        item = dict(item)
        if item.get("description") and not says_more(item["description"], item["name"], item.get("actor", "")):
            del item["description"]  # 'Patients book an appointment' adds nothing to 'Book appointment'
        if not item.get("actor") and self.fallback_actor:
            item["actor"] = self.fallback_actor
        item.setdefault("trigger", default_trigger(item.get("actor", ""), item["name"]))
        item.setdefault("outcome", default_outcome(item["name"]))
        return item


_FILLER_WORDS = frozenset(
    re.findall(
        r"\S+",
        "the a an and or of to for in on at by with from into can could will would shall should must may might "
        "be able want wants need needs also then just easily quickly simply their his her its our your they them "
        "it this that these those who which when all any each every",
    )
)


def _stems(text: str) -> set[str]:
    return {normalise_name(w)[:6] for w in re.findall(r"[a-z][a-z'-]+", text.lower()) if w not in _FILLER_WORDS}


def says_more(description: str, name: str, actor: str = "") -> bool:
    """True when a description states at least two things its use case's name and actor do not."""
    return len(_stems(description) - _stems(name) - _stems(actor)) >= 2


def write(draft: Draft, findings: list) -> list[str]:
    """Turn rule findings (rules/rulebook.Finding) into project data, in the order found; returns
    the names written. This is the one place a finding becomes data, so conflicts resolve here."""
    written = []
    for f in findings:
        values = dict(f.fields)
        if f.kind == "actor":
            name = draft.actor(f.text, **values)
        elif f.kind == "external":
            name = draft.external(f.text, values.get("description", ""))
        elif f.kind == "use_case":
            actor = values.pop("actor", "")
            if actor:
                values["actor"] = draft.actor(actor) or actor
            name = draft.use_case(f.text, **values)
        elif f.kind == "step":
            name = draft.use_case(values["use_case"], steps=[f.text]) and f.text
        elif f.kind in ("entity", "attribute"):
            name = draft.entity(f.text, values.get("attributes", ()))
        elif f.kind == "relationship":
            link = (
                values["target"],
                values["multiplicity"],
                values.get("label", ""),
                values.get("type", "association"),
            )
            name = draft.entity(f.text, relationship=link)
        elif f.kind == "nfr":
            draft.nfr(
                values.get("category", "other"),
                f.text,
                metric=values.get("metric", ""),
                target=values.get("target", ""),
            )
            name = f.text
        elif f.kind == "goal":
            draft.goal(
                f.text, metric=values.get("metric", ""), target=values.get("target", ""), due=values.get("due", "")
            )
            name = f.text
        elif f.kind == "constraint":
            draft.constraint(values.get("type", "business"), f.text)
            name = f.text
        else:  # boundary
            draft.boundary(values["field"], f.text)
            name = f.text
        if name:
            written.append(name)
    return written
