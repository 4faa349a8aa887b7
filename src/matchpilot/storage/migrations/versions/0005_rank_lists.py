"""Rank order lists: the primary list, supplemental PGY-1 lists and whether a PGY-1 is already held.

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def _owner(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(["owner_id"], ["owners.id"], name=f"fk_{table}_owner_id_owners", ondelete="CASCADE")


def upgrade() -> None:
    """Create the rank_lists, rank_list_entries and supplemental_rank_lists tables."""
    op.create_table(
        "rank_lists",
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.Column("pgy1_held", sa.Boolean(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
        _owner("rank_lists"),
        sa.PrimaryKeyConstraint("owner_id", name="pk_rank_lists"),
    )
    op.create_table(
        "rank_list_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.Column("rank", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(64), nullable=False),
        _owner("rank_list_entries"),
        sa.PrimaryKeyConstraint("id", name="pk_rank_list_entries"),
        sa.UniqueConstraint("owner_id", "rank", name="uq_rank_list_entries_owner_rank"),
        sa.UniqueConstraint("owner_id", "code", name="uq_rank_list_entries_owner_code"),
    )
    op.create_table(
        "supplemental_rank_lists",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("attached_to", sa.JSON(), nullable=False),
        sa.Column("codes", sa.JSON(), nullable=False),
        _owner("supplemental_rank_lists"),
        sa.PrimaryKeyConstraint("id", name="pk_supplemental_rank_lists"),
        sa.UniqueConstraint("owner_id", "number", name="uq_supplemental_rank_lists_owner_number"),
    )


def downgrade() -> None:
    """Drop the rank order list tables."""
    op.drop_table("supplemental_rank_lists")
    op.drop_table("rank_list_entries")
    op.drop_table("rank_lists")
