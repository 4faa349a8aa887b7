"""`matchpilot pick --pin CODE --exclude CODE`: a pinned program goes on the list, an excluded one stays off,
and pins beyond the limits exit 2 with the limit named."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from matchpilot.cli import main

runner = CliRunner()


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(main.app, list(args))
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def pick_json(*args: str) -> dict[str, Any]:
    code, out, err = run("pick", "--json", *args)
    assert code == 0, err
    return json.loads(out)  # type: ignore[no-any-return]


@pytest.fixture
def demo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("MATCHPILOT_DATABASE_URL", f"sqlite:///{tmp_path}/cli.db")
    monkeypatch.setenv("COLUMNS", "60")
    monkeypatch.delenv("MATCHPILOT_RULES_FILE", raising=False)
    assert run("demo", "--seed", "7")[0] == 0
    return tmp_path


def test_pin_and_exclude_change_the_list(demo: Path) -> None:
    free = pick_json("--max", "5")
    chosen = [p["code"] for p in free["chosen"]]
    outside = next(item["code"] for item in free["left_out"] if item["why"] == "worth-less")
    document = pick_json("--max", "5", "--pin", outside, "--exclude", chosen[0])
    codes = [p["code"] for p in document["chosen"]]
    assert outside in codes and chosen[0] not in codes and len(codes) == 5
    assert document["limits"]["pinned"] == [outside] and document["limits"]["excluded"] == [chosen[0]]
    assert [i["why"] for i in document["left_out"] if i["code"] == chosen[0]] == ["excluded"]


def test_more_pins_than_the_count_exit_2_naming_it(demo: Path) -> None:
    free = pick_json("--max", "5")
    codes = [p["code"] for p in free["chosen"]][:3]
    code, _, err = run("pick", "--max", "2", "--pin", ",".join(codes))
    assert code == 2
    assert "you pinned 3 programs, more than the 2 applications" in " ".join(err.split())
