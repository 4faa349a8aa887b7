"""Learning from a cohort: each applicant's consent to pool their outcomes, and the cohort term a kept
prediction included (so the cohort is fitted to what the model said without it).

Revision ID: 0015
Revises: 0014
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create cohort_consents; add predictions.cohort_shift."""
    op.create_table(
        "cohort_consents",
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.Column("consented", sa.Boolean(), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
        sa.ForeignKeyConstraint(
            ["owner_id"], ["owners.id"], name="fk_cohort_consents_owner_id_owners", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("owner_id", name="pk_cohort_consents"),
    )
    with op.batch_alter_table("predictions") as batch:
        batch.add_column(sa.Column("cohort_shift", sa.Float(), nullable=False, server_default="0"))


def downgrade() -> None:
    """Drop predictions.cohort_shift and cohort_consents."""
    with op.batch_alter_table("predictions") as batch:
        batch.drop_column("cohort_shift")
    op.drop_table("cohort_consents")
