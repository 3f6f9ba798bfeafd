"""The journey of a new product owner, in a real browser on a freshly migrated app."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from sqlalchemy import select

from db.models import ARTIFACT_TYPES, Artifact, Project, ProjectData, Team, TeamMember, User, ValidationRun
from db.session import session_scope

pytestmark = pytest.mark.browser

NAME = "Ada Lovelace"
EMAIL = "ada@example.com"
PASSWORD = "analytical-engine-1843"
PROJECT = "Shop floor defects"
VISION = "Line workers report defects from the shop floor so supervisors can fix them within a shift."

DIAGRAMS = ["Context diagram", "Use case diagram", "Class diagram", "Sequence diagram", "Activity diagram"]
# What a product owner answers to each question of the assistant (matched by its opening).
ANSWERS = {
    "What problem does the product solve": (
        "Defects on the assembly line are reported on paper, so repairs take two days."
    ),
    "Who will use it": "Line workers report defects. Supervisors approve repairs and assign them to technicians. "
    "Technicians close repairs.",
    "Is anyone else involved": "Plant managers read weekly reports.",
    "What may each kind of user see": "Line workers can report defects. Supervisors can approve repairs. "
    "Technicians can close repairs.",
    "Does it work with other systems": "It integrates with the SAP ERP system.",
    "What does the product send to or get from": "It sends repair orders to the SAP ERP system.",
    "What are the main things people do": "Report a defect\nApprove a repair\nAssign a repair\nClose a repair\n"
    "View open defects",
    "What else must it do": "Plant managers view weekly reports.",
    "For the main tasks, what starts each one": "A line worker spots a defect and the result is a defect ticket.",
    "Walk me through the most important task": "First the line worker scans the machine, then takes a photo, "
    "then the system files the defect and notifies the supervisor.",
    "What must the first release include": "Defect reporting, repair approval and repair tracking.",
    "What is out of scope": "Payroll and spare part purchasing are out of scope.",
    "What parts make up the product": "A mobile app for line workers and a web dashboard for supervisors.",
    "What are the main things it keeps track of": "Defects, machines and repairs.",
    "What details are stored": "A defect has a title, a severity and a photo. A machine has a serial number and "
    "a location. A repair has a status and a due date.",
    "How are they related": "Each defect belongs to a machine. Each repair belongs to a defect.",
    "Any business constraints": "The budget is 50,000 EUR and it must launch by June 2027.",
    "Any technical constraints": "It must run on Android tablets and store data in PostgreSQL.",
    "How will you know it works": "Repairs are closed within 8 hours of the report by December 2027.",
    "How fast must it be": "Pages load in under 2 seconds for 200 concurrent users.",
    "What about availability and security": "99.9% uptime, and every user signs in with single sign-on.",
}
FIRST_MESSAGE = "Line workers report defects from the shop floor so supervisors can fix them within a shift."
MAX_TURNS = 30


def sign_up(app, *, name: str, email: str, password: str) -> None:
    """Create an account through the sign-up widget (first and last name), as a visitor does."""
    page = app.page
    app.settle()
    form = page.get_by_test_id("stForm").filter(has=page.get_by_role("button", name="Create account"))
    for _ in range(3):  # the first run may still be redrawing the page when the tab is clicked
        page.get_by_role("tab", name="Create account").click()
        try:
            form.get_by_label("First name", exact=True).wait_for(state="visible", timeout=5_000)
            break
        except PlaywrightTimeout:
            app.settle()
    first, _, last = name.partition(" ")
    form.get_by_label("First name", exact=True).fill(first)
    form.get_by_label("Last name", exact=True).fill(last)
    form.get_by_label("Email", exact=True).fill(email)
    form.get_by_label("Password", exact=True).fill(password)
    form.get_by_label("Repeat password", exact=True).fill(password)
    app.shoot("sign-up form filled")
    form.get_by_role("button", name="Create account").click()
    app.settle()


def create_project(app, *, name: str, vision: str) -> None:
    page = app.page
    form = page.get_by_test_id("stForm").filter(has=page.get_by_role("button", name="Create project"))
    if not form.is_visible():
        page.get_by_text("New project", exact=True).click()
    form.get_by_label("Name", exact=True).fill(name)
    form.get_by_label("Vision", exact=True).fill(vision)
    form.get_by_role("button", name="Create project").click()
    app.settle()


def say(app, text: str) -> None:
    """Send one chat message and wait for the assistant's reply to it."""
    messages = app.page.get_by_test_id("stChatMessage")
    before = messages.count()
    box = app.page.get_by_test_id("stChatInputTextArea")
    box.fill(text)
    box.press("Enter")
    app.expect(messages, count=before + 2)
    app.settle()


