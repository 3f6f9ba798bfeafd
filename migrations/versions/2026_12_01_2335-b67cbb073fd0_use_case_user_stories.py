"""use case user stories

A use case whose description is a user story ("As a …, I want …, so that …") keeps it in its
stories list instead (project_data.use_cases JSON); downgrade puts it back as the description.

Revision ID: b67cbb073fd0
Revises: 5d1e7a9b2c40
Create Date: 2026-12-01 23:35:00
"""

import re
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import db.types

revision: str = "b67cbb073fd0"
down_revision: str | None = "5d1e7a9b2c40"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Written out here, not imported: a migration must keep working when the app's reader changes.
_STORY = re.compile(
    r"^\s*as\s+(?:an?|the)?\s*(?P<actor>[^,]+?),?\s+i\s+(?P<want>want|need|would like|wish|can|should be able|"
    r"must be able|am able|expect)\s*(?:to\s+)?(?:be able to\s+)?(?P<what>.+?)"
    r"(?:,?\s+(?:so\s+that|so|in order to)\s+(?P<why>.+?))?\.?\s*$",
    re.IGNORECASE | re.DOTALL,
)

project_data = sa.table(
    "project_data",
    sa.column("id", sa.Integer),
    sa.column("use_cases", db.types.JSONType),
)


def _story(text: str, actor: str) -> dict | None:
    m = _STORY.match(text)
    if not m:
        return None
    want = m.group("want").lower()
    priority = "must" if want in ("need", "must be able") else "could" if want in ("would like", "wish") else "should"
    return {
        "text": text.strip(),
        "actor": actor or m.group("actor").strip(),
        "want": m.group("what").strip(),
        "so_that": (m.group("why") or "").strip(),
        "priority": priority,
    }


def _moved_in(use_case: dict) -> dict:
    """The description that is a story moves to the front of the stories list."""
    description = use_case.get("description") or ""
    story = _story(description, use_case.get("actor") or "") if isinstance(description, str) else None
    if story is None:
        return use_case
    stories = [s for s in use_case.get("stories") or [] if isinstance(s, dict)]
    if story["text"] not in {s.get("text") for s in stories}:
        stories.insert(0, story)
    return {**use_case, "description": "", "stories": stories}


def _moved_out(use_case: dict) -> dict:
    """The reverse: an empty description takes back its first story; an emptied list goes."""
    stories = use_case.get("stories")
    if "stories" not in use_case:
        return use_case
    out = dict(use_case)
    stories = [s for s in stories or [] if isinstance(s, dict)]
    if not out.get("description") and stories and stories[0].get("text"):
        out["description"] = stories[0]["text"]
        stories = stories[1:]
    if stories:
        out["stories"] = stories
    else:
        del out["stories"]
    return out


def _rewrite(change) -> None:
    conn = op.get_bind()
    rows = conn.execute(sa.select(project_data.c.id, project_data.c.use_cases)).all()
    for row_id, use_cases in rows:
        if not isinstance(use_cases, list):
            continue
        new = [change(uc) if isinstance(uc, dict) else uc for uc in use_cases]
        if new != use_cases:
            conn.execute(project_data.update().where(project_data.c.id == row_id).values(use_cases=new))


def upgrade() -> None:
    _rewrite(_moved_in)


def downgrade() -> None:
    _rewrite(_moved_out)
