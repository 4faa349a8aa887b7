"""``plain_reason`` tries each pattern only on a reason holding its words: the same text as both substitutions
applied to every reason (the function before, copied), on crafted reasons and random ones built of their pieces."""

from __future__ import annotations

import random

import pytest

from matchpilot.web.present import _LOG_ODDS, _LOG_ODDS_TERM, plain_reason


def _old(reason: str) -> str:
    return _LOG_ODDS_TERM.sub("", _LOG_ODDS.sub("", reason))


CRAFTED = [
    "Visa: unknown (from -0.5 to +0.5)",
    "Step 2 CK: unknown (from -1.25 to +0.75)",
    "(an assumption: +0.8 log-odds)",
    "a signal (an assumption: 0.8 log-odds) and Visa: unknown (from -0.5 to +0.5)",
    "log-odds alone",
    "(from somewhere) log-odds",
    "text (from +1 to +2) in the middle",
    "ends with (from +1 to +2",
    "-3 log-odds",
    "",
    "your interest 5 of 5",
]
PIECES = [" (from ", "+0.5", " to ", "-1", ")", ": ", "+0.8", " log-odds", "log-odds", "x", " ", "(", "1.25"]


@pytest.mark.parametrize("reason", CRAFTED)
def test_crafted_reasons(reason: str) -> None:
    assert plain_reason(reason) == _old(reason)


def test_random_reasons() -> None:
    chooser = random.Random(13)
    for _ in range(5000):
        reason = "".join(chooser.choice(PIECES) for _ in range(chooser.randint(0, 9)))
        assert plain_reason(reason) == _old(reason), reason


def test_the_patterns_still_strip() -> None:
    assert plain_reason("Visa: unknown (from -0.5 to +0.5)") == "Visa: unknown"
    assert plain_reason("(an assumption: +0.8 log-odds)") == "(an assumption)"
