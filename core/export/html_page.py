"""The PRD as one self-contained HTML file: inline CSS and SVG, every user text escaped."""

from __future__ import annotations

from datetime import UTC, datetime
from html import escape

from pydantic import BaseModel

from core.diagrams import ACTIVITY, CLASS, CONTEXT, SEQUENCE, TITLES, USE_CASE, DiagramSet, Drawing
from core.diagrams.base import too_large_note
from core.diagrams.escape import clean
from core.diagrams.render import GRAPHVIZ_MISSING, Rendered, draw_svgs, inline_svg
from core.export.markdown import STALE_NOTE, failing_line, relationship, run_line, verdict
from core.export.summary import ValidationSummary
from core.prd import ProjectDocument


class ExportInfo(BaseModel):
    """Who and what the exported PRD is about, for its title block; every field may be unknown."""

    team: str = ""
    author: str = ""
    version: int | None = None
    status: str = ""
    exported_at: datetime | None = None


CSS = """
body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1e293b;max-width:60rem;
margin:2rem auto;padding:0 1rem;overflow-wrap:anywhere;word-break:break-word}
h1,h2,h3,h4,td,th,li,p,pre{overflow-wrap:anywhere;word-break:break-word}
h1{font-size:2rem;border-bottom:3px solid #2563eb;padding-bottom:.3rem}
h2{margin-top:2.2rem;border-bottom:1px solid #cbd5e1;padding-bottom:.2rem}
table{border-collapse:collapse;width:100%;margin:.5rem 0;table-layout:fixed}
th,td{border:1px solid #cbd5e1;padding:.35rem .5rem;text-align:left;vertical-align:top}
th{background:#f1f5f9}
.none{color:#64748b;font-style:italic}
.note{color:#92400e;background:#fffbeb;border:1px solid #fcd34d;border-radius:6px;padding:.4rem .6rem}
figure{margin:1rem 0}
.diagram{border:1px solid #e2e8f0;border-radius:6px;padding:.5rem}
.diagram svg{display:block;max-width:100%;width:auto;height:auto;margin:0 auto}
.about{display:grid;grid-template-columns:max-content 1fr;gap:.15rem 1rem;margin:0 0 1rem;color:#334155}
.about dt{font-weight:600}.about dd{margin:0}
nav.toc{background:#f8fafc;border:1px solid #e2e8f0;border-radius:6px;padding:.5rem 1rem;margin:1rem 0}
nav.toc ol{margin:.3rem 0;padding-left:1.4rem;columns:2}
pre{background:#f8fafc;border:1px solid #e2e8f0;padding:.6rem;overflow-x:auto;white-space:pre-wrap}
.score{font-size:1.3rem;font-weight:600}
@media print{body{margin:0;max-width:none;font-size:11pt}
h2,h3,h4{break-after:avoid;page-break-after:avoid}
figure,tr,.use-case{break-inside:avoid;page-break-inside:avoid}
.diagram{border:none}nav.toc{break-after:page}}
"""
NONE = '<p class="none">None yet.</p>'


def esc(text: str) -> str:
    """User text escaped for HTML, its line breaks kept."""
    return "<br>".join(escape(" ".join(line.split())) for line in clean(text).splitlines() if line.strip())


def _list(items: list[str]) -> str:
    shown = [f"<li>{esc(i)}</li>" for i in items if esc(i)]
    return f"<ul>{''.join(shown)}</ul>" if shown else NONE


def _table(header: dict[str, int], rows: list[list[str]]) -> str:
    """A table with fixed column widths (header → percent), so long text wraps instead of widening it."""
    if not rows:
        return NONE
    cols = "".join(f'<col style="width:{width}%">' for width in header.values())
    head = "".join(f"<th>{h}</th>" for h in header)
    body = "".join("<tr>" + "".join(f"<td>{esc(c)}</td>" for c in row) + "</tr>" for row in rows)
    return f"<table><colgroup>{cols}</colgroup><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _stories(stories: list) -> str:
    """A use case's user stories as written, each with its priority when the story states one."""
    shown = [
        f'<li class="story">{esc(s.text)}'
        + (f" <em>({esc(s.priority)})</em>" if s.priority.strip() and s.priority.strip().lower() != "should" else "")
        + "</li>"
        for s in stories
        if esc(s.text)
    ]
    return f"<h4>User stories ({len(shown)})</h4><ul>{''.join(shown)}</ul>" if shown else ""


