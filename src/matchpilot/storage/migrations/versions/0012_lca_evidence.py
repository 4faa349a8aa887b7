"""Public evidence: the DOL H-1B LCA files an applicant imported, their resident cases and employer links.

Revision ID: 0012
Revises: 0011
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def _owner() -> sa.Column[int]:
    return sa.Column("owner_id", sa.Integer(), nullable=False)


def upgrade() -> None:
    """Create lca_imports, lca_cases and lca_links."""
    op.create_table(
        "lca_imports",
        sa.Column("id", sa.Integer(), nullable=False),
        _owner(),
        sa.Column("file_name", sa.Text(), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("layout", sa.String(16), nullable=False),
        sa.Column("imported_on", sa.Date(), nullable=False),
        sa.Column("rows_read", sa.Integer(), nullable=False),
        sa.Column("cases_kept", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["owner_id"], ["owners.id"], name="fk_lca_imports_owner_id_owners", ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name="pk_lca_imports"),
        sa.UniqueConstraint("owner_id", "sha256", name="uq_lca_imports_owner_sha256"),
    )
    op.create_table(
        "lca_cases",
        sa.Column("id", sa.Integer(), nullable=False),
        _owner(),
        sa.Column("import_sha256", sa.String(64), nullable=False),
        sa.Column("case_number", sa.String(64), nullable=False),
        sa.Column("status", sa.String(24), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("decision_date", sa.Date(), nullable=True),
        sa.Column("employer_name", sa.Text(), nullable=False),
        sa.Column("employer_key", sa.Text(), nullable=False),
        sa.Column("employer_state", sa.String(2), nullable=False),
        sa.Column("job_title", sa.Text(), nullable=False),
        sa.Column("soc_code", sa.String(16), nullable=False),
        sa.Column("visa_class", sa.String(32), nullable=False),
        sa.ForeignKeyConstraint(["owner_id"], ["owners.id"], name="fk_lca_cases_owner_id_owners", ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name="pk_lca_cases"),
        sa.UniqueConstraint("owner_id", "case_number", name="uq_lca_cases_owner_case_number"),
    )
    op.create_index("ix_lca_cases_owner_employer", "lca_cases", ["owner_id", "employer_key", "employer_state"])
    op.create_table(
        "lca_links",
        sa.Column("id", sa.Integer(), nullable=False),
        _owner(),
        sa.Column("employer_key", sa.Text(), nullable=False),
        sa.Column("employer_state", sa.String(2), nullable=False),
        sa.Column("institution", sa.Text(), nullable=True),
        sa.Column("confidence", sa.Float(), nullable=True),
        sa.Column("decision", sa.String(16), nullable=False),
        sa.Column("decided_by", sa.String(16), nullable=False),
        sa.Column("decided_on", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(["owner_id"], ["owners.id"], name="fk_lca_links_owner_id_owners", ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name="pk_lca_links"),
        sa.UniqueConstraint("owner_id", "employer_key", "employer_state", name="uq_lca_links_owner_employer"),
    )


def downgrade() -> None:
    """Drop the evidence tables."""
    op.drop_table("lca_links")
    op.drop_index("ix_lca_cases_owner_employer", table_name="lca_cases")
    op.drop_table("lca_cases")
    op.drop_table("lca_imports")
