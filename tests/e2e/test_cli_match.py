"""`matchpilot match run | verify | generate` through the real CLI root: files, exit codes, messages."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from matchpilot.cli.main import app

runner = CliRunner()

INSTANCE: dict[str, Any] = {
    "format": "matchpilot.match-instance/1",
    "programs": [
        {"id": "1001340A0", "quota": 3, "rol": ["a1", "a7", "a2"]},
        {"id": "1001140P0", "quota": 2, "rol": ["a7", "a1", "a3"]},
        {"id": "1002340C0", "quota": 1, "rol": ["a2", "a3"], "revert_to": "1002340A0"},
        {"id": "1002340A0", "quota": 1, "rol": ["a3", "a2"]},
    ],
    "applicants": [
        {
            "id": "a1",
            "rol": ["1001340A0", "1002340C0"],
            "supplemental_lists": [{"attached_to": ["1001340A0"], "rol": ["1001140P0"]}],
        },
        {"id": "a2", "rol": ["1002340C0", "1001340A0"]},
        {"id": "a3"},
        {"id": "a7"},
    ],
    "couples": [{"id": "c1", "members": ["a3", "a7"], "rol": [["1002340A0", "1001140P0"], ["1002340C0", None]]}],
}


def _said(text: str) -> str:
    """What a person reads on the terminal, with Rich's line wrapping undone."""
    return " ".join(text.split())


def _write(path: Path, document: object) -> Path:
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def test_run_writes_the_result_file_and_verify_accepts_it(tmp_path: Path) -> None:
    instance = _write(tmp_path / "market.json", INSTANCE)
    out = tmp_path / "result.json"
    ran = runner.invoke(app, ["match", "run", str(instance), "-o", str(out)])
    assert ran.exit_code == 0, ran.output
    assert "Matched 4 of 4 applicants" in _said(ran.stdout)
    result = json.loads(out.read_text(encoding="utf-8"))
    assert result["format"] == "matchpilot.match-result/1"
    assert result["matches"] == {"a1": "1001340A0", "a2": "1002340C0", "a3": "1002340A0", "a7": "1001140P0"}
    assert result["supplemental_matches"] == {"a1": "1001140P0"}
    assert result["unfilled"] == {"1001340A0": 2}
    assert result["unstable"] == []
    assert result["stats"]["solve_seconds"] >= 0
    checked = runner.invoke(app, ["match", "verify", str(instance), str(out)])
    assert checked.exit_code == 0, checked.output
    assert "valid and stable" in _said(checked.stdout)


def test_run_without_output_prints_json_on_stdout(tmp_path: Path) -> None:
    instance = _write(tmp_path / "market.json", INSTANCE)
    ran = runner.invoke(app, ["match", "run", str(instance), "--engine", "python"])
    assert ran.exit_code == 0
    assert json.loads(ran.stdout)["matches"]["a2"] == "1002340C0"
    assert "Matched 4 of 4" in _said(ran.stderr)


def test_verify_exits_1_and_names_what_is_wrong(tmp_path: Path) -> None:
    instance = _write(tmp_path / "market.json", INSTANCE)
    broken = {
        "format": "matchpilot.match-result/1",
        "matches": {"a1": "1002340C0", "a2": "1001340A0", "a3": "1002340A0", "a7": None},
        "supplemental_matches": {"a1": "1001140P0"},
        "unfilled": {"1001340A0": 2, "1001140P0": 1},
    }
    result = _write(tmp_path / "broken.json", broken)
    checked = runner.invoke(app, ["match", "verify", str(instance), str(result)])
    assert checked.exit_code == 1
    said = _said(checked.stdout + checked.stderr)
    assert "couple-split" in said or "is split" in said
    assert "without a match to an advanced program" in said
    assert "blocking: a1 with 1001340A0 (single)" in said
    assert "INVALID" in said


