"""``matchpilot letters`` as a user runs it: lint (exit codes, JSON format, context file) and new (templates
from the stored profile and program).

Until ``letters`` is registered in ``cli/main.py`` the tests build the same root (the error-translating group of
``cli/main.py`` with its commands) and add the letters app to it.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from matchpilot.cli import letters as letters_cli
from matchpilot.cli import main as main_cli

from support.sheets import csv_bytes, sheet_rows

runner = CliRunner()


def _root() -> typer.Typer:
    if any(group.name == "letters" for group in main_cli.app.registered_groups):
        return main_cli.app
    root = typer.Typer(
        cls=main_cli.app.info.cls, name="matchpilot", no_args_is_help=True, pretty_exceptions_enable=False
    )
    root.callback()(main_cli.app.registered_callback.callback)  # type: ignore[union-attr]
    root.registered_groups.extend(main_cli.app.registered_groups)
    root.registered_commands.extend(main_cli.app.registered_commands)
    root.add_typer(letters_cli.app, name="letters")
    return root


APP = _root()

PROFILE_TOML = """
name = "Amina Yusuf (fictional)"
applicant_type = "non_us_img"
aamc_id = "14220018"
visa_need = "j1_or_h1b"
goals = ["brain injury rehabilitation"]
"""

ASKS = "Dear Dr. Rivera,\n\nThank you for the interview. Could you tell me where I fall on your rank list?\n\nAmina\n"
CLEAN = "Dear Dr. Rivera,\n\nThank you for the interview. Your program is among my top choices.\n\nAmina\n"
WARNS = "Dear Dr. Rivera,\n\nThank you for the interview. I know I am a weak applicant.\n\nAmina\n"
INTENT = "Dear Dr. Rivera,\n\nI will rank your program first.\n\nAmina\n"


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite:///{tmp_path}/letters.db"
    monkeypatch.setenv("MATCHPILOT_DATABASE_URL", url)
    monkeypatch.setenv("COLUMNS", "200")
    return url


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(APP, list(args))
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_lint_json_follows_the_spec(tmp_path: Path) -> None:
    asks = write(tmp_path, "asks.txt", ASKS)
    clean = write(tmp_path, "clean.txt", CLEAN)
    code, out, _ = run("letters", "lint", str(asks), str(clean), "--json")
    assert code == 1
    document = json.loads(out)
    assert document["format"] == "matchpilot.lint-result/1"
    first, second = document["files"]
    assert first["path"] == str(asks) and second == {"path": str(clean), "findings": []}
    (finding,) = first["findings"]
    assert set(finding) == {"rule", "severity", "start", "end", "message", "suggestion"}
    assert (finding["rule"], finding["severity"]) == ("ask-rank", "error")
    assert ASKS[finding["start"] : finding["end"]] == "Could you tell me where I fall on your rank list?"
    assert "ask-rank" in finding["message"] and finding["suggestion"]


def test_lint_exit_codes(tmp_path: Path) -> None:
    assert run("letters", "lint", str(write(tmp_path, "clean.txt", CLEAN)))[0] == 0
    assert run("letters", "lint", str(write(tmp_path, "warns.txt", WARNS)))[0] == 0
    assert run("letters", "lint", str(write(tmp_path, "intent.txt", INTENT)))[0] == 0
    assert run("letters", "lint", str(write(tmp_path, "asks.txt", ASKS)))[0] == 1


def test_lint_human_output_names_file_line_and_rule(tmp_path: Path) -> None:
    code, out, _ = run("letters", "lint", str(write(tmp_path, "asks.txt", ASKS)))
    assert code == 1
    assert "asks.txt:3:" in out and "error" in out and "ask-rank" in out
    assert "suggestion:" in out and "not the NRMP" in out


def test_a_clean_result_says_what_the_checks_can_miss(tmp_path: Path) -> None:
    code, out, _ = run("letters", "lint", str(write(tmp_path, "clean.txt", CLEAN)))
    assert code == 0 and "clean.txt: no findings" in out
    assert "not a guarantee" in out and "nine in ten" in " ".join(out.split())
    code, out, _ = run("letters", "lint", str(write(tmp_path, "asks.txt", ASKS)))
    assert "not a guarantee" not in out  # only said when a file came back clean
    assert "The checks can be wrong" in " ".join(out.split())  # a finding may be a false alarm (blind sets: ~1 in 20)


def test_a_clean_result_does_not_say_the_findings_can_be_wrong(tmp_path: Path) -> None:
    code, out, _ = run("letters", "lint", str(write(tmp_path, "clean.txt", CLEAN)))
    assert code == 0 and "The checks can be wrong" not in " ".join(out.split())


@pytest.mark.parametrize(
    ("content", "expected"),
    [(b"\xff\xfe\x00bad", "not UTF-8"), (b"   \n\n", "empty")],
)
def test_unreadable_messages_exit_2_naming_the_file(tmp_path: Path, content: bytes, expected: str) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    code, out, err = run("letters", "lint", str(path), "--json")
    assert code == 2 and expected in err and "bad.txt" in err and out == ""


def test_missing_message_file_exits_2(tmp_path: Path) -> None:
    code, _, err = run("letters", "lint", str(tmp_path / "nope.txt"))
    assert code == 2 and "nope.txt" in err


def test_bad_context_files_exit_2(tmp_path: Path) -> None:
    message = write(tmp_path, "clean.txt", CLEAN)
    broken = write(tmp_path, "ctx.json", "{ not json")
    code, _, err = run("letters", "lint", str(message), "--context", str(broken))
    assert code == 2 and "ctx.json" in err and "not valid JSON" in err
    wrong = write(tmp_path, "ctx2.json", json.dumps({"today": "soon", "rank_list": "A"}))
    code, _, err = run("letters", "lint", str(message), "--context", str(wrong))
    assert code == 2 and "today" in err and "rank_list" in err


def test_context_rules_run_with_a_context_file(tmp_path: Path) -> None:
    first = write(tmp_path, "intent-a.txt", INTENT)
    second = write(tmp_path, "intent-b.txt", INTENT.replace("Rivera", "Okafor"))
    context = {
        "format": "matchpilot.letters-context/1",
        "today": "2026-02-01",
        "rank_list": ["2222340C0", "1111340C0"],
        "drafts": {
            "intent-a.txt": {"program": "1111340C0", "kind": "intent"},
            "intent-b.txt": {"program": "2222340C0", "kind": "intent"},
        },
    }
    path = write(tmp_path, "context.json", json.dumps(context))
    code, out, _ = run("letters", "lint", str(first), str(second), "--context", str(path), "--json")
    assert code == 1
    files = {Path(f["path"]).name: {x["rule"] for x in f["findings"]} for f in json.loads(out)["files"]}
    assert files["intent-a.txt"] >= {"first-choice-claim", "loi-multiple", "loi-not-first"}
    assert "loi-not-first" not in files["intent-b.txt"] and "loi-multiple" in files["intent-b.txt"]


def test_a_file_without_a_draft_entry_gets_the_text_rules_only(tmp_path: Path) -> None:
    message = write(tmp_path, "intent.txt", INTENT)
    path = write(tmp_path, "context.json", json.dumps({"today": "2026-02-01", "rank_list": ["2222340C0"]}))
    code, out, err = run("letters", "lint", str(message), "--context", str(path), "--json")
    assert code == 0 and "no entry" in err
    assert [f["rule"] for f in json.loads(out)["files"][0]["findings"]] == ["first-choice-claim"]


def _setup(tmp_path: Path) -> str:
    profile = write(tmp_path, "me.toml", PROFILE_TOML)
    assert run("profile", "load", str(profile))[0] == 0
    header, rows = sheet_rows(6)
    (tmp_path / "sheet.csv").write_bytes(csv_bytes(header, rows))
    assert run("programs", "import", str(tmp_path / "sheet.csv"))[0] == 0
    return rows[0][0]


def test_new_thank_you_from_profile_program_and_notes(db: str, tmp_path: Path) -> None:
    code = _setup(tmp_path)
    notes = "interviewer: Dr. Ana Rivera; date: 2026-01-12; discussed: the SCI unit; highlight: close mentorship"
    out_file = tmp_path / "thanks.txt"
    status, out, _ = run(
        "letters", "new", "thank-you", "--program", code, "--interview-notes", notes, "-o", str(out_file)
    )
    assert status == 0 and "Wrote" in out
    text = out_file.read_text(encoding="utf-8")
    assert "Dear Dr. Rivera," in text and "January 12, 2026" in text and "Amina Yusuf (fictional)" in text
    assert run("letters", "lint", str(out_file))[0] == 0


def test_new_prints_to_stdout_and_notes_a_letter_of_intent(db: str, tmp_path: Path) -> None:
    code = _setup(tmp_path)
    status, out, err = run(
        "letters", "new", "intent", "--program", code, "--interview-notes", "highlight: close mentorship"
    )
    assert status == 0 and out.startswith("Subject: Letter of intent")
    assert "one program only" in err


def test_new_refuses_missing_fields_and_lists_them(db: str, tmp_path: Path) -> None:
    code = _setup(tmp_path)
    status, out, err = run("letters", "new", "thank-you", "--program", code)
    assert status == 2 and out == ""
    for field in ("interviewer", "interview_date", "discussed"):
        assert field in err


def test_new_bad_input(db: str, tmp_path: Path) -> None:
    code = _setup(tmp_path)
    assert run("letters", "new", "sonnet", "--program", code)[0] == 2
    status, _, err = run("letters", "new", "thank-you", "--program", "0000000X0")
    assert status == 2 and "0000000X0" in err
    status, _, err = run("letters", "new", "thank-you", "--program", code, "--interview-notes", "date: someday")
    assert status == 2 and "date" in err


def test_new_without_a_profile(db: str) -> None:
    status, _, err = run("letters", "new", "visa-inquiry", "--program", "1000340C0")
    assert status == 2 and "profile" in err


def test_every_letters_command_has_help() -> None:
    code, out, _ = run("letters", "--help")
    assert code == 0
    for command in ("lint", "new", "kinds", "rules"):
        assert command in out
        sub_code, sub_out, _ = run("letters", command, "--help")
        assert sub_code == 0 and len(sub_out.strip()) > 40


def test_kinds_and_rules_list_everything() -> None:
    code, out, _ = run("letters", "kinds")
    assert code == 0 and all(
        kind in out for kind in ("visa-inquiry", "thank-you", "update", "strong-interest", "intent")
    )
    code, out, _ = run("letters", "rules")
    assert code == 0 and "soap-unsolicited" in out and "ask-rank" in out


PROGRAM_ASKS = "Dear Dr. Rivera,\n\nWe enjoyed meeting you. Which other programs did you interview with?\n\nDr. Lee\n"
MENTOR_PRESSES = "Dear Dr. Hale,\n\nI strongly recommend Dr. Ana Rivera. You must rank this applicant high.\n"


def test_lint_from_program_and_mentor(tmp_path: Path) -> None:
    program = write(tmp_path, "program.txt", PROGRAM_ASKS)
    code, out, _ = run("letters", "lint", "--from", "program", str(program), "--json")
    assert code == 1
    (finding,) = json.loads(out)["files"][0]["findings"]
    assert finding["rule"] == "program-asks-other-programs" and "need not answer" in finding["message"]
    mentor = write(tmp_path, "mentor.txt", MENTOR_PRESSES)
    code, out, _ = run("letters", "lint", "--from", "mentor", str(mentor))
    assert code == 1 and "third-party-pressure" in out
    # the applicant's own rules do not run on a program's message, and the program's do not run on mine. (Written by
    # a program, "where I fall on your rank list" asks how the applicant ranks the program: program-asks-rank may
    # fire; the applicant's ask-rank must not.)
    _, out, _ = run("letters", "lint", "--from", "program", str(write(tmp_path, "asks.txt", ASKS)), "--json")
    rules = {finding["rule"] for finding in json.loads(out)["files"][0]["findings"]}
    assert "ask-rank" not in rules and rules <= {"program-asks-rank"}
    assert run("letters", "lint", str(program))[0] == 0


def test_lint_from_someone_unknown_exits_2_naming_the_value(tmp_path: Path) -> None:
    code, out, err = run("letters", "lint", "--from", "dean", str(write(tmp_path, "m.txt", CLEAN)))
    assert code == 2 and "dean" in out + err
