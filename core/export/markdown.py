"""The PRD as GitHub-flavoured Markdown: user text escaped, diagrams as mermaid blocks."""

from __future__ import annotations

from core.diagrams import ACTIVITY, CLASS, CONTEXT, SEQUENCE, TITLES, USE_CASE, DiagramSet
from core.diagrams.base import too_large_note
from core.diagrams.escape import clean
from core.export.summary import FailedCheck, ValidationSummary
from core.markdown import escape_lines
from core.prd import ProjectDocument

NONE = "_None yet._"


def md(text: str, *, in_table: bool = False) -> str:
    """User text shown literally, lines joined by <br>; what no diagram format carries is replaced first."""
    return escape_lines(clean(text), in_table=in_table)


def paragraph(text: str) -> str:
    return md(text) or NONE


def bullets(items: list[str]) -> list[str]:
    shown = [f"- {md(i)}" for i in items if md(i)]
    return shown or [NONE]


def relationship(label: str, kind: str, target: str) -> str:
    """ "places (one to many) → Order": the label, the multiplicity and the target."""
    kind = kind.replace("_", " ")
    return f"{label} ({kind}) → {target}" if label.strip() else f"{kind} → {target}"


def table(header: list[str], rows: list[list[str]]) -> list[str]:
    if not rows:
        return [NONE]
    out = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    out += ["| " + " | ".join(md(c, in_table=True) or " " for c in row) + " |" for row in rows]
    return out


def _use_cases(doc: ProjectDocument) -> list[str]:
    out: list[str] = []
    for uc in doc.data.use_cases:
        out += ["", f"### {md(f'{uc.id} {uc.name}'.strip())}", ""]
        for label, value in (
            ("Actor", uc.actor),
            ("Priority", uc.priority),
            ("Trigger", uc.trigger),
            ("Outcome", uc.outcome),
        ):
            out.append(f"- **{label}:** {md(value) or '—'}")
        if uc.description:
            out += ["", md(uc.description)]
        for label, items in (("Preconditions", uc.preconditions), ("Postconditions", uc.postconditions)):
            if items:
                out += ["", f"**{label}**", "", *bullets(items)]
        steps = [md(s) for s in uc.steps if md(s)]
        if steps:
            out += ["", "**Main flow**", "", *(f"{n}. {s}" for n, s in enumerate(steps, 1))]
        stories = [story_line(s.text, s.priority) for s in uc.stories if md(s.text)]
        if stories:
            out += ["", f"**User stories ({len(stories)})**", "", *(f"- {s}" for s in stories)]
    return out or ["", NONE]


def story_line(text: str, priority: str = "") -> str:
    """One user story as written, escaped, its priority after it when the story states one."""
    return md(text) + (f" _({md(priority)})_" if priority.strip() and priority.strip().lower() != "should" else "")


def _diagrams(diagrams: DiagramSet) -> list[str]:
    out: list[str] = []
    for artifact_type in (CONTEXT, USE_CASE, CLASS, SEQUENCE, ACTIVITY):
        drawings = diagrams.of(artifact_type)
        if not drawings:
            continue
        out += ["", f"### {TITLES[artifact_type]}"]
        for drawing in drawings:
            if drawing.key:
                out += ["", f"#### {md(drawing.title)}"]
            if drawing.mermaid_too_large:
                out += [
                    "",
                    f"> **Too large for Mermaid renderers.** {md(too_large_note(drawing))} "
                    "The DOT/SVG downloads and the HTML export are complete.",
                ]
            out += ["", "```mermaid", drawing.mermaid.rstrip("\n"), "```"]
    return out or ["", NONE]


def verdict(summary: ValidationSummary) -> str:
    """'Passes' or 'Does not pass', with what passing needs; the words both exports use."""
    if summary.passed is None:
        return "Verdict unknown (stored by an older rubric)"
    needs = f"passing needs every hard gate and a score of at least {summary.pass_score}"
    return f"Passes ({needs})" if summary.passed else f"Does not pass ({needs})"


def run_line(summary: ValidationSummary) -> str:
    """How many checks passed, which rubric, when (no user text)."""
    when = f" on {summary.created_at:%Y-%m-%d %H:%M} UTC" if summary.created_at else ""
    total = summary.passed_checks + summary.failed_checks
    return f"{summary.passed_checks} of {total} checks passed; rubric {summary.rubric_version}{when}."


STALE_NOTE = "The project changed after this run; run validation again for a current score."


def failing_line(check: FailedCheck) -> str:
    kind = "hard gate" if check.gate else check.severity
    items = f", {check.items} item{'s' if check.items != 1 else ''}" if check.items else ""
    return f"{check.id} {check.title} ({kind}{items})"


def _validation(summary: ValidationSummary | None) -> list[str]:
    if summary is None:
        return ["", "_Not validated yet._"]
    out = ["", f"**Score {summary.score}/100.** {md(verdict(summary))}.", "", md(run_line(summary))]
    if not summary.up_to_date:
        out += ["", f"> {md(STALE_NOTE)}"]
    if summary.failing:
        out += ["", "**Failing checks**", ""]
        out += [f"- **{md(failing_line(f))}**" + (f": {md(f.hint)}" if f.hint else "") for f in summary.failing]
    return out


def render_markdown(doc: ProjectDocument, diagrams: DiagramSet, validation: ValidationSummary | None = None) -> str:
    """The whole PRD; the same document and diagrams always give the same text."""
    d = doc.data
    b = d.system_boundaries
    lines = [f"# {md(doc.name)}", "", "## Vision", "", paragraph(doc.vision)]
    lines += ["", "## Problem statement", "", paragraph(d.problem_statement.text)]
    lines += ["", "## Goals and success metrics", ""]
    lines += table(
        ["Goal", "Metric", "Target", "Owner", "Due"],
        [[g.statement, g.metric, g.target, g.owner, g.due] for g in d.goals],
    )
    lines += ["", "## Actors", ""]
    lines += table(
        ["Actor", "Kind", "Role", "Description", "Permissions", "Goals"],
        [
            [a.name, a.kind.replace("_", " "), a.role, a.description, "; ".join(a.permissions), "; ".join(a.goals)]
            for a in d.actors
        ],
    )
    lines += ["", "## Use cases", *_use_cases(doc)]
    lines += ["", "## Scope", ""]
    for label, items in (
        ("In scope", b.in_scope),
        ("Out of scope", b.out_of_scope),
        ("Internal components", b.internal),
        ("External systems", b.external),
    ):
        lines += [f"**{label}**", "", *bullets(items), ""]
    lines += ["## Data entities", ""]
    lines += table(
        ["Entity", "Description", "Attributes", "Relationships"],
        [
            [
                e.name,
                e.description,
                "; ".join(e.attributes),
                "; ".join(relationship(r.label, r.kind, r.target) for r in e.relationships),
            ]
            for e in d.data_entities
        ],
    )
    lines += ["", "## Constraints", "", "**Business**", "", *bullets(d.constraints.business)]
    lines += ["", "**Technical**", "", *bullets(d.constraints.technical)]
    lines += ["", "## Non-functional requirements", ""]
    lines += table(
        ["Category", "Requirement", "Metric", "Target"], [[n.category, n.statement, n.metric, n.target] for n in d.nfrs]
    )
    lines += ["", "## Diagrams", *_diagrams(diagrams)]
    lines += ["", "## Validation", *_validation(validation)]
    return "\n".join(lines).rstrip() + "\n"
