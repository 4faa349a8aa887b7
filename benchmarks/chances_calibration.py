"""Calibration of the chances model (interview invitations) on synthetic worlds where the truth is known.

Issue 4 asks that the chance estimates be calibrated on synthetic markets where the truth is known, with a
reliability table and a Brier score. Nothing here is NRMP data: every world is drawn from a seed.

The synthetic world (one per seed; ``--worlds`` of them):

- **Programs** (``--programs``, default 400), fictional, each with complete true facts: the kind of position
  (55% PM&R -- categorical, advanced or physician --, 25% preliminary internal medicine, 10% transitional year,
  10% categorical internal medicine), a state out of 12, J-1 sponsorship (75%), H-1B sponsorship (30%; of those,
  60% need Step 3 first), the IMG share of residents (0% for 15% of programs, else 5-80%), a Step 2 CK minimum
  (205-235; the model reads "typical" as minimum + ``typical_above_minimum``), a limit on years since graduation
  (40% of programs: 3, 5, 7 or 10 years) and a USCE requirement (40%).
- **The sheet the model sees** hides each of those facts (visa J-1, visa H-1B, Step 3 for H-1B, IMG share, Step 2
  minimum, graduation limit, USCE requirement, state) independently with probability ``--unknown-share``
  (default 0.25): unknown, never guessed, as a user's sheet would have it.
- **Applicants** (``--applicants`` per world, default 500): 60% non-US IMGs (visa need J-1 50%, H-1B 10%, either
  40%), 20% US IMGs, 10% US DO, 10% US MD; Step 2 CK ~ N(240, 12) (US MD +5); graduation 0-10 years before
  the season for IMGs; Step 3 passed 30% / scheduled 10%; USCE 0 months (15% of IMGs) or 1-12; PM&R USCE,
  research, PM&R research, 0-3 PM&R letters of 4, two preferred states. Profiles are complete (an applicant
  knows their own facts).
- **Applications**: each applicant applies to ``--apply`` (default 35) programs drawn at random among those
  the model does not filter on the sheet (an applicant does not apply where the sheet already says no), and
  signals 3 of the PM&R programs among them.
- **The hidden truth** has the same structural form as the chances model: a true hard filter (on the complete
  facts) means no invitation; otherwise P(invite) = sigmoid(eta_true + s_i), where eta_true is the sum of the
  model's own factors (:func:`matchpilot.chances.assess`) computed on the complete facts with the *true*
  weights, and s_i ~ N(0, tau) is the applicant's true latent strength. Invitations are drawn from it.
- **Truths**: world 0 uses the default weights and tau = ``strength.prior_sd`` (the model is right except
  for what the sheet hides). Worlds 1.. perturb the defaults as a plausible author error: every intercept
  and applicant-type shift + N(0, 0.4); every slope, gain and penalty (Step 2, IMG share, letters, PM&R and US
  clinical experience, research, geography, signal) times exp(N(0, 0.35)), signs kept; tau ~ U(0.5, 1.3).

What is measured (against the default weights, i.e. what a user gets out of the box):

- reliability table (deciles of ``p_interview.mid`` before any outcome: counts, mean predicted, observed rate,
  mean true probability), Brier score, and the Brier score of the baseline that predicts the overall observed
  invitation rate for everyone (its Brier skill score is 1 - Brier/baseline); the expected calibration error
  over the deciles (ECE) and the slope of a logistic recalibration (slope < 1: estimates too extreme; > 1: too
  timid). Read them per world: pooling worlds cancels their opposite errors;
- coverage: how often the true probability lies in [low, high]. The only nominal figure is ``strength.band``
  (80%) for what the model does not know about the applicant; unknown facts widen the range further, so
  coverage should be at least 80%, and is shown for applications with every fact known and with some unknown;
- learning: for each applicant, the outcomes (invited/rejected) of the first N of 20 applications are given to
  :func:`matchpilot.chances.outlook`; the Brier score and coverage of the 15 other applications (the same for
  every N) are measured after learning.

Run: ``.venv/bin/python benchmarks/chances_calibration.py [--worlds 6] [--applicants 500] [--seed 4]``.
"""

