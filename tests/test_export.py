"""The PRD export: Markdown that renders on GitHub, HTML with every user text escaped."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from sqlalchemy import select

from core import artifacts
from core.config import ROOT
from core.diagrams import generate_all, render
from core.diagrams.render import DotError
from core.errors import NotFound
from core.export import export_html, export_markdown, render_html, render_markdown
from core.export.html_page import ExportInfo
from core.export.summary import ValidationSummary
from core.prd import Actor, PRDData, ProjectDocument
from core.projects import storage
from core.validation import runs
from db.models import AuditLog, Team, ValidationRun
from tests.factories import add_member, make_actor, make_project, make_user

SCRIPT = "<script>alert(1)</script>"


def _evil_document() -> ProjectDocument:
    """Every text field of a project holds a script tag."""
    s = SCRIPT
    data = PRDData.model_validate(
        {
            "actors": [
                {
                    "name": f"A{s}",
                    "role": s,
                    "description": s,
                    "permissions": [s],
                    "goals": [s],
                    "kind": "external_system",
                },
                {"name": f"B{s}", "role": s},
            ],
            "use_cases": [
                {
                    "id": s[:20],
                    "name": f"U{s}",
                    "description": s,
                    "actor": f"B{s}",
                    "trigger": s,
                    "outcome": s,
                    "preconditions": [s],
                    "postconditions": [s],
                    "steps": [s, f"If {s}, then {s}", f"A{s} replies"],
                }
            ],
            "system_boundaries": {"internal": [s], "external": [s], "in_scope": [s], "out_of_scope": [s]},
            "data_entities": [
                {
                    "name": f"E{s}",
                    "description": s,
                    "attributes": [s],
                    "relationships": [{"target": f"F{s}", "label": s}],
                }
            ],
            "problem_statement": {"text": s},
            "goals": [{"statement": s, "metric": s, "target": s, "owner": s, "due": s}],
            "constraints": {"business": [s], "technical": [s]},
            "nfrs": [{"category": s, "statement": s, "metric": s, "target": s}],
        }
    )
    return ProjectDocument(name=f"P{s}", vision=f"V{s}", data=data)


def test_html_export_escapes_every_user_text_and_makes_no_outside_request():
    doc = _evil_document()
    validation = ValidationSummary(
        score=50,
        passed=False,
        passed_checks=1,
        failed_checks=1,
        rubric_version=SCRIPT,
        up_to_date=False,
        failing=[{"id": SCRIPT, "title": SCRIPT, "hint": SCRIPT}],
    )
    page = render_html(doc, generate_all(doc.data, system=doc.name), validation)
    assert "<script" not in page.lower()
    assert "&lt;script&gt;" in page
    assert not re.search(r"https?:", page)
    assert page.count("<svg") == 5


WORD = "Supercalifragilistic" * 25  # one 500-character word
URL = "https://example.com/" + "/".join(f"segment{i}" for i in range(30)) + "?q=" + "x" * 150


def _hostile_document() -> ProjectDocument:
    """Words and links far wider than any page, in every kind of place the PRD shows text."""
    data = PRDData.model_validate(
        {
            "actors": [
                {"name": WORD, "role": URL, "description": WORD, "permissions": [URL], "goals": [WORD]},
                {"name": "Bank", "kind": "external_system", "description": URL},
            ],
            "use_cases": [
                {
                    "id": "UC-1",
                    "name": WORD,
                    "actor": WORD,
                    "trigger": URL,
                    "outcome": WORD,
                    "steps": [WORD, f"System asks the Bank at {URL}"],
                }
            ],
            "data_entities": [
                {
                    "name": WORD,
                    "description": URL,
                    "attributes": [WORD, URL],
                    "relationships": [{"target": "Order", "kind": "one_to_many", "label": WORD}],
                },
                {"name": "Order", "attributes": [f"a{i}: string" for i in range(5)]},
            ],
            "goals": [{"statement": WORD, "metric": URL, "target": WORD, "owner": WORD[:255], "due": URL[:100]}],
            "nfrs": [{"category": WORD[:100], "statement": URL, "metric": WORD, "target": URL}],
            "constraints": {"business": [URL], "technical": [WORD]},
        }
    )
    return ProjectDocument(name=WORD[:255], vision=URL, data=data)


def test_html_export_with_very_long_words_fits_the_window_and_prints(chromium):
    doc = _hostile_document()
    html = render_html(doc, generate_all(doc.data, system=doc.name))
    page = chromium.new_page(viewport={"width": 1024, "height": 768})
    try:
        page.set_content(html)
        widths = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        assert widths[0] == widths[1] == 1024
        cells = page.evaluate(
            "[...document.querySelectorAll('td, th')].filter(c => c.scrollWidth > c.clientWidth + 1).length"
        )
        assert cells == 0
        shots = ROOT / "tests" / "artifacts"
        shots.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(shots / "export-long-words.png"), full_page=False)
        pdf = page.pdf(format="A4")
    finally:
        page.close()
    assert pdf.startswith(b"%PDF") and len(pdf) > 10_000


def test_html_export_keeps_diagram_headings_with_their_diagram():
    doc = ProjectDocument.model_validate_json(Path("tests/golden/project.json").read_text(encoding="utf-8"))
    page = render_html(doc, generate_all(doc.data, system=doc.name), with_svg=False)
    assert "<figure><h4>UC-1 Place an order</h4>" in page
    assert "h2,h3,h4{break-after:avoid" in page and "figure,tr,.use-case{break-inside:avoid" in page
    assert "table-layout:fixed" in page and "overflow-wrap:anywhere" in page


def test_html_export_scales_every_diagram_to_the_page_width_on_screen_and_in_print(chromium):
    doc = ProjectDocument.model_validate_json(Path("tests/golden/project.json").read_text(encoding="utf-8"))
    doc.data.actors += [Actor(name=f"Partner system number {i}", kind="external_system") for i in range(12)]
    html = render_html(doc, generate_all(doc.data, system=doc.name))
    assert html.count("<svg") >= 5
    page = chromium.new_page(viewport={"width": 700, "height": 900})
    overflowing = """[...document.querySelectorAll('.diagram svg')]
        .filter(s => s.getBoundingClientRect().right > s.parentElement.getBoundingClientRect().right + 1).length"""
    try:
        page.set_content(html)
        assert page.evaluate("document.querySelectorAll('.diagram svg').length") >= 5
        assert page.evaluate(overflowing) == 0
        assert page.evaluate("document.documentElement.scrollWidth") <= 700
        page.emulate_media(media="print")
        assert page.evaluate(overflowing) == 0
    finally:
        page.close()


def test_the_html_export_opens_with_a_title_block_and_a_table_of_contents():
    doc = ProjectDocument.model_validate_json(Path("tests/golden/project.json").read_text(encoding="utf-8"))
    about = ExportInfo(team="<Ops> team", author="Ada", version=7, status="in_progress")
    page = render_html(doc, generate_all(doc.data, system=doc.name), with_svg=False, about=about)
    block = page[page.index('<dl class="about">') : page.index("</dl>")]
    for label, value in (("Team", "&lt;Ops&gt; team"), ("Version", "7"), ("Author", "Ada"), ("Status", "in progress")):
        assert f"<dt>{label}</dt><dd>{value}</dd>" in block
    assert "<dt>Validation</dt><dd>not validated yet</dd>" in block and " UTC</dd>" in block
    toc = page[page.index('<nav class="toc">') : page.index("</nav>")]
    for title in ("Vision", "Use cases", "Data entities", "Non-functional requirements", "Diagrams", "Validation"):
        anchor = "-".join(title.lower().replace("-", " ").split())
        assert f'<a href="#{anchor}">{title}</a>' in toc and f'<h2 id="{anchor}">{title}</h2>' in page


def _dot_failing_on_the_class_diagram(source: str, fmt: str, tool: str = "dot") -> bytes:
    """Graphviz as if it drew every diagram but refused the class diagram."""
    if "digraph class_diagram" in source:
        raise DotError("Error: <stdin>: syntax error in line 3")
    return b'<?xml version="1.0"?>\n<svg viewBox="0 0 10 10"></svg>\n'


def test_html_export_says_which_diagram_graphviz_could_not_draw(monkeypatch):
    monkeypatch.setattr(render, "dot_available", lambda: True)
    monkeypatch.setattr(render, "run_dot", _dot_failing_on_the_class_diagram)
    doc = ProjectDocument.model_validate_json(Path("tests/golden/project.json").read_text(encoding="utf-8"))
    page = render_html(doc, generate_all(doc.data, system=doc.name))
    assert "Graphviz could not draw this diagram (Error: &lt;stdin&gt;: syntax error in line 3)" in page
    assert "not installed" not in page
    assert page.count("<svg") == 8


def test_html_export_without_graphviz_shows_the_mermaid_text_escaped():
    doc = _evil_document()
    page = render_html(doc, generate_all(doc.data, system=doc.name), with_svg=False)
    assert "<svg" not in page and "<script" not in page.lower() and "<pre>flowchart LR" in page


class _PreText(HTMLParser):
    """What a browser shows inside each <pre> block, and any element that opened inside one."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self.tags_inside: list[str] = []
        self._open = False

    def handle_starttag(self, tag, attrs):
        if tag == "pre":
            self._open = True
            self.blocks.append("")
        elif self._open:
            self.tags_inside.append(tag)

    def handle_endtag(self, tag):
        if tag == "pre":
            self._open = False
        elif self._open:
            self.tags_inside.append(f"/{tag}")

    def handle_data(self, data):
        if self._open:
            self.blocks[-1] += data


