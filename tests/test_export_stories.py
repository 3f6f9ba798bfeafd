"""Both exports list each use case's user stories, escaped like every other user text."""

from __future__ import annotations

from markdown_it import MarkdownIt

from core.diagrams import generate_all
from core.export import render_html, render_markdown
from core.prd import Actor, PRDData, ProjectDocument, UseCase, UserStory

EVIL = "As a rider, I want <script>alert(1)</script> | *bold* so that [x](javascript:alert(1)) works."


def _doc() -> ProjectDocument:
    stories = [
        UserStory(text="As a rider, I want to rate a ride, so that problems are known.", actor="Rider"),
        UserStory(text=EVIL, actor="Rider", priority="must"),
    ]
    data = PRDData(
        actors=[Actor(name="Rider", role="User")],
        use_cases=[
            UseCase(id="UC-1", name="Rate rides", actor="Rider", stories=stories),
            UseCase(id="UC-2", name="Unlock a bike", actor="Rider"),
        ],
    )
    return ProjectDocument(name="Bikes", data=data)


def test_markdown_lists_each_use_cases_stories_escaped():
    doc = _doc()
    text = render_markdown(doc, generate_all(doc.data, system=doc.name))
    section = text.split("UC-1 Rate rides", 1)[1].split("UC-2", 1)[0]
    assert "**User stories (2)**" in section
    assert "- As a rider, I want to rate a ride, so that problems are known." in section
    assert "_(must)_" in section
    page = MarkdownIt("commonmark").render(text)
    assert "<script>" not in page and "<em>bold" not in page and 'href="javascript' not in page
    assert "<li>As a rider, I want &lt;script&gt;alert(1)&lt;/script&gt; | *bold* so that [x](javascript:" in page
    assert "User stories" not in text.split("UC-2 Unlock a bike", 1)[1].split("##", 1)[0]


def test_html_lists_each_use_cases_stories_escaped():
    doc = _doc()
    page = render_html(doc, generate_all(doc.data, system=doc.name), with_svg=False)
    assert "<h4>User stories (2)</h4>" in page
    assert '<li class="story">As a rider, I want to rate a ride, so that problems are known.</li>' in page
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert page.count('class="story"') == 2
