"""Estimating many programs at once (``estimate_all``, ``Assessor``) gives exactly what one program at a time
gives: the terms and ranges shared between programs are made once, never differently."""

from __future__ import annotations

from dataclasses import replace

from chances_fixtures import SEASON, weights
from hypothesis import given, settings
from hypothesis import strategies as st
from test_chances_model import profiles, programs

from matchpilot.chances import Outcome, assess, estimate_all, estimate_program, prior_belief, update_strength
from matchpilot.chances.rules import Assessor
from matchpilot.domain import Profile, Program

# a few values per fact, so that programs share them (the cached terms are then reused)
_FEW = programs.map(lambda p: replace(p, img_share=p.img_share and round(p.img_share / 25) * 25))
_SHEETS = st.lists(_FEW, min_size=1, max_size=12).map(
    lambda found: [replace(p, code=f"{1000000 + n}C0") for n, p in enumerate(found)]
)


@settings(max_examples=150, deadline=None)
@given(profiles, _SHEETS, st.data())
def test_estimate_all_equals_each_program_estimated_alone(
    prof: Profile, sheet: list[Program], data: st.DataObject
) -> None:
    codes = [p.code for p in sheet]
    signals = data.draw(st.lists(st.sampled_from(codes), unique=True))
    outcomes = data.draw(st.dictionaries(st.sampled_from(codes), st.sampled_from(list(Outcome))))
    learned = data.draw(st.booleans())
    belief = prior_belief(weights())
    if learned:
        belief = update_strength(belief, [(0.5, Outcome.INVITED), (-1.0, Outcome.SILENT)], weights())
    together = estimate_all(
        prof, sheet, weights(), season_year=SEASON, signals=signals, belief=belief, outcomes=outcomes
    )
    alone = tuple(
        estimate_program(
            prof, p, weights(), season_year=SEASON, signals=signals, belief=belief, observed=outcomes.get(p.code)
        )
        for p in sheet
    )
    assert together == alone


@settings(max_examples=150, deadline=None)
@given(profiles, _SHEETS, st.data())
def test_the_assessor_finds_the_filters_and_factors_of_assess(
    prof: Profile, sheet: list[Program], data: st.DataObject
) -> None:
    signals = data.draw(st.lists(st.sampled_from([p.code for p in sheet]), unique=True))
    assessor = Assessor(prof, weights(), season_year=SEASON, signals=signals)
    for p in sheet:
        assert assessor.assess(p) == assess(prof, p, weights(), season_year=SEASON, signals=signals)
