"""Predictions shown: the chance of an interview matchpilot showed per program and day, scored later.

Revision ID: 0013
Revises: 0012
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create predictions."""
    op.create_table(
        "predictions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(64), nullable=False),
        sa.Column("predicted_on", sa.Date(), nullable=False),
        sa.Column("p_low", sa.Float(), nullable=False),
        sa.Column("p_mid", sa.Float(), nullable=False),
        sa.Column("p_high", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(["owner_id"], ["owners.id"], name="fk_predictions_owner_id_owners", ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name="pk_predictions"),
        sa.UniqueConstraint("owner_id", "code", "predicted_on", name="uq_predictions_owner_code_day"),
    )


def downgrade() -> None:
    """Drop predictions."""
    op.drop_table("predictions")