def test_invalid_instance_exits_2_lists_every_problem_and_writes_nothing(tmp_path: Path) -> None:
    document = json.loads(json.dumps(INSTANCE))
    document["applicants"][0]["supplemental_lists"][0]["attached_to"] = ["1002340A0"]
    document["applicants"][1]["rol"].append("9999340A0")
    document["applicants"][2]["rol"] = ["1002340A0"]
    instance = _write(tmp_path / "market.json", document)
    out = tmp_path / "result.json"
    ran = runner.invoke(app, ["match", "run", str(instance), "-o", str(out)])
    assert ran.exit_code == 2
    said = _said(ran.stderr)
    assert "is not a valid match instance (3 problems)" in said
    assert 'supplemental list attached to "1002340A0", which is not on the primary list' in said
    assert 'rol ranks "9999340A0", which is not a program' in said
    assert 'belongs to couple "c1"' in said
    assert not out.exists()
    assert "Traceback" not in ran.output


def test_unreadable_or_bad_json_files_are_named(tmp_path: Path) -> None:
    missing = runner.invoke(app, ["match", "run", str(tmp_path / "nope.json")])
    assert missing.exit_code == 2
    assert "nope.json: no such file" in _said(missing.stderr)
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    ran = runner.invoke(app, ["match", "run", str(bad)])
    assert ran.exit_code == 2
    assert "bad.json: not valid JSON" in _said(ran.stderr)
    instance = _write(tmp_path / "market.json", INSTANCE)
    checked = runner.invoke(app, ["match", "verify", str(instance), str(bad)])
    assert checked.exit_code == 2


def test_generate_is_reproducible_and_runs(tmp_path: Path) -> None:
    args = ["match", "generate", "--applicants", "300", "--programs", "40", "--couples-share", "0.04",
            "--supplemental-share", "0.1", "--reversion-share", "0.1", "--seed", "9"]  # fmt: skip
    first, second = tmp_path / "one.json", tmp_path / "two.json"
    made = runner.invoke(app, [*args, "-o", str(first)])
    assert made.exit_code == 0, made.output
    assert "300 applicants, 40 programs" in _said(made.stdout)
    assert runner.invoke(app, [*args, "-o", str(second)]).exit_code == 0
    assert first.read_bytes() == second.read_bytes()
    out = tmp_path / "result.json"
    assert runner.invoke(app, ["match", "run", str(first), "-o", str(out)]).exit_code == 0
    checked = runner.invoke(app, ["match", "verify", str(first), str(out)])
    assert checked.exit_code in (0, 1)
    assert json.loads(out.read_text(encoding="utf-8"))["stats"]["applicants"] == 300


def test_generate_rejects_bad_sizes_with_exit_2(tmp_path: Path) -> None:
    made = runner.invoke(app, ["match", "generate", "--applicants", "0", "--programs", "5", "-o", str(tmp_path / "x")])
    assert made.exit_code == 2
    assert "The number of applicants must be at least 1" in _said(made.stderr)
    assert not (tmp_path / "x").exists()


def test_every_match_command_has_help() -> None:
    for command in ("run", "verify", "generate"):
        shown = runner.invoke(app, ["match", command, "--help"])
        assert shown.exit_code == 0
        assert len(_said(shown.stdout)) > 100


def test_a_quota_too_large_to_count_is_named_not_a_traceback(tmp_path: Path) -> None:
    """A quota past what the match counts in 64-bit integers (2**70 crashed ``_prepare`` with ``OverflowError``;
    2**40 passed the checks) is an input error naming the program, on the plain market's fast path and the
    general one (a couple takes the general one), and the largest allowed quota still runs."""
    for couples in (False, True):
        for quota, accepted in ((2**70, False), (2**40, False), (1_000_000_001, False), (1_000_000_000, True)):
            document = json.loads(json.dumps(INSTANCE))
            document["programs"][1]["quota"] = quota
            if not couples:
                del document["couples"]
                document["applicants"][2]["rol"] = ["1002340A0"]
                document["applicants"][3]["rol"] = ["1001140P0"]
                del document["applicants"][0]["supplemental_lists"]
            out = tmp_path / f"result-{couples}-{quota}.json"
            ran = runner.invoke(app, ["match", "run", str(_write(tmp_path / "m.json", document)), "-o", str(out)])
            assert "Traceback" not in ran.output, (couples, quota)
            if accepted:
                assert ran.exit_code == 0, (couples, quota, ran.output)
                assert out.exists()
            else:
                assert ran.exit_code == 2, (couples, quota, ran.output)
                said = _said(ran.stderr)
                assert f'programs[1] "1001140P0": quota is {quota}; it must be at most 1,000,000,000' in said, said
                assert not out.exists()
