"""Refuse a diagram that does not parse, naming the item that broke it."""

from __future__ import annotations

import re
import shutil

from core.diagrams.base import TITLES, Drawing, LabelUse, quoted
from core.diagrams.escape import (
    RELATION,
    SEQUENCE_TEXT,
    dot_label,
    mermaid_inline,
    mermaid_label,
    mermaid_text,
)
from core.diagrams.render import DotError, dot_available, run_dot
from core.errors import InvalidInput

# Outside labels, generated text uses only ids, keywords, trusted attributes and punctuation;
# labels hold letters (non-ASCII ones are read as "a"), digits, the punctuation each context
# leaves literal, #code; entities and <br>. A colon stays literal only before a space.
_CHARS = r"[A-Za-z0-9 #;_,.\-]"
_T = rf"(?:{_CHARS}|: |<br>)*"
_TN = rf"(?:{_CHARS}|<br>)*"  # no colon: relationship labels and sequence text
_ID = r"n\d+"
_LINES = {
    "flowchart": [
        rf'{_ID}(?:\[|\(\[|\[\[|\{{|\(\(\(?)"{_T}"(?:\]|\]\)|\]\]|\}}|\)\)\)?)',
        rf'{_ID} (?:-->|<-->|---|-\.-)(?:\|(?:"{_T}"|yes|no)\|)? {_ID}',
        rf'subgraph {_ID}\["{_T}"\]',
        r"end",
    ],
    "classDiagram": [
        rf'class {_ID}\["{_T}"\](?: \{{)?',
        r"\}",
        rf'{_ID} "[1*]" (?:-->|\*--|o--) "[1*]" {_ID} : {_TN}',
        rf"{_ID} --\|> {_ID} : {_TN}",
        rf"(?:{_CHARS}|: )+",
    ],
    "sequenceDiagram": [
        r"autonumber",
        rf"(?:actor|participant) {_ID} as {_TN}",
        rf"{_ID}-?->>{_ID}: {_TN}",
    ],
}
_NOT_BODY = frozenset({"autonumber", "end", "}"})
_PATTERNS = {k: [re.compile(p) for p in v] for k, v in _LINES.items()}
_NODE = re.compile(r"[{;]\s*n\d+\b")


def _split_html_labels(source: str) -> tuple[str, list[str]] | None:
    """(the source without its <...> labels, the label bodies), or None when brackets do not balance."""
    out: list[str] = []
    labels: list[str] = []
    depth, in_string, escaped = 0, False, False
    for ch in source:
        if in_string:
            in_string = escaped or ch != '"'
            escaped = not escaped and ch == "\\"
            out.append(ch)
        elif depth == 0 and ch == '"':
            in_string = True
            out.append(ch)
        elif ch == "<":
            depth += 1
            if depth == 1:
                labels.append("")
            else:
                labels[-1] += ch
        elif ch == ">" and depth:
            depth -= 1
            if depth:
                labels[-1] += ch
        elif ch == ">" and not (out and out[-1] == "-"):
            return None
        elif depth:
            labels[-1] += ch
        else:
            out.append(ch)
    return None if depth or in_string else ("".join(out), labels)


def _strip_html_labels(source: str) -> str | None:
    split = _split_html_labels(source)
    return split[0] if split else None


def _labels_graph(sources: list[str]) -> str:
    """Every HTML label of the sources on its own node: Graphviz parses them without a costly layout."""
    bodies = dict.fromkeys(b for s in sources for b in (_split_html_labels(s) or ("", []))[1])
    return "digraph labels {\n" + "".join(f"n{i} [label=<{b}>];\n" for i, b in enumerate(bodies)) + "}\n"


def _graphviz_check(sources: list[str]) -> None:
    """Syntax by `nop` (no layout), then every label by `dot`; DotError on the first problem."""
    joined = "".join(sources)
    if shutil.which("nop"):
        run_dot(joined, "", tool="nop")
    elif not all(dot_structure_ok(s) for s in sources):
        raise DotError("the DOT text is malformed")
    run_dot(_labels_graph(sources), "canon")


