"""A revision number per owner, moved by every committed change to the owner's records (for caches).

Revision ID: 0009
Revises: 0008
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add owners.revision (0 for every existing owner)."""
    op.add_column("owners", sa.Column("revision", sa.Integer(), nullable=False, server_default="0"))


def downgrade() -> None:
    """Drop owners.revision."""
    with op.batch_alter_table("owners") as batch:
        batch.drop_column("revision")
