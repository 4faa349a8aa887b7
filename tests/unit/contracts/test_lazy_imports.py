"""What a command pays for at start: importing matchpilot, one domain module or one service module does not
import the rest (the package names load on first use), so ``matchpilot --help`` and ``matchpilot match run``
do not import storage and every domain module."""

from __future__ import annotations

import subprocess
import sys


def _modules_after(statement: str) -> set[str]:
    code = f"import sys; {statement}; print('\\n'.join(sorted(sys.modules)))"
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
