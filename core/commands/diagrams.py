"""`python -m core diagrams PROJECT.json --out DIR`: every diagram as .dot, .mmd (and .svg)."""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from core.commands._document import read_document
from core.diagrams import Drawing, generate_all
from core.diagrams.check import verify
from core.diagrams.render import render_svgs
from core.errors import AppError


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("diagrams", help="write the five diagrams of a project document as DOT, Mermaid and SVG")
    parser.add_argument("project", type=Path, help="a project document (what `extract` prints)")
    parser.add_argument("--out", type=Path, required=True, help="the folder to write into (created if missing)")
    parser.set_defaults(func=run)


def file_stem(drawing: Drawing, index: int) -> str:
    """context_diagram, or sequence_diagram-01-uc-1 for a use case (never raw user text)."""
    if not drawing.key:
        return drawing.type
    slug = re.sub(r"[^A-Za-z0-9]+", "-", drawing.key).strip("-").lower()[:40]
    return f"{drawing.type}-{index:02d}" + (f"-{slug}" if slug else "")


def run(args: argparse.Namespace) -> int:
    doc = read_document(args.project)
    if doc is None:
        return 2
    drawings = generate_all(doc.data, system=doc.name).all()
    try:
        verify(drawings)
    except AppError as exc:
        print(f"error: {exc.message}", file=sys.stderr)
        return 1
    args.out.mkdir(parents=True, exist_ok=True)
    counters: dict[str, int] = {}
    for drawing, svg in zip(drawings, render_svgs([d.dot for d in drawings])):
        counters[drawing.type] = counters.get(drawing.type, 0) + 1
        stem = file_stem(drawing, counters[drawing.type])
        (args.out / f"{stem}.dot").write_text(drawing.dot, encoding="utf-8")
        (args.out / f"{stem}.mmd").write_text(drawing.mermaid, encoding="utf-8")
        if svg is not None:
            (args.out / f"{stem}.svg").write_text(svg, encoding="utf-8")
        print(args.out / stem)
    return 0
