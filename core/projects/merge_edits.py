"""Merging two people's hand edits item by item against the version both started from
(three-way: base, mine, theirs): an item only one side changed takes that change; an item
both changed differently is contested, and only those are asked about."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal, NamedTuple

from pydantic import BaseModel

from core.errors import Conflict
from core.prd import PRDData
from core.projects.data_rows import LISTS, SINGLES, item_key

Choice = Literal["mine", "theirs"]
CONTESTED_MESSAGE = (
    "Someone else saved this project's data since you started editing and changed some of the items "
    "you changed. Choose whose version to keep for each of them; nothing was saved yet."
)


class Contested(BaseModel):
    """An item both people changed differently: which one, and both versions (None: removed)."""

    key: str  # "section/item key": what a choice names
    section: str
    label: str
    mine: dict[str, Any] | None
    theirs: dict[str, Any] | None


class EditConflict(Conflict):
    """A save both people's edits could not merge by themselves: `contested` lists the items to choose for."""

    def __init__(self, message: str, *, current: Any, contested: list[Contested]):
        super().__init__(message, current=current)
        self.contested = contested


class Merged(NamedTuple):
    """The merged data, the items still to choose for, and the labels of items taken from theirs."""

    data: PRDData
    contested: list[Contested]
    theirs_kept: list[str]


def _dump(item: BaseModel | None) -> dict[str, Any] | None:
    return None if item is None else item.model_dump(mode="json", exclude={"source"})


def _label(section: str, item: Any) -> str:
    if section in SINGLES:
        return SINGLES[section][0]
    title = LISTS[section][0]
    if section == "use_cases":
        return f"{title}: {item.id} {item.name}".rstrip()
    return f"{title}: {getattr(item, 'name', None) or getattr(item, 'statement', '')}"


class _Merge:
    """One merge in progress: picks item by item and collects what it could not decide."""

    def __init__(self, choices: Mapping[str, str]):
        self.choices = choices
        self.contested: list[Contested] = []
        self.theirs_kept: list[str] = []

    def pick(self, section: str, key: str, base: Any, mine: Any, theirs: Any) -> Any:
        """The version of one item to keep (None: removed)."""
        b, m, t = _dump(base), _dump(mine), _dump(theirs)
        if m == t or t == b:
            return mine
        label = _label(section, theirs or mine or base)
        if m == b:
            self.theirs_kept.append(label)
            return theirs
        choice = self.choices.get(f"{section}/{key}")
        if choice == "theirs":
            return theirs
        if choice != "mine":
            self.contested.append(Contested(key=f"{section}/{key}", section=section, label=label, mine=m, theirs=t))
        return mine

    def items(self, section: str, base: PRDData, mine: PRDData, keys: list[str], theirs: PRDData) -> list[Any]:
        """Mine in my order, then what only they added; an item is matched by its key in each version."""
        before = _by_key(section, getattr(base, section))
        after = _by_key(section, getattr(theirs, section))
        mine_by_key = dict(zip(keys, getattr(mine, section), strict=True))
        out = [self.pick(section, k, before.get(k), item, after.get(k)) for k, item in mine_by_key.items()]
        out += [self.pick(section, k, before.get(k), None, item) for k, item in after.items() if k not in mine_by_key]
        return [item for item in out if item is not None]


def _by_key(section: str, items: list[Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for item in items:
        out.setdefault(item_key(section, item), item)
    return out


def merge(
    base: PRDData, mine: PRDData, keys: dict[str, list[str]], theirs: PRDData, choices: Mapping[str, str]
) -> Merged:
    """Three-way merge of every section; `keys` are mine's item identities, `choices` settle contested items."""
    run = _Merge(choices)
    update: dict[str, Any] = {section: run.items(section, base, mine, keys[section], theirs) for section in LISTS}
    for section in SINGLES:
        versions = (getattr(version, section) for version in (base, mine, theirs))
        update[section] = run.pick(section, section, *versions)
    return Merged(PRDData.model_construct(**update).model_copy(deep=True), run.contested, run.theirs_kept)
