"""The offline assistant: deterministic, rule-based reading of plain English into project data.

`language/` holds the helpers that know English (sentences, verbs, hedges, pronouns);
`rules/` the patterns, each reading one kind of statement; `writer.Draft` is the one place
findings become project data; `answers` reads a reply in the context of its question and
`document` a whole text section by section. `extract` is the entry point."""

from core.intake.offline.extract import extract_document, extract_offline

__all__ = ["extract_document", "extract_offline"]
