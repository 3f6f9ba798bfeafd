"""The PRD as one self-contained HTML file: inline CSS and SVG, every user text escaped."""

from __future__ import annotations

from html import escape

from core.diagrams import ACTIVITY, CLASS, CONTEXT, SEQUENCE, TITLES, USE_CASE, DiagramSet, Drawing
from core.diagrams.escape import clean
from core.diagrams.render import inline_svg, render_svgs
from core.export.summary import ValidationSummary
from core.project_data import ProjectDocument

CSS = """
body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1e293b;max-width:60rem;margin:2rem auto;padding:0 1rem}
h1{font-size:2rem;border-bottom:3px solid #2563eb;padding-bottom:.3rem}
h2{margin-top:2.2rem;border-bottom:1px solid #cbd5e1;padding-bottom:.2rem}
table{border-collapse:collapse;width:100%;margin:.5rem 0}
th,td{border:1px solid #cbd5e1;padding:.35rem .5rem;text-align:left;vertical-align:top}
th{background:#f1f5f9}
.none{color:#64748b;font-style:italic}
.diagram{overflow-x:auto;margin:1rem 0;border:1px solid #e2e8f0;border-radius:6px;padding:.5rem}
.diagram svg{max-width:100%;height:auto}
pre{background:#f8fafc;border:1px solid #e2e8f0;padding:.6rem;overflow-x:auto;white-space:pre-wrap}
.score{font-size:1.3rem;font-weight:600}
@media print{body{margin:0;max-width:none;font-size:11pt}h2{page-break-after:avoid}
.diagram,table,.use-case{page-break-inside:avoid}.diagram{border:none}}
"""
NONE = '<p class="none">None yet.</p>'


def esc(text: str) -> str:
    """User text escaped for HTML, its line breaks kept."""
    return "<br>".join(escape(" ".join(line.split())) for line in clean(text).splitlines() if line.strip())


def _list(items: list[str]) -> str:
    shown = [f"<li>{esc(i)}</li>" for i in items if esc(i)]
    return f"<ul>{''.join(shown)}</ul>" if shown else NONE


def _table(header: list[str], rows: list[list[str]]) -> str:
    if not rows:
        return NONE
    head = "".join(f"<th>{h}</th>" for h in header)
    body = "".join("<tr>" + "".join(f"<td>{esc(c)}</td>" for c in row) + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _use_cases(doc: ProjectDocument) -> str:
    parts = []
    for uc in doc.data.use_cases:
        facts = "".join(
            f"<li><strong>{label}:</strong> {esc(value) or '—'}</li>"
            for label, value in (("Actor", uc.actor), ("Priority", uc.priority), ("Trigger", uc.trigger), ("Outcome", uc.outcome))
        )
        steps = "".join(f"<li>{esc(s)}</li>" for s in uc.steps if esc(s))
        parts.append(
            f'<section class="use-case"><h3>{esc(f"{uc.id} {uc.name}".strip())}</h3><ul>{facts}</ul>'
            + (f"<p>{esc(uc.description)}</p>" if uc.description.strip() else "")
            + (f"<h4>Preconditions</h4>{_list(uc.preconditions)}" if uc.preconditions else "")
            + (f"<h4>Main flow</h4><ol>{steps}</ol>" if steps else "")
            + (f"<h4>Postconditions</h4>{_list(uc.postconditions)}" if uc.postconditions else "")
            + "</section>"
        )
    return "".join(parts) or NONE


def _figure(drawing: Drawing, svg: str | None) -> str:
    title = f"<h4>{esc(drawing.title)}</h4>" if drawing.key else ""
    if svg:
        return f'{title}<div class="diagram">{inline_svg(svg)}</div>'
    return f"{title}<p class=\"none\">Graphviz is not installed; the diagram's Mermaid text:</p><pre>{escape(drawing.mermaid)}</pre>"


def _diagrams(diagrams: DiagramSet, with_svg: bool) -> str:
    drawings = diagrams.all()
    svgs = render_svgs([d.dot for d in drawings]) if with_svg else [None] * len(drawings)
    by_id = {id(d): s for d, s in zip(drawings, svgs)}
    parts = []
    for artifact_type in (CONTEXT, USE_CASE, CLASS, SEQUENCE, ACTIVITY):
        if diagrams.of(artifact_type):
            parts.append(f"<h3>{TITLES[artifact_type]}</h3>")
            parts += [_figure(d, by_id[id(d)]) for d in diagrams.of(artifact_type)]
    return "".join(parts) or NONE


def _validation(summary: ValidationSummary | None) -> str:
    if summary is None:
        return '<p class="none">Not validated yet.</p>'
    when = f" on {summary.created_at:%Y-%m-%d %H:%M} UTC" if summary.created_at else ""
    head = (f'<p class="score">Score {summary.score}/100</p><p>{summary.passed} checks passed, '
            f"{summary.failed} failed (rubric {esc(summary.rubric_version)}{when}).</p>")
    items = "".join(f"<li><strong>{esc(f.check)}</strong>" + (f": {esc(f.hint)}" if f.hint else "") + "</li>"
                    for f in summary.failing)
    return head + (f"<ul>{items}</ul>" if items else "")


def render_html(
    doc: ProjectDocument, diagrams: DiagramSet, validation: ValidationSummary | None = None, *, with_svg: bool = True
) -> str:
    """The whole PRD as one HTML file that makes no outside request and prints cleanly."""
    d, b = doc.data, doc.data.system_boundaries
    scope = "".join(f"<h3>{label}</h3>{_list(items)}" for label, items in (
        ("In scope", b.in_scope), ("Out of scope", b.out_of_scope),
        ("Internal components", b.internal), ("External systems", b.external)))
    sections = [
        ("Vision", f"<p>{esc(doc.vision)}</p>" if doc.vision.strip() else NONE),
        ("Problem statement", f"<p>{esc(d.problem_statement.text)}</p>" if d.problem_statement.text.strip() else NONE),
        ("Goals and success metrics", _table(["Goal", "Metric", "Target", "Owner", "Due"],
                                              [[g.statement, g.metric, g.target, g.owner, g.due] for g in d.goals])),
        ("Actors", _table(["Actor", "Kind", "Role", "Permissions", "Goals"],
                          [[a.name, a.kind.replace("_", " "), a.role, "\n".join(a.permissions), "\n".join(a.goals)] for a in d.actors])),
        ("Use cases", _use_cases(doc)),
        ("Scope", scope),
        ("Data entities", _table(["Entity", "Attributes", "Relationships"], [
            [e.name, "\n".join(e.attributes), "\n".join(f"{r.label or r.kind.replace('_', ' ')} → {r.target}" for r in e.relationships)]
            for e in d.data_entities])),
        ("Constraints", f"<h3>Business</h3>{_list(d.constraints.business)}<h3>Technical</h3>{_list(d.constraints.technical)}"),
        ("Non-functional requirements", _table(["Category", "Requirement", "Metric", "Target"],
                                                [[n.category, n.statement, n.metric, n.target] for n in d.nfrs])),
        ("Diagrams", _diagrams(diagrams, with_svg)),
        ("Validation", _validation(validation)),
    ]
    body = "".join(f"<h2>{title}</h2>{content}" for title, content in sections)
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{esc(doc.name)} — PRD</title><style>{CSS}</style></head>"
        f"<body><h1>{esc(doc.name)}</h1>{body}</body></html>\n"
    )
