"""The PRD as Markdown and as self-contained HTML: pure renderers and the export service."""

from core.export.html_page import render_html
from core.export.markdown import render_markdown
from core.export.service import ExportedFile, export_html, export_markdown
from core.export.summary import ValidationSummary, latest_validation

__all__ = [
    "ExportedFile",
    "ValidationSummary",
    "export_html",
    "export_markdown",
    "latest_validation",
    "render_html",
    "render_markdown",
]