from __future__ import annotations

import argparse
import math
import os
import platform
import statistics
import time
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from importlib.metadata import version
from importlib.resources import files
from types import MappingProxyType
from typing import Any

import numpy as np

from matchpilot.chances import (
    Outcome,
    Weights,
    assess,
    estimate_all,
    hard_filters,
    outlook,
    program_target,
)
from matchpilot.domain.profile import ApplicantType, Profile, Step3Status, Target, VisaNeed
from matchpilot.domain.program import Program, Track
from matchpilot.io.weights_toml import parse_weights

SEASON = 2025
STATES = ("NY", "NJ", "PA", "IL", "TX", "CA", "OH", "MI", "FL", "MA", "MD", "GA")
LEARN_POOL, HELD_OUT = 20, 15
LEARN_STEPS = (0, 1, 3, 5, 10, 20)
HIDDEN = (
    "visa_j1",
    "visa_h1b",
    "step3_for_h1b",
    "img_share",
    "min_step2",
    "max_years_since_graduation",
    "usce_required",
    "state",
)
SHIFTED = ("intercept.", "applicant_type.")
SCALED = (
    "step2.slope_per_10_points",
    "img_share.slope_per_10_points",
    "img_share.none_penalty",
    "pmr_letters.per_letter",
    "pmr_letters.none_penalty",
    "pmr_experience.per_month",
    "us_clinical_experience.per_month",
    "us_clinical_experience.none_penalty",
    "research.per_item",
    "research.pmr_per_item",
    "geography.preferred_state",
    "signal.sent",
)


def default_weights(path: str | None = None) -> Weights:
    """The packaged default weights (``matchpilot/chances/weights.toml``), with the keys of ``path`` on top."""
    weights, issues = parse_weights(files("matchpilot.chances").joinpath("weights.toml").read_text())
    assert weights is not None, issues
    if path is not None:
        with open(path, encoding="utf-8") as handle:
            weights, issues = parse_weights(handle.read(), base=weights)
        assert weights is not None, issues
    return weights


def true_weights(base: Weights, rng: np.random.Generator | None) -> tuple[Weights, float]:
    """The hidden truth of a world: perturbed weights and the spread ``tau`` of the true strength (the
    defaults themselves and ``strength.prior_sd`` when ``rng`` is None)."""
    if rng is None:
        return base, base["strength.prior_sd"]
    values = dict(base.values)
    for key in values:
        if key.startswith(SHIFTED):
            values[key] += float(rng.normal(0.0, 0.4))
        elif key in SCALED:
            values[key] *= math.exp(float(rng.normal(0.0, 0.35)))
    return Weights(MappingProxyType(values)), float(rng.uniform(0.5, 1.3))


def make_programs(rng: np.random.Generator, count: int) -> list[Program]:
    """Fictional programs with complete true facts."""
    programs = []
    for i in range(count):
        kind = rng.random()
        if kind < 0.55:
            specialty = "PM&R"
            track = [Track.CATEGORICAL, Track.ADVANCED, Track.PHYSICIAN][int(rng.choice(3, p=[0.7, 0.2, 0.1]))]
        elif kind < 0.80:
            specialty, track = "Internal Medicine", Track.PRELIMINARY
        elif kind < 0.90:
            specialty, track = "Transitional Year", Track.TRANSITIONAL
        else:
            specialty, track = "Internal Medicine", Track.CATEGORICAL
        h1b = bool(rng.random() < 0.3)
        programs.append(
            Program(
                code=f"{1001 + i:04d}{'340' if specialty == 'PM&R' else '140'}{track.letter}0",
                name=f"Program {i + 1} (fictional)",
                specialty=specialty,
                track=track,
                state=STATES[int(rng.integers(len(STATES)))],
                positions=int(rng.integers(2, 9)),
                visa_j1=bool(rng.random() < 0.75),
                visa_h1b=h1b,
                step3_for_h1b=bool(rng.random() < 0.6) if h1b else False,
                img_share=0.0 if rng.random() < 0.15 else float(rng.integers(5, 81)),
                min_step2=int(rng.integers(205, 236)),
                max_years_since_graduation=int(rng.choice([3, 5, 7, 10])) if rng.random() < 0.4 else None,
                usce_required=bool(rng.random() < 0.4),
            )
        )
    return programs