def test_html_export_without_graphviz_shows_each_diagrams_mermaid_text_exactly_as_text():
    breakout = "</pre><script>alert(1)</script><pre>"
    data = PRDData.model_validate(
        {
            "actors": [
                {"name": f"Shop assistant who serves customers at the counter {breakout}"},
                {"name": "Card payment provider & bank", "kind": "external_system"},
            ],
            "use_cases": [
                {
                    "name": f"Take a payment {breakout}",
                    "actor": f"Shop assistant who serves customers at the counter {breakout}",
                    "trigger": "A customer pays",
                    "outcome": "Paid",
                    "steps": [f"Assistant scans the goods {breakout}", "If the card is refused, then ask for cash"],
                }
            ],
            "data_entities": [
                {"name": f"Sale {breakout}", "attributes": ["total", "paid_at"], "relationships": [{"target": "Item"}]},
                {"name": "Item", "attributes": ["name", "price"]},
            ],
        }
    )
    diagrams = generate_all(data, system=f"Till {breakout}")
    page = render_html(ProjectDocument(name="Till", data=data), diagrams, with_svg=False)
    shown = _PreText()
    shown.feed(page)
    assert shown.tags_inside == []
    assert shown.blocks == [d.mermaid for d in diagrams.all()]
    assert any("<br>" in d.mermaid for d in diagrams.all()), "some label wraps onto a second line"
    assert "<script" not in page.lower()


