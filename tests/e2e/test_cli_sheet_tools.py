"""The sheet tools as a user runs them: import --map, saved mappings, merge, conflicts, resolve, export --share."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from matchpilot.cli.main import app

runner = CliRunner()

FOREIGN = (
    "NRMP Code,Program,Specialty,Position type,Visa,IMG %,Last checked\n"
    "1001340C0,Lakeview Rehabilitation (fictional),PM&R,Categorical,J-1 only,35%,2026-03-01\n"
    "1002340A0,Harbor PM&R (fictional),PM&R,Advanced,J-1 and H-1B,12 %,2026-04-01\n"
)

MINE = (
    "code,name,specialty,track,visa_j1,visa_h1b,img_share,interest,notes,source,checked_on\n"
    "1001340C0,Lakeview Rehabilitation (fictional),PM&R,categorical,yes,,35,5,my favourite,website,2026-03-01\n"
    "1002340A0,Harbor PM&R (fictional),PM&R,advanced,,,12,3,,website,2026-04-01\n"
)

PEER = (
    "code,name,specialty,track,visa_j1,visa_h1b,img_share,source,checked_on\n"
    "1001340C0,Lakeview Rehabilitation (fictional),PM&R,categorical,no,no,35,a classmate,\n"
    "1002340A0,Harbor PM&R (fictional),PM&R,advanced,yes,,20,FREIDA,2026-09-01\n"
)


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite:///{tmp_path}/cli.db"
    monkeypatch.setenv("MATCHPILOT_DATABASE_URL", url)
    monkeypatch.setenv("COLUMNS", "220")
    return url


def run(*args: str, input: str | None = None) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), input=input)
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


def listed(*args: str) -> dict[str, dict[str, object]]:
    code, out, _ = run("programs", "list", "--json", *args)
    assert code == 0
    return {p["code"]: p for p in json.loads(out)["programs"]}


def test_import_map_yes_accepts_the_suggestion(db: str, tmp_path: Path) -> None:
    code, out, err = run("programs", "import", str(write(tmp_path, "freida.csv", FOREIGN)), "--map", "--yes")
    assert code == 0, err
    assert "Suggested mapping" in out and "Preview" in out and "Imported 2 programs" in out
    programs = listed()
    assert programs["1001340C0"]["visa_j1"] is True and programs["1001340C0"]["visa_h1b"] is False
    assert programs["1002340A0"]["img_share"] == 12


def test_import_map_interactive_lets_me_change_a_column(db: str, tmp_path: Path) -> None:
    path = write(tmp_path, "freida.csv", FOREIGN)
    # no to the suggestion; keep every column but leave out "IMG %"; then yes to the import
    answers = "n\n" + "\n" * 5 + "-\n" + "\n" + "y\n"
    code, out, err = run("programs", "import", str(path), "--map", input=answers)
    assert code == 0, out + err
    assert "Use this mapping?" in out and "Import 2 programs?" in out
    assert "Not imported: IMG %" in out
    assert listed()["1001340C0"]["img_share"] is None


def test_saved_mapping_is_reused_by_name(db: str, tmp_path: Path) -> None:
    path = write(tmp_path, "freida.csv", FOREIGN)
    code, out, _ = run("programs", "import", str(path), "--map", "--yes", "--save-mapping", "FREIDA")
    assert code == 0 and "Saved the mapping as FREIDA" in out
    other = write(tmp_path, "later.csv", FOREIGN.replace("Harbor PM&R", "Harbor Rehab"))
    code, out, _ = run("programs", "import", str(other), "--mapping", "FREIDA")
    assert code == 0 and "Using the saved mapping FREIDA" in out and "1 updated" in out
    code, _, err = run("programs", "import", str(other), "--mapping", "nope")
    assert code == 2 and "no saved mapping called 'nope'" in err and "FREIDA" in err


def test_unreadable_value_is_marked_and_nothing_is_imported(db: str, tmp_path: Path) -> None:
    path = write(tmp_path, "freida.csv", FOREIGN.replace("J-1 only", "maybe"))
    code, out, err = run("programs", "import", str(path), "--map", "--yes")
    assert code == 2
    assert "✕" in out  # the bad cell is marked in the preview
    assert "row 2, column Visa:" in err and "nothing was imported" in err
    assert listed() == {}


def test_required_column_left_unmapped_is_named(db: str, tmp_path: Path) -> None:
    path = write(tmp_path, "freida.csv", FOREIGN)
    answers = "n\n" + "\n\n\n" + "-\n" + "\n\n\n"  # "Position type" (the track) left out
    code, _, err = run("programs", "import", str(path), "--map", input=answers)
    assert code == 2
    assert "the required column 'track' is not mapped" in err
    assert listed() == {}


def test_a_file_that_is_not_a_spreadsheet(db: str, tmp_path: Path) -> None:
    path = tmp_path / "photo.csv"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    code, _, err = run("programs", "import", str(path), "--map", "--yes")
    assert code == 2 and "not a CSV text file" in err
    code, _, err = run("programs", "merge", str(path), "--dry-run")
    assert code == 2 and "not a CSV text file" in err


def test_merge_dry_run_then_yes_then_resolve(db: str, tmp_path: Path) -> None:
    assert run("programs", "import", str(write(tmp_path, "mine.csv", MINE)))[0] == 0
    peer = write(tmp_path, "peer.csv", PEER)
    code, out, _ = run("programs", "merge", str(peer), "--dry-run")
    assert code == 0 and "1 in conflict" in out and "Dry run: nothing was written." in out
    assert listed()["1002340A0"]["img_share"] == 12

    code, out, _ = run("programs", "merge", str(peer), input="n\n")
    assert code == 0 and "Nothing was written." in out
    assert listed()["1002340A0"]["img_share"] == 12

    code, out, _ = run("programs", "merge", str(peer), "--yes")
    assert code == 0 and "Merged" in out and "1 conflicts open" in out
    programs = listed()
    assert programs["1002340A0"]["img_share"] == 20 and programs["1001340C0"]["notes"] == "my favourite"

    code, out, _ = run("programs", "conflicts")
    assert code == 0 and "1001340C0" in out and "visa_j1" in out and "a classmate" in out
    code, _, err = run("programs", "resolve", "1001340C0", "visa_j1", "perhaps")
    assert code == 2 and "choose mine or theirs" in err
    code, out, _ = run("programs", "resolve", "1001340C0", "visa_j1", "theirs")
    assert code == 0 and "Resolved" in out
    assert listed()["1001340C0"]["visa_j1"] is False
    code, out, _ = run("programs", "conflicts")
    assert "No open conflicts." in out


def test_merge_file_with_duplicate_codes(db: str, tmp_path: Path) -> None:
    assert run("programs", "import", str(write(tmp_path, "mine.csv", MINE)))[0] == 0
    peer = write(tmp_path, "peer.csv", PEER + PEER.splitlines()[1] + "\n")
    code, _, err = run("programs", "merge", str(peer), "--yes")
    assert code == 2
    assert "code '1001340C0' is already used in row 2" in err and "nothing was merged" in err
    assert listed()["1001340C0"]["visa_h1b"] is None


def test_export_share_leaves_out_private_columns(db: str, tmp_path: Path) -> None:
    assert run("programs", "import", str(write(tmp_path, "mine.csv", MINE)))[0] == 0
    out_path = tmp_path / "for-amina.csv"
    code, out, _ = run("programs", "export", str(out_path), "--share")
    assert code == 0 and "without your private columns" in out
    text = out_path.read_text()
    assert "interest" not in text.splitlines()[0] and "my favourite" not in text
    code, _, err = run("programs", "export", str(out_path), "--share", "--state", "NY")
    assert code == 2 and "leave out the filters" in err


def test_import_without_map_of_foreign_columns_says_to_use_map(
    db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # issue 15: the refusal said "required column 'name' is missing" and nothing about the mapping
    monkeypatch.setenv("COLUMNS", "60")
    tracker = "Program Name,NRMP Code,ST,Specialty,Track\nLakeview (fictional),1001340C0,NY,PM&R,Categorical\n"
    code, _, err = run("programs", "import", str(write(tmp_path, "tracker.csv", tracker)))
    assert code == 2
    assert "--map" in err
    code, out, _ = run("programs", "import", str(write(tmp_path, "mine.csv", MINE.replace("notes,", "my notes,"))))
    assert code == 0
    assert "--map" in out
