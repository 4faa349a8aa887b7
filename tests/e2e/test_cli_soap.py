"""`matchpilot soap` and `matchpilot rules` as a user runs them: verdicts, the timeline in their zone, the
.ics file, corrections to the rules, and exit code 2 with a message naming the bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from matchpilot.cli import common, main

runner = CliRunner()

PROFILE_TOML = """
name = "Demo Applicant (fictional)"
applicant_type = "non_us_img"
graduation_year = 2021
ecfmg_certified = true
step2_ck = 239
visa_need = "j1"
targets = ["pmr", "prelim"]
"""

DURING_ROUND_1 = "2027-03-18T10:30:00-04:00"  # all four rounds on Thursday (issue 14)


ROOT = main.app


@pytest.fixture(autouse=True)
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite:///{tmp_path}/cli.db"
    monkeypatch.setenv("MATCHPILOT_DATABASE_URL", url)
    monkeypatch.setenv("COLUMNS", "250")
    monkeypatch.delenv("MATCHPILOT_RULES_FILE", raising=False)
    common.set_database_url(None)
    return url


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(ROOT, list(args))
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def said(text: str) -> str:
    """What a person reads, with Rich's wrapping and table borders undone."""
    return " ".join(text.replace("│", " ").replace("┃", " ").split())


def load_profile(tmp_path: Path, text: str = PROFILE_TOML) -> None:
    path = tmp_path / "me.toml"
    path.write_text(text, encoding="utf-8")
    code, _, err = run("profile", "load", str(path))
    assert code == 0, err


# --- eligibility -------------------------------------------------------------------------------------------


def tell_registered() -> None:
    """Registration is asked, never assumed (issue 14, item 8): the applicant says so first."""
    code, _, err = run("soap", "facts", "--set", "registered=yes")
    assert code == 0, err


def test_an_unmatched_certified_img_is_eligible(tmp_path: Path) -> None:
    load_profile(tmp_path)
    tell_registered()
    code, out, _ = run("soap", "eligibility", "--year", "2027")
    assert code == 0
    shown = said(out)
    assert "SOAP eligibility, Match 2027: eligible for SOAP" in shown
    assert "Up to 45 applications" in shown and "checked 2025" in shown
    assert "not the NRMP" in shown and "Match Participation Agreement" in shown


def test_a_partial_match_sees_only_complementary_positions(tmp_path: Path) -> None:
    load_profile(tmp_path)
    tell_registered()
    code, out, _ = run("soap", "eligibility", "--status", "partial-advanced", "--json", "--year", "2027")
    assert code == 0
    data = json.loads(out)
    assert data["verdict"] == "eligible_complementary_only"
    assert data["positions"].startswith("PGY-1 positions only")
    code, out, _ = run("soap", "eligibility", "--status", "partial-pgy1")
    assert code == 0 and "for complementary positions only" in said(out)


@pytest.mark.parametrize(
    ("flags", "instead"),
    [
        (["--not-registered"], "Register for the Main Residency Match"),
        (["--no-ecfmg"], "Complete ECFMG certification"),
        (["--conflict"], "Honour the commitment"),
        (["--status", "matched"], "You matched"),
    ],
)
def test_not_eligible_says_what_to_do_instead(tmp_path: Path, flags: list[str], instead: str) -> None:
    load_profile(tmp_path)
    code, out, _ = run("soap", "eligibility", *flags)
    assert code == 0
    shown = said(out)
    assert "not eligible for SOAP" in shown and "What to do instead" in shown and instead in shown


def test_without_a_profile_ecfmg_is_unknown_until_given() -> None:
    code, out, _ = run("soap", "eligibility", "--json")
    assert code == 0 and json.loads(out)["verdict"] == "unknown"
    code, out, _ = run("soap", "eligibility", "--ecfmg", "--registered", "--json")
    assert code == 0 and json.loads(out)["verdict"] == "eligible"


def test_a_bad_status_is_exit_2_naming_it() -> None:
    code, _, err = run("soap", "eligibility", "--status", "waitlisted")
    assert code == 2
    assert "--status 'waitlisted'" in said(err) and "partial-advanced" in err


# --- timeline ----------------------------------------------------------------------------------------------


def test_the_timeline_in_kolkata_during_round_1(tmp_path: Path) -> None:
    code, out, _ = run("soap", "timeline", "--year", "2027", "--tz", "Asia/Kolkata", "--now", DURING_ROUND_1)
    assert code == 0
    shown = said(out)
    assert "Match Week 2027 in Asia/Kolkata" in shown
    assert "Mon 15 Mar 2027, 19:30 IST" in shown and "NOW" in shown and "NEXT" in shown
    assert "SOAP offer round 1 is open until Thu 18 Mar 2027, 20:30 IST (30 min left)" in shown  # Thursday (issue 14)
    assert "Next: SOAP offer round 2" in shown and "in 1 h 30 min" in shown
    assert "nrmp.org" in shown and "not the NRMP" in shown  # the corrected sources (issue 14)


def test_the_timeline_as_json_and_a_naive_now_read_in_the_zone() -> None:
    # after the rank order list deadline (projected for 3 March 2027), before the clocks change on the 14th
    args = ["soap", "timeline", "--tz", "America/Los_Angeles", "--now", "2027-03-05T09:00", "--json"]
    code, out, _ = run(*args)
    assert code == 0
    data = json.loads(out)
    assert data["year"] == 2027 and data["now"] == "2027-03-05T09:00:00-08:00"  # PST before the change
    assert data["next"] == "status" and data["events"][0]["start"] == "2027-03-15T07:00:00-07:00"


