"""Storage: SQLAlchemy 2 tables, Alembic migrations and repositories (SQLite by default, PostgreSQL by URL).

Every stored record belongs to an owner; the local single-user mode uses one implicit owner.

The names below are loaded from their modules on first use (PEP 562), so a command imports the stores it uses
only (``matchpilot pick`` reads the sheet, profile and outcomes, not the SOAP, rank-list or letter records).
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from matchpilot.storage.database import Database
    from matchpilot.storage.favourites import FavouriteStore
    from matchpilot.storage.letters_log import LettersLogStore
    from matchpilot.storage.outcomes import OutcomeStore
    from matchpilot.storage.practice import (
        erase_owner_records,
        is_practice_owner,
        owner_record_count,
        practice_owner_name,
    )
    from matchpilot.storage.rank_lists import CoupleListStore, RankListStore
    from matchpilot.storage.repositories import OwnerStore, ProfileStore, ProgramStore, UpsertCounts
    from matchpilot.storage.soap import (
        SoapAnswerStore,
        SoapApplicationStore,
        SoapAssignmentStore,
        SoapCheatSheetStore,
        SoapChecklistStore,
        SoapDocumentStore,
        SoapOfferStore,
        SoapPlanStore,
        SoapUnfilledStore,
    )

_MODULE_OF = {
    "Database": "database",
    "FavouriteStore": "favourites",
    "LettersLogStore": "letters_log",
    "OutcomeStore": "outcomes",
    "erase_owner_records": "practice",
    "is_practice_owner": "practice",
    "owner_record_count": "practice",
    "practice_owner_name": "practice",
    "CoupleListStore": "rank_lists",
    "RankListStore": "rank_lists",
    "OwnerStore": "repositories",
    "ProfileStore": "repositories",
    "ProgramStore": "repositories",
    "UpsertCounts": "repositories",
    "SoapAnswerStore": "soap",
    "SoapApplicationStore": "soap",
    "SoapAssignmentStore": "soap",
    "SoapCheatSheetStore": "soap",
    "SoapChecklistStore": "soap",
    "SoapDocumentStore": "soap",
    "SoapOfferStore": "soap",
    "SoapPlanStore": "soap",
    "SoapUnfilledStore": "soap",
}
"""Where each name of the package lives."""

__all__ = ["Database", "OutcomeStore", "OwnerStore", "ProfileStore", "ProgramStore", "UpsertCounts"]
__all__ += [
    "SoapAnswerStore",
    "SoapApplicationStore",
    "SoapAssignmentStore",
    "SoapCheatSheetStore",
    "SoapChecklistStore",
    "SoapDocumentStore",
    "SoapOfferStore",
    "SoapPlanStore",
    "SoapUnfilledStore",
]
__all__ += ["CoupleListStore", "RankListStore"]
__all__ += ["LettersLogStore"]
__all__ += ["erase_owner_records", "is_practice_owner", "owner_record_count", "practice_owner_name"]
__all__ += ["FavouriteStore"]


def __getattr__(name: str) -> Any:
    """A name of the package, imported from its module when first asked for."""
    module = _MODULE_OF.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f"matchpilot.storage.{module}"), name)
    globals()[name] = value
    return value
