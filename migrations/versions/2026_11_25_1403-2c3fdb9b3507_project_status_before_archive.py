"""project status before archive

Restoring an archived project returns it to the status it had; that status was kept only
in the audit log, and now lives on the project. Projects archived earlier restore to intake.

Revision ID: 2c3fdb9b3507
Revises: 949593a85b9c
Create Date: 2026-11-25 14:03:37.248659
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "2c3fdb9b3507"
down_revision: str | None = "949593a85b9c"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("projects", schema=None) as batch_op:
        batch_op.add_column(sa.Column("status_before_archive", sa.String(length=20), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("projects", schema=None) as batch_op:
        batch_op.drop_column("status_before_archive")
