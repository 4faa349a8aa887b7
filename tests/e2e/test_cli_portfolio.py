"""`matchpilot portfolio optimize` through the real CLI root: JSON out, summary on stderr, exit codes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from matchpilot.cli.main import app

runner = CliRunner()


def _problem(**overrides: Any) -> dict[str, Any]:
    document: dict[str, Any] = {
        "format": "matchpilot.portfolio-problem/1",
        "objective": "expected_utility",
        "outside_utility": 0.0,
        "max_applications": 3,
        "budget": None,
        "candidates": [
            {"id": "1001340C0", "p": 0.22, "utility": 10.0, "cost": 11, "category": "pmr"},
            {"id": "1003140P0", "p": 0.40, "utility": 4.0, "cost": 11, "category": "prelim"},
            {"id": "1005340C0", "p": 0.10, "utility": 9.0, "cost": 30, "category": "pmr"},
            {"id": "1007140P0", "p": 0.70, "utility": 2.0, "cost": 11, "category": "prelim"},
        ],
    }
    document.update(overrides)
    return document


def _said(text: str) -> str:
    """What a person reads on the terminal, with Rich's line wrapping undone."""
    return " ".join(text.split())


def _write(tmp_path: Path, document: object, name: str = "problem.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def test_optimize_prints_the_result_json_and_a_summary(tmp_path: Path) -> None:
    result = runner.invoke(app, ["portfolio", "optimize", str(_write(tmp_path, _problem()))])
    assert result.exit_code == 0, result.stderr
    document = json.loads(result.stdout)
    assert document["format"] == "matchpilot.portfolio-result/1"
    assert document["chosen"] == ["1001340C0", "1003140P0", "1007140P0"]
    assert document["value"] == pytest.approx(2.2 + 0.4 * 4 * 0.78 + 0.7 * 2 * 0.78 * 0.6)
    assert document["curve"] == pytest.approx([2.2, 3.448, document["value"]])
    assert document["optimal"] is True and document["method"] == "greedy-nested"
    assert document["stats"]["candidates"] == 4 and document["stats"]["solve_seconds"] >= 0
    assert "3 of 4 candidates chosen" in _said(result.stderr)
    assert "1001340C0" in result.stderr


def test_output_file_and_category_bounds(tmp_path: Path) -> None:
    problem = _write(tmp_path, _problem(budget=52, categories={"pmr": {"min": 2}}))
    out = tmp_path / "result.json"
    result = runner.invoke(app, ["portfolio", "optimize", str(problem), "-o", str(out), "--quiet"])
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "" and result.stderr == ""
    document = json.loads(out.read_text(encoding="utf-8"))
    assert document["method"] == "dp-categories"
    assert sorted(document["chosen"]) == ["1001340C0", "1003140P0", "1005340C0"]
    assert document["curve"] is None


def test_correlated_outcomes_are_labelled_approximate(tmp_path: Path) -> None:
    problem = str(_write(tmp_path, _problem()))
    args = ["portfolio", "optimize", problem, "--correlation", "0.6", "--samples", "300", "--seed", "7"]
    first = runner.invoke(app, args)
    second = runner.invoke(app, args)
    assert first.exit_code == 0, first.stderr
    document = json.loads(first.stdout)
    assert document["optimal"] is False and document["method"] == "sample-average-greedy"
    assert json.loads(second.stdout)["chosen"] == document["chosen"]
    assert "approximate" in first.stderr and "correlated" in first.stderr


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (None, "no such file"),
        ("[" * 100_000, "nested too deeply"),
        ("{not json", "not valid JSON"),
    ],
)
def test_unreadable_files_exit_2_naming_the_file(tmp_path: Path, content: str | None, expected: str) -> None:
    path = tmp_path / "problem.json"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    result = runner.invoke(app, ["portfolio", "optimize", str(path)])
    assert result.exit_code == 2
    assert expected in _said(result.stderr) and "problem.json" in result.stderr
    assert result.stdout == ""


