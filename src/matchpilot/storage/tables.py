"""The database tables (SQLAlchemy Core metadata shared by the repositories and the migrations)."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    func,
)

__all__ = ["metadata", "owners", "profiles", "programs"]

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

owners = Table(
    "owners",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(200), nullable=False, unique=True),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)

profiles = Table(
    "profiles",
    metadata,
    Column("owner_id", Integer, ForeignKey("owners.id", ondelete="CASCADE"), primary_key=True),
    Column("data", JSON, nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)

programs = Table(
    "programs",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("owner_id", Integer, ForeignKey("owners.id", ondelete="CASCADE"), nullable=False),
    Column("code", String(64), nullable=False),
    Column("name", Text, nullable=False),
    Column("institution", Text),
    Column("city", Text),
    Column("state", String(2)),
    Column("specialty", Text, nullable=False),
    Column("track", String(16), nullable=False),
    Column("positions", Integer),
    Column("visa_j1", Boolean),
    Column("visa_h1b", Boolean),
    Column("img_share", Float),
    Column("program_type", String(32)),
    Column("va_affiliated", Boolean),
    Column("linked_pgy1", Boolean),
    Column("emphasis", String(16)),
    Column("fellowships", JSON, nullable=False),
    Column("min_step2", Integer),
    Column("max_years_since_graduation", Integer),
    Column("usce_required", Boolean),
    Column("step3_for_h1b", Boolean),
    Column("interest", Integer),
    Column("notes", Text),
    Column("source", Text),
    Column("checked_on", Date),
    Column("provenance", JSON, nullable=False),
    UniqueConstraint("owner_id", "code", name="uq_programs_owner_code"),
    Index("ix_programs_owner_specialty", "owner_id", "specialty"),
    Index("ix_programs_owner_state", "owner_id", "state"),
)

outcomes = Table(
    "outcomes",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("owner_id", Integer, ForeignKey("owners.id", ondelete="CASCADE"), nullable=False),
    Column("code", String(64), nullable=False),
    Column("outcome", String(16), nullable=False),
    Column("recorded_on", Date, nullable=False),
    UniqueConstraint("owner_id", "code", name="uq_outcomes_owner_code"),
)
"""What each program answered the applicant: ``invited``, ``rejected`` or ``silent`` as of ``recorded_on``.

Keyed by program code (not by the program's row), so an outcome survives re-importing the sheet."""

__all__ += ["outcomes"]

sheet_mappings = Table(
    "sheet_mappings",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("owner_id", Integer, ForeignKey("owners.id", ondelete="CASCADE"), nullable=False),
    Column("name", String(100), nullable=False),
    Column("pairs", JSON, nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    UniqueConstraint("owner_id", "name", name="uq_sheet_mappings_owner_name"),
)
"""Saved column mappings, by name: ``pairs`` is a list of [the file's column, the sheet column]."""

sheet_conflicts = Table(
    "sheet_conflicts",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("owner_id", Integer, ForeignKey("owners.id", ondelete="CASCADE"), nullable=False),
    Column("code", String(64), nullable=False),
    Column("sheet_column", String(64), nullable=False),
    Column("mine", Text, nullable=False),
    Column("mine_source", Text),
    Column("mine_checked_on", Date),
    Column("theirs", Text, nullable=False),
    Column("theirs_source", Text),
    Column("theirs_checked_on", Date),
    Column("found_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    UniqueConstraint("owner_id", "code", "sheet_column", name="uq_sheet_conflicts_owner_code_column"),
)
"""Open merge conflicts: per program code and sheet column, both values (as sheet cell text) with their
sources and dates. Keyed by code, like outcomes, so a conflict survives re-importing the sheet."""

__all__ += ["sheet_conflicts", "sheet_mappings"]
