"""The setting of a program (urban, suburban or rural), a column of the program sheet.

Revision ID: 0020_program_setting
Revises: 0019
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add programs.setting (unknown for every program already kept)."""
    with op.batch_alter_table("programs") as batch:
        batch.add_column(sa.Column("setting", sa.String(16), nullable=True))


def downgrade() -> None:
    """Drop programs.setting."""
    with op.batch_alter_table("programs") as batch:
        batch.drop_column("setting")
