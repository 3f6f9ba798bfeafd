"""The command line: `python -m core COMMAND ...` (demo, extract, diagrams, export, reset-link, validate)."""

from __future__ import annotations

import argparse
import importlib
import sys

COMMANDS = ("demo", "extract", "diagrams", "export", "reset_link", "stripe_sync", "validate")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m core", description="product-helper tools")
    sub = parser.add_subparsers(dest="command", required=True)
    for name in COMMANDS:
        try:
            module = importlib.import_module(f"core.commands.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"core.commands.{name}":
                raise
            continue
        module.register(sub)
    args = parser.parse_args(argv)
    return int(args.func(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
