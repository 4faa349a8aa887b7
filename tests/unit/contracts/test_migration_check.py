"""Opening a database already at the newest migration does not import Alembic (it costs a command ~0.3 s at
start); a new or older database is still migrated by Alembic."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, text

from matchpilot.storage.database import _MIGRATIONS, Database, _script_head


def test_the_newest_migration_read_from_the_scripts_is_alembics_head() -> None:
    config = Config()
    config.set_main_option("script_location", str(_MIGRATIONS))
    assert _script_head() == ScriptDirectory.from_config(config).get_current_head()


def test_a_database_at_the_newest_migration_opens_without_importing_alembic(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'm.db'}"
    Database(url).migrate()  # new: Alembic creates the schema
    code = (
        "import sys; from matchpilot.storage.database import Database; "
        f"Database({url!r}).migrate(); print(any(m.startswith('alembic') for m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"


def test_an_older_database_is_still_upgraded(tmp_path: Path) -> None:
    from alembic import command

    url = f"sqlite:///{tmp_path / 'm.db'}"
    engine = create_engine(url)
    config = Config()
    config.set_main_option("script_location", str(_MIGRATIONS))
    with engine.begin() as connection:  # a database left at the migration before the newest one
        config.attributes["connection"] = connection
        command.upgrade(config, "head-1")
    with engine.connect() as connection:
        older = connection.execute(text("SELECT version_num FROM alembic_version")).scalar_one()
    assert older != _script_head()
    Database(url).migrate()
    with engine.connect() as connection:
        assert connection.execute(text("SELECT version_num FROM alembic_version")).scalar_one() == _script_head()
    engine.dispose()
