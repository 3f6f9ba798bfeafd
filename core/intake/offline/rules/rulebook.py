"""The shape every offline rule takes: an id, why it exists, an example it must read and one it
must leave alone, and a pure `match` that returns findings. Rules never write project data;
`writer.write` does, in one place. A newcomer adds a rule by adding one entry to a table."""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

KINDS = (
    "actor",
    "external",
    "use_case",
    "step",
    "entity",
    "attribute",
    "relationship",
    "nfr",
    "goal",
    "constraint",
    "boundary",
)


@dataclass(frozen=True)
class Finding:
    """One thing a rule read: its kind, the name or statement, and the details it carries."""

    kind: str
    text: str
    fields: dict = field(default_factory=dict)
    rule: str = ""

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"Unknown finding kind {self.kind!r}")


Matcher = Callable[[str], list[Finding]]


@dataclass(frozen=True)
class Rule:
    """One named pattern. `example` must give a finding whose text is `gives`; `counter` must give none."""

    id: str
    why: str
    example: str
    gives: str
    counter: str
    match: Matcher

    def __call__(self, sentence: str) -> list[Finding]:
        return [Finding(f.kind, f.text, f.fields, f.rule or self.id) for f in self.match(sentence)]


def first(rules: Iterable[Rule], sentence: str) -> list[Finding]:
    """The findings of the first rule in the table that reads the sentence: order is precedence."""
    for rule in rules:
        found = rule(sentence)
        if found:
            return found
    return []


def every(rules: Iterable[Rule], sentence: str) -> list[Finding]:
    """The findings of every rule that reads the sentence, in table order."""
    return [f for rule in rules for f in rule(sentence)]


def all_tables() -> dict[str, tuple[Rule, ...]]:
    """Every module's `RULES` table in this package, by module name: what the example tests run."""
    import core.intake.offline.rules as package

    tables = {}
    for info in pkgutil.iter_modules(package.__path__):
        module = importlib.import_module(f"{package.__name__}.{info.name}")
        rules = getattr(module, "RULES", None)
        if rules:
            tables[info.name] = tuple(rules)
    return tables


def whole_text_readers() -> list[Callable]:
    """The readers of a whole document (a backlog, a requirement list, a prose description), each
    a rules module's `read_whole_text(draft, text)`, run after the section readers in `WHOLE_TEXT_ORDER`."""
    import core.intake.offline.rules as package

    found = []
    for info in pkgutil.iter_modules(package.__path__):
        module = importlib.import_module(f"{package.__name__}.{info.name}")
        reader = getattr(module, "read_whole_text", None)
        if reader:
            found.append((getattr(module, "WHOLE_TEXT_ORDER", 50), info.name, reader))
    return [reader for _, _, reader in sorted(found)]