def _png_size(png: bytes) -> tuple[int, int]:
    """Width and height from a PNG's header (its IHDR chunk)."""
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and png[12:16] == b"IHDR"
    return int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")


@pytest.mark.skipif(not render.dot_available(), reason="Graphviz is not installed")
def test_a_png_diagram_is_drawn_at_twice_the_size_for_slides():
    doc = ProjectDocument.model_validate_json(Path("tests/golden/project.json").read_text(encoding="utf-8"))
    dot = generate_all(doc.data, system=doc.name).all()[0].dot
    width, height = _png_size(render.render_png(dot, scale=1))
    double_width, double_height = _png_size(render.render_png(dot))
    # Graphviz rounds each size to whole pixels at either dpi: twice the size, give or take one pixel.
    assert abs(double_width - 2 * width) <= 1 and abs(double_height - 2 * height) <= 1
    assert width > 100 and height > 100


def test_markdown_export_has_every_section_and_the_diagrams_as_mermaid_blocks():
    doc = ProjectDocument.model_validate_json(Path("tests/golden/project.json").read_text(encoding="utf-8"))
    text = render_markdown(doc, generate_all(doc.data, system=doc.name))
    for heading in (
        "# Online Store",
        "## Vision",
        "## Problem statement",
        "## Goals and success metrics",
        "## Actors",
        "## Use cases",
        "## Scope",
        "## Data entities",
        "## Constraints",
        "## Non-functional requirements",
        "## Diagrams",
        "## Validation",
    ):
        assert f"\n{heading}\n" in f"\n{text}"
    assert text.count("```mermaid") == 9
    assert "1. Customer reviews the cart" in text


