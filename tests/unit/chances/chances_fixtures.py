"""Profiles, programs and weights for the chances tests (all fictional)."""

from __future__ import annotations

import dataclasses
from dataclasses import replace
from datetime import date
from functools import cache
from importlib.resources import files
from typing import Any

from matchpilot.chances import Weights
from matchpilot.demo.generator import generate_demo
from matchpilot.domain import ApplicantType, Profile, Program, Step3Status, Target, Track, VisaNeed
from matchpilot.domain.evidence import H1bEvidence
from matchpilot.io.weights_toml import parse_weights

SEASON = 2026


@cache
def default_text() -> str:
    return files("matchpilot.chances").joinpath("weights.toml").read_text(encoding="utf-8")


@cache
def weights() -> Weights:
    parsed, issues = parse_weights(default_text())
    assert parsed is not None, issues
    return parsed


def with_weights(**changes: float) -> Weights:
    """The default weights with some keys changed (``signal__sent=0`` for ``signal.sent``)."""
    values = dict(weights().values)
    for key, value in changes.items():
        dotted = key.replace("__", ".")
        assert dotted in values, dotted
        values[dotted] = value
    return Weights(values)


def profile(**changes: Any) -> Profile:
    """A complete non-US IMG profile who needs a J-1 and accepts PM&R and preliminary years."""
    base = Profile(
        name="Test Applicant (fictional)",
        applicant_type=ApplicantType.NON_US_IMG,
        graduation_year=2021,
        ecfmg_certified=True,
        step2_ck=239,
        step3=Step3Status.NONE,
        visa_need=VisaNeed.J1,
        usce_months=5,
        usce_pmr_months=2,
        research_items=4,
        pmr_research_items=1,
        letters=("pmr", "pmr", "internal_medicine"),
        preferred_states=("NY", "NJ"),
        avoid_states=("TX",),
        targets=(Target.PMR, Target.PRELIM, Target.TRANSITIONAL),
    )
    return replace(base, **changes)


def program(**changes: Any) -> Program:
    """A PM&R categorical program in PA whose facts are all known and friendly."""
    base = Program(
        code="1234340C0",
        name="Lakeview Rehabilitation Institute (fictional)",
        specialty="PM&R",
        track=Track.CATEGORICAL,
        state="PA",
        visa_j1=True,
        visa_h1b=False,
        img_share=40.0,
        min_step2=220,
        max_years_since_graduation=7,
        usce_required=True,
        step3_for_h1b=True,
    )
    return replace(base, **changes)


def blank_program(**changes: Any) -> Program:
    """A program whose facts are all unknown."""
    return replace(
        Program(code="9999340C0", name="Unknown Program (fictional)", specialty="PM&R", track=Track.CATEGORICAL),
        **changes,
    )


def lca_evidence(programs: tuple[Program, ...], every: int) -> dict[str, H1bEvidence]:
    """Recent certified H-1B LCAs at every ``every``-th program, one or two of them, so some reasons differ."""
    return {
        p.code: H1bEvidence(
            certified=1 + n % 2,
            denied=0,
            withdrawn=0,
            fellows_certified=0,
            latest_decision=date(2025, 3, 1),
            fiscal_years={2025: {"certified": 1 + n % 2}},
            employer_names=("Fictional Health",),
            sources=(("lca.csv", date(2026, 11, 1)),),
            recent_fiscal_year=2025,
            recent_certified=1 + n % 2,
        )
        for n, p in enumerate(programs)
        if n % every == 0
    }


def demo_profiles(as_of: date) -> list[Profile]:
    """The demo's profile and three variations of it (other visa needs, Step 3, graduation years, no targets)."""
    demo = generate_demo(as_of=as_of).profile
    return [
        demo,
        dataclasses.replace(demo, visa_need=VisaNeed.H1B, step3=Step3Status.SCHEDULED, step2_ck=None),
        dataclasses.replace(demo, visa_need=VisaNeed.J1_OR_H1B, graduation_year=2012, usce_months=0.0),
        dataclasses.replace(demo, visa_need=VisaNeed.J1_OR_H1B, graduation_year=None, step3=None, targets=()),
    ]
