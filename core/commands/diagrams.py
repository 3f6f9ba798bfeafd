"""`python -m core diagrams PROJECT.json --out DIR`: every diagram as .dot, .mmd (and .svg)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from core.commands._document import read_document
from core.diagrams import TITLES, TYPES, Drawing, generate_all
from core.diagrams.base import too_large_note
from core.diagrams.check import verify
from core.diagrams.render import GRAPHVIZ_MISSING, draw_svgs
from core.errors import AppError
from core.filenames import slug


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("diagrams", help="write the five diagrams of a project document as DOT, Mermaid and SVG")
    parser.add_argument("project", type=Path, help="a project document (what `extract` prints)")
    parser.add_argument("--out", type=Path, required=True, help="the folder to write into (created if missing)")
    parser.set_defaults(func=run)


def file_stem(drawing: Drawing, index: int) -> str:
    """context_diagram, or sequence_diagram-01-uc-1 for a use case (never raw user text)."""
    if not drawing.key:
        return drawing.type
    stem = slug(drawing.key)
    return f"{drawing.type}-{index:02d}" + (f"-{stem}" if stem else "")


def run(args: argparse.Namespace) -> int:
    doc = read_document(args.project)
    if doc is None:
        return 2
    diagrams = generate_all(doc.data, system=doc.name)
    drawings = diagrams.all()
    try:
        verify(drawings)
    except AppError as exc:
        print(f"error: {getattr(exc, 'plain', exc.message)}", file=sys.stderr)
        return 1
    args.out.mkdir(parents=True, exist_ok=True)
    for artifact_type in TYPES:
        if not diagrams.of(artifact_type):
            print(f"note: no {TITLES[artifact_type].lower()}: nothing to draw yet", file=sys.stderr)
    return _write(args.out, drawings)


def _write(out: Path, drawings: list[Drawing]) -> int:
    """Every drawing's files; 1 when an SVG could not be drawn (its .dot and .mmd are still written)."""
    counters: dict[str, int] = {}
    status = 0
    rendered = draw_svgs([d.dot for d in drawings])
    if rendered and rendered[0].error == GRAPHVIZ_MISSING:
        print("note: Graphviz (dot) is not installed: no .svg written", file=sys.stderr)
    for drawing, result in zip(drawings, rendered, strict=True):
        counters[drawing.type] = counters.get(drawing.type, 0) + 1
        stem = file_stem(drawing, counters[drawing.type])
        (out / f"{stem}.dot").write_text(drawing.dot, encoding="utf-8")
        (out / f"{stem}.mmd").write_text(drawing.mermaid, encoding="utf-8")
        if drawing.mermaid_too_large:
            print(f"warning: {stem}.mmd: {too_large_note(drawing)} {stem}.dot is complete.", file=sys.stderr)
        if result.svg is not None:
            (out / f"{stem}.svg").write_text(result.svg, encoding="utf-8")
        elif result.error != GRAPHVIZ_MISSING:
            print(f"error: {stem}.svg not written: Graphviz could not draw it ({result.error})", file=sys.stderr)
            status = 1
        print(out / stem)
    return status
