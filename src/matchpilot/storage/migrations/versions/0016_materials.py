"""Application materials: ERAS experience entries and letters of recommendation, planned and tracked.

Revision ID: 0016
Revises: 0015
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create eras_experiences and recommendation_letters."""
    op.create_table(
        "eras_experiences",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("organization", sa.Text(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
        sa.ForeignKeyConstraint(
            ["owner_id"], ["owners.id"], name="fk_eras_experiences_owner_id_owners", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_eras_experiences"),
    )
    op.create_index("ix_eras_experiences_owner", "eras_experiences", ["owner_id", "id"])
    op.create_table(
        "recommendation_letters",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.Column("writer", sa.Text(), nullable=False),
        sa.Column("specialty", sa.Text(), nullable=False),
        sa.Column("requested_on", sa.Date(), nullable=True),
        sa.Column("uploaded_on", sa.Date(), nullable=True),
        sa.Column("assigned_on", sa.Date(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
        sa.ForeignKeyConstraint(
            ["owner_id"], ["owners.id"], name="fk_recommendation_letters_owner_id_owners", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_recommendation_letters"),
    )
    op.create_index("ix_recommendation_letters_owner", "recommendation_letters", ["owner_id", "id"])


def downgrade() -> None:
    """Drop recommendation_letters and eras_experiences."""
    op.drop_index("ix_recommendation_letters_owner", table_name="recommendation_letters")
    op.drop_table("recommendation_letters")
    op.drop_index("ix_eras_experiences_owner", table_name="eras_experiences")
    op.drop_table("eras_experiences")
