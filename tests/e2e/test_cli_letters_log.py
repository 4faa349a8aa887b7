"""``matchpilot letters log`` as a user runs it: record messages, interviews and replies, list the timeline, see
the season's warnings, lint against the stored log; bad files exit 2 naming the file and save nothing."""

from __future__ import annotations

import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from matchpilot.cli import main as main_cli

runner = CliRunner()
APP = main_cli.app

A, B = "1001340C0", "1002340C0"
THANKS = "Dear Dr. Rivera,\n\nThank you for the interview and our talk about the SCI unit.\n\nAmina\n"
INTENT = "Dear Dr. Rivera,\n\nI will rank your program first.\n\nAmina\n"
ASKS = "Dear Dr. Rivera,\n\nThank you. Could you tell me where I fall on your rank list?\n\nAmina\n"


@pytest.fixture(autouse=True)
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite:///{tmp_path}/log.db"
    monkeypatch.setenv("MATCHPILOT_DATABASE_URL", url)
    monkeypatch.setenv("COLUMNS", "200")
    return url


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(APP, list(args))
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def write(folder: Path, name: str, content: str | bytes) -> Path:
    path = folder / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def days_ago(n: int) -> str:
    return (date.today() - timedelta(days=n)).isoformat()


def test_record_list_and_season(tmp_path: Path) -> None:
    code, out, _ = run(
        "letters", "log", "add-interview", "--program", A, "--on", days_ago(1),
        "--interviewer", "Dr. Ana Rivera", "--interviewer", "Dr. Li", "--notes", "the SCI unit",
    )  # fmt: skip
    assert code == 0 and "Send the thank-you between" in out
    code, out, _ = run("letters", "log", "season")
    assert code == 0 and "thank-you-due" in out and A in out
    thanks = write(tmp_path, "thanks.txt", THANKS)
    code, out, _ = run("letters", "log", "add-message", "--program", A, "--kind", "thank-you", str(thanks))
    assert code == 0 and "Logged" in out
    reply = write(tmp_path, "reply.txt", "It was a pleasure to meet you.\n")
    assert run("letters", "log", "add-reply", "--program", A, str(reply))[0] == 0
    visa = write(tmp_path, "visa.txt", "Dear Ms. Lee,\n\nDoes your program sponsor J-1 visas?\n\nAmina\n")
    assert (
        run("letters", "log", "add-message", "--program", B, "--kind", "visa-inquiry", "--on", days_ago(3), str(visa))[
            0
        ]
        == 0
    )
    code, out, _ = run("letters", "log", "list")
    assert code == 0
    assert out.index(A) < out.index("Interview with Dr. Ana Rivera, Dr. Li") < out.index("Post-interview thank-you")
    assert "The program wrote to you" in out and B in out
    code, out, _ = run("letters", "log", "list", "--program", B)
    assert "Visa sponsorship inquiry" in out and A not in out
    code, out, _ = run("letters", "log", "season")
    assert "thank-you-due" not in out and "pre-interview-once" in out and "2 messages, 1 interview, 1 reply" in out


def test_a_message_with_findings_is_logged_with_a_note(tmp_path: Path) -> None:
    asks = write(tmp_path, "asks.txt", ASKS)
    code, out, err = run("letters", "log", "add-message", "--program", A, "--kind", "other", str(asks))
    assert code == 0 and "Logged" in out
    assert "ask-rank" in err


@pytest.mark.parametrize(
    ("name", "content", "said"),
    [
        ("missing.txt", None, "no such file"),
        ("latin1.txt", "Dear Dr. Núñez,\n".encode("latin-1"), "not UTF-8"),
        ("empty.txt", " \n\n", "empty"),
    ],
)
def test_bad_files_exit_2_naming_the_file_and_save_nothing(
    tmp_path: Path, name: str, content: str | bytes | None, said: str
) -> None:
    path = tmp_path / name if content is None else write(tmp_path, name, content)
    for command in ("add-message", "add-reply"):
        extra = ["--kind", "update"] if command == "add-message" else []
        code, _, err = run("letters", "log", command, "--program", A, *extra, str(path))
        assert code == 2
        assert name in err and said in err
    assert "The log is empty" in run("letters", "log", "list")[1]


def test_bad_options_exit_2(tmp_path: Path) -> None:
    thanks = write(tmp_path, "thanks.txt", THANKS)
    code, _, err = run("letters", "log", "add-message", "--program", A, "--kind", "love-letter", str(thanks))
    assert code == 2 and "unknown message kind" in err
    code, _, err = run("letters", "log", "add-interview", "--program", A, "--on", "next tuesday")
    assert code == 2 and "--on" in err
    future = (date.today() + timedelta(days=2)).isoformat()
    code, _, err = run("letters", "log", "add-message", "--program", A, "--kind", "update", "--on", future, str(thanks))
    assert code == 2 and "after today" in err
    assert "The log is empty" in run("letters", "log", "list")[1]


def test_lint_with_a_program_reads_the_stored_log(tmp_path: Path) -> None:
    intent = write(tmp_path, "intent.txt", INTENT)
    assert (
        run("letters", "log", "add-message", "--program", B, "--kind", "intent", "--on", days_ago(2), str(intent))[0]
        == 0
    )
    code, out, _ = run("letters", "lint", str(intent), "--program", A, "--kind", "intent", "--json")
    assert code == 1
    assert "loi-multiple" in out
    code, out, _ = run("letters", "lint", str(intent))  # without --program: the text rules only
    assert code == 0 and "loi-multiple" not in out


def test_the_cli_module_does_not_load_the_database_libraries() -> None:
    probe = (
        "import sys, matchpilot.cli.letters; "
        "loaded = [m for m in ('sqlalchemy', 'numpy', 'alembic') if m in sys.modules]; "
        "print(loaded); sys.exit(1 if loaded else 0)"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
