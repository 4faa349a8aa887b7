"""`matchpilot pick` with ERAS program signals, as a user runs it: where to signal and what each adds, the signals
left unused and why, hand choices with their cost, and bad choices refused (exit 2) with the season's count and
its source."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from support.cli import run, said

PROFILE_TOML = """
name = "Signal Applicant (fictional)"
applicant_type = "non_us_img"
graduation_year = 2021
step2_ck = 240
visa_need = "j1"
usce_months = 4
letters = ["pmr", "pmr"]
targets = ["pmr", "prelim"]
"""

SHEET = (
    "\n".join(
        [
            "code,name,specialty,track,state,visa_j1,visa_h1b,img_share,interest",
            *(f"10{i:02d}340C0,Rehab {i} (fictional),PM&R,C,NY,yes,,{20 + 5 * i},{(i % 5) + 1}" for i in range(10)),
            "1000340A0,Rehab 0 Advanced (fictional),PM&R,A,NY,yes,,20,4",
            "1099340C0,H1B Only Rehab (fictional),PM&R,C,NJ,no,yes,50,5",
            *(f"20{i:02d}140P0,Prelim {i} (fictional),Internal Medicine,P,PA,yes,,{40 + 5 * i}," for i in range(4)),
        ]
    )
    + "\n"
)


@pytest.fixture
def loaded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("MATCHPILOT_DATABASE_URL", f"sqlite:///{tmp_path}/cli.db")
    monkeypatch.delenv("MATCHPILOT_RULES_FILE", raising=False)
    profile = tmp_path / "me.toml"
    profile.write_text(PROFILE_TOML)
    sheet = tmp_path / "sheet.csv"
    sheet.write_text(SHEET)
    assert run("profile", "load", str(profile))[0] == 0
    assert run("programs", "import", str(sheet))[0] == 0
    return tmp_path


def signals_of(*args: str) -> dict[str, object]:
    code, out, err = run("pick", "--season", "2025", "--json", *args)
    assert code == 0, err
    document = json.loads(out)
    assert "signals" in document
    return document  # type: ignore[no-any-return]


def test_the_list_comes_with_where_to_signal(loaded: Path) -> None:
    document = signals_of("--max", "5")
    signals = document["signals"]
    assert signals["season"]["match_year"] == 2026 and signals["season"]["counts"]["pmr"] == {"standard": 20}
    assert "AAPM&R" in signals["season"]["source"] and "AAMC" in signals["evidence"]
    chosen = {c["code"] for c in document["chosen"]}
    assert signals["sent"]
    for sent in signals["sent"]:
        assert {p["code"] for p in sent["programs"]} <= chosen and sent["gain_p_any"] > 0
    used = sum(1 for s in signals["sent"] if s["pool"] == "pmr")
    unused = next(u for u in signals["unused"] if u["pool"] == "pmr")
    assert unused["count"] == 20 - used and "already has a signal" in unused["reason"]
    assert any("signal" in r for c in document["chosen"] for r in c["reasons"])
    # the list with signals does at least as well as the same limits without them
    code, out, _ = run("pick", "--season", "2025", "--json", "--max", "5", "--no-signals")
    plain = json.loads(out)
    assert code == 0 and "signals" not in plain
    assert document["expected"]["p_any_match"]["mid"] > plain["expected"]["p_any_match"]["mid"]


def test_the_signals_in_words_at_any_width(loaded: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "60")
    code, out, _ = run("pick", "--season", "2025", "--max", "5")
    words = said(out)
    assert code == 0 and "ERAS program signals for the Match of 2026" in words
    assert "Where to signal" in words and "Unused:" in words and "ERAS fees of this list are US$55" in words


def test_a_signal_fixed_by_hand_goes_on_the_list_with_its_cost(loaded: Path) -> None:
    free = signals_of("--max", "3")
    outside = next(i["code"] for i in free["left_out"] if i["why"] == "worth-less" and i["category"] == "pmr")
    mine = signals_of("--max", "3", "--signal", outside)
    assert outside in {c["code"] for c in mine["chosen"]}
    sent = next(s for s in mine["signals"]["sent"] if outside in {p["code"] for p in s["programs"]})
    assert sent["fixed"] is True and mine["signals"]["fixed"] == {outside: "standard"}
    best = mine["signals"]["best_without_fixed"]
    assert best["value"] == pytest.approx(free["expected"]["value"], abs=1e-6)
    assert best["cost_value"] >= 0
    code, out, _ = run("pick", "--season", "2025", "--max", "3", "--signal", outside)
    assert code == 0 and "Your signals cost" in said(out)


def test_bad_signals_exit_2_naming_the_program_and_the_count(loaded: Path) -> None:
    code, _, err = run("pick", "--season", "2025", "--signal", "2000140P0:platinum")
    assert code == 2 and "2000140P0" in err and "'platinum' is not a tier" in said(err) and "AAMC" in err
    code, _, err = run("pick", "--season", "2025", "--signal", "1099340C0")
    assert code == 2 and "1099340C0" in err and "only to a program you apply to" in said(err)
    code, _, err = run("pick", "--season", "2025", "--signal", "NOPE")
    assert code == 2 and "no program with code 'NOPE'" in said(err)
    four = ",".join(f"20{i:02d}140P0:gold" for i in range(4))
    code, _, err = run("pick", "--season", "2025", "--signal", four)
    assert code == 2 and "4 internal medicine gold signals" in said(err) and "allows 3" in said(err)
    code, _, err = run("pick", "--signal", "1000340C0", "--no-signals")
    assert code == 2 and "--no-signals" in err


def test_the_count_is_the_users_correction_when_given(loaded: Path) -> None:
    rules = loaded / "rules.toml"
    rules.write_text(
        '[eras_signals.2026]\nvalue.pmr = { tiers = { standard = 1 }, group = "institution" }\n'
        'source = "my program coordinator, June 2025"\nchecked = 2025\n'
    )
    code, _, err = run("pick", "--season", "2025", "--rules", str(rules), "--signal", "1000340C0,1001340C0")
    assert code == 2 and "allows 1" in said(err) and "my program coordinator" in said(err)
    document = json.loads(run("pick", "--season", "2025", "--rules", str(rules), "--json")[1])
    assert document["signals"]["season"]["counts"]["pmr"] == {"standard": 1}
    assert sum(1 for s in document["signals"]["sent"] if s["pool"] == "pmr") == 1


def test_chances_take_the_signal_tier(loaded: Path) -> None:
    def interview(*args: str) -> float:
        code, out, err = run("chances", "--json", *args)
        assert code == 0, err
        found = next(p for p in json.loads(out)["programs"] if p["code"] == "2000140P0")
        return float(found["p_interview"]["mid"])

    none, silver = interview(), interview("--signal", "2000140P0:silver")
    standard, gold = interview("--signal", "2000140P0"), interview("--signal", "2000140P0:Gold")
    assert none < silver < standard < gold
    code, _, err = run("chances", "--signal", "2000140P0:platinum")
    assert code == 2 and "'platinum' is not a signal tier" in said(err)


def test_a_programs_chances_say_what_a_signal_would_change(loaded: Path) -> None:
    code, out, _ = run("chances", "--season", "2025", "--program", "2000140P0")
    words = said(out)
    assert code == 0
    assert re.search(r"A gold signal would raise your chance of an interview from \d+% to \d+%", words)
    assert re.search(r"A silver signal would raise your chance of an interview from \d+% to \d+%", words)
    code, out, _ = run("chances", "--season", "2025", "--program", "2000140P0", "--signal", "2000140P0:gold")
    assert code == 0 and "would raise" not in said(out)  # already signalled
    code, out, _ = run("chances", "--season", "2025", "--program", "1099340C0")
    assert code == 0 and "would raise" not in said(out)  # filtered: a signal changes nothing


def test_the_csv_says_which_programs_get_a_signal_and_what_each_adds(loaded: Path) -> None:
    import csv
    import io

    document = signals_of("--max", "5")
    sent = document["signals"]["sent"]  # type: ignore[index]
    expected = {p["code"]: (s["tier"], s["gain_p_any"]) for s in sent for p in s["programs"]}
    assert expected
    code, out, err = run("pick", "--season", "2025", "--max", "5", "--csv")
    assert code == 0, err
    rows = list(csv.DictReader(io.StringIO(out)))
    found = {r["code"]: (r["signal"], float(r["signal_gain"])) for r in rows if r["signal"]}
    assert set(found) == set(expected)
    for program, (tier, gain) in found.items():
        assert tier == expected[program][0] and gain == pytest.approx(expected[program][1], abs=1e-6)
    assert all(r["signal_gain"] == "" for r in rows if not r["signal"])


def test_a_signal_to_a_specialty_without_signals_exits_2_naming_it_and_the_pools(loaded: Path) -> None:
    """Issue 16, bad input: a signal pool the season does not have (a surgery preliminary year takes no ERAS
    signal); the message names the program, the pools the season has and the count's source."""
    extra = loaded / "surgery.csv"
    extra.write_text("code,name,specialty,track,state,visa_j1\n3000440P0,Cut Prelim (fictional),Surgery,P,NY,yes\n")
    assert run("programs", "import", str(extra))[0] == 0
    code, _, err = run("pick", "--season", "2025", "--signal", "3000440P0")
    words = said(err)
    assert code == 2 and "3000440P0 (Surgery) takes no ERAS signal" in words
    assert "signals go to PM&R, internal medicine" in words and "source:" in words
