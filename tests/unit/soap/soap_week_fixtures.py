"""Values for the Match Week core tests: programs, unfilled lists, documents and a plan builder."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from importlib.resources import files

from matchpilot.chances import Weights
from matchpilot.domain.portfolio import CategoryBounds
from matchpilot.domain.profile import ApplicantType, Profile, Target, VisaNeed
from matchpilot.domain.program import Program, Track
from matchpilot.io.weights_toml import parse_weights
from matchpilot.soap import (
    AssignmentRule,
    DistributionPlan,
    Letter,
    MatchStatus,
    SoapPlan,
    Statement,
    UnfilledEntry,
    UnfilledProgram,
    build_plan,
    default_rule,
    join_with_sheet,
)

SPECIALTY = {"pmr": "PM&R", "prelim": "Internal Medicine", "ty": "Transitional Year", "other": "Family Medicine"}
TRACK = {"pmr": Track.CATEGORICAL, "prelim": Track.PRELIMINARY, "ty": Track.TRANSITIONAL, "other": Track.CATEGORICAL}


@cache
def weights() -> Weights:
    """The packaged default weights of the chances model."""
    text = files("matchpilot.chances").joinpath("weights.toml").read_text(encoding="utf-8")
    parsed, issues = parse_weights(text)
    assert parsed is not None, issues
    return parsed


def applicant(visa: VisaNeed | None = VisaNeed.J1, targets: Sequence[Target] = ()) -> Profile:
    """A non-US IMG (fictional) needing ``visa``."""
    return Profile(
        name="Test Applicant (fictional)",
        applicant_type=ApplicantType.NON_US_IMG,
        graduation_year=2023,
        ecfmg_certified=True,
        step2_ck=235,
        visa_need=visa,
        targets=tuple(targets),
    )


def program(
    index: int, kind: str, *, j1: bool | None = True, h1b: bool | None = None, track: Track | None = None
) -> Program:
    """A fictional program of ``kind`` (pmr, prelim, ty, other) with the given visa facts."""
    code_part = {"pmr": "340", "prelim": "140", "ty": "999", "other": "120"}[kind]
    chosen = track or TRACK[kind]
    return Program(
        code=f"{1000 + index}{code_part}{chosen.letter}0",
        name=f"Program {index} (fictional)",
        specialty=SPECIALTY[kind],
        track=chosen,
        state="NY",
        visa_j1=j1,
        visa_h1b=h1b,
        img_share=0.4,
    )


def unfilled_of(programs: Sequence[Program]) -> tuple[UnfilledProgram, ...]:
    """The unfilled list naming ``programs`` (one position each)."""
    return tuple(
        UnfilledProgram(p.code, p.name, p.specialty, p.track, 1, p.state, row) for row, p in enumerate(programs, 2)
    )


def entries_of(programs: Sequence[Program]) -> tuple[UnfilledEntry, ...]:
    """The unfilled list joined with a sheet holding ``programs``."""
    return join_with_sheet(unfilled_of(programs), programs)


STATEMENTS = {
    key: Statement(key, title, "text (fictional)")
    for key, title in (("pmr", "PM&R SOAP PS"), ("prelim", "Prelim SOAP PS"), ("general", "General SOAP PS"))
}
LETTERS = (
    Letter("letter-pmr-1", "Dr. A (fictional)", "PM&R"),
    Letter("letter-pmr-2", "Dr. B (fictional)", "PM&R"),
    Letter("letter-im-1", "Dr. C (fictional)", "Internal Medicine"),
    Letter("letter-neuro-1", "Dr. D (fictional)", "Neurology"),
    Letter("letter-fm-1", "Dr. E (fictional)", "Family Medicine"),
)


def plan_of(**bounds: tuple[int, int | None]) -> DistributionPlan:
    """A plan called ``test`` with ``bounds`` per category."""
    return DistributionPlan("test", {k: CategoryBounds(*v) for k, v in bounds.items()})


def make_plan(
    plan: DistributionPlan,
    entries: Sequence[UnfilledEntry],
    profile: Profile | None = None,
    *,
    cap: int = 45,
    max_letters: int = 4,
    statements: dict[str, Statement] | None = None,
    rule: AssignmentRule | None = None,
    status: MatchStatus = MatchStatus.UNMATCHED,
) -> SoapPlan:
    """:func:`build_plan` with the test defaults."""
    return build_plan(
        plan,
        entries,
        profile or applicant(),
        weights=weights(),
        season_year=2026,
        cap=cap,
        max_letters=max_letters,
        statements=STATEMENTS if statements is None else statements,
        letters=LETTERS,
        rule=rule or default_rule(),
        match_status=status,
    )
