"""Regression: with seats reverting from one program to another, the engine gave a matching that was stable for
the quotas after reversion but not the applicant-optimal one (found by Hypothesis in its "dev" profile,
``test_singles_with_reversion_are_optimal_for_the_quotas_after_reversion``; shrunk by hand to this market).

Before reversion the advanced program 1004340A0 has no seat: Bo is refused there and takes the one seat of
1004140P0, which pushes Al, whom 1004140P0 ranks lower, down to 1004340A0 (refused too). The unfilled seat of
1004340C0 then reverts to 1004340A0. The engine went on from that state: 1004340A0 took Al, whom it ranks first,
and Bo stayed where he was, so both had their second choice. With one seat at 1004340A0 from the start, deferred
acceptance gives each their first choice, and that is the only applicant-optimal stable matching.
"""

from __future__ import annotations

import pytest

from matchpilot.domain.market import ApplicantEntry, MatchInstance, ProgramEntry
from matchpilot.match import run_match, verify
from matchpilot.match.engine import numba_available

ENGINES = ["python", "numba"] if numba_available() else ["python"]

MARKET = MatchInstance(
    programs=(
        ProgramEntry("1004340C0", 1, (), "1004340A0"),
        ProgramEntry("1004140P0", 1, ("bo", "al")),
        ProgramEntry("1004340A0", 0, ("al", "bo")),
    ),
    applicants=(
        ApplicantEntry("al", ("1004140P0", "1004340A0")),
        ApplicantEntry("bo", ("1004340A0", "1004140P0")),
    ),
    couples=(),
)


@pytest.mark.parametrize("engine", [*ENGINES, "auto"])
def test_reverted_seats_give_each_applicant_their_applicant_optimal_match(engine: str) -> None:
    result = run_match(MARKET, engine=engine)  # type: ignore[arg-type]
    assert dict(result.matches) == {"al": "1004140P0", "bo": "1004340A0"}
    assert result.reverted["1004340C0"].to == "1004340A0"
    assert result.reverted["1004340C0"].seats == 1
    assert dict(result.unfilled) == {}
    assert result.unstable == ()
    assert verify(MARKET, result).ok
