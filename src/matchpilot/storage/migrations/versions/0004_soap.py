"""Match Week (SOAP): documents, the assignment rule, distribution plans, the unfilled list, offers and the
interview cheat sheet.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def _owner(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(["owner_id"], ["owners.id"], name=f"fk_{table}_owner_id_owners", ondelete="CASCADE")


def upgrade() -> None:
    """Create the SOAP tables."""
    op.create_table(
        "soap_documents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("key", sa.String(64), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("writer", sa.Text()),
        sa.Column("specialty", sa.Text()),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
        _owner("soap_documents"),
        sa.PrimaryKeyConstraint("id", name="pk_soap_documents"),
        sa.UniqueConstraint("owner_id", "kind", "key", name="uq_soap_documents_owner_kind_key"),
    )
    op.create_table(
        "soap_assignments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.Column("target", sa.String(120), nullable=False),
        sa.Column("statement_key", sa.String(64)),
        sa.Column("letter_keys", sa.JSON(), nullable=False),
        _owner("soap_assignments"),
        sa.PrimaryKeyConstraint("id", name="pk_soap_assignments"),
        sa.UniqueConstraint("owner_id", "target", name="uq_soap_assignments_owner_target"),
    )
    op.create_table(
        "soap_plans",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("bounds", sa.JSON(), nullable=False),
        sa.Column("max_applications", sa.Integer()),
        sa.Column("is_default", sa.Boolean(), nullable=False),
        sa.Column("note", sa.Text()),
        _owner("soap_plans"),
        sa.PrimaryKeyConstraint("id", name="pk_soap_plans"),
        sa.UniqueConstraint("owner_id", "name", name="uq_soap_plans_owner_name"),
    )
    op.create_table(
        "soap_unfilled",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(64), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("specialty", sa.Text(), nullable=False),
        sa.Column("track", sa.String(16), nullable=False),
        sa.Column("positions", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(2)),
        sa.Column("extra", sa.JSON(), nullable=False),
        sa.Column("source_row", sa.Integer(), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("imported_on", sa.Date(), nullable=False),
        _owner("soap_unfilled"),
        sa.PrimaryKeyConstraint("id", name="pk_soap_unfilled"),
        sa.UniqueConstraint("owner_id", "code", name="uq_soap_unfilled_owner_code"),
    )
    op.create_table(
        "soap_offers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(64), nullable=False),
        sa.Column("round", sa.Integer(), nullable=False),
        sa.Column("deadline", sa.DateTime(timezone=True)),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
        _owner("soap_offers"),
        sa.PrimaryKeyConstraint("id", name="pk_soap_offers"),
        sa.UniqueConstraint("owner_id", "code", name="uq_soap_offers_owner_code"),
    )
    op.create_table(
        "soap_cheatsheets",
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
        _owner("soap_cheatsheets"),
        sa.PrimaryKeyConstraint("owner_id", name="pk_soap_cheatsheets"),
    )


def downgrade() -> None:
    """Drop the SOAP tables."""
    for table in (
        "soap_cheatsheets",
        "soap_offers",
        "soap_unfilled",
        "soap_plans",
        "soap_assignments",
        "soap_documents",
    ):
        op.drop_table(table)
