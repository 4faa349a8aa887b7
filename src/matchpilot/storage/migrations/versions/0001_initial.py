"""Initial schema: owners, profiles, programs.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create the first tables."""
    op.create_table(
        "owners",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
        sa.PrimaryKeyConstraint("id", name="pk_owners"),
        sa.UniqueConstraint("name", name="uq_owners_name"),
    )
    op.create_table(
        "profiles",
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
        sa.ForeignKeyConstraint(["owner_id"], ["owners.id"], name="fk_profiles_owner_id_owners", ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("owner_id", name="pk_profiles"),
    )
    op.create_table(
        "programs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(64), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("institution", sa.Text()),
        sa.Column("city", sa.Text()),
        sa.Column("state", sa.String(2)),
        sa.Column("specialty", sa.Text(), nullable=False),
        sa.Column("track", sa.String(16), nullable=False),
        sa.Column("positions", sa.Integer()),
        sa.Column("visa_j1", sa.Boolean()),
        sa.Column("visa_h1b", sa.Boolean()),
        sa.Column("img_share", sa.Float()),
        sa.Column("program_type", sa.String(32)),
        sa.Column("va_affiliated", sa.Boolean()),
        sa.Column("linked_pgy1", sa.Boolean()),
        sa.Column("emphasis", sa.String(16)),
        sa.Column("fellowships", sa.JSON(), nullable=False),
        sa.Column("min_step2", sa.Integer()),
        sa.Column("max_years_since_graduation", sa.Integer()),
        sa.Column("usce_required", sa.Boolean()),
        sa.Column("step3_for_h1b", sa.Boolean()),
        sa.Column("interest", sa.Integer()),
        sa.Column("notes", sa.Text()),
        sa.Column("source", sa.Text()),
        sa.Column("checked_on", sa.Date()),
        sa.Column("provenance", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(["owner_id"], ["owners.id"], name="fk_programs_owner_id_owners", ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name="pk_programs"),
        sa.UniqueConstraint("owner_id", "code", name="uq_programs_owner_code"),
    )
    op.create_index("ix_programs_owner_specialty", "programs", ["owner_id", "specialty"])
    op.create_index("ix_programs_owner_state", "programs", ["owner_id", "state"])


def downgrade() -> None:
    """Drop the first tables."""
    op.drop_table("programs")
    op.drop_table("profiles")
    op.drop_table("owners")
