"""Pinned and excluded programs of My list: per owner and program code, ``pin`` or ``exclude``.

Revision ID: 0018
Revises: 0017
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create pick_choices."""
    op.create_table(
        "pick_choices",
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(64), nullable=False),
        sa.Column("choice", sa.String(8), nullable=False),
        sa.ForeignKeyConstraint(
            ["owner_id"], ["owners.id"], name="fk_pick_choices_owner_id_owners", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("owner_id", "code", name="pk_pick_choices"),
    )


def downgrade() -> None:
    """Drop pick_choices."""
    op.drop_table("pick_choices")