def last_question(app) -> str:
    """The question that ends the assistant's latest reply."""
    reply = app.page.get_by_test_id("stChatMessage").last.inner_text().strip()
    return reply.splitlines()[-1].strip()


def completeness_shown(app) -> int:
    """The completeness the chat sidebar shows once it shows the stored one, e.g. "Completeness 40%" → 40."""
    with session_scope(app.database_url) as db:
        stored = db.scalar(select(ProjectData.completeness))
    sidebar = app.page.get_by_test_id("stSidebar")
    app.expect(sidebar.get_by_text(re.compile(rf"^Completeness {stored}% · ")))
    label = sidebar.get_by_text(re.compile(r"^Completeness \d+% · "))
    return int(re.search(r"\d+", label.inner_text()).group())


def memberships_of(database_url: str, email: str) -> list[tuple[str, str]]:
    """(team name, role) of every team the user belongs to, straight from the database."""
    with session_scope(database_url) as db:
        rows = db.execute(
            select(Team.name, TeamMember.role)
            .join(TeamMember, TeamMember.team_id == Team.id)
            .join(User, User.id == TeamMember.user_id)
            .where(User.email == email)
        ).all()
    return [(team, role) for team, role in rows]


def signs_up_into_a_personal_team(app) -> None:
    page = app.page
    app.open()
    app.expect(page.get_by_role("tab", name="Sign in"))
    assert page.get_by_test_id("stSidebarNav").count() == 0, "a visitor must see no page menu"
    app.shoot("signed out")
    sign_up(app, name=NAME, email=EMAIL, password=PASSWORD)
    sidebar = page.get_by_test_id("stSidebar")
    app.expect(page.get_by_test_id("stSidebarNav").get_by_role("link", name="Projects"))
    app.expect(sidebar.get_by_text(NAME, exact=True))
    teams = memberships_of(app.database_url, EMAIL)
    assert [role for _, role in teams] == ["owner"]
    app.expect(sidebar.get_by_text(f"{teams[0][0]} · owner", exact=True))
    assert not app.exceptions()
    app.shoot("signed in")


def creates_a_project_and_sees_it_listed(app) -> None:
    page = app.page
    app.go_to("Projects")
    title = page.get_by_role("heading", name="Projects").first.bounding_box()
    assert title is not None and title["y"] < 110, f"the title starts {title} px down: an empty gap above it"
    create_project(app, name=PROJECT, vision=VISION)
    app.expect(page.get_by_text(f"Created “{PROJECT}”", exact=False))
    # The grid draws on a canvas; its accessible table carries the cell text.
    app.expect(page.get_by_test_id("stDataFrame").first.get_by_text(PROJECT, exact=True), count=1)
    assert not app.exceptions()
    app.shoot("project created")
    with session_scope(app.database_url) as db:
        assert db.scalars(select(Project.name)).all() == [PROJECT]


def chats_until_the_assistant_has_asked_everything(app) -> None:
    """Answer each question as a product owner would; completeness only ever rises."""
    app.go_to("Assistant")
    start = completeness_shown(app)
    assert start > 0, "the chat starts from the project's vision"
    app.shoot("assistant before the first message")
    say(app, FIRST_MESSAGE)
    history = [start, completeness_shown(app)]
    app.shoot("assistant after the first message")
    for _ in range(MAX_TURNS):
        question = last_question(app)
        if question.startswith("That covers the essentials"):
            break
        say(app, next((a for q, a in ANSWERS.items() if question.startswith(q)), "skip"))
        history.append(completeness_shown(app))
        assert not app.exceptions()
    else:
        pytest.fail(f"the assistant never reached the review question; completeness went {history}")
    assert history == sorted(history) and history[-1] >= 80, f"completeness went {history}"
    with session_scope(app.database_url) as db:
        assert db.scalar(select(ProjectData.completeness)) == history[-1]
    app.shoot("assistant at the review question")
    say(app, "Nothing more to add, thanks.")
    wrap_up = app.page.get_by_test_id("stChatMessage").last.inner_text()
    assert "Generate diagrams and validate" in wrap_up and "hard gate" in wrap_up, wrap_up
    app.shoot("assistant wrap-up naming the hard gates")