def mask(program: Program, rng: np.random.Generator, share: float) -> Program:
    """The sheet's view of ``program``: each fact of :data:`HIDDEN` unknown with probability ``share``."""
    hidden: dict[str, Any] = {name: None for name in HIDDEN if rng.random() < share}
    return replace(program, **hidden) if hidden else program


def make_profile(rng: np.random.Generator, number: int) -> Profile:
    """A fictional, complete applicant profile."""
    kind = [ApplicantType.NON_US_IMG, ApplicantType.US_IMG, ApplicantType.US_DO, ApplicantType.US_MD][
        int(rng.choice(4, p=[0.6, 0.2, 0.1, 0.1]))
    ]
    img = kind.is_img
    visa = VisaNeed.NONE
    if kind is ApplicantType.NON_US_IMG:
        visa = [VisaNeed.J1, VisaNeed.H1B, VisaNeed.J1_OR_H1B][int(rng.choice(3, p=[0.5, 0.1, 0.4]))]
    step2 = int(np.clip(round(rng.normal(240 + (5 if kind is ApplicantType.US_MD else 0), 12)), 200, 280))
    usce = (0.0 if rng.random() < 0.15 else float(rng.integers(1, 13))) if img else 12.0
    research = int(rng.poisson(3))
    pmr_letters = int(rng.binomial(3, 0.5))
    return Profile(
        name=f"Applicant {number} (fictional)",
        applicant_type=kind,
        graduation_year=SEASON - (int(rng.integers(0, 11)) if img else int(rng.integers(0, 2))),
        step2_ck=step2,
        step3=[Step3Status.PASSED, Step3Status.SCHEDULED, Step3Status.NONE][int(rng.choice(3, p=[0.3, 0.1, 0.6]))],
        visa_need=visa,
        usce_months=usce,
        usce_pmr_months=float(min(usce, int(rng.integers(0, 5)))),
        research_items=research,
        pmr_research_items=min(research, int(rng.poisson(1))),
        letters=("pmr",) * pmr_letters + ("internal_medicine",) * (4 - pmr_letters),
        preferred_states=tuple(str(s) for s in rng.choice(STATES, size=2, replace=False)),
    )


def _sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x)) if x >= 0 else math.exp(x) / (1.0 + math.exp(x))


@dataclass
class Records:
    """Per-application figures gathered over a world (or pooled over several)."""

    pred: list[float] = field(default_factory=list)
    low: list[float] = field(default_factory=list)
    high: list[float] = field(default_factory=list)
    truth: list[float] = field(default_factory=list)
    invited: list[float] = field(default_factory=list)
    unknown: list[bool] = field(default_factory=list)

    def add(self, pred: float, low: float, high: float, truth: float, invited: bool, unknown: bool) -> None:
        """One application."""
        self.pred.append(pred)
        self.low.append(low)
        self.high.append(high)
        self.truth.append(truth)
        self.invited.append(float(invited))
        self.unknown.append(unknown)

    def extend(self, other: Records) -> None:
        """Pool ``other`` into this."""
        for name in ("pred", "low", "high", "truth", "invited", "unknown"):
            getattr(self, name).extend(getattr(other, name))

    def arrays(self) -> dict[str, np.ndarray]:
        """The columns as NumPy arrays."""
        return {name: np.asarray(getattr(self, name)) for name in ("pred", "low", "high", "truth", "invited")} | {
            "unknown": np.asarray(self.unknown, dtype=bool)
        }


