"""Helpers for reading what a diagram shows: SVG text from dot, whitespace-free comparisons."""

from __future__ import annotations

import re
import subprocess
import xml.etree.ElementTree as ET

from hypothesis import HealthCheck, given, settings

from core.diagrams.escape import display_lines

_WS = re.compile(r"\s+")
_SVG_START = re.compile(r"(?=<\?xml )")


def squash(text: str) -> str:
    """What a label reads as, whitespace and word joiners removed, as `shown_text` does."""
    return shown_text("".join(display_lines(text, width=10**6)))


def shown_text(svg_text: str) -> str:
    """Rendered text without whitespace (wrapping and layout move it) or the escaper's word joiners."""
    return _WS.sub("", svg_text.replace("\u2060", ""))


def dot_svgs(dot: str, sources: list[str]) -> list[str]:
    """Every source drawn as SVG, by one dot process when it copes, else one at a time."""
    proc = subprocess.run([dot, "-Tsvg"], input="".join(sources).encode(), capture_output=True, timeout=300)
    svgs = [s for s in _SVG_START.split(proc.stdout.decode(errors="replace")) if s.strip()]
    if proc.returncode == 0 and len(svgs) == len(sources):
        return svgs
    return [_one_svg(dot, source) for source in sources]


def _one_svg(dot: str, source: str) -> str:
    proc = subprocess.run([dot, "-Tsvg"], input=source.encode(), capture_output=True, timeout=60)
    assert proc.returncode == 0, (proc.stderr.decode(errors="replace")[:2000], source)
    return proc.stdout.decode()


def svg_text(svg: str) -> str:
    """All text an SVG document shows, in document order."""
    root = ET.fromstring(svg.encode())
    return "".join("".join(el.itertext()) for el in root.iter("{http://www.w3.org/2000/svg}text"))


def collect(strategy, max_examples: int) -> list:
    """Draw examples from a strategy so a whole batch can be checked by one external parser."""
    found: list = []

    @settings(
        max_examples=max_examples,
        database=None,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(strategy)
    def draw(example) -> None:
        found.append(example)

    draw()
    return found
