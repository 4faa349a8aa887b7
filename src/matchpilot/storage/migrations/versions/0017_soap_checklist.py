"""The readiness checklist before Match Week: the items each applicant ticked as done, per Match year.

Revision ID: 0017
Revises: 0016
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create soap_checklist."""
    op.create_table(
        "soap_checklist",
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.Column("match_year", sa.Integer(), nullable=False),
        sa.Column("item", sa.String(40), nullable=False),
        sa.Column("ticked_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["owner_id"], ["owners.id"], name="fk_soap_checklist_owner_id_owners", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("owner_id", "match_year", "item", name="pk_soap_checklist"),
    )


def downgrade() -> None:
    """Drop soap_checklist."""
    op.drop_table("soap_checklist")