def brier(pred: np.ndarray, outcome: np.ndarray) -> float:
    """The mean squared error of probabilities against 0/1 outcomes."""
    return float(np.mean((pred - outcome) ** 2))


def recalibration(pred: np.ndarray, outcome: np.ndarray) -> tuple[float, float]:
    """``(intercept, slope)`` of the logistic regression of the outcome on logit(pred) (Newton's method)."""
    p = np.clip(pred, 1e-6, 1 - 1e-6)
    x = np.column_stack([np.ones_like(p), np.log(p / (1 - p))])
    beta = np.array([0.0, 1.0])
    for _ in range(25):
        mu = 1.0 / (1.0 + np.exp(-(x @ beta)))
        gradient = x.T @ (outcome - mu)
        hessian = (x * (mu * (1 - mu))[:, None]).T @ x
        beta = beta + np.linalg.solve(hessian, gradient)
    return float(beta[0]), float(beta[1])


def summary(records: Records) -> dict[str, float]:
    """Brier, baseline Brier, skill, means, recalibration and coverage of ``records``."""
    a = records.arrays()
    rate = float(a["invited"].mean())
    covered = (a["truth"] >= a["low"] - 1e-12) & (a["truth"] <= a["high"] + 1e-12)
    score, base = brier(a["pred"], a["invited"]), brier(np.full_like(a["pred"], rate), a["invited"])
    intercept, slope = recalibration(a["pred"], a["invited"])
    return {
        "n": float(len(a["pred"])),
        "brier": score,
        "baseline": base,
        "skill": 1.0 - score / base,
        "floor": float(np.mean(a["truth"] * (1 - a["truth"]))),
        "brier_true": brier(a["truth"], a["invited"]),
        "mean_pred": float(a["pred"].mean()),
        "rate": rate,
        "mean_true": float(a["truth"].mean()),
        "slope": slope,
        "intercept": intercept,
        "coverage": float(covered.mean()),
        "coverage_known": float(covered[~a["unknown"]].mean()) if (~a["unknown"]).any() else float("nan"),
        "coverage_unknown": float(covered[a["unknown"]].mean()) if a["unknown"].any() else float("nan"),
        "share_unknown": float(a["unknown"].mean()),
        "width": float(np.mean(a["high"] - a["low"])),
        "ece": expected_calibration_error(records),
        "zero": float(np.mean(a["truth"] == 0.0)),
        "low_zero": float(np.mean(a["low"] == 0.0)),
        "coverage_zero": float(covered[a["truth"] == 0.0].mean()) if (a["truth"] == 0.0).any() else float("nan"),
        "bias": float(a["pred"].mean()) - rate,
    }


def expected_calibration_error(records: Records, bins: int = 10) -> float:
    """The count-weighted mean of |mean predicted - observed rate| over the deciles of the prediction."""
    rows = reliability(records, bins)
    total = sum(count for _, count, _, _, _ in rows)
    return sum(count * abs(pred - rate) for _, count, pred, rate, _ in rows) / total


def reliability(records: Records, bins: int = 10) -> list[tuple[str, int, float, float, float]]:
    """Equal-count bins of the prediction: ``(range, count, mean predicted, observed rate, mean true p)``."""
    a = records.arrays()
    order = np.argsort(a["pred"], kind="stable")
    rows = []
    for chunk in np.array_split(order, bins):
        p = a["pred"][chunk]
        rows.append(
            (
                f"{p.min():.3f}-{p.max():.3f}",
                len(chunk),
                float(p.mean()),
                float(a["invited"][chunk].mean()),
                float(a["truth"][chunk].mean()),
            )
        )
    return rows


@dataclass
class WorldResult:
    """What one world gave: the prior records and the held-out records after learning from N outcomes."""

    label: str
    tau: float
    prior: Records
    learned: dict[int, Records]