def dot_structure_ok(source: str) -> bool:
    """Without Graphviz: labels balance, braces and brackets balance, one graph."""
    body = _strip_html_labels(source)
    if body is None or not body.lstrip().startswith("digraph ") or not _NODE.search(body):
        return False
    depth = 0
    for ch in body:
        depth += {"{": 1, "[": 1, "}": -1, "]": -1}.get(ch, 0)
        if depth < 0:
            return False
    return depth == 0


def _letters_as_a(line: str) -> str:
    return "".join("a" if ord(c) > 127 and c.isalpha() else c for c in line) if not line.isascii() else line


def mermaid_structure_ok(source: str) -> bool:
    """Every line is one the generators write, with escaped labels, and there is something to draw."""
    lines = [_letters_as_a(ln.strip()) for ln in source.splitlines() if ln.strip()]
    kind = lines[0].split()[0] if lines else ""
    patterns = _PATTERNS.get(kind)
    if patterns is None or all(line in _NOT_BODY or line.startswith("subgraph ") for line in lines[1:]):
        return False
    blocks = 0
    for line in lines[1:]:
        if not any(p.fullmatch(line) for p in patterns):
            return False
        blocks += line.startswith("subgraph ") if kind == "flowchart" else line.endswith("{")
        blocks -= line == ("end" if kind == "flowchart" else "}")
        if blocks < 0:
            return False
    return blocks == 0


def _label_breaks_dot(use: LabelUse) -> str | None:
    try:
        run_dot(f"digraph g {{ n1 [label={dot_label(use.text)}]; }}\n", "canon")
    except DotError as exc:
        return exc.args[0]
    return None


def _mermaid_probe(kind: str, text: str) -> str:
    """The text in every place a diagram of this kind can show it."""
    if kind == "classDiagram":
        inline = mermaid_inline(text) or "#32;"
        return (
            f'classDiagram\n  class n1["{inline}"] {{\n    {inline}\n  }}\n'
            f'  n1 "1" --> "1" n1 : {mermaid_inline(text, RELATION) or "#32;"}\n'
        )
    if kind == "sequenceDiagram":
        return (
            f"sequenceDiagram\n  participant n1 as {mermaid_text(text, 24, SEQUENCE_TEXT) or '#32;'}\n"
            f"  n1->>n1: {mermaid_text(text, 50, SEQUENCE_TEXT) or '#32;'}\n"
        )
    return f"flowchart LR\n  n1[{mermaid_label(text)}]\n  n1 -->|{mermaid_label(text)}| n1\n"


def _label_breaks(use: LabelUse, kind: str) -> str | None:
    """Why this one label would break a drawing of this kind, or None."""
    if not mermaid_structure_ok(_mermaid_probe(kind, use.text)):
        return "its Mermaid text is malformed"
    return _label_breaks_dot(use) if dot_available() else None


class DiagramRefused(InvalidInput):
    """A diagram would not parse; the message names the item that broke it (plain text: pages escape it)."""

    @property
    def plain(self) -> str:
        return self.message


def _refuse(drawing: Drawing, reason: str) -> DiagramRefused:
    what = TITLES.get(drawing.type, drawing.type).lower()
    if drawing.key:
        what += f" of {quoted(drawing.title)}"
    kind = drawing.mermaid.split(None, 1)[0] if drawing.mermaid.strip() else ""
    for use in drawing.labels:
        error = _label_breaks(use, kind)
        if error:
            return DiagramRefused(
                f"The {what} could not be drawn: {use.item} breaks it ({error}).", {drawing.type: use.item}
            )
    return DiagramRefused(f"The {what} could not be drawn ({reason}).", {drawing.type: reason})


def verify(drawings: list[Drawing]) -> None:
    """InvalidInput naming the item when any drawing would not parse; all checked in one dot run."""
    for drawing in drawings:
        if not mermaid_structure_ok(drawing.mermaid):
            raise _refuse(drawing, "its Mermaid text is malformed")
    if not dot_available():
        for drawing in drawings:
            if not dot_structure_ok(drawing.dot):
                raise _refuse(drawing, "its DOT text is malformed")
        return
    try:
        _graphviz_check([d.dot for d in drawings])
    except DotError:
        for drawing in drawings:
            try:
                _graphviz_check([drawing.dot])
            except DotError as exc:
                raise _refuse(drawing, exc.args[0]) from None