def test_bad_fields_exit_2_and_list_every_entry(tmp_path: Path) -> None:
    document = _problem()
    document["candidates"][1]["p"] = 1.4
    document["candidates"][3]["utility"] = "high"
    result = runner.invoke(app, ["portfolio", "optimize", str(_write(tmp_path, document))])
    assert result.exit_code == 2
    said = _said(result.stderr)
    assert "p 1.4 is out of range (0..1)" in said
    assert 'candidates[1] "1003140P0"' in said
    assert 'utility "high" is not a number' in said


def test_limits_that_cannot_be_met_exit_2_saying_which(tmp_path: Path) -> None:
    problem = _problem(categories={"pmr": {"min": 2}, "prelim": {"min": 2}}, max_applications=3)
    result = runner.invoke(app, ["portfolio", "optimize", str(_write(tmp_path, problem))])
    assert result.exit_code == 2
    assert "category minimums add up to 4 (pmr 2, prelim 2), more than max_applications 3" in _said(result.stderr)


def test_every_portfolio_command_has_help() -> None:
    result = runner.invoke(app, ["portfolio", "--help"])
    assert result.exit_code == 0 and "optimize" in result.stdout
    result = runner.invoke(app, ["portfolio", "optimize", "--help"])
    assert result.exit_code == 0
    assert "--output" in result.stdout and "--correlation" in result.stdout


def test_optimize_with_signals_prints_the_signalled_groups(tmp_path: Path) -> None:
    document = _problem(
        signals={"pmr": {"standard": 1}},
        candidates=[
            {"id": "A-C", "p": 0.10, "utility": 10.0, "signal": {"pool": "pmr", "group": "A", "p": {"standard": 0.5}}},
            {"id": "A-A", "p": 0.08, "utility": 9.0, "signal": {"pool": "pmr", "group": "A", "p": {"standard": 0.4}}},
            {"id": "B-C", "p": 0.30, "utility": 10.0},
            {"id": "C-C", "p": 0.05, "utility": 10.0},
        ],
    )
    result = runner.invoke(app, ["portfolio", "optimize", str(_write(tmp_path, document))])
    assert result.exit_code == 0, result.stderr
    written = json.loads(result.stdout)
    assert written["signalled"] == {"A": "standard"}
    assert written["signals_used"] == {"pmr": {"standard": 1}}
    said = _said(result.stderr)
    assert "signalled" in said and "standard" in said
    assert "signals used — pmr standard: 1 of 1" in said


def test_a_signal_tier_the_pool_does_not_have_exits_2_naming_it(tmp_path: Path) -> None:
    document = _problem(
        signals={"pmr": {"standard": 1}},
        candidates=[
            {"id": "A-C", "p": 0.1, "utility": 1.0, "signal": {"pool": "pmr", "group": "A", "p": {"gold": 0.5}}}
        ],
    )
    result = runner.invoke(app, ["portfolio", "optimize", str(_write(tmp_path, document))])
    assert result.exit_code == 2
    assert 'signal tier "gold" is not a tier of pool "pmr"' in _said(result.stderr)


@pytest.mark.parametrize(
    ("signal", "message"),
    [
        ({"pool": "em", "group": "A", "p": {"standard": 0.5}}, 'signal pool "em" is not in signals'),
        ({"pool": "pmr", "group": "A", "p": {"standard": 0.05}}, "is below the unsignalled p 0.1"),
    ],
)
def test_a_signal_pool_the_problem_lacks_or_a_chance_below_the_unsignalled_exits_2(
    tmp_path: Path, signal: dict[str, object], message: str
) -> None:
    """Issue 16, bad input: a pool the season (the problem's ``signals``) does not have, and a signalled chance
    below the unsignalled one, each named with its candidate; nothing is written."""
    document = _problem(
        signals={"pmr": {"standard": 1}},
        candidates=[{"id": "A-C", "p": 0.1, "utility": 1.0, "signal": signal}],
    )
    out = tmp_path / "result.json"
    result = runner.invoke(app, ["portfolio", "optimize", str(_write(tmp_path, document)), "-o", str(out)])
    assert result.exit_code == 2
    said = _said(result.stderr)
    assert message in said and 'candidates[0] "A-C"' in said
    assert not out.exists()
