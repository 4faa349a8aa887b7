"""The composition root: settings from the environment, the database, and the services built on them.

Nothing here runs at import time; shells call :func:`build_services` when a command needs it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from pydantic_settings import BaseSettings, SettingsConfigDict

from matchpilot.services import Services
from matchpilot.storage import Database

__all__ = ["Settings", "build_services", "default_database_url"]


def default_database_url(data_dir: Path | None = None) -> str:
    """A SQLite file in the user's data directory (platformdirs), e.g. ``~/.local/share/matchpilot``."""
    if data_dir is None:
        import platformdirs

        data_dir = Path(platformdirs.user_data_dir("matchpilot", appauthor=False))
    return f"sqlite:///{data_dir / 'matchpilot.db'}"


class Settings(BaseSettings):
    """Settings read from ``MATCHPILOT_*`` environment variables.

    ``database_url`` (MATCHPILOT_DATABASE_URL): where data lives; default a SQLite file in the user data
    directory (``data_dir``, MATCHPILOT_DATA_DIR, overrides that directory).
    """

    model_config = SettingsConfigDict(env_prefix="MATCHPILOT_", extra="ignore")

    database_url: str | None = None
    data_dir: Path | None = None
    owner: str = "local"

    def resolved_database_url(self) -> str:
        """The database URL to use."""
        return self.database_url or default_database_url(self.data_dir)


def build_services(
    settings: Settings | None = None,
    *,
    database_url: str | None = None,
    today: Callable[[], date] = date.today,
) -> Services:
    """Build the services: settings, then the database (migrated to the newest schema), then the use cases.

    ``database_url`` overrides the settings (the CLI's ``--db``). Raises ConfigurationError for a URL
    matchpilot cannot use and DatabaseUnavailableError when the database cannot be reached.
    """
    settings = settings or Settings()
    database = Database(database_url or settings.resolved_database_url())
    try:
        database.migrate()
        return Services(database, owner=settings.owner, today=today)
    except BaseException:
        database.dispose()
        raise
