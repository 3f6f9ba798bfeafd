"""SVG and PNG through the `dot` binary when it is installed; callers cope with None otherwise."""

from __future__ import annotations

import re
import shutil
import subprocess
from typing import NamedTuple

TIMEOUT_S = 60
# PNGs are drawn at twice Graphviz's 72 dpi, sharp on slides and high-density screens.
PNG_SCALE = 2
GRAPHVIZ_MISSING = "Graphviz is not installed on the server"
_PROLOG = re.compile(r"<\?xml.*?\?>|<!DOCTYPE.*?>|<!--.*?-->", re.DOTALL)
_NAMESPACES = re.compile(r'\s+xmlns(?::xlink)?="[^"]*"')


class DotError(Exception):
    """`dot` refused the source; `message` is its first error line."""


def dot_available() -> bool:
    return shutil.which("dot") is not None


def run_dot(source: str, fmt: str, tool: str = "dot", options: tuple[str, ...] = ()) -> bytes:
    """Run `dot -T<fmt> [options]` (or another Graphviz tool) on the source; DotError with its message."""
    exe = shutil.which(tool)
    if exe is None:
        raise DotError(f"Graphviz ({tool}) is not installed.")
    args = [exe, f"-T{fmt}", *options] if tool == "dot" else [exe]
    try:
        proc = subprocess.run(args, input=source.encode(), capture_output=True, timeout=TIMEOUT_S, check=False)
    except subprocess.TimeoutExpired:
        raise DotError(f"Graphviz took longer than {TIMEOUT_S} s.") from None
    if proc.returncode != 0:
        lines = proc.stderr.decode(errors="replace").strip().splitlines()
        raise DotError(lines[0] if lines else f"dot exited with {proc.returncode}")
    return proc.stdout


def render_svg(source: str) -> str | None:
    """The diagram as an SVG document, or None without Graphviz."""
    return run_dot(source, "svg").decode() if dot_available() else None


def render_png(source: str, *, scale: int = PNG_SCALE) -> bytes | None:
    """The diagram as a PNG image at `scale` times 72 dpi, or None without Graphviz."""
    return run_dot(source, "png", options=(f"-Gdpi={72 * scale}",)) if dot_available() else None


def inline_svg(svg: str) -> str:
    """An SVG fit to sit inside an HTML page: no XML prolog, doctype, comments or namespace URLs."""
    return _NAMESPACES.sub("", _PROLOG.sub("", svg)).strip()


_SVG_START = re.compile(r"(?=<\?xml )")


class Rendered(NamedTuple):
    """One diagram as SVG, or None with the reason: Graphviz is missing, or dot's own message."""

    svg: str | None
    error: str = ""


def draw_svgs(sources: list[str]) -> list[Rendered]:
    """Many diagrams as SVG in one dot run (one run each if the batch fails), each with why it failed."""
    if not sources:
        return []
    if not dot_available():
        return [Rendered(None, GRAPHVIZ_MISSING)] * len(sources)
    try:
        svgs = [s for s in _SVG_START.split(run_dot("".join(sources), "svg").decode()) if s.strip()]
        if len(svgs) == len(sources):
            return [Rendered(svg) for svg in svgs]
    except DotError:
        pass
    return [_one_svg(source) for source in sources]


def render_svgs(sources: list[str]) -> list[str | None]:
    """Many diagrams as SVG; None for each one that could not be drawn."""
    return [r.svg for r in draw_svgs(sources)]


def _one_svg(source: str) -> Rendered:
    try:
        return Rendered(run_dot(source, "svg").decode())
    except DotError as exc:
        return Rendered(None, exc.args[0])
