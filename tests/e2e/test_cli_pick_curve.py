"""`matchpilot pick` shows how many applications are worth it: the curve of the chance of at least one match
(with and without signals), the ERAS fee step and the point set by --threshold, in text and in JSON."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from matchpilot.cli import main

runner = CliRunner()


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(main.app, list(args))
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def demo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("MATCHPILOT_DATABASE_URL", f"sqlite:///{tmp_path}/cli.db")
    monkeypatch.setenv("COLUMNS", "60")
    monkeypatch.delenv("MATCHPILOT_RULES_FILE", raising=False)
    assert run("demo", "--seed", "7")[0] == 0
    return tmp_path


def test_json_carries_the_curve_with_fee_steps_and_the_threshold_point(demo: Path) -> None:
    code, out, err = run("pick", "--json", "--max", "12", "--threshold", "1")
    assert code == 0, err
    curve = json.loads(out)["applications_curve"]
    assert curve["threshold_points"] == 1 and curve["chosen"] == 12 and curve["with_signals"] is True
    points = curve["points"]
    assert len(points) >= 60
    chances = [pt["p_any"] for pt in points]
    assert chances == sorted(chances)
    assert all(pt["p_any_signals"] >= pt["p_any"] for pt in points)
    step = next(s for s in curve["fee_steps"] if s["specialty"] == "PM&R")
    assert (step["before_usd"], step["usd"]) == (11, 30)
    assert points[step["applications"] - 1]["price_usd"] == 30
    assert points[step["applications"] - 2]["price_usd"] == 11
    enough = curve["enough"]
    gains = [b["p_any_signals"] - a["p_any_signals"] for a, b in itertools.pairwise(points)]
    assert 100 * gains[enough - 1] < 1 <= min(100 * g for g in gains[: enough - 1])


def test_text_output_has_the_short_table_and_a_bad_threshold_exits_2(demo: Path) -> None:
    code, out, err = run("pick", "--max", "12")
    assert code == 0, err
    flat = " ".join(out.split())
    assert "your list" in flat
    assert "US$30 per" in flat
    assert "0.5 percentage points" in flat
    code, out, err = run("pick", "--threshold", "0")
    assert code == 2
    assert "--threshold 0" in err
