"""The applicant's own Match Week answers: what each kind of position is worth to them, and the facts eligibility
cannot know (registration for the Main Residency Match, ECFMG status, the Match result).

Revision ID: 0014
Revises: 0013
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create soap_answers."""
    op.create_table(
        "soap_answers",
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.Column("topic", sa.String(32), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
        sa.ForeignKeyConstraint(
            ["owner_id"], ["owners.id"], name="fk_soap_answers_owner_id_owners", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("owner_id", "topic", name="pk_soap_answers"),
    )


def downgrade() -> None:
    """Drop soap_answers."""
    op.drop_table("soap_answers")
