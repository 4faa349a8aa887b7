"""Shared values for the SOAP core tests: the packaged rules and a few profiles."""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources

from matchpilot.domain.profile import ApplicantType, Profile, VisaNeed
from matchpilot.domain.rules import Rules
from matchpilot.io.rules_toml import parse_rules


@cache
def rules() -> Rules:
    """The packaged default rules (checked to parse without issues)."""
    text = resources.files("matchpilot").joinpath("data", "rules.toml").read_text(encoding="utf-8")
    parsed, issues = parse_rules(tomllib.loads(text))
    assert parsed is not None and issues == []
    return parsed


def img(*, ecfmg: bool | None = True) -> Profile:
    """A non-US IMG aiming at PM&R who needs a J-1."""
    return Profile(
        name="Test Applicant (fictional)",
        applicant_type=ApplicantType.NON_US_IMG,
        ecfmg_certified=ecfmg,
        visa_need=VisaNeed.J1,
    )


def us_md() -> Profile:
    """A US MD graduate (ECFMG certification does not concern them)."""
    return Profile(name="US Senior (fictional)", applicant_type=ApplicantType.US_MD)
