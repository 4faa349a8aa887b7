"""The composition root: settings from the environment, the database, and the services built on them.

Nothing here runs at import time; shells call :func:`build_services` when a command needs it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from matchpilot.errors import ConfigurationError
from matchpilot.services import Services
from matchpilot.services.memo import DEFAULT_BUDGET, memo_for
from matchpilot.storage import Database

if TYPE_CHECKING:
    from matchpilot.services.accounts import AccountServices

__all__ = ["MIN_SECRET_KEY", "Settings", "build_account_services", "build_services", "default_database_url"]

MIN_SECRET_KEY = 32


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

    ``multi_user`` (MATCHPILOT_MULTI_USER): run as a server for many applicants, with accounts (see
    docs/server.md); then ``secret_key`` (MATCHPILOT_SECRET_KEY, at least 32 characters, e.g. from
    ``python -c "import secrets; print(secrets.token_urlsafe(48))"``) is required: it signs the forms' CSRF
    tokens. ``cookie_secure`` (MATCHPILOT_COOKIE_SECURE, default true) sends cookies over HTTPS only; turn it
    off only to try the server over plain HTTP on a test machine.

    Behind a reverse proxy (docs/server.md): ``public_url`` (MATCHPILOT_PUBLIC_URL, e.g.
    ``https://matchpilot.example.org``) is the address people use — form posts from it are accepted and
    invitation links are built on it; ``forwarded_allow_ips`` (MATCHPILOT_FORWARDED_ALLOW_IPS, default
    127.0.0.1; a comma-separated list of addresses or networks, or ``*``) are the proxies whose
    ``X-Forwarded-For``, ``-Proto`` and ``-Host`` headers are believed.

    ``cache_programs`` (MATCHPILOT_CACHE_PROGRAMS): how many program estimates each process keeps between
    requests until the records they come from change (about 3.6 kB each; 0 keeps none; see docs/server.md).

    ``upload_dir`` (MATCHPILOT_UPLOAD_DIR): where uploaded spreadsheets wait between the steps of the mapping
    and merge pages (default: ``matchpilot-uploads-UID`` in the system's temporary folder).
    """

    model_config = SettingsConfigDict(env_prefix="MATCHPILOT_", extra="ignore")

    database_url: str | None = None
    data_dir: Path | None = None
    owner: str = "local"
    multi_user: bool = False
    secret_key: SecretStr | None = None
    cookie_secure: bool = True
    public_url: str | None = None
    forwarded_allow_ips: str = "127.0.0.1"
    cache_programs: int = Field(default=DEFAULT_BUDGET, ge=0)
    upload_dir: Path | None = None

    @model_validator(mode="after")
    def _multi_user_needs_a_key(self) -> Settings:
        if self.multi_user:
            key = self.secret_key.get_secret_value() if self.secret_key is not None else ""
            if len(key.strip()) < MIN_SECRET_KEY:
                raise ConfigurationError(
                    "multi-user mode (MATCHPILOT_MULTI_USER) needs a secret key of at least "
                    f"{MIN_SECRET_KEY} characters in MATCHPILOT_SECRET_KEY: a long random text, such as a password "
                    "manager makes, kept the same across restarts"
                )
        return self

    @field_validator("public_url")
    @classmethod
    def _public_url_is_an_origin(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        text = value.strip().rstrip("/")
        try:
            parts = urlsplit(text)
            parts.port  # noqa: B018 - a port that is not a number raises here
        except ValueError:
            parts = None
        if parts is None or parts.scheme not in ("http", "https") or not parts.hostname:
            raise ConfigurationError(
                f"MATCHPILOT_PUBLIC_URL={value!r} is not an address such as https://matchpilot.example.org"
            )
        if parts.path or parts.query or parts.fragment:
            raise ConfigurationError(
                f"MATCHPILOT_PUBLIC_URL={value!r}: give the scheme and host only (matchpilot is served at the "
                "root of its address), such as https://matchpilot.example.org"
            )
        return text

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
        memo_for(database).budget = settings.cache_programs
        if settings.upload_dir is not None:
            from matchpilot.services.sheet_tools import set_upload_folder

            set_upload_folder(database, settings.upload_dir)
        return Services(database, owner=settings.owner, today=today)
    except BaseException:
        database.dispose()
        raise


def build_account_services(services: Services) -> AccountServices:
    """The account use cases (multi-user mode) over the database of ``services`` and its clock."""
    from matchpilot.services.accounts import AccountServices

    return AccountServices(services.database, today=services.today)
