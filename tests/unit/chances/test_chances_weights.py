"""The weights file: the packaged defaults are complete and documented; a user's edits are checked by key."""

from __future__ import annotations

import re

import pytest
from chances_fixtures import default_text, weights

from matchpilot.chances import WEIGHTS_KEYS
from matchpilot.io.weights_toml import parse_weights


def test_the_packaged_defaults_are_complete_and_valid() -> None:
    parsed, issues = parse_weights(default_text())
    assert issues == [] and parsed is not None
    assert set(parsed.values) == set(WEIGHTS_KEYS)


def test_every_default_weight_has_a_comment_saying_it_is_an_assumption_or_a_choice() -> None:
    text = default_text()
    assert "not NRMP data" in text
    for line in text.splitlines():
        if re.match(r"^\s*[a-z_0-9]+\s*=", line) and not line.startswith("format"):
            assert "#" in line, line
            comment = line.split("#", 1)[1].lower()
            assert "assumption" in comment or "a choice" in comment, line


def check(text: str, *, with_base: bool = True) -> list[tuple[str, str, str]]:
    parsed, issues = parse_weights(text, base=weights() if with_base else None)
    assert (parsed is None) == bool(issues)
    return [(i.code, i.where, i.message) for i in issues]


def test_a_user_file_may_change_a_few_keys() -> None:
    parsed, issues = parse_weights("[signal]\nsent = 1.2\n", base=weights())
    assert not issues and parsed is not None
    assert parsed["signal.sent"] == 1.2
    assert parsed["step2.cap"] == weights()["step2.cap"]


def test_unknown_key_is_named() -> None:
    assert check("[signal]\nsend = 1.0\n") == [("unknown-key", "signal.send", "unknown key 'signal.send'")]


def test_out_of_range_value_is_named() -> None:
    ((code, where, message),) = check("[step2]\nslope_per_10_points = -0.5\n")
    assert code == "bad-value" and where == "step2.slope_per_10_points" and "out of range" in message


@pytest.mark.parametrize("value", ['"high"', "true", "[1, 2]", "nan", "inf"])
def test_a_non_number_is_named(value: str) -> None:
    ((code, where, _),) = check(f"[signal]\nsent = {value}\n")
    assert code == "bad-value" and where == "signal.sent"


def test_a_whole_number_key_rejects_fractions() -> None:
    ((_, where, message),) = check("[strength]\ngrid_points = 100.5\n")
    assert where == "strength.grid_points" and "whole" in message


def test_a_missing_key_without_defaults_is_named() -> None:
    text = default_text().replace("sent = 0.8", "")
    assert check(text, with_base=False) == [("missing-value", "signal.sent", "a value is required")]


def test_contradictions_are_named() -> None:
    issues = check("[match_given_interview.pmr]\nlow = 0.5\nmid = 0.1\n")
    assert [(c, w) for c, w, _ in issues] == [("inconsistent", "match_given_interview.pmr")]
    issues = check("[img_share]\nunknown_low = 80\nunknown_high = 20\n")
    assert [(c, w) for c, w, _ in issues] == [("inconsistent", "img_share.unknown_low")]


def test_bad_toml_and_wrong_format() -> None:
    ((code, _, message),) = check("[signal\nsent = 1")
    assert code == "bad-toml" and "not valid TOML" in message
    ((code, where, _),) = check('format = "something-else/2"\n')
    assert code == "bad-format" and where == "format"


def test_every_problem_is_reported_at_once() -> None:
    issues = check('[signal]\nsent = -1\n[research]\nper_items = 1\n[step2]\ncap = "x"\n')
    assert {w for _, w, _ in issues} == {"signal.sent", "research.per_items", "step2.cap"}


def test_docs_explain_every_weight() -> None:
    from pathlib import Path

    doc = (Path(__file__).resolve().parents[3] / "docs" / "chances.md").read_text(encoding="utf-8")
    for key in WEIGHTS_KEYS:
        head, _, end = key.rpartition(".")
        assert f"`{key}`" in doc or (end in ("low", "mid", "high") and f"`{head}.{{low,mid,high}}`" in doc), key


def test_the_packaged_weights_are_read_once_and_equal_a_fresh_reading() -> None:
    from types import MappingProxyType

    from matchpilot.services.chances import default_weights, default_weights_text

    fresh, issues = parse_weights(default_weights_text())
    assert not issues and default_weights() is default_weights() and default_weights() == fresh
    assert isinstance(default_weights().values, MappingProxyType)  # shared, so it must not be changeable