def run_world(
    seed: int, perturbed: bool, args: argparse.Namespace, defaults: Weights, packaged: Weights
) -> WorldResult:
    """Draw one world, its applicants and their invitations, and score the model (``defaults``) on it; the
    truth is drawn from the ``packaged`` weights, so a ``--weights`` file changes the model, not the world."""
    rng = np.random.default_rng(seed)
    truth_weights, tau = true_weights(packaged, rng if perturbed else None)
    programs = make_programs(rng, args.programs)
    sheet = [mask(p, rng, args.unknown_share) for p in programs]
    prior = Records()
    learned = {n: Records() for n in LEARN_STEPS}
    for number in range(args.applicants):
        profile = make_profile(rng, number)
        strength = float(rng.normal(0.0, tau))
        open_programs = [i for i, p in enumerate(sheet) if not hard_filters(profile, p, season_year=SEASON)]
        chosen = [int(i) for i in rng.choice(open_programs, size=min(args.apply, len(open_programs)), replace=False)]
        pmr = [i for i in chosen if program_target(sheet[i]) is Target.PMR]
        signals = {sheet[i].code for i in pmr[:3]}
        applied = [sheet[i] for i in chosen]
        chances = estimate_all(profile, applied, defaults, season_year=SEASON, signals=signals)
        p_true, invited = [], []
        for i in chosen:
            filters, factors = assess(profile, programs[i], truth_weights, season_year=SEASON, signals=signals)
            p = 0.0 if filters else _sigmoid(math.fsum(f.contribution for f in factors) + strength)
            p_true.append(p)
            invited.append(bool(rng.random() < p))
        unknown = [sheet[i] != programs[i] for i in chosen]
        for c, p, hit, hid in zip(chances, p_true, invited, unknown, strict=True):
            prior.add(c.p_interview.mid, c.p_interview.low, c.p_interview.high, p, hit, hid)
        if len(chosen) < LEARN_POOL + HELD_OUT:
            continue
        held = range(LEARN_POOL, LEARN_POOL + HELD_OUT)
        for n in LEARN_STEPS:
            if n == 0:
                after = chances
                index = list(held)
            else:
                outcomes = [(applied[k].code, Outcome.INVITED if invited[k] else Outcome.REJECTED) for k in range(n)]
                subset = [applied[k] for k in range(n)] + [applied[k] for k in held]
                _, view, issues = outlook(
                    profile, subset, defaults, season_year=SEASON, signals=signals, outcomes=outcomes
                )
                assert not issues, issues
                after = view.chances
                index = list(range(n, n + HELD_OUT))
            for k, j in zip(held, index, strict=True):
                c = after[j]
                learned[n].add(
                    c.p_interview.mid, c.p_interview.low, c.p_interview.high, p_true[k], invited[k], unknown[k]
                )
    label = "defaults are the truth" if not perturbed else "perturbed truth"
    return WorldResult(label, tau, prior, learned)


def _table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for row in rows:
        print("| " + " | ".join(row) + " |")


