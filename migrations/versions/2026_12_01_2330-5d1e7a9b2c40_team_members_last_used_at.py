"""team members: last used at

The team a user last worked in: a new tab at the app's root opens it, not their personal team.

Revision ID: 5d1e7a9b2c40
Revises: c76ad8a06594
Create Date: 2026-12-01 23:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import db.types

revision: str = "5d1e7a9b2c40"
down_revision: str | None = "c76ad8a06594"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("team_members") as batch:
        batch.add_column(sa.Column("last_used_at", db.types.UTCDateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("team_members") as batch:
        batch.drop_column("last_used_at")