def test_markdown_export_escapes_pipes_and_markup_in_user_text():
    doc = ProjectDocument(name="P", data=PRDData.model_validate({"actors": [{"name": "a|b", "role": "<b>*x*</b>"}]}))
    text = render_markdown(doc, generate_all(doc.data))
    assert "| a\\|b | human | \\<b>\\*x\\*\\</b> |" in text


def test_markdown_export_reads_as_plain_text_and_renders_the_same_text():
    data = {
        "actors": [{"name": "a | b", "role": "- not a list"}],
        "use_cases": [{"id": "UC-1", "name": "Mark a no-show", "actor": "a | b", "steps": ["# not a heading"]}],
        "nfrs": [{"category": "availability", "statement": "Uptime", "metric": "uptime", "target": "99.5%"}],
    }
    doc = ProjectDocument(name="P", data=PRDData.model_validate(data))
    text = render_markdown(doc, generate_all(doc.data))
    assert "### UC-1 Mark a no-show" in text and "| availability | Uptime | uptime | 99.5% |" in text
    assert "| a \\| b | human | \\- not a list |" in text and "1. \\# not a heading" in text
    page = MarkdownIt("commonmark").enable("table").render(text)
    assert "<td>a | b</td><td>human</td><td>- not a list</td>" in page.replace("\n", "")
    assert "<h3>UC-1 Mark a no-show</h3>" in page and "<li># not a heading</li>" in page


def test_both_exports_show_descriptions_and_relationship_kinds_escaped():
    doc = ProjectDocument(
        name="P",
        data=PRDData.model_validate(
            {
                "actors": [{"name": "Buyer", "description": "Pays <b>online</b>"}],
                "data_entities": [
                    {
                        "name": "Customer",
                        "description": "A *person*",
                        "relationships": [
                            {"target": "Order", "kind": "one_to_many", "label": "places"},
                            {"target": "Address", "kind": "many_to_many"},
                        ],
                    }
                ],
            }
        ),
    )
    diagrams = generate_all(doc.data)
    text = render_markdown(doc, diagrams)
    assert "Pays \\<b>online\\</b>" in text and "A \\*person\\*" in text
    assert "places (one to many) → Order; many to many → Address" in text
    page = render_html(doc, diagrams, with_svg=False)
    assert "Pays &lt;b&gt;online&lt;/b&gt;" in page and "A *person*" in page
    assert "places (one to many) → Order<br>many to many → Address" in page


EMPTY = ProjectDocument(name="Empty", vision="Nothing captured yet.")
ONLY_ACTORS = ProjectDocument(
    name="Shop",
    data=PRDData.model_validate({"actors": [{"name": "Buyer"}, {"name": "Bank", "kind": "external_system"}]}),
)


def test_exports_of_an_empty_project_embed_no_diagram():
    text = render_markdown(EMPTY, generate_all(EMPTY.data, system=EMPTY.name))
    assert "```mermaid" not in text and "## Diagrams\n\n_None yet._" in text
    page = render_html(EMPTY, generate_all(EMPTY.data, system=EMPTY.name))
    assert "<svg" not in page and "<pre>" not in page