def sees_the_extracted_data(app) -> None:
    app.go_to("Project data")
    actors = app.page.get_by_test_id("stDataFrame").first
    app.expect(actors.get_by_text("Line Worker", exact=True), count=1)
    assert not app.exceptions()
    app.shoot("project data")


def generates_the_five_diagrams(app) -> None:
    page = app.page
    app.go_to("Diagrams & export")
    app.click("Generate all")
    for title in DIAGRAMS:
        page.get_by_role("tab", name=title, exact=True).click()
        panel = page.get_by_role("tabpanel").filter(visible=True)
        app.expect(panel.get_by_test_id("stGraphVizChart").first)
        assert not app.exceptions()
        app.shoot(title)
    with session_scope(app.database_url) as db:
        assert sorted(db.scalars(select(Artifact.type)).all()) == sorted(ARTIFACT_TYPES)


def plotly_charts_drawn(app, expected: int) -> None:
    """Exactly `expected` plotly charts on the page, each drawn by plotly.js (an SVG inside it)."""
    charts = app.page.get_by_test_id("stPlotlyChart")
    app.expect(charts, count=expected)
    for i in range(expected):
        app.expect(charts.nth(i).locator(".js-plotly-plot .main-svg").first)


def validates_the_prd_and_sees_the_charts(app) -> None:
    page = app.page
    app.go_to("Validation")
    app.expect(page.get_by_text("Not validated yet.", exact=True))
    app.click("Run validation")
    app.expect(page.get_by_text(re.compile(r"^Validated: score \d+/100")))
    with session_scope(app.database_url) as db:
        run = db.scalars(select(ValidationRun)).one()
        failing = [c for c in run.results["checks"] if not c["passed"]]
        assert db.scalar(select(Project.validation_score)) == run.score
    plotly_charts_drawn(app, 4 if failing else 3)  # gauge, history, per category, failing checks
    app.expect(page.get_by_test_id("stMetricValue").filter(has_text=f"{run.score}/100").first)
    assert not app.exceptions()
    app.shoot("validation run")
    if failing:
        first = sorted(failing, key=lambda c: (c["severity"] != "error", c["id"]))[0]
        expander = page.get_by_test_id("stExpander").filter(has_text=first["title"])
        expander.get_by_text(first["title"]).first.click()
        app.expect(expander.get_by_text("Fix:"))
        app.expect(expander.get_by_test_id("stPageLink-NavLink").first)
        app.shoot("a failing check with its fix")
    page.get_by_role("tab", name="Requirement text", exact=True).click()
    app.shoot("requirement text findings")
    app.click("Run validation")
    app.expect(page.get_by_text(re.compile(r"^Nothing changed since the last run")))
    with session_scope(app.database_url) as db:
        assert len(db.scalars(select(ValidationRun.id)).all()) == 1
    app.go_to("Projects")
    plotly_charts_drawn(app, 1)  # the team's validation overview
    assert not app.exceptions()
    app.shoot("projects with the validation overview")
    app.go_to("Diagrams & export")


def download(app, button: str, file_pattern: str) -> str:
    """Export with one click, downloaded through the browser; returns the file's text."""
    with app.page.expect_download() as started:
        app.page.get_by_role("button", name=button).click()
    assert re.search(file_pattern, started.value.suggested_filename), started.value.suggested_filename
    app.settle()
    return Path(started.value.path()).read_text()


def exports_the_prd(app) -> None:
    prd = download(app, "Export PRD as Markdown", r"-prd\.md$")
    app.shoot("prd exported")
    assert prd.startswith(f"# {PROJECT}")
    assert "Line Worker" in prd and "```mermaid" in prd
    assert re.search(r"## Validation\n\n\*\*Score \d+/100\.\*\* (Passes|Does not pass)", prd), prd[-1500:]
    with session_scope(app.database_url) as db:
        assert set(db.scalars(select(Artifact.status)).all()) == {"exported"}
    html = download(app, "Export PRD as HTML", r"-prd\.html$")
    assert "<html" in html and PROJECT in html
    assert "<script" not in html.lower()


def test_a_visitor_signs_up_and_goes_from_an_idea_to_an_exported_prd(app):
    signs_up_into_a_personal_team(app)
    creates_a_project_and_sees_it_listed(app)
    chats_until_the_assistant_has_asked_everything(app)
    sees_the_extracted_data(app)
    generates_the_five_diagrams(app)
    validates_the_prd_and_sees_the_charts(app)
    exports_the_prd(app)
