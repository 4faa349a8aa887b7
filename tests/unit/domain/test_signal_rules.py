"""ERAS program signals as dated rules per season and specialty: defaults, corrections, the older PM&R key."""

from __future__ import annotations

import tomllib
from importlib import resources
from typing import Any

from matchpilot.domain.issues import Issue
from matchpilot.domain.rules import Rules
from matchpilot.io.rules_toml import merge_rule_data, parse_rules, rules_to_dict


def packaged() -> dict[str, Any]:
    text = resources.files("matchpilot").joinpath("data", "rules.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


def load(override: str = "") -> tuple[Rules | None, list[Issue]]:
    merged, issues = merge_rule_data(packaged(), tomllib.loads(override))
    if issues:
        return None, issues
    return parse_rules(merged)


def test_the_packaged_seasons_per_specialty_with_their_sources() -> None:
    rules, issues = load()
    assert rules is not None and issues == []
    found = rules.signals(2025, "pmr")
    assert found is not None and dict(found[0].tiers) == {"standard": 8} and found[0].group == "institution"
    pmr, entry = rules.signals(2026, "pmr")  # type: ignore[misc]
    assert dict(pmr.tiers) == {"standard": 20} and "AAPM&R" in entry.source and not entry.projected
    im, _ = rules.signals(2026, "im")  # type: ignore[misc]
    assert dict(im.tiers) == {"gold": 3, "silver": 12}
    assert rules.signals(2026, "ty") is None  # not found for 2025-26: unknown, not guessed
    _, projected = rules.signals(2027, "pmr")  # type: ignore[misc]
    assert projected.projected and "projected" in projected.citation()
    assert [e.value for e in rules.pmr_signals] == [8, 20, 20]


def test_a_users_correction_with_a_source_replaces_the_projection() -> None:
    rules, issues = load(
        """
        [eras_signals.2027]
        value.pmr.tiers.standard = 25
        source = "AAPM&R announcement"
        checked = 2026-06-01
        """
    )
    assert rules is not None, issues
    pmr, entry = rules.signals(2027, "pmr")  # type: ignore[misc]
    assert pmr.tiers["standard"] == 25 and not entry.projected and entry.source == "AAPM&R announcement"
    im, _ = rules.signals(2027, "im")  # type: ignore[misc]
    assert dict(im.tiers) == {"gold": 3, "silver": 12}  # the rest of the season is kept


def test_the_older_pmr_signals_key_is_read_as_pmr_standard_signals() -> None:
    rules, issues = load('[pmr_signals.2026]\nvalue = 24\nsource = "program director"\nchecked = 2025\n')
    assert rules is not None, issues
    pmr, _ = rules.signals(2026, "pmr")  # type: ignore[misc]
    assert pmr.tiers["standard"] == 24
    assert rules.signals(2026, "im") is not None


def test_a_correction_without_its_source_is_refused_naming_the_entry() -> None:
    rules, issues = load("[eras_signals.2027]\nvalue.pmr.tiers.standard = 25\n")
    assert rules is None
    assert any(i.where == "eras_signals.2027" and "source" in i.message for i in issues)


def test_a_bad_count_or_grouping_is_an_error_naming_its_key_path() -> None:
    rules, issues = load(
        """
        [eras_signals.2026]
        value.pmr = { tiers = { standard = -1 }, group = "hospital" }
        value.im = { tiers = { gold = 3 }, group = "hospital" }
        source = "x"
        checked = 2025
        """
    )
    assert rules is None
    wheres = {i.where for i in issues}
    assert "eras_signals.2026.value.pmr.tiers.standard" in wheres
    assert "eras_signals.2026.value.im.group" in wheres


def test_signal_rules_as_plain_json() -> None:
    rules, _ = load()
    assert rules is not None
    entries = rules_to_dict(rules)["rules"]["eras_signals"]
    assert entries[1]["value"]["im"] == {"tiers": {"gold": 3, "silver": 12}, "group": "institution"}
    assert [e["projected"] for e in entries] == [False, False, True]