def test_exports_of_a_project_with_only_actors_embed_only_its_context_diagram():
    diagrams = generate_all(ONLY_ACTORS.data, system=ONLY_ACTORS.name)
    text = render_markdown(ONLY_ACTORS, diagrams)
    assert text.count("```mermaid") == 1 and "```mermaid\nflowchart LR" in text and "classDiagram" not in text
    assert render_html(ONLY_ACTORS, diagrams, with_svg=False).count("<pre>") == 1


def _large_class_model() -> ProjectDocument:
    entities = [
        {"name": f"Entity {i}", "attributes": [f"attribute_number_{j}: string" for j in range(8)]} for i in range(250)
    ]
    return ProjectDocument(name="Big", data=PRDData.model_validate({"data_entities": entities}))


def test_a_diagram_too_large_for_mermaid_is_announced_in_both_exports():
    doc = _large_class_model()
    diagrams = generate_all(doc.data, system=doc.name)
    assert diagrams.of("class_diagram")[0].mermaid_too_large
    text = render_markdown(doc, diagrams)
    assert "> **Too large for Mermaid renderers.** Its Mermaid text is" in text and "HTML export are complete" in text
    page = render_html(doc, diagrams, with_svg=False)
    assert '<p class="note">Its Mermaid text is' in page


def test_a_benchmark_sized_class_diagram_fits_mermaids_default_text_limit():
    entities = [
        {
            "name": f"Entity {i}",
            "attributes": [f"field_{j}: string" for j in range(6)],
            "relationships": [
                {"target": f"Entity {(i + 1) % 200}", "kind": "one_to_many", "label": "owns"},
                {"target": f"Entity {(i * 7) % 200}", "label": "refers to"},
            ],
        }
        for i in range(200)
    ]
    drawing = generate_all(PRDData.model_validate({"data_entities": entities})).of("class_diagram")[0]
    assert not drawing.mermaid_too_large and "field_0: string" in drawing.mermaid


def test_markdown_export_includes_the_validation_summary():
    summary = ValidationSummary(
        score=87,
        passed=False,
        passed_checks=20,
        failed_checks=3,
        rubric_version="1",
        failing=[{"id": "HG5", "title": "Use case list", "severity": "error", "items": 1, "hint": "Add use cases"}],
    )
    text = render_markdown(ProjectDocument(name="P"), generate_all(PRDData()), summary)
    assert "**Score 87/100.** Does not pass (passing needs every hard gate and a score of at least 95)." in text
    assert "20 of 23 checks passed; rubric 1." in text
    assert "- **HG5 Use case list (hard gate, 1 item)**: Add use cases" in text
    assert "changed after this run" not in text


@pytest.fixture
def member(db):
    return make_actor(db, role="member")


@pytest.fixture
def project(db, member):
    project = make_project(db, actor=member, name="Shop", vision="Sell things to people online.")
    doc = ProjectDocument.model_validate_json(Path("tests/golden/project.json").read_text(encoding="utf-8"))
    storage.store(db, project_id=project.id, data=doc.data, expected_version=1)
    return project


def test_export_records_an_audit_entry_and_moves_current_artifacts_to_exported(db, member, project):
    artifacts.generate(db, actor=member, project_id=project.id)
    exported = export_markdown(db, actor=member, project_id=project.id)
    assert exported.filename == "shop-prd.md" and exported.content.startswith("# Shop\n")
    assert {a.status for a in artifacts.list_current(db, actor=member, project_id=project.id)} == {"exported"}
    entry = db.scalar(select(AuditLog).where(AuditLog.team_id == member.team_id, AuditLog.action == "project.exported"))
    assert entry.target_id == str(project.id) and entry.details["format"] == "markdown"
    assert len(entry.details["artifacts"]) == 5


