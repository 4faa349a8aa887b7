"""The dated rules: the packaged defaults parse cleanly and carry their provenance; a user's corrections merge
over them, and every mistake in a correction is an error naming its key path."""

from __future__ import annotations

import json
import tomllib
from datetime import UTC, datetime
from importlib import resources
from typing import Any

import pytest

from matchpilot.domain.issues import Issue
from matchpilot.domain.rules import RULE_TITLES, EventKind, Rules, eras_fee_total, in_force
from matchpilot.io.rules_toml import RULES_FORMAT, merge_rule_data, parse_rules, rules_to_dict


def packaged() -> dict[str, Any]:
    text = resources.files("matchpilot").joinpath("data", "rules.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


def defaults() -> Rules:
    rules, issues = parse_rules(packaged())
    assert rules is not None and issues == []
    return rules


def corrected(override: str) -> tuple[Rules | None, list[Issue]]:
    merged, issues = merge_rule_data(packaged(), tomllib.loads(override))
    rules, found = parse_rules(merged)
    return (None if issues else rules), issues + found


def where(issues: list[Issue]) -> list[str]:
    return [issue.where for issue in issues if issue.is_error]


def test_the_packaged_rules_parse_without_any_issue() -> None:
    rules, issues = parse_rules(packaged())
    assert issues == []
    assert rules is not None
    assert rules.match_week_years == (2026, 2027, 2028)  # 2028 projected (walk14 leftover a)


def test_every_rule_and_every_event_has_a_source_and_a_checked_year() -> None:
    rules = defaults()
    for name, history in rules.histories():
        assert name in RULE_TITLES
        assert history, f"{name} has no entry"
        for entry in history:
            assert entry.source.strip(), f"{name}.{entry.since} has no source"
            assert 1990 <= entry.checked_year <= 2100, f"{name}.{entry.since} has no checked year"
    for schedule in rules.match_weeks:
        for event in schedule.events:
            assert event.source.strip() and event.checked, f"{schedule.year} {event.key}"
            assert event.action, f"{schedule.year} {event.key} says nothing to do"


def test_the_defaults_say_what_rules_md_says() -> None:
    rules = defaults()
    cap = in_force(rules.soap_application_cap, 2026)
    assert cap is not None and cap.value == 45 and "nrmp.org" in cap.source
    assert [(e.since, e.until, e.value) for e in rules.soap_rounds] == [
        (2012, 2012, 8),
        (2017, 2020, 3),
        (2021, None, 4),
    ]
    assert in_force(rules.soap_rounds, 2019) is not None and in_force(rules.soap_rounds, 2019).value == 3  # type: ignore[union-attr]
    assert in_force(rules.soap_rounds, 2015) is None  # unknown, not guessed
    fees = in_force(rules.eras_fees, 2026)
    assert fees is not None and "AAMC" in fees.source
    assert eras_fee_total(fees.value, 30) == 30 * 11
    assert eras_fee_total(fees.value, 45) == 30 * 11 + 15 * 30
    assert eras_fee_total(fees.value, 0) == 0
    assert in_force(rules.rol_max_ranks, 2026).value == 300  # type: ignore[union-attr]
    assert in_force(rules.rol_free_ranks, 2026).value == 20  # type: ignore[union-attr]
    assert in_force(rules.eras_max_letters, 2026).value == 4  # type: ignore[union-attr]
    signals = in_force(rules.pmr_signals, 2026)
    assert signals is not None and signals.value == 20 and "AAPM&R" in signals.source


def test_match_week_2026_and_2027_in_us_eastern_daylight_time() -> None:
    rules = defaults()
    for year, monday, friday in ((2026, 16, 20), (2027, 15, 19)):
        schedule = rules.match_week(year)
        assert schedule is not None and schedule.zone == "America/New_York"
        status = schedule.event("status")
        assert status is not None
        # 10:00 ET is 14:00 UTC: US daylight time began on the second Sunday of March.
        assert status.start.astimezone(UTC) == datetime(year, 3, monday, 14, 0, tzinfo=UTC)
        assert "noon" in status.note and "10:00" in status.note  # the sources disagree, and the note says so
        eras = schedule.event("eras-opens")
        assert eras is not None and eras.start.astimezone(UTC).hour == 15
        match_day = schedule.event("match-day")
        assert match_day is not None and match_day.start.date().day == friday
        assert match_day.start.strftime("%A") == "Friday"
        assert [e.round for e in schedule.rounds] == [1, 2, 3, 4]
        assert all(e.end is not None and e.end > e.start for e in schedule.rounds)
        assert schedule.events == tuple(sorted(schedule.events, key=lambda e: e.start))
        assert {e.kind for e in schedule.events} == set(EventKind)


def test_a_correction_with_its_source_replaces_only_what_it_names() -> None:
    rules, issues = corrected(
        """
        [match_week.2027.events.round-1]
        start = 2027-03-17T10:00:00
        end = 2027-03-17T12:00:00
        source = "nrmp.org Match Week schedule 2027"
        checked = 2027-01-15
        """
    )
    assert issues == [] and rules is not None
    schedule = rules.match_week(2027)
    assert schedule is not None
    round_1 = schedule.event("round-1")
    assert round_1 is not None
    assert round_1.start.hour == 10 and round_1.source == "nrmp.org Match Week schedule 2027"
    assert round_1.checked == "2027-01-15"
    assert round_1.title == "SOAP offer round 1" and round_1.action  # kept from the defaults
    assert schedule.event("round-2") == defaults().match_week(2027).event("round-2")  # type: ignore[union-attr]


def test_a_new_year_can_be_added_and_a_rule_corrected() -> None:
    rules, issues = corrected(
        """
        [soap_application_cap.2025]
        until = 2028
        value = 45
        source = "nrmp.org"
        checked = 2025

        [soap_application_cap.2029]
        value = 50
        source = "my advisor's e-mail"
        checked = 2028-11-02

        [match_week.2029]
        zone = "America/New_York"
        [match_week.2029.events.status]
        kind = "status"
        title = "Match status"
        start = 2029-03-12T10:00:00
        source = "nrmp.org"
        checked = 2028-12-01
        """
    )
    assert rules is not None
    # the 2029 schedule has no offer rounds yet, while the rounds rule says 4: a warning, not an error
    assert [(i.is_error, i.where) for i in issues] == [(False, "match_week.2029.events")]
    assert in_force(rules.soap_application_cap, 2029).value == 50  # type: ignore[union-attr]
    assert in_force(rules.soap_application_cap, 2028).value == 45  # type: ignore[union-attr]
    assert rules.match_week_years == (2026, 2027, 2028, 2029)


@pytest.mark.parametrize(
    ("override", "path"),
    [
        ("[soap_rounds.2021]\nvalue = 5\n", "soap_rounds.2021"),  # a value without source and checked
        ('[soap_rounds.2021]\nvaleu = 5\nsource = "x"\nchecked = 2026\n', "soap_rounds.2021.valeu"),
        ('[soap_rounds.2021]\nvalue = "four"\nsource = "x"\nchecked = 2026\n', "soap_rounds.2021.value"),
        ('[soap_rounds.2021]\nvalue = 0\nsource = "x"\nchecked = 2026\n', "soap_rounds.2021.value"),
        ('[soap_rounds.2021]\nvalue = 4\nsource = "x"\nchecked = "last year"\n', "soap_rounds.2021.checked"),
        ('[soap_rounds.2024]\nvalue = 5\nsource = "x"\nchecked = 2026\n', "soap_rounds.2024"),  # overlaps 2021 onward
        ('[soap_rounds.21]\nvalue = 5\nsource = "x"\nchecked = 2026\n', "soap_rounds.21"),
        (
            '[eras_fees.2026]\nvalue = [{ first = 1, last = 30, usd = 11 }]\nsource = "x"\nchecked = 2026\n',
            "eras_fees.2026.value",
        ),
        (
            '[eras_fees.2026]\nvalue = [{ first = 2, usd = 11 }]\nsource = "x"\nchecked = 2026\n',
            "eras_fees.2026.value[0].first",
        ),
        ("soap_application_cap = 45\n", "soap_application_cap"),
        ('[match_week.2027]\nzone = "Mars/Olympus"\n', "match_week.2027.zone"),
        (
            '[match_week.2027.events.round-1]\nstart = "Wednesday 9 am"\nsource = "x"\nchecked = 2026\n',
            "match_week.2027.events.round-1.start",
        ),
        (
            "[match_week.2027.events.round-1]\nstart = 2027-03-17T09:00:00\n",
            "match_week.2027.events.round-1",
        ),
        (
            # 02:30 on 14 March 2027 does not exist in New York: the clocks jump from 02:00 to 03:00.
            '[match_week.2027.events.status]\nstart = 2027-03-14T02:30:00\nsource = "x"\nchecked = 2026\n',
            "match_week.2027.events.status.start",
        ),
        (
            '[match_week.2027.events.status]\nstart = 2026-03-16T10:00:00\nsource = "x"\nchecked = 2026\n',
            "match_week.2027.events.status.start",
        ),
        (
            '[match_week.2027.events.round-1]\nend = 2027-03-17T08:00:00\nsource = "x"\nchecked = 2026\n',
            "match_week.2027.events.round-1.end",
        ),
        (
            '[match_week.2027.events.round-2]\nround = 3\nsource = "x"\nchecked = 2026\n',
            "match_week.2027.events",
        ),
        (
            '[match_week.2027.events.extra]\nkind = "party"\ntitle = "x"\nstart = 2027-03-19T18:00:00\n'
            'source = "x"\nchecked = 2026\n',
            "match_week.2027.events.extra.kind",
        ),
        ('format = "matchpilot.rules/9"\n', "format"),
        ('[surprise.2026]\nvalue = 1\nsource = "x"\nchecked = 2026\n', "surprise"),
    ],
)
def test_a_bad_correction_is_an_error_naming_its_key_path(override: str, path: str) -> None:
    rules, issues = corrected(override)
    assert rules is None
    assert path in where(issues), [str(i) for i in issues]


def test_a_note_can_be_corrected_without_a_source() -> None:
    rules, issues = corrected('[match_week.2027.events.status]\nnote = "My school says 10:00 ET."\n')
    assert issues == [] and rules is not None
    assert rules.match_week(2027).event("status").note == "My school says 10:00 ET."  # type: ignore[union-attr]


def test_a_schedule_whose_rounds_disagree_with_the_rounds_rule_is_a_warning() -> None:
    rules, issues = corrected(
        """
        [match_week.2027.events.round-5]
        kind = "offer_round"
        round = 5
        title = "SOAP offer round 5"
        start = 2027-03-18T20:00:00
        end = 2027-03-18T20:45:00
        source = "x"
        checked = 2027
        """
    )
    assert rules is not None
    assert [(i.is_error, i.where) for i in issues] == [(False, "match_week.2027.events")]
    assert "5 offer rounds" in issues[0].message and "4" in issues[0].message


def test_a_missing_format_and_a_missing_rule_are_errors() -> None:
    data = packaged()
    del data["format"], data["soap_rounds"]
    rules, issues = parse_rules(data)
    assert rules is None
    assert {"format", "soap_rounds"} <= set(where(issues))


def test_merging_never_changes_the_defaults() -> None:
    base = packaged()
    before = json.dumps(base, default=str, sort_keys=True)
    merge_rule_data(base, {"match_week": {"2027": {"events": {"status": {"note": "x"}}}}})
    assert json.dumps(base, default=str, sort_keys=True) == before


def test_rules_as_json_keep_sources_and_offsets() -> None:
    data = rules_to_dict(defaults())
    text = json.dumps(data)
    assert data["format"] == RULES_FORMAT
    assert data["rules"]["soap_application_cap"][0]["value"] == 45
    assert data["rules"]["eras_fees"][0]["value"][1] == {"first": 31, "last": None, "usd": 30}
    status = data["match_week"]["2026"]["events"][0]
    assert status["start"] == "2026-03-16T10:00:00-04:00" and status["source"]
    assert "nrmp.org" in text


def test_a_rule_checked_long_ago_is_not_confirmed_for_a_later_year() -> None:
    cap = in_force(defaults().soap_application_cap, 2028)
    assert cap is not None and cap.value == 45
    assert cap.confirmed_for(2026) and not cap.confirmed_for(2028)
    assert cap.years == "2025 onward" and cap.citation().endswith("checked 2025")
