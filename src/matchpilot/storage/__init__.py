"""Storage: SQLAlchemy 2 tables, Alembic migrations and repositories (SQLite by default, PostgreSQL by URL).

Every stored record belongs to an owner; the local single-user mode uses one implicit owner.
"""

from matchpilot.storage.database import Database
from matchpilot.storage.outcomes import OutcomeStore, StoredOutcome
from matchpilot.storage.repositories import OwnerStore, ProfileStore, ProgramStore, UpsertCounts

__all__ = ["Database", "OutcomeStore", "OwnerStore", "ProfileStore", "ProgramStore", "StoredOutcome", "UpsertCounts"]