def _print_reliability(title: str, records: Records) -> None:
    print(f"\nReliability, {title} (deciles of p_interview.mid before any outcome):\n")
    rows = [
        [span, f"{count:,}", f"{pred:.3f}", f"{rate:.3f}", f"{true:.3f}"]
        for span, count, pred, rate, true in reliability(records)
    ]
    _table(["predicted range", "applications", "mean predicted", "observed rate", "mean true p"], rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--worlds", type=int, default=6, help="world 0 uses the defaults as truth; the rest perturb")
    parser.add_argument("--applicants", type=int, default=500, help="applicants per world")
    parser.add_argument("--programs", type=int, default=400, help="programs per world")
    parser.add_argument("--apply", type=int, default=LEARN_POOL + HELD_OUT, help="applications per applicant")
    parser.add_argument("--unknown-share", type=float, default=0.25, help="chance that a sheet hides each fact")
    parser.add_argument("--seed", type=int, default=4)
    parser.add_argument(
        "--weights", metavar="FILE", help="a weights file whose keys replace the defaults in the model (not the truth)"
    )
    args = parser.parse_args()
    print(
        f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, {platform.system()}, "
        f"Python {platform.python_version()}, numpy {version('numpy')}; {args.worlds} worlds x "
        f"{args.applicants} applicants x {args.apply} applications, {args.programs} programs, "
        f"unknown share {args.unknown_share}, seed {args.seed}, weights {args.weights or 'the defaults'}"
    )
    started = time.perf_counter()
    defaults, packaged = default_weights(args.weights), default_weights()
    worlds = [run_world(args.seed * 1000 + w, w > 0, args, defaults, packaged) for w in range(args.worlds)]

    print("\nPer world, before any outcome (the default weights against each truth):\n")
    rows = []
    for number, world in enumerate(worlds):
        s = summary(world.prior)
        rows.append(
            [
                f"{number} ({world.label}, tau {world.tau:.2f})",
                f"{int(s['n']):,}",
                f"{s['mean_pred']:.3f}",
                f"{s['rate']:.3f}",
                f"{s['ece']:.3f}",
                f"{s['brier']:.4f}",
                f"{s['baseline']:.4f}",
                f"{s['skill']:+.3f}",
                f"{s['brier_true']:.4f}",
                f"{s['slope']:.2f}",
                f"{s['coverage']:.1%}",
                f"{s['coverage_known']:.1%} / {s['coverage_unknown']:.1%}",
                f"{s['share_unknown']:.0%}",
                f"{s['zero']:.1%}",
                f"{s['coverage_zero']:.1%}",
                f"{s['low_zero']:.1%}",
                f"{s['width']:.3f}",
            ]
        )
    _table(
        [
            "world",
            "applications",
            "mean predicted",
            "observed rate",
            "ECE (deciles)",
            "Brier",
            "baseline Brier",
            "skill",
            "Brier of the true p",
            "recalibration slope",
            "coverage of true p",
            "coverage: all known / some unknown",
            "with a hidden fact",
            "truly filtered (hidden)",
            "coverage when truly filtered",
            "low end 0",
            "mean width",
        ],
        rows,
    )

    _print_reliability("world 0 (defaults are the truth)", worlds[0].prior)
    pooled = Records()
    for world in worlds[1:]:
        pooled.extend(world.prior)
    if worlds[1:]:
        _print_reliability(f"worlds 1-{len(worlds) - 1} pooled (perturbed truths)", pooled)

    print(
        f"\nLearning from N outcomes (the first N of {LEARN_POOL} applications), scored on the same "
        f"{HELD_OUT} other applications of each applicant:\n"
    )
    rows = []
    for n in LEARN_STEPS:
        for title, group in (("world 0", worlds[:1]), ("perturbed, pooled", worlds[1:])):
            if not group:
                continue
            records = Records()
            for world in group:
                records.extend(world.learned[n])
            s = summary(records)
            per_world = [summary(world.learned[n]) for world in group]
            rows.append(
                [
                    str(n),
                    title,
                    f"{int(s['n']):,}",
                    f"{s['mean_pred']:.3f}",
                    f"{s['rate']:.3f}",
                    f"{statistics.mean(abs(w['bias']) for w in per_world):.3f}",
                    f"{statistics.mean(w['ece'] for w in per_world):.3f}",
                    f"{s['brier']:.4f}",
                    f"{s['baseline']:.4f}",
                    f"{s['brier_true']:.4f}",
                    f"{s['coverage']:.1%}",
                    f"{s['width']:.3f}",
                ]
            )
    _table(
        [
            "N",
            "worlds",
            "held-out applications",
            "mean predicted",
            "observed rate",
            "mean abs(predicted - observed) per world",
            "mean ECE per world",
            "Brier",
            "baseline Brier",
            "Brier of the true p",
            "coverage of true p",
            "mean width",
        ],
        rows,
    )
    taus = [w.tau for w in worlds[1:]]
    if taus:
        print(f"\ntrue strength spread in perturbed worlds: {', '.join(f'{t:.2f}' for t in taus)}; "
              f"median {statistics.median(taus):.2f} (model prior sd {defaults['strength.prior_sd']})")  # fmt: skip
    print(f"done in {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