def _use_cases(doc: ProjectDocument) -> str:
    parts = []
    for uc in doc.data.use_cases:
        facts = "".join(
            f"<li><strong>{label}:</strong> {esc(value) or '—'}</li>"
            for label, value in (
                ("Actor", uc.actor),
                ("Priority", uc.priority),
                ("Trigger", uc.trigger),
                ("Outcome", uc.outcome),
            )
        )
        steps = "".join(f"<li>{esc(s)}</li>" for s in uc.steps if esc(s))
        parts.append(
            f'<section class="use-case"><h3>{esc(f"{uc.id} {uc.name}".strip())}</h3><ul>{facts}</ul>'
            + (f"<p>{esc(uc.description)}</p>" if uc.description.strip() else "")
            + (f"<h4>Preconditions</h4>{_list(uc.preconditions)}" if uc.preconditions else "")
            + (f"<h4>Main flow</h4><ol>{steps}</ol>" if steps else "")
            + (f"<h4>Postconditions</h4>{_list(uc.postconditions)}" if uc.postconditions else "")
            + _stories(uc.stories)
            + "</section>"
        )
    return "".join(parts) or NONE


def _figure(drawing: Drawing, rendered: Rendered) -> str:
    """A diagram with its heading, kept on one printed page; its Mermaid text when no SVG was drawn."""
    title = f"<h4>{esc(drawing.title)}</h4>" if drawing.key else ""
    if rendered.svg:
        return f'<figure>{title}<div class="diagram">{inline_svg(rendered.svg)}</div></figure>'
    if rendered.error == GRAPHVIZ_MISSING:
        why = "Graphviz is not installed"
    else:
        why = f"Graphviz could not draw this diagram ({escape(rendered.error)})"
    note = (
        f'<p class="note">{escape(too_large_note(drawing))} The DOT/SVG downloads on the Diagrams page '
        "are complete.</p>"
        if drawing.mermaid_too_large
        else ""
    )
    return (
        f'<figure>{title}<p class="none">{why}; the diagram\'s Mermaid text:</p>{note}'
        f"<pre>{escape(drawing.mermaid)}</pre></figure>"
    )


def _diagrams(diagrams: DiagramSet, with_svg: bool) -> str:
    drawings = diagrams.all()
    rendered = draw_svgs([d.dot for d in drawings]) if with_svg else [Rendered(None, GRAPHVIZ_MISSING)] * len(drawings)
    by_id = {id(d): r for d, r in zip(drawings, rendered, strict=True)}
    parts = []
    for artifact_type in (CONTEXT, USE_CASE, CLASS, SEQUENCE, ACTIVITY):
        if diagrams.of(artifact_type):
            parts.append(f"<h3>{TITLES[artifact_type]}</h3>")
            parts += [_figure(d, by_id[id(d)]) for d in diagrams.of(artifact_type)]
    return "".join(parts) or NONE


def _validation(summary: ValidationSummary | None) -> str:
    if summary is None:
        return '<p class="none">Not validated yet.</p>'
    head = (
        f'<p class="score">Score {summary.score}/100</p><p>{esc(verdict(summary))}.</p><p>{esc(run_line(summary))}</p>'
    )
    stale = "" if summary.up_to_date else f'<p class="note">{esc(STALE_NOTE)}</p>'
    items = "".join(
        f"<li><strong>{esc(failing_line(f))}</strong>" + (f": {esc(f.hint)}" if f.hint else "") + "</li>"
        for f in summary.failing
    )
    return head + stale + (f"<h3>Failing checks</h3><ul>{items}</ul>" if items else "")


def _validation_status(summary: ValidationSummary | None) -> str:
    if summary is None:
        return "not validated yet"
    state = {True: "passes", False: "does not pass yet", None: "verdict unknown"}[summary.passed]
    return f"score {summary.score}/100, {state}" + ("" if summary.up_to_date else " (the data changed since)")


