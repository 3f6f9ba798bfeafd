"""Corrections typed in the chat ("Remove the actor Supervisor.", "Rename Driver to Courier.",
"Delete use case UC-3"): a small deterministic interpreter applied to the current data.
Extraction and merge only ever add, so a removal has to be applied here, on the data itself."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from core.intake import prompts
from core.markdown import escape_inline
from core.prd import PRDData, normalise_name
from core.projects.renames import carry_rename

KIND_WORDS = {
    "actor": r"actors?|users?|user roles?|roles?|personas?",
    "use_case": r"use[ -]?cases?|ucs?",
    "entity": r"data entit(?:y|ies)|entit(?:y|ies)|data objects?",
    "goal": r"goals?|success metrics?",
    "nfr": r"nfrs?|non[ -]?functional requirements?",
    "external": r"external systems?|integrations?",
    "scope": r"(?:in[ -]scope |out[ -]of[ -]scope )?(?:scope )?items?|internal parts?|components?|features?",
    "constraint": r"(?:business |technical )?constraints?",
}
_KIND = "|".join(f"(?:{words})" for words in KIND_WORDS.values())
_LEAD = r"^(?:please\s+)?(?:can you\s+|could you\s+)?"
_REMOVE = re.compile(
    _LEAD + rf"(?:remove|delete|drop)\s+(?:the\s+)?(?:(?P<kind>{_KIND})\s+)?(?:called\s+|named\s+)?(?P<target>.+?)"
    rf"(?:\s+from\s+(?:the\s+)?(?:list\s+of\s+)?(?P<from>{_KIND}|list|project(?: data)?|data|requirements))?$",
    re.I,
)
_RENAME = re.compile(
    _LEAD + rf"(?:rename|change the name of)\s+(?:the\s+)?(?:(?P<kind>{_KIND})\s+)?(?P<target>.+?)"
    r"\s+(?:to|as|into)\s+(?P<new>.+)$",
    re.I,
)
_CALLED = re.compile(rf"^(?:the\s+)?(?:(?P<kind>{_KIND})\s+)?(?P<target>.+?)\s+should be called\s+(?P<new>.+)$", re.I)
_UC_ID = re.compile(r"^uc[\s-]*(\d+)$", re.I)
_TRIM = " \t\"'“”‘’.!,;:"


@dataclass(frozen=True)
class Slot:
    """One list an edit can touch: where it is in the data and which field names an item."""

    label: str
    path: tuple[str, ...]
    attr: str | None = None  # None: a list of plain strings


SLOTS = {
    "actors": Slot("actor", ("actors",), "name"),
    "use_cases": Slot("use case", ("use_cases",), "name"),
    "data_entities": Slot("entity", ("data_entities",), "name"),
    "goals": Slot("goal", ("goals",), "statement"),
    "nfrs": Slot("NFR", ("nfrs",), "statement"),
    "external": Slot("external system", ("system_boundaries", "external")),
    "internal": Slot("internal part", ("system_boundaries", "internal")),
    "in_scope": Slot("in-scope item", ("system_boundaries", "in_scope")),
    "out_of_scope": Slot("out-of-scope item", ("system_boundaries", "out_of_scope")),
    "business": Slot("business constraint", ("constraints", "business")),
    "technical": Slot("technical constraint", ("constraints", "technical")),
}
KIND_SLOTS = {
    "actor": ("actors", "external"),
    "external": ("actors", "external"),
    "use_case": ("use_cases",),
    "entity": ("data_entities",),
    "goal": ("goals",),
    "nfr": ("nfrs",),
    "scope": ("internal", "in_scope", "out_of_scope"),
    "constraint": ("business", "technical"),
}


@dataclass(frozen=True)
class Edit:
    """A parsed correction: what to do, to which kind of item (None: any), and to what."""

    action: Literal["remove", "rename"]
    target: str
    kind: str | None = None
    new_name: str = ""
    whole: str = ""  # the target with its kind word, in case the word was part of the name


@dataclass
class EditResult:
    """The data after the edit and, in words, exactly what changed."""

    data: PRDData
    changes: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _kind_of(word: str | None) -> str | None:
    if not word:
        return None
    for kind, words in KIND_WORDS.items():
        if re.fullmatch(words, word, re.I):
            return kind
    return None


def parse(text: str) -> Edit | None:
    """The correction a message asks for, or None when it is not one this interpreter reads."""
    line = " ".join(text.strip().split()).rstrip(_TRIM)
    for pattern, action in ((_REMOVE, "remove"), (_RENAME, "rename"), (_CALLED, "rename")):
        match = pattern.match(line)
        if match is None:
            continue
        target = match["target"].strip(_TRIM)
        new = (match.groupdict().get("new") or "").strip(_TRIM)
        if not target or (action == "rename" and not new):
            return None
        kind = _kind_of(match["kind"]) or _kind_of(match.groupdict().get("from"))
        whole = f"{match['kind']} {target}" if match["kind"] else target
        return Edit(action=action, target=target, kind=kind, new_name=new, whole=whole)
    return None


def _items(data: PRDData, slot: Slot) -> list:
    obj: object = data
    for part in slot.path:
        obj = getattr(obj, part)
    return obj  # type: ignore[return-value]


def _name(item: object, slot: Slot) -> str:
    return item if slot.attr is None else getattr(item, slot.attr)  # type: ignore[return-value]


def _matches(item: object, slot: Slot, target: str) -> bool:
    uc = _UC_ID.match(target)
    if uc and slot.attr == "name" and slot.path == ("use_cases",):
        return (getattr(item, "id", "") or "").upper() == f"UC-{int(uc.group(1))}"
    return normalise_name(_name(item, slot)) == normalise_name(target)


def _and(names: list[str]) -> str:
    names = [escape_inline(n) for n in names]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _quote(text: str) -> str:
    return f"“{escape_inline(text)}”"


def _describe(item: object, slot: Slot) -> str:
    uc_id = getattr(item, "id", "") if slot.path == ("use_cases",) else ""
    return f"the {slot.label} {uc_id + ' ' if uc_id else ''}{_quote(_name(item, slot))}"


def _found(data: PRDData, edit: Edit) -> tuple[list[tuple[str, Slot]], str]:
    """The slots holding the target (restricted to the edit's kind), and the target matched."""
    tries = [(edit.kind, edit.target)] + ([(None, edit.whole)] if edit.kind else [])
    for kind, target in tries:
        keys = KIND_SLOTS[kind] if kind else tuple(SLOTS)
        hits = [(k, SLOTS[k]) for k in keys if any(_matches(i, SLOTS[k], target) for i in _items(data, SLOTS[k]))]
        if hits:
            return hits, target
    return [], edit.target


def apply(data: PRDData, edit: Edit) -> EditResult:
    """Apply the edit to a copy of the data; nothing changes when nothing matches."""
    result = EditResult(data=data.model_copy(deep=True))
    hits, target = _found(result.data, edit)
    for key, slot in hits:
        if edit.action == "remove":
            _remove(result, key, slot, target)
        else:
            _rename(result, key, slot, target, edit.new_name)
    return result


def _remove(result: EditResult, key: str, slot: Slot, target: str) -> None:
    items = _items(result.data, slot)
    gone = [i for i in items if _matches(i, slot, target)]
    items[:] = [i for i in items if not _matches(i, slot, target)]
    result.changes += [f"removed {_describe(i, slot)}" for i in gone]
    data = result.data
    for item in gone if key == "data_entities" else ():
        _drop_relationships_to(result, item.name)
    for item in gone if key == "actors" else ():
        cases = [u for u in data.use_cases if normalise_name(u.actor) == normalise_name(item.name)]
        for use_case in cases:  # an actor named on a use case would come straight back
            use_case.actor = ""
        if cases:
            named = [u.id or u.name for u in cases]
            result.notes.append(
                f"{_and(named)} {'has' if len(named) == 1 else 'have'} no actor now: "
                "say who does it, or pick one on the Project data page"
            )


def _drop_relationships_to(result: EditResult, name: str) -> None:
    """A removed entity takes the relationships pointing at it along: they would point at nothing."""
    lost, dropped = normalise_name(name), 0
    for entity in result.data.data_entities:
        kept = [r for r in entity.relationships if normalise_name(r.target) != lost]
        dropped += len(entity.relationships) - len(kept)
        entity.relationships = kept
    if dropped:
        result.changes.append(f"removed {dropped} relationship{'s' if dropped > 1 else ''} to {_quote(name)}")


def _rename(result: EditResult, key: str, slot: Slot, target: str, new: str) -> None:
    items = _items(result.data, slot)
    if not any(_matches(i, slot, target) for i in items):
        return  # already renamed along with another item of the same name
    clash = [
        i for i in items if not _matches(i, slot, target) and normalise_name(_name(i, slot)) == normalise_name(new)
    ]
    if clash:
        result.notes.append(f"there is already {_describe(clash[0], slot)}, so I left {_quote(target)} as it is")
        return
    for index, item in enumerate(items):
        if not _matches(item, slot, target):
            continue
        old = _name(item, slot)
        if slot.attr is None:
            items[index] = new
        else:
            setattr(item, slot.attr, new)
        uc_id = getattr(item, "id", "") if key == "use_cases" else ""
        result.changes.append(f"renamed the {slot.label} {uc_id + ' ' if uc_id else ''}{_quote(old)} to {_quote(new)}")
        _rename_references(result, key, old, new)


def _rename_references(result: EditResult, key: str, old: str, new: str) -> None:
    """A renamed actor is renamed on its use cases; a renamed entity on the relationships to it."""
    result.changes += [escape_inline(c) for c in carry_rename(result.data, section=key, old=old, new=new)]


def summary(result: EditResult, edit: Edit) -> str:
    """The reply's first line: exactly what changed, or that nothing matched and where to edit."""
    notes = "; ".join(result.notes)
    if not result.changes:
        if notes:
            return prompts.EDIT_UNCHANGED.format(notes=notes)
        return prompts.EDIT_NOTHING.format(target=_quote(edit.target), verb=edit.action)
    done = prompts.EDIT_DONE.format(changes="; ".join(result.changes))
    return f"{done} {prompts.EDIT_NOTE.format(notes=notes)}" if notes else done
