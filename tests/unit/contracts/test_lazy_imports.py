"""What a command pays for at start: importing matchpilot, one domain module or one service module does not
import the rest (the package names load on first use), so ``matchpilot --help`` and ``matchpilot match run``
do not import storage and every domain module."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def _modules_after(statement: str) -> set[str]:
    code = f"import sys\n{statement}\nprint('\\n'.join(sorted(sys.modules)))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return set(done.stdout.split())


def test_importing_matchpilot_loads_no_domain_module_until_one_is_asked_for() -> None:
    loaded = _modules_after("import matchpilot")
    assert not {name for name in loaded if name.startswith("matchpilot.domain")}
    asked = _modules_after("import matchpilot; matchpilot.Program")
    assert "matchpilot.domain.program" in asked


def test_one_domain_module_does_not_import_the_others() -> None:
    loaded = _modules_after("import matchpilot.domain.issues")
    assert "matchpilot.domain.mapping" not in loaded
    assert "matchpilot.domain.market" not in loaded


def test_the_match_service_does_not_import_storage() -> None:
    loaded = _modules_after("import matchpilot.services.match")
    assert "sqlalchemy" not in loaded
    assert "matchpilot.storage" not in loaded
    assert "matchpilot.services.workspace" in _modules_after("from matchpilot.services import Services")


def test_reading_the_sheet_does_not_import_numpy() -> None:
    """The sheet's columns are numbered for the chances only (which import NumPy anyway): the services and the
    stores, and the commands that list or edit the sheet, start without it."""
    assert "numpy" not in _modules_after("import matchpilot.services.workspace, matchpilot.storage.repositories")


def test_the_cli_does_not_load_the_letter_linter_until_a_message_is_linted() -> None:
    loaded = _modules_after("import matchpilot.cli.main")
    assert "matchpilot.letters.lint" not in loaded
    assert "matchpilot.letters.intent" not in loaded
    assert "matchpilot.letters.context" not in loaded
    assert "matchpilot.letters.lint" in _modules_after("import matchpilot.letters; matchpilot.letters.lint_text")


def test_the_eras_fees_of_pick_and_my_list_do_not_import_the_soap_core() -> None:
    loaded = _modules_after("from matchpilot.services.picks import fee_schedule, signal_season; fee_schedule(2025)")
    assert "matchpilot.services.rules_data" in loaded
    assert "matchpilot.soap" not in loaded
    assert "matchpilot.services.soap" not in loaded


def test_a_profile_does_not_import_the_sheet_importers_readers_until_it_reads_text() -> None:
    assert "matchpilot.domain.mapping" not in _modules_after("import matchpilot.domain.profile")


_PROFILE = """
name = "Lazy Applicant (fictional)"
applicant_type = "non_us_img"
graduation_year = 2021
step2_ck = 240
visa_need = "j1"
targets = ["pmr"]
"""

_SHEET = "code,name,specialty,track,state,visa_j1\n" + "".join(
    f"10{i:02d}340C0,Rehab {i} (fictional),PM&R,C,NY,yes\n" for i in range(6)
)


def test_pick_imports_only_the_stores_and_formats_it_uses(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from matchpilot.cli.main import app

    url = f"sqlite:///{tmp_path / 'pick.db'}"
    (tmp_path / "profile.toml").write_text(_PROFILE, encoding="utf-8")
    (tmp_path / "sheet.csv").write_text(_SHEET, encoding="utf-8")
    runner = CliRunner()
    for command in (
        ["profile", "load", str(tmp_path / "profile.toml")],
        ["programs", "import", str(tmp_path / "sheet.csv")],
    ):
        assert runner.invoke(app, ["--db", url, *command]).exit_code == 0
    loaded = _modules_after(
        f"from matchpilot.cli.main import main\ntry:\n    main(['--db', {url!r}, 'pick'])\nexcept SystemExit as stop:\n"
        "    assert not stop.code, stop.code"
    )
    assert "matchpilot.storage.predictions" in loaded  # the chances shown were kept: the whole command ran
    assert "sqlalchemy.dialects.sqlite" in loaded
    not_needed = {
        "sqlalchemy.dialects.postgresql",  # every PostgreSQL driver's module, for a SQLite database
        "rapidfuzz",  # linking LCA employers to institutions
        "alembic",  # the database is at the newest migration
        "matchpilot.storage.soap",
        "matchpilot.storage.rank_lists",
        "matchpilot.storage.letters_log",
        "matchpilot.storage.practice",
        "matchpilot.storage.backup",
        "matchpilot.storage.favourites",
        "matchpilot.domain.mapping",
        "matchpilot.io.pick_json",  # --json and --csv only
        "rich.table",  # the tables are printed from plain rows when they fit
    }
    assert not_needed & loaded == set()