def test_export_leaves_stale_artifacts_as_they_were(db, member, project):
    artifacts.generate(db, actor=member, project_id=project.id, types=["use_case"])
    data = storage.load(db, project_id=project.id)
    storage.store(
        db, project_id=project.id, data=data.data.model_copy(update={"actors": []}), expected_version=data.version
    )
    export_html(db, actor=member, project_id=project.id)
    assert artifacts.list_current(db, actor=member, project_id=project.id)[0].status == "draft"


def test_exports_say_when_a_project_is_not_validated_yet(db, member, project):
    assert "## Validation\n\n_Not validated yet._" in export_markdown(db, actor=member, project_id=project.id).content
    assert (
        '<h2 id="validation">Validation</h2><p class="none">Not validated yet.</p>'
        in export_html(db, actor=member, project_id=project.id).content
    )


def test_exports_show_the_latest_runs_score_verdict_and_failing_checks_with_their_hints(db, member, project):
    run = runs.run_validation(db, actor=member, project_id=project.id).run
    text = export_markdown(db, actor=member, project_id=project.id).content
    section = text[text.index("## Validation") :]
    assert f"**Score {run.score}/100.** Does not pass" in section
    assert f"{run.passed_checks} of {run.passed_checks + run.failed_checks} checks passed; rubric " in section
    hint = run.report.check("HG5").hint
    assert f"- **HG5 Use case list (hard gate, 1 item)**: {hint}" in section
    failing = [line for line in section.splitlines() if line.startswith("- **")]
    assert len(failing) == run.failed_checks and failing[0].startswith("- **HG")  # hard gates first
    assert "changed after this run" not in section
    page = export_html(db, actor=member, project_id=project.id).content
    assert f'<p class="score">Score {run.score}/100</p>' in page and "<h3>Failing checks</h3>" in page
    assert f"<li><strong>HG5 Use case list (hard gate, 1 item)</strong>: {hint}</li>" in page


def test_exports_say_when_the_project_changed_after_the_latest_run(db, member, project):
    runs.run_validation(db, actor=member, project_id=project.id)
    artifacts.generate(db, actor=member, project_id=project.id, types=["use_case"])
    note = "The project changed after this run; run validation again for a current score."
    assert f"> {note}" in export_markdown(db, actor=member, project_id=project.id).content
    assert f'<p class="note">{note}</p>' in export_html(db, actor=member, project_id=project.id).content


def test_a_run_stored_by_an_older_rubric_exports_its_score_without_a_verdict(db, member, project):
    db.add(ValidationRun(project_id=project.id, score=72, passed=18, failed=2, rubric_version="2024.1", results=[]))
    db.flush()
    text = export_markdown(db, actor=member, project_id=project.id).content
    assert "**Score 72/100.** Verdict unknown (stored by an older rubric)." in text
    assert "Failing checks" not in text


def test_a_reviewer_can_export_but_not_another_teams_project(db, member, project):
    reviewer = add_member(db, team=db.get(Team, member.team_id), user=make_user(db), role="reviewer")
    assert export_html(db, actor=reviewer, project_id=project.id).content.startswith("<!DOCTYPE html>")
    stranger = make_actor(db, role="reviewer")
    with pytest.raises(NotFound):
        export_markdown(db, actor=stranger, project_id=project.id)


def test_the_exported_html_names_the_team_the_author_and_the_projects_version(db, member, project):
    from db.models import Team, User

    team, author = db.get_one(Team, member.team_id).name, db.get_one(User, member.user_id).name
    page = export_html(db, actor=member, project_id=project.id).content
    block = page[page.index('<dl class="about">') : page.index("</dl>")]
    assert f"<dt>Team</dt><dd>{team}</dd>" in block and f"<dt>Author</dt><dd>{author}</dd>" in block
    assert f"<dt>Version</dt><dd>{project.version}</dd>" in block
    assert "<dt>Project</dt><dd>Shop</dd>" in block
