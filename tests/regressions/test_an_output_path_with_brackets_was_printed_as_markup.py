"""`match run -o` prints where it wrote the result: a path holding ``[...]`` was read as Rich markup, so the user
saw a different path (``[bold]`` vanished) or the command failed on a bad tag. (`portfolio solve -o` printed its
path the same way and was mended with it.)"""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from matchpilot.cli.main import app

INSTANCE = {
    "format": "matchpilot.match-instance/1",
    "programs": [{"id": "P", "quota": 1, "rol": ["A"]}],
    "applicants": [{"id": "A", "rol": ["P"]}],
}


def test_the_result_path_is_printed_as_written(tmp_path: Path) -> None:
    source = tmp_path / "in.json"
    source.write_text(json.dumps(INSTANCE), encoding="utf-8")
    folder = tmp_path / "[bold]runs"
    folder.mkdir()
    target = folder / "out.json"
    result = CliRunner().invoke(app, ["match", "run", str(source), "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert "[bold]runs" in result.output.replace("\n", "")
    assert target.exists()
