"""Couples' paired rank order lists, and the day a rank order list was certified.

Revision ID: 0008
Revises: 0007
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create the couple_rank_lists table and add rank_lists.certified_on."""
    op.create_table(
        "couple_rank_lists",
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.Column("partner_name", sa.Text(), nullable=False),
        sa.Column("partner_id", sa.String(64), nullable=False),
        sa.Column("pairs", sa.JSON(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
        sa.ForeignKeyConstraint(
            ["owner_id"], ["owners.id"], name="fk_couple_rank_lists_owner_id_owners", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("owner_id", name="pk_couple_rank_lists"),
    )
    op.add_column("rank_lists", sa.Column("certified_on", sa.Date(), nullable=True))


def downgrade() -> None:
    """Drop rank_lists.certified_on and the couple_rank_lists table."""
    with op.batch_alter_table("rank_lists") as batch:
        batch.drop_column("certified_on")
    op.drop_table("couple_rank_lists")