def test_ics_file_is_written(tmp_path: Path) -> None:
    target = tmp_path / "match-week.ics"
    code, _, err = run(
        "soap", "timeline", "--year", "2026", "--tz", "Europe/London", "--now", "2026-01-05T12:00", "--ics",
        str(target), "--remind", "120",
    )  # fmt: skip
    assert code == 0, err
    # the week's ten events and the two ranking dates before it (issue 14)
    assert f"Wrote 12 events with reminders to {target}" in said(err)
    raw = target.read_bytes()
    assert raw.startswith(b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\n") and raw.endswith(b"END:VCALENDAR\r\n")
    assert b"\n" not in raw.replace(b"\r\n", b"")
    assert raw.count(b"BEGIN:VEVENT") == 12 and b"DTSTART:20260316T140000Z" in raw
    assert b"TRIGGER:-PT2H" in raw and b"DTSTAMP:20260105T120000Z" in raw


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (["--tz", "Mars/Olympus_Mons"], "'Mars/Olympus_Mons'"),
        (["--tz", "UTC", "--year", "2031"], "2031"),
        (["--tz", "UTC", "--now", "next tuesday"], "--now 'next tuesday'"),
        (["--tz", "UTC", "--remind", "0"], "--remind"),
    ],
)
def test_bad_timeline_input_is_exit_2_naming_it(args: list[str], named: str) -> None:
    code, _, err = run("soap", "timeline", *args)
    assert code == 2
    assert named in said(err)


# --- rules ------------------------------------------------------------------------------------------------


def test_rules_show_lists_every_rule_with_source_and_checked() -> None:
    code, out, _ = run("rules", "show")
    assert code == 0
    shown = said(out)
    for text in ("SOAP applications", "nrmp.org", "2021 onward", "2012", "2017 to 2020", "AAPM&R", "US$11"):
        assert text in shown, text
    assert "Match Week 2026 (America/New_York)" in shown and "Match Week 2027" in shown
    code, out, _ = run("rules", "show", "--json", "--year", "2019")
    data = json.loads(out)
    assert code == 0 and [e["value"] for e in data["rules"]["soap_rounds"]] == [3]
    assert data["match_week"] == {}


def test_a_correction_file_is_used_by_rules_and_timeline(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    mine = tmp_path / "my-rules.toml"
    mine.write_text(
        "[match_week.2027.events.round-1]\nstart = 2027-03-17T10:00:00\nend = 2027-03-17T12:00:00\n"
        'source = "nrmp.org Match Week schedule 2027"\nchecked = 2027-01-15\n',
        encoding="utf-8",
    )
    code, out, _ = run("rules", "show", "--rules", str(mine), "--year", "2027")
    assert code == 0 and "nrmp.org Match Week schedule 2027" in said(out)
    monkeypatch.setenv("MATCHPILOT_RULES_FILE", str(mine))
    code, out, _ = run(
        "soap", "timeline", "--year", "2027", "--tz", "America/New_York", "--json", "--now", "2027-01-20T00:00"
    )
    round_1 = next(e for e in json.loads(out)["events"] if e["key"] == "round-1")
    assert code == 0 and round_1["start"] == "2027-03-17T10:00:00-04:00" and round_1["checked"] == "2027-01-15"


def test_a_bad_correction_file_is_exit_2_naming_the_key_path(tmp_path: Path) -> None:
    mine = tmp_path / "my-rules.toml"
    mine.write_text('[soap_rounds.2021]\nvalue = "four"\nsource = "x"\nchecked = 2026\n', encoding="utf-8")
    code, _, err = run("rules", "show", "--rules", str(mine))
    assert code == 2
    shown = said(err)
    assert str(mine) in shown and "soap_rounds.2021.value" in shown and "must be a whole number" in shown
    mine.write_text("this is = = not toml", encoding="utf-8")
    code, _, err = run("soap", "timeline", "--tz", "UTC", "--rules", str(mine))
    assert code == 2 and "not valid TOML" in said(err)
    code, _, err = run("rules", "show", "--rules", str(tmp_path / "missing.toml"))
    assert code == 2 and "missing.toml: no such file" in said(err)


@pytest.mark.parametrize(
    "command", [["soap"], ["soap", "eligibility"], ["soap", "timeline"], ["rules"], ["rules", "show"]]
)
def test_every_command_has_help(command: list[str]) -> None:
    code, out, _ = run(*command, "--help")
    assert code == 0 and len(said(out)) > 80


def test_the_text_timeline_fits_80_columns_and_marks_projected_times(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    code, out, err = run("soap", "timeline", "--year", "2027", "--tz", "America/New_York", "--now", DURING_ROUND_1)
    assert code == 0, err
    lines = out.splitlines()
    assert max(len(line.rstrip()) for line in lines) <= 80
    assert any(line.startswith("NOW Thu 18 Mar 2027, 09:00 EDT to 11:00") for line in lines)
    assert "Rank order list certification deadline" in out and "(projected)" in out
    # what to do and the source are indented under their event, also when they wrap
    round_1 = next(i for i, line in enumerate(lines) if "SOAP offer round 1" in line)
    assert lines[round_1 + 1].startswith("  ") and lines[round_1 + 2].startswith("  ")
