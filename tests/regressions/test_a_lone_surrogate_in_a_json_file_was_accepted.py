"""Issue 19, finding 8 from the command line: a JSON file may spell a lone surrogate (``"\\ud800"``), which no page,
file or backup can hold. The file readers now refuse it naming the file and the place, and the CLI exits 2 with
nothing saved."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from matchpilot.cli.main import app
from matchpilot.errors import InputError
from matchpilot.io.files import read_json


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ('{"name": "x\\ud800", "applicant_type": "us_img"}', "name"),
        ('{"name": "A", "goals": ["ok", "\\udc00"]}', "goals.1"),
        ('["\\u0000"]', "0"),
        ('"\\ud800"', "the document"),
    ],
)
def test_a_json_file_with_text_that_is_not_valid_is_an_input_error(tmp_path: Path, text: str, where: str) -> None:
    path = tmp_path / "profile.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match=f"profile.json: {where} contains"):
        read_json(path)


def test_profile_load_exits_2_and_saves_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MATCHPILOT_DATABASE_URL", f"sqlite:///{tmp_path}/cli.db")
    monkeypatch.setenv("COLUMNS", "60")
    path = tmp_path / "me.json"
    path.write_text('{"name": "x\\ud800", "applicant_type": "us_img"}', encoding="utf-8")
    runner = CliRunner()
    loaded = runner.invoke(app, ["profile", "load", str(path)])
    assert loaded.exit_code == 2
    assert "not valid text" in " ".join(loaded.stderr.split())
    shown = runner.invoke(app, ["profile", "show"])
    assert "x\ud800" not in shown.stdout
