"""The cohort model: per-program terms fitted by empirical Bayes to pooled outcomes, shrunk toward zero."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from matchpilot.chances.cohort import (
    MIN_APPLICANTS,
    PooledOutcome,
    cohort_factor,
    fit_cohort,
    logit,
    posterior_term,
)


def _simulate(truth: dict[str, float], applicants: int, seed: int) -> list[PooledOutcome]:
    """Every applicant hears from every program; the model's offset is known, the program's term is ``truth``."""
    rng = np.random.default_rng(seed)
    pooled = []
    for applicant in range(applicants):
        for code, effect in truth.items():
            offset = float(rng.normal(-0.5, 0.8))
            p = 1.0 / (1.0 + math.exp(-(offset + effect)))
            pooled.append(PooledOutcome(applicant, code, offset, bool(rng.random() < p)))
    return pooled


def test_a_program_with_no_outcome_keeps_the_model_as_it_is() -> None:
    mean, sd = posterior_term([], [], 0.8)
    assert mean == pytest.approx(0.0, abs=1e-9)
    assert sd == pytest.approx(0.8, rel=0.02)


def test_the_term_is_zero_when_programs_do_not_differ() -> None:
    pooled = _simulate({"A": 0.0, "B": 0.0, "C": 0.0}, 40, seed=3)
    fit = fit_cohort(pooled)
    for code in "ABC":
        term = fit.term(code)
        assert term is not None
        assert abs(term.shift) < 0.35


def test_much_consistent_data_ends_near_the_truth() -> None:
    truth = {"A": 1.2, "B": -1.0, "C": 0.3, "D": -0.2}
    fit = fit_cohort(_simulate(truth, 600, seed=11))
    for code, effect in truth.items():
        term = fit.term(code)
        assert term is not None
        assert term.shift == pytest.approx(effect, abs=0.25)
        assert term.applicants == 600


def test_few_outcomes_are_pulled_toward_zero_more_than_many() -> None:
    # the same share of invitations (all invited), once from 5 applicants and once from 50
    few = posterior_term([0.0] * 5, [True] * 5, 1.0)[0]
    many = posterior_term([0.0] * 50, [True] * 50, 1.0)[0]
    assert 0 < few < many


def test_fewer_than_five_applicants_give_no_term() -> None:
    pooled = _simulate({"A": 1.0}, 200, seed=5)
    # program B heard from by four applicants only, many times each
    pooled += [PooledOutcome(a, "B", 0.0, True) for a in range(4) for _ in range(10)]
    fit = fit_cohort(pooled)
    assert fit.term("A") is not None
    assert fit.term("B") is None


def test_a_cohort_of_fewer_than_five_applicants_gives_nothing() -> None:
    pooled = [PooledOutcome(a, code, 0.0, a % 2 == 0) for a in range(MIN_APPLICANTS - 1) for code in "ABCDEFG"]
    fit = fit_cohort(pooled)
    assert fit.terms == {}
    assert fit.applicants == MIN_APPLICANTS - 1
    assert "fewer than 5 applicants" in fit.note


def test_the_factor_speaks_plain_words() -> None:
    fit = fit_cohort(_simulate({"A": 1.5, "B": -1.5}, 300, seed=2))
    up, down = fit.term("A"), fit.term("B")
    assert up is not None and down is not None
    helps, hurts = cohort_factor(up), cohort_factor(down)
    assert helps.key == "cohort" and helps.contribution == up.shift and not helps.unknown
    assert "300 applicants" in helps.explanation and "higher" in helps.explanation
    assert "lower" in hurts.explanation
    for text in (helps.explanation, hurts.explanation, helps.value, helps.name):
        assert "log-odds" not in text


def test_logit_is_clipped_at_certainty() -> None:
    assert logit(0.0) == -8.0 and logit(1.0) == 8.0
    assert logit(0.5) == pytest.approx(0.0)


outcome_lists = st.lists(
    st.tuples(st.integers(0, 9), st.sampled_from("ABC"), st.floats(-3, 3), st.booleans()), max_size=60
)


@settings(max_examples=40, deadline=None)
@given(outcome_lists, st.randoms(use_true_random=False))
def test_order_and_the_numbers_of_applicants_do_not_matter(
    rows: list[tuple[int, str, float, bool]], rnd: object
) -> None:
    pooled = [PooledOutcome(a, c, o, y) for a, c, o, y in rows]
    shuffled = list(pooled)
    rnd.shuffle(shuffled)  # type: ignore[attr-defined]
    renamed = [PooledOutcome(1000 + 7 * p.applicant, p.code, p.offset, p.invited) for p in shuffled]
    first, second = fit_cohort(pooled), fit_cohort(renamed)
    assert first.terms.keys() == second.terms.keys()
    for code, term in first.terms.items():
        assert second.terms[code].shift == pytest.approx(term.shift, abs=1e-9)
    for term in first.terms.values():
        assert term.applicants >= MIN_APPLICANTS
        assert len({p.applicant for p in pooled if p.code == term.code}) == term.applicants


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.tuples(st.floats(-3, 3), st.booleans()), min_size=1, max_size=30),
    st.floats(0.05, 3.0),
    st.data(),
)
def test_an_invitation_instead_of_a_rejection_never_lowers_the_term(
    rows: list[tuple[float, bool]], tau: float, data: st.DataObject
) -> None:
    offsets = [o for o, _ in rows]
    invited = [y for _, y in rows]
    rejected_at = [i for i, y in enumerate(invited) if not y]
    if not rejected_at:
        return
    flip = data.draw(st.sampled_from(rejected_at))
    better = list(invited)
    better[flip] = True
    assert posterior_term(offsets, better, tau)[0] >= posterior_term(offsets, invited, tau)[0] - 1e-9
    # outcomes never make the program's term less certain than the prior (a log-concave likelihood)
    _, sd = posterior_term(offsets, invited, tau)
    assert sd <= tau * 1.02 + 1e-9


def test_the_reasons_shown_always_include_what_the_cohort_added() -> None:
    from matchpilot.chances.cohort import CohortTerm
    from matchpilot.chances.model import Factor, Interval, ProgramChance

    strong = [Factor.known(f"f{i}", f"Factor {i}", "v", 2.0 + i, "why") for i in range(4)]
    small = cohort_factor(CohortTerm("A", 0.05, 0.1, 6, 6))
    chance = ProgramChance("A", (), (*strong, small), Interval(0.1, 0.2, 0.3), Interval(0.0, 0.1, 0.2))
    top = chance.top_factors(3)
    assert len(top) == 3 and top[-1] is small
    assert [f.key for f in top[:2]] == ["f3", "f2"]
    assert chance.top_factors(0) == ()
    plain = ProgramChance("A", (), tuple(strong), Interval(0.1, 0.2, 0.3), Interval(0.0, 0.1, 0.2))
    assert [f.key for f in plain.top_factors(3)] == ["f3", "f2", "f1"]
