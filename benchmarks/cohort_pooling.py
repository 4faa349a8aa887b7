"""How much the cohort model's pooling improves the Brier score over no pooling (issue 18 item 6).

Synthetic cohorts with a known truth: ``PROGRAMS`` programs, each with a true term ``b_j ~ Normal(0, TRUE_TAU^2)``
(how much more or less often it invites than the model expects). Each of ``n`` applicants hears from ``PER_APPLICANT``
programs drawn at random; the model's offset for them there is ``o ~ Normal(-0.5, 1)`` and they are invited with
probability ``sigmoid(o + b_j)``. The cohort of ``n`` applicants is the training pool; 2,000 fresh applicants
(one program each, drawn the same way) are the test set. Three predictions for the test set:

- **model alone**: ``sigmoid(o)`` (no cohort);
- **no pooling**: each program's own maximum-likelihood term from its outcomes alone (bounded to -6..6);
- **pooling**: the empirical-Bayes terms of :func:`matchpilot.chances.cohort.fit_cohort`;
- **true terms**: ``sigmoid(o + b_j)`` with the truth, the best any fit could do.

Both cohort variants give a term only where at least 5 distinct applicants heard from the program (the product's
rule); elsewhere they use the model alone. Run: ``.venv/bin/python benchmarks/cohort_pooling.py [--seeds 30]``.
"""

from __future__ import annotations

import argparse
import math
import time

import numpy as np
from scipy.optimize import minimize_scalar

from matchpilot.chances.cohort import MIN_APPLICANTS, PooledOutcome, fit_cohort

PROGRAMS = 40
PER_APPLICANT = 15
TRUE_TAU = 0.8
TEST_APPLICANTS = 2000
SIZES = (10, 30, 100)


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


def _unpooled(offsets: np.ndarray, invited: np.ndarray) -> float:
    sign = np.where(invited, 1.0, -1.0)

    def negative(b: float) -> float:
        return float(np.logaddexp(0.0, -sign * (offsets + b)).sum())

    return float(minimize_scalar(negative, bounds=(-6.0, 6.0), method="bounded").x)


def one_run(applicants: int, seed: int) -> tuple[float, float, float, float, float]:
    """Brier scores (model alone, no pooling, pooling, the true terms) on the test set, and the estimated tau."""
    rng = np.random.default_rng(seed)
    truth = rng.normal(0.0, TRUE_TAU, PROGRAMS)
    pooled: list[PooledOutcome] = []
    for applicant in range(applicants):
        for program in rng.choice(PROGRAMS, PER_APPLICANT, replace=False):
            offset = float(rng.normal(-0.5, 1.0))
            invited = bool(rng.random() < _sigmoid(np.array(offset + truth[program])))
            pooled.append(PooledOutcome(applicant, f"P{program}", offset, invited))
    fit = fit_cohort(pooled)
    unpooled: dict[int, float] = {}
    for program in range(PROGRAMS):
        mine = [p for p in pooled if p.code == f"P{program}"]
        if len({p.applicant for p in mine}) >= MIN_APPLICANTS:
            unpooled[program] = _unpooled(np.array([p.offset for p in mine]), np.array([p.invited for p in mine]))
    programs = rng.integers(0, PROGRAMS, TEST_APPLICANTS)
    offsets = rng.normal(-0.5, 1.0, TEST_APPLICANTS)
    outcome = (rng.random(TEST_APPLICANTS) < _sigmoid(offsets + truth[programs])).astype(float)
    pooled_terms = np.array([t.shift if (t := fit.term(f"P{p}")) is not None else 0.0 for p in programs])
    unpooled_terms = np.array([unpooled.get(int(p), 0.0) for p in programs])

    def brier(terms: np.ndarray) -> float:
        return float(np.mean((_sigmoid(offsets + terms) - outcome) ** 2))

    return (
        brier(np.zeros(TEST_APPLICANTS)),
        brier(unpooled_terms),
        brier(pooled_terms),
        brier(truth[programs]),
        fit.tau,
    )


def main() -> None:
    """Print the table of ``benchmarks/RESULTS.md``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=30, help="synthetic cohorts per size (default 30)")
    seeds = parser.parse_args().seeds
    started = time.perf_counter()
    print(
        f"{PROGRAMS} programs, true tau {TRUE_TAU}, {PER_APPLICANT} outcomes per applicant, "
        f"{TEST_APPLICANTS} test outcomes, {seeds} cohorts per size"
    )
    print(
        "| applicants | model alone | no pooling | pooling | true terms (best possible) | pooling vs no pooling "
        "| pooling better in | tau (mean) |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for size in SIZES:
        runs = np.array([one_run(size, 1000 * size + seed) for seed in range(seeds)])
        alone, unpooled, pooled, best, tau = runs.mean(axis=0)
        better = int(np.sum(runs[:, 2] < runs[:, 1]))
        change = (unpooled - pooled) / unpooled
        print(
            f"| {size} | {alone:.4f} | {unpooled:.4f} | {pooled:.4f} | {best:.4f} | {100 * change:+.1f}% lower Brier "
            f"| {better}/{seeds} cohorts | {tau:.2f} |"
        )
    print(f"({time.perf_counter() - started:.1f} s; the Brier of a coin toss is 0.25)")
    if not math.isfinite(float(tau)):
        raise SystemExit("tau is not finite")


if __name__ == "__main__":
    main()
