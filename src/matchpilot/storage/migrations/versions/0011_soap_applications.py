"""The SOAP applications actually sent (a program can only make an offer to an applicant who applied to it).

Revision ID: 0011
Revises: 0010
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create soap_applications."""
    op.create_table(
        "soap_applications",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("owner_id", sa.Integer(), sa.ForeignKey("owners.id", ondelete="CASCADE"), nullable=False),
        sa.Column("code", sa.String(64), nullable=False),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
        sa.UniqueConstraint("owner_id", "code", name="uq_soap_applications_owner_code"),
    )


def downgrade() -> None:
    """Drop soap_applications."""
    op.drop_table("soap_applications")
