"""Storage: SQLAlchemy 2 tables, Alembic migrations and repositories (SQLite by default, PostgreSQL by URL).

Every stored record belongs to an owner; the local single-user mode uses one implicit owner.
"""

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