def _title_block(doc: ProjectDocument, about: ExportInfo, validation: ValidationSummary | None) -> str:
    when = (about.exported_at or datetime.now(UTC)).astimezone(UTC)
    rows = [
        ("Project", doc.name),
        ("Team", about.team),
        ("Date", f"{when:%Y-%m-%d %H:%M} UTC"),
        ("Version", "" if about.version is None else str(about.version)),
        ("Author", about.author),
        ("Status", about.status.replace("_", " ")),
        ("Validation", _validation_status(validation)),
    ]
    return '<dl class="about">' + "".join(f"<dt>{k}</dt><dd>{esc(v)}</dd>" for k, v in rows if v.strip()) + "</dl>"


def _anchor(title: str) -> str:
    return "-".join(title.lower().replace("-", " ").split())


def render_html(
    doc: ProjectDocument,
    diagrams: DiagramSet,
    validation: ValidationSummary | None = None,
    *,
    with_svg: bool = True,
    about: ExportInfo | None = None,
) -> str:
    """The whole PRD as one HTML file that makes no outside request and prints cleanly: a title
    block, a table of contents, then every section; diagrams scale to the page's width."""
    d, b = doc.data, doc.data.system_boundaries
    scope = "".join(
        f"<h3>{label}</h3>{_list(items)}"
        for label, items in (
            ("In scope", b.in_scope),
            ("Out of scope", b.out_of_scope),
            ("Internal components", b.internal),
            ("External systems", b.external),
        )
    )
    sections = [
        ("Vision", f"<p>{esc(doc.vision)}</p>" if doc.vision.strip() else NONE),
        ("Problem statement", f"<p>{esc(d.problem_statement.text)}</p>" if d.problem_statement.text.strip() else NONE),
        (
            "Goals and success metrics",
            _table(
                {"Goal": 34, "Metric": 20, "Target": 16, "Owner": 15, "Due": 15},
                [[g.statement, g.metric, g.target, g.owner, g.due] for g in d.goals],
            ),
        ),
        (
            "Actors",
            _table(
                {"Actor": 15, "Kind": 12, "Role": 15, "Description": 22, "Permissions": 18, "Goals": 18},
                [
                    [
                        a.name,
                        a.kind.replace("_", " "),
                        a.role,
                        a.description,
                        "\n".join(a.permissions),
                        "\n".join(a.goals),
                    ]
                    for a in d.actors
                ],
            ),
        ),
        ("Use cases", _use_cases(doc)),
        ("Scope", scope),
        (
            "Data entities",
            _table(
                {"Entity": 18, "Description": 24, "Attributes": 28, "Relationships": 30},
                [
                    [
                        e.name,
                        e.description,
                        "\n".join(e.attributes),
                        "\n".join(relationship(r.label, r.kind, r.target) for r in e.relationships),
                    ]
                    for e in d.data_entities
                ],
            ),
        ),
        (
            "Constraints",
            f"<h3>Business</h3>{_list(d.constraints.business)}<h3>Technical</h3>{_list(d.constraints.technical)}",
        ),
        (
            "Non-functional requirements",
            _table(
                {"Category": 16, "Requirement": 44, "Metric": 20, "Target": 20},
                [[n.category, n.statement, n.metric, n.target] for n in d.nfrs],
            ),
        ),
        ("Diagrams", _diagrams(diagrams, with_svg)),
        ("Validation", _validation(validation)),
    ]
    body = "".join(f'<h2 id="{_anchor(title)}">{title}</h2>{content}' for title, content in sections)
    toc = "".join(f'<li><a href="#{_anchor(title)}">{title}</a></li>' for title, _ in sections)
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{esc(doc.name)} — PRD</title><style>{CSS}</style></head>"
        f"<body><h1>{esc(doc.name)}</h1>{_title_block(doc, about or ExportInfo(), validation)}"
        f'<nav class="toc"><strong>Contents</strong><ol>{toc}</ol></nav>{body}</body></html>\n'
    )
