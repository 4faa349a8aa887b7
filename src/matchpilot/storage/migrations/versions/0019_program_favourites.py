"""Favourite programs: the programs each applicant starred on the sheet (by code).

Revision ID: 0019
Revises: 0018
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create program_favourites."""
    op.create_table(
        "program_favourites",
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(64), nullable=False),
        sa.Column("starred_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["owner_id"], ["owners.id"], name="fk_program_favourites_owner_id_owners", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("owner_id", "code", name="pk_program_favourites"),
    )


def downgrade() -> None:
    """Drop program_favourites."""
    op.drop_table("program_favourites")
