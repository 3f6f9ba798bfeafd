"""`python -m core extract FILE [--engine offline|llm] [--name NAME]`: print the project data
drafted from a text or markdown file, as JSON, by the same path as the chat's import."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from core.errors import AppError
from core.intake import engine as engines
from core.intake.service import MAX_DOCUMENT_BYTES
from core.prd import ProjectDocument
from core.textfile import decode_text


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("extract", help="draft project data from a requirements text and print it as JSON")
    parser.add_argument("file", type=Path, help="a .md or .txt file (up to 200 KB)")
    parser.add_argument(
        "--engine",
        choices=engines.ENGINES,
        default=None,
        help="offline (rules) or llm (needs OPENAI_API_KEY); default: llm when a key is set",
    )
    parser.add_argument("--name", default=None, help="the project name (default: the file name)")
    parser.set_defaults(func=run)


def vision_of(text: str) -> str:
    """The first paragraph that is not a heading: the closest thing to a vision."""
    for block in text.split("\n\n"):
        block = " ".join(line.strip() for line in block.strip().splitlines() if not line.lstrip().startswith("#"))
        if len(block) >= 10:
            return block[:5000]
    return ""


def run(args: argparse.Namespace) -> int:
    try:
        raw = args.file.read_bytes()
    except OSError as exc:
        print(f"error: cannot read {args.file}: {exc.strerror}", file=sys.stderr)
        return 2
    if len(raw) > MAX_DOCUMENT_BYTES:
        print(f"error: {args.file} is {len(raw) // 1024} KB; the limit is 200 KB", file=sys.stderr)
        return 2
    try:
        text = decode_text(raw)
    except AppError as exc:
        print(f"error: {args.file}: {exc.message}", file=sys.stderr)
        return 2
    try:
        engine = engines.resolve_engine(args.engine)
        data = engines.draft_document(text, engine=engine)
    except AppError as exc:
        print(f"error: {exc.message}", file=sys.stderr)
        return 1
    name = (args.name or args.file.stem.replace("_", " ").replace("-", " ").strip() or "Untitled project")[:255]
    document = ProjectDocument(name=name, vision=vision_of(text), data=data)
    print(document.model_dump_json(indent=2))
    return 0
