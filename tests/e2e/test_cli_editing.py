"""Editing the sheet from the command line (issue 15, item 2): the same services as the web app's forms."""

from __future__ import annotations

from pathlib import Path

import pytest

from support.cli import run, said


@pytest.fixture(autouse=True)
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MATCHPILOT_DATABASE_URL", f"sqlite:///{tmp_path}/cli.db")


def test_set_add_remove_and_clear_the_demo() -> None:
    assert run("demo")[0] == 0
    code, out, _ = run(
        "programs", "add", "1234340C0", "--name", "Riverside (mine)", "--specialty", "PM&R", "--track", "C",
        "--source", "program website", "--set", "state=New York",
    )  # fmt: skip
    assert code == 0, out
    code, out, err = run("programs", "set", "1234340C0", "visa_j1", "yes")
    assert code == 2 and "visa_j1_source" in said(err)
    code, out, _ = run(
        "programs", "set", "1234340C0", "visa_j1", "yes", "--source", "email", "--checked-on", "2026-01-05"
    )
    assert code == 0 and "visa_j1 is now yes" in said(out)
    code, out, _ = run("programs", "show", "1234340C0")
    assert "email" in said(out) and "2026-01-05" in said(out) and "NY" in said(out)
    assert run("programs", "set", "1234340C0", "interest", "4")[0] == 0
    code, out, _ = run("demo", "--clear")
    assert code == 0 and "1 program of your own left" in said(out)
    code, out, _ = run("programs", "remove", "1234340C0", "--yes")
    assert code == 0 and "Removed Riverside (mine)" in said(out)
    assert run("programs", "show", "1234340C0")[0] != 0


def test_next_says_the_stage_and_the_command_of_each_step() -> None:
    code, out, _ = run("next")
    assert code == 0
    words = said(out)
    assert "Now:" in words and "What to do next" in words
    assert "Bring in your program sheet" in words and "matchpilot programs import FILE.csv" in words
    assert "Fill in your profile" in words and "matchpilot profile load" in words
