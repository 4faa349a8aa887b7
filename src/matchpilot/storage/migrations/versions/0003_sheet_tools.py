"""Sheet tools: saved column mappings and open merge conflicts.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create the sheet_mappings and sheet_conflicts tables."""
    op.create_table(
        "sheet_mappings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("pairs", sa.JSON(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
        sa.ForeignKeyConstraint(
            ["owner_id"], ["owners.id"], name="fk_sheet_mappings_owner_id_owners", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_sheet_mappings"),
        sa.UniqueConstraint("owner_id", "name", name="uq_sheet_mappings_owner_name"),
    )
    op.create_table(
        "sheet_conflicts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(64), nullable=False),
        sa.Column("sheet_column", sa.String(64), nullable=False),
        sa.Column("mine", sa.Text(), nullable=False),
        sa.Column("mine_source", sa.Text()),
        sa.Column("mine_checked_on", sa.Date()),
        sa.Column("theirs", sa.Text(), nullable=False),
        sa.Column("theirs_source", sa.Text()),
        sa.Column("theirs_checked_on", sa.Date()),
        sa.Column("found_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
        sa.ForeignKeyConstraint(
            ["owner_id"], ["owners.id"], name="fk_sheet_conflicts_owner_id_owners", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_sheet_conflicts"),
        sa.UniqueConstraint("owner_id", "code", "sheet_column", name="uq_sheet_conflicts_owner_code_column"),
    )


def downgrade() -> None:
    """Drop the sheet tools' tables."""
    op.drop_table("sheet_conflicts")
    op.drop_table("sheet_mappings")
