"""Label text made safe for DOT and Mermaid: any user text parses and reads literally."""

from __future__ import annotations

import html
import re
import string

WIDTH = 40
_SPACES = re.compile(r"\s+")
_SAFE_MERMAID = frozenset(string.ascii_letters + string.digits + " ")
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


def _mermaid_line(line: str) -> str:
    # Mermaid's own entity placeholders are "ﬂ°" and "¶ß": a word joiner keeps typed ones literal.
    line = line.replace("ﬂ°", "ﬂ\u2060°").replace("¶ß", "¶\u2060ß")
    line = "".join(c if c in _SAFE_MERMAID else f"#{ord(c)};" for c in line)
    return _MERMAID_KEYWORD.sub(lambda m: f"#{ord(m.group(0))};", line)


def mermaid_text(text: str, width: int = WIDTH) -> str:
    """Mermaid label text: anything but ASCII letters, digits and space as a #code; entity."""
    return "<br>".join(_mermaid_line(line) for line in display_lines(text, width))


def mermaid_inline(text: str) -> str:
    """Mermaid text on one line (class members show a <br> literally)."""
    return _mermaid_line(" ".join(display_lines(text, width=10**6)))


def mermaid_label(text: str, width: int = WIDTH) -> str:
    """A quoted Mermaid label; a blank text becomes a single entity space so it still parses."""
    return f'"{mermaid_text(text, width) or "#32;"}"'
