"""Accounts of a multi-user server: accounts, sign-in sessions, invitations, adviser grants, API tokens, failed
sign-ins (rate limiting) and comments.

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def _fk(table: str, column: str, target: str, ondelete: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint([column], [f"{target}.id"], name=f"fk_{table}_{column}_{target}", ondelete=ondelete)


def _when(name: str, *, nullable: bool = False, default: bool = False) -> sa.Column[datetime]:
    return sa.Column(
        name, sa.DateTime(timezone=True), nullable=nullable, server_default=sa.func.now() if default else None
    )


def upgrade() -> None:
    """Create the account tables."""
    op.create_table(
        "accounts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(100), nullable=False),
        sa.Column("password_hash", sa.Text(), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("workspace_id", sa.Integer(), nullable=True),
        _when("created_at", default=True),
        _fk("accounts", "workspace_id", "owners", "SET NULL"),
        sa.PrimaryKeyConstraint("id", name="pk_accounts"),
        sa.UniqueConstraint("username", name="uq_accounts_username"),
    )
    op.create_table(
        "login_sessions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("viewing_id", sa.Integer(), nullable=True),
        _when("created_at"),
        _when("expires_at"),
        _fk("login_sessions", "account_id", "accounts", "CASCADE"),
        _fk("login_sessions", "viewing_id", "owners", "SET NULL"),
        sa.PrimaryKeyConstraint("id", name="pk_login_sessions"),
        sa.UniqueConstraint("token_hash", name="uq_login_sessions_token_hash"),
    )
    op.create_table(
        "invitations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False),
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("invited_by", sa.Integer(), nullable=False),
        _when("created_at"),
        _when("expires_at"),
        sa.Column("accepted_by", sa.Integer(), nullable=True),
        _when("accepted_at", nullable=True),
        _fk("invitations", "workspace_id", "owners", "CASCADE"),
        _fk("invitations", "invited_by", "accounts", "CASCADE"),
        _fk("invitations", "accepted_by", "accounts", "SET NULL"),
        sa.PrimaryKeyConstraint("id", name="pk_invitations"),
        sa.UniqueConstraint("token_hash", name="uq_invitations_token_hash"),
    )
    op.create_table(
        "adviser_grants",
        sa.Column("adviser_id", sa.Integer(), nullable=False),
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        _when("created_at", default=True),
        _fk("adviser_grants", "adviser_id", "accounts", "CASCADE"),
        _fk("adviser_grants", "workspace_id", "owners", "CASCADE"),
        sa.PrimaryKeyConstraint("adviser_id", "workspace_id", name="pk_adviser_grants"),
    )
    op.create_table(
        "api_tokens",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False),
        _when("created_at"),
        _when("last_used_at", nullable=True),
        _fk("api_tokens", "account_id", "accounts", "CASCADE"),
        _fk("api_tokens", "workspace_id", "owners", "CASCADE"),
        sa.PrimaryKeyConstraint("id", name="pk_api_tokens"),
        sa.UniqueConstraint("token_hash", name="uq_api_tokens_token_hash"),
    )
    op.create_table(
        "login_failures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(200), nullable=False),
        _when("failed_at"),
        sa.PrimaryKeyConstraint("id", name="pk_login_failures"),
    )
    op.create_index("ix_login_failures_key_failed_at", "login_failures", ["key", "failed_at"])
    op.create_table(
        "comments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.Column("author", sa.String(100), nullable=False),
        sa.Column("subject", sa.String(64), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        _when("created_at"),
        _fk("comments", "owner_id", "owners", "CASCADE"),
        sa.PrimaryKeyConstraint("id", name="pk_comments"),
    )
    op.create_index("ix_comments_owner_created", "comments", ["owner_id", "created_at"])


def downgrade() -> None:
    """Drop the account tables."""
    op.drop_index("ix_comments_owner_created", table_name="comments")
    op.drop_table("comments")
    op.drop_index("ix_login_failures_key_failed_at", table_name="login_failures")
    op.drop_table("login_failures")
    for table in ("api_tokens", "adviser_grants", "invitations", "login_sessions", "accounts"):
        op.drop_table(table)
