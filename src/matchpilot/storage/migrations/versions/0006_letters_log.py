"""The letters log: messages sent to programs, interviews, and the programs' replies.

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def _owner(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(["owner_id"], ["owners.id"], name=f"fk_{table}_owner_id_owners", ondelete="CASCADE")


def _recorded_at() -> sa.Column[datetime]:
    return sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now())


def upgrade() -> None:
    """Create the letter_messages, letter_interviews and letter_replies tables."""
    op.create_table(
        "letter_messages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(64), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("sent_on", sa.Date(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("requested", sa.Boolean(), nullable=False),
        _recorded_at(),
        _owner("letter_messages"),
        sa.PrimaryKeyConstraint("id", name="pk_letter_messages"),
    )
    op.create_index("ix_letter_messages_owner_code", "letter_messages", ["owner_id", "code"])
    op.create_table(
        "letter_interviews",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(64), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("interviewers", sa.JSON(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        _recorded_at(),
        _owner("letter_interviews"),
        sa.PrimaryKeyConstraint("id", name="pk_letter_interviews"),
    )
    op.create_index("ix_letter_interviews_owner_code", "letter_interviews", ["owner_id", "code"])
    op.create_table(
        "letter_replies",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(64), nullable=False),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        _recorded_at(),
        _owner("letter_replies"),
        sa.PrimaryKeyConstraint("id", name="pk_letter_replies"),
    )
    op.create_index("ix_letter_replies_owner_code", "letter_replies", ["owner_id", "code"])


def downgrade() -> None:
    """Drop the letters log tables."""
    op.drop_index("ix_letter_replies_owner_code", table_name="letter_replies")
    op.drop_table("letter_replies")
    op.drop_index("ix_letter_interviews_owner_code", table_name="letter_interviews")
    op.drop_table("letter_interviews")
    op.drop_index("ix_letter_messages_owner_code", table_name="letter_messages")
    op.drop_table("letter_messages")
