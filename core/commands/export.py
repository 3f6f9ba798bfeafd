"""`python -m core export PROJECT.json --format md|html`: print the PRD of a project document."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from core.commands._document import read_document
from core.diagrams import generate_all
from core.diagrams.check import verify
from core.errors import AppError
from core.export import render_html, render_markdown


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("export", help="print the PRD of a project document as Markdown or HTML")
    parser.add_argument("project", type=Path, help="a project document (what `extract` prints)")
    parser.add_argument("--format", choices=("md", "html"), default="md")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    doc = read_document(args.project)
    if doc is None:
        return 2
    diagrams = generate_all(doc.data, system=doc.name)
    try:
        verify(diagrams.all())
    except AppError as exc:
        print(f"error: {getattr(exc, 'plain', exc.message)}", file=sys.stderr)
        return 1
    render = render_markdown if args.format == "md" else render_html
    sys.stdout.write(render(doc, diagrams))
    return 0
