"""Regressions of issue 14 on the command line: an expired round-1 offer was recommended and accepted during
round 2; an offer was recorded from a program never applied to; `soap after` ignored an acceptance. Each
offer command takes --now to rehearse; a refusal exits 2 naming the round and its end."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from matchpilot.cli import common, main

from support.cli import run, said

runner = CliRunner()

AT = ["--tz", "America/New_York", "--now"]  # 2027 rounds: Thursday 18 March, 09, 12, 15, 18 h EDT, two hours each


@pytest.fixture(autouse=True)
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite:///{tmp_path}/cli.db"
    monkeypatch.setenv("MATCHPILOT_DATABASE_URL", url)
    monkeypatch.setenv("COLUMNS", "250")
    monkeypatch.delenv("MATCHPILOT_RULES_FILE", raising=False)
    common.set_database_url(None)
    return url


@pytest.fixture
def plan() -> dict[str, list[dict[str, str]]]:
    assert run("demo")[0] == 0
    assert run("soap", "unfilled", "demo")[0] == 0
    code, out, err = run("soap", "plan", "--json", "--save")
    assert code == 0, err
    assert "Stored" in said(err)
    data: dict[str, list[dict[str, str]]] = json.loads(out)
    return data


def test_an_expired_round_1_offer_is_neither_recommended_nor_accepted_in_round_2(
    plan: dict[str, list[dict[str, str]]],
) -> None:
    first, second = plan["applications"][0]["code"], plan["applications"][1]["code"]
    assert run("soap", "offer", "record", first, "--round", "1", *AT, "2027-03-18T09:20")[0] == 0
    assert run("soap", "offer", "record", second, "--round", "2", *AT, "2027-03-18T12:05")[0] == 0
    code, out, err = run("soap", "offer", "decide", *AT, "2027-03-18T12:30", "--json")
    assert code == 0, err
    decision = json.loads(out)
    assert decision["round"] == 2 and [o["code"] for o in decision["options"]] == [second, None]
    assert {o["code"]: o["status"] for o in decision["offers"]} == {first: "expired", second: "open"}
    code, _, err = run("soap", "offer", "set", first, "accepted", *AT, "2027-03-18T12:30")
    assert code == 2
    assert "round 1" in said(err) and "Thu 18 Mar 2027, 11:00 EDT" in said(err) and "cannot be accepted" in said(err)
    code, out, _ = run("soap", "offer", "list", *AT, "2027-03-18T12:30")
    assert "expired" in said(out)


def test_an_offer_from_a_program_not_applied_to_is_refused(plan: dict[str, list[dict[str, str]]]) -> None:
    excluded = plan["excluded"][0]["code"]
    code, _, err = run("soap", "offer", "record", excluded, "--round", "2", *AT, "2027-03-18T12:05")
    assert code == 2 and "you did not apply to this program" in said(err)
    code, out, _ = run("soap", "offer", "list", *AT, "2027-03-18T12:05")
    assert "No offer recorded" in out


def test_a_round_that_does_not_exist_is_named(plan: dict[str, list[dict[str, str]]]) -> None:
    code, _, err = run(
        "soap", "offer", "record", plan["applications"][0]["code"], "--round", "7", *AT, "2027-03-18T12:05"
    )
    assert code == 2 and "round 7: SOAP 2027 has rounds 1 to 4" in said(err)


def test_after_an_acceptance_soap_after_lists_no_outreach(plan: dict[str, list[dict[str, str]]]) -> None:
    first = plan["applications"][0]["code"]
    assert run("soap", "offer", "record", first, "--round", "3", *AT, "2027-03-18T15:05")[0] == 0
    assert run("soap", "offer", "set", first, "accepted", *AT, "2027-03-18T16:00")[0] == 0
    code, out, err = run("soap", "after", "--json")
    assert code == 0, err
    after = json.loads(out)
    assert after["situation"] in ("matched-pmr", "matched-pgy1", "matched-other")
    assert "outreach" not in after and after["programs"] == [] and after["accepted"] == first
    assert not any("without a position" in line for line in after["advice"])
    code, out, _ = run("soap", "after")
    assert "You accepted" in said(out) and "off-cycle outreach" not in said(out)


def test_unmatched_after_soap_has_outreach(plan: dict[str, list[dict[str, str]]]) -> None:
    code, out, err = run("soap", "after", "--json")
    assert code == 0, err
    after = json.loads(out)
    assert after["situation"] == "unmatched" and after["outreach"] and after["accepted"] is None


def test_applications_are_added_and_removed_by_code(plan: dict[str, list[dict[str, str]]]) -> None:
    excluded = plan["excluded"][0]["code"]
    code, out, err = run("soap", "applications", "add", excluded)
    assert code == 0 and "Added 1 application" in out, err
    code, _, err = run("soap", "applications", "add", "NOPE0000")
    assert code == 2 and "code NOPE0000" in said(err) and "nothing was saved" in said(err)
    code, out, _ = run("soap", "applications", "list", "--json")
    assert excluded in {a["code"] for a in json.loads(out)["applications"]}
    assert run("soap", "applications", "remove", excluded)[0] == 0
    code, out, _ = run("soap", "applications", "list", "--json")
    assert excluded not in {a["code"] for a in json.loads(out)["applications"]}


H1B_PROFILE = """
name = "H-1B Applicant (fictional)"
applicant_type = "non_us_img"
graduation_year = 2021
ecfmg_certified = true
step2_ck = 239
visa_need = "h1b"
targets = ["pmr", "prelim"]
"""


@pytest.mark.parametrize(
    "args",
    [
        ["--plan", "best-case"],
        ["--status", "partial-advanced"],
        ["--status", "partial-pgy1"],
    ],
)
def test_a_plan_that_cannot_meet_its_targets_is_made_and_says_so(plan: object, args: list[str]) -> None:
    code, out, err = run("soap", "plan", *args, "--json")
    assert code == 0, err
    data = json.loads(out)
    assert data["applications"] and data["targets_not_met"][0].startswith("Target not met: at least")
    code, out, _ = run("soap", "plan", *args)
    assert code == 0 and "Target not met" in said(out)


def test_a_plan_for_an_h1b_profile_with_few_pmr_programs_is_made(plan: object, tmp_path: Path) -> None:
    profile = tmp_path / "h1b.toml"
    profile.write_text(H1B_PROFILE, encoding="utf-8")
    assert run("profile", "load", str(profile))[0] == 0
    code, out, err = run("soap", "plan", "--json")
    assert code == 0, err
    data = json.loads(out)
    assert data["applications"] and "targets_not_met" in data


@pytest.mark.parametrize("plan_name", ["best-case", "worst-case"])
def test_no_plan_text_tells_the_user_to_contact_a_program(plan: object, plan_name: str) -> None:
    code, out, err = run("soap", "plan", "--plan", plan_name, "--json")
    assert code == 0, err
    data = json.loads(out)
    texts = [a["why"] for a in data["applications"]] + [x["reason"] for x in data["excluded"]] + data["warnings"]
    for text in texts:
        words = set(text.lower().replace(";", " ").replace(":", " ").replace(",", " ").split())
        assert not words & {"ask", "contact", "email", "e-mail", "call"}, text
    assert any("the sheet does not say" in a["why"] for a in data["applications"])


FOREIGN_LIST = (
    "Program Code,Program Name,Specialty,Track,Positions Available,State,Contact\n"
    "7001340C0,Brookside Rehabilitation (fictional),PM&R,Categorical,2,NY,x\n"
    "7002140P0,Clearwater Medicine (fictional),Internal Medicine,Preliminary,3,New Jersey,\n"
)


def test_an_unfilled_list_with_its_own_column_names_imports_through_a_mapping(tmp_path: Path) -> None:
    path = tmp_path / "unfilled.csv"
    path.write_text(FOREIGN_LIST, encoding="utf-8")
    code, _, err = run("soap", "unfilled", "import", str(path))
    assert code == 2 and "--map" in said(err)
    code, out, err = run("soap", "unfilled", "import", str(path), "--map", "--yes")
    assert code == 0, err
    shown = said(out)
    assert "Program Code code" in shown and "Contact extra column" in shown and "NJ (was New Jersey)" in shown
    assert "Imported 2 unfilled programs" in shown


def test_a_mapped_list_with_duplicate_codes_saves_nothing(tmp_path: Path) -> None:
    path = tmp_path / "unfilled.csv"
    path.write_text(FOREIGN_LIST + "7001340C0,Again (fictional),PM&R,Categorical,1,NY,\n", encoding="utf-8")
    code, _, err = run("soap", "unfilled", "import", str(path), "--map", "--yes")
    assert code == 2 and "nothing was saved" in said(err) and "row 4, column code" in said(err)
    code, out, _ = run("soap", "unfilled", "show")
    assert "No unfilled list stored" in said(out)


def test_without_yes_the_mapping_asks_before_importing(tmp_path: Path) -> None:
    path = tmp_path / "unfilled.csv"
    path.write_text(FOREIGN_LIST, encoding="utf-8")
    result = runner.invoke(main.app, ["soap", "unfilled", "import", str(path), "--map"], input="n\n")
    assert result.exit_code == 0 and "Nothing was imported" in result.stdout
