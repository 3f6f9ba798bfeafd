"""Label text made safe for DOT and Mermaid: any user text parses and reads literally."""

from __future__ import annotations

import html
import re
import string

WIDTH = 40
_SPACES = re.compile(r"\s+")
_PLAIN = frozenset(string.ascii_letters + string.digits + " ")
# Where each Mermaid label sits, and the punctuation its grammar shows literally there:
# quoted flowchart and class labels, class members, class relationship labels (after " : ",
# where a colon ends the label) and sequence text (where "wrap:" is a directive).
FLOWCHART, CLASS_TEXT, RELATION, SEQUENCE_TEXT = "flowchart", "class", "relation", "sequence"
_RAW_PUNCT = {FLOWCHART: "_,.:-", CLASS_TEXT: "_,.:-", RELATION: "_,.-", SEQUENCE_TEXT: "_,.-"}
# Class diagrams render labels as Markdown: an underscore stays literal only inside a word.
_MARKDOWN = frozenset({CLASS_TEXT, RELATION})
# Mermaid's lexers match "direction TB" (any case) even inside quoted labels.
_MERMAID_KEYWORD = re.compile(r"(?i)d(?=irection)")
# Characters XML (and so Graphviz HTML labels and SVG) cannot carry, plus other controls.
_UNSHOWABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
REPLACEMENT = "\ufffd"


def clean(text: str) -> str:
    """Controls and characters no diagram format can carry become U+FFFD."""
    return _UNSHOWABLE.sub(REPLACEMENT, str(text))


def _wrap(line: str, width: int) -> list[str]:
    out: list[str] = []
    current = ""
    for word in line.split(" "):
        while len(word) > width:
            if current:
                out.append(current)
                current = ""
            out.append(word[:width])
            word = word[width:]
        if not current:
            current = word
        elif len(current) + 1 + len(word) <= width:
            current = f"{current} {word}"
        else:
            out.append(current)
            current = word
    if current:
        out.append(current)
    return out


def display_lines(text: str, width: int = WIDTH) -> list[str]:
    """The lines a label shows: the user's line breaks kept, spaces collapsed, long lines wrapped."""
    lines: list[str] = []
    for raw in clean(text).splitlines():
        line = _SPACES.sub(" ", raw).strip()
        if line:
            lines.extend(_wrap(line, width))
    return lines


def _dot_line(line: str) -> str:
    # Graphviz expands \N, \G... even in HTML labels (a doubled backslash is literal), and its
    # HTML parser trips over a bare "]", so brackets go as character references.
    return html.escape(line.replace("\\", "\\\\"), quote=True).replace("[", "&#91;").replace("]", "&#93;")


def dot_html(text: str, width: int = WIDTH) -> str:
    """Body of a Graphviz HTML-like label: every line escaped, joined by <BR/>; never empty."""
    return "<BR/>".join(_dot_line(line) for line in display_lines(text, width)) or "&#160;"


def dot_label(text: str, width: int = WIDTH) -> str:
    """A complete DOT label value: `<...>` with the escaped lines."""
    return f"<{dot_html(text, width)}>"


def _raw_letter(c: str) -> bool:
    """A letter or digit that goes out as it is (so Markdown sees the word it belongs to)."""
    return (c != " " and c in _PLAIN) or (ord(c) > 127 and c.isalpha())


def _raw(line: str, i: int, context: str) -> bool:
    """Whether line[i] reads literally in this context of Mermaid's grammar without encoding."""
    c = line[i]
    if c in _PLAIN or (ord(c) > 127 and c.isalpha()):
        return True
    if c not in _RAW_PUNCT[context]:
        return False
    if c == ":":  # Mermaid rewrites "style…:x#…;" lines before parsing; a colon then a space never matches
        return line[i + 1 : i + 2] == " "
    if c == "_" and context in _MARKDOWN:
        return 0 < i < len(line) - 1 and _raw_letter(line[i - 1]) and _raw_letter(line[i + 1])
    return True


def _mermaid_line(line: str, context: str = FLOWCHART) -> str:
    # Mermaid's own entity placeholders are "ﬂ°" and "¶ß": a word joiner keeps typed ones literal.
    line = line.replace("ﬂ°", "ﬂ\u2060°").replace("¶ß", "¶\u2060ß")
    line = "".join(c if _raw(line, i, context) else f"#{ord(c)};" for i, c in enumerate(line))
    return _MERMAID_KEYWORD.sub(lambda m: f"#{ord(m.group(0))};", line)


def mermaid_text(text: str, width: int = WIDTH, context: str = FLOWCHART) -> str:
    """Mermaid label text: what the context's grammar would read as syntax becomes a #code; entity."""
    return "<br>".join(_mermaid_line(line, context) for line in display_lines(text, width))


def mermaid_inline(text: str, context: str = CLASS_TEXT) -> str:
    """Mermaid text on one line (class members and relationship labels show a <br> literally)."""
    return _mermaid_line(" ".join(display_lines(text, width=10**6)), context)


def mermaid_label(text: str, width: int = WIDTH, context: str = FLOWCHART) -> str:
    """A quoted Mermaid label; a blank text becomes a single entity space so it still parses."""
    return f'"{mermaid_text(text, width, context) or "#32;"}"'
