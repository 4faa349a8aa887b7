"""``letters lint FILE --program CODE`` without ``--context`` reads the stored certification day (``rol certify``)
and the SOAP window (dated Match Week data, stored SOAP offers, logged replies): rules ``after-rol`` and
``soap-unsolicited``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from matchpilot.cli import main as main_cli

runner = CliRunner()
APP = main_cli.app
A, SOAP_PROGRAM = "1001340C0", "2001140P0"
NOTE = "Dear Dr. Rivera,\n\nI remain very interested in your program and wanted to share an update.\n\nAmina\n"


@pytest.fixture(autouse=True)
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite:///{tmp_path}/ctx.db"
    monkeypatch.setenv("MATCHPILOT_DATABASE_URL", url)
    monkeypatch.delenv("MATCHPILOT_RULES_FILE", raising=False)
    monkeypatch.setenv("COLUMNS", "200")
    return url


def run(*args: str) -> tuple[int, str]:
    result = runner.invoke(APP, list(args))
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.output


def rules_of(*args: str) -> tuple[int, list[str]]:
    code, out = run("letters", "lint", *args, "--json")
    document = json.loads(out)
    return code, [finding["rule"] for finding in document["files"][0]["findings"]]


def test_after_rol_from_the_stored_certification_day(tmp_path: Path) -> None:
    message = tmp_path / "update.txt"
    message.write_text(NOTE, encoding="utf-8")
    assert run("rol", "add", A)[0] == 0
    assert rules_of(str(message), "--program", A, "--on", "2026-02-25")[1] == []
    code, out = run("rol", "certify", "--on", "2026-02-20")
    assert code == 0 and "certified on 2026-02-20" in out
    assert "Certified on 2026-02-20" in run("rol", "show")[1]
    assert rules_of(str(message), "--program", A, "--on", "2026-02-25") == (0, ["after-rol"])
    assert rules_of(str(message), "--program", A, "--on", "2026-02-19")[1] == []  # before certifying
    assert run("rol", "certify", "--on", "25/02/2026")[0] == 2
    assert run("rol", "certify", "--on", "2999-01-01")[0] == 2


def test_certifying_an_empty_list_is_refused() -> None:
    code, out = run("rol", "certify")
    assert code == 2 and "nothing to certify" in out


def test_soap_unsolicited_until_the_program_contacts_you(tmp_path: Path) -> None:
    message = tmp_path / "soap.txt"
    message.write_text(NOTE, encoding="utf-8")
    reply = tmp_path / "reply.txt"
    reply.write_text("We would like to interview you for SOAP this afternoon.\n", encoding="utf-8")
    assert rules_of(str(message), "--program", SOAP_PROGRAM, "--on", "2026-03-17") == (1, ["soap-unsolicited"])
    assert rules_of(str(message), "--program", SOAP_PROGRAM, "--on", "2026-03-12")[1] == []  # before Match Week
    assert run("letters", "log", "add-reply", str(reply), "--program", SOAP_PROGRAM, "--on", "2026-03-17")[0] == 0
    assert rules_of(str(message), "--program", SOAP_PROGRAM, "--on", "2026-03-17") == (0, [])
    assert rules_of(str(message), "--program", SOAP_PROGRAM, "--on", "2026-03-16")[0] == 1  # before they wrote


def test_the_match_week_dates_follow_the_rules_file(tmp_path: Path) -> None:
    message = tmp_path / "soap.txt"
    message.write_text(NOTE, encoding="utf-8")
    rules = tmp_path / "rules.toml"
    rules.write_text(
        "[match_week.2026.events.status]\nstart = 2026-03-12T10:00:00\nsource = 'test'\nchecked = 2026-01-01\n",
        encoding="utf-8",
    )
    found = rules_of(str(message), "--program", SOAP_PROGRAM, "--on", "2026-03-12", "--rules", str(rules))
    assert found == (1, ["soap-unsolicited"])
