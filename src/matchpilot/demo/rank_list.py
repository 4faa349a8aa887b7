"""The demo applicant's rank order list, chosen from the fictional demo market (pure, deterministic).

A plausible list for the demo profile (a non-US IMG who needs a J-1): PM&R categorical and advanced programs
that sponsor the J-1, preferred states and IMG-friendly programs first; each advanced program carries a
supplemental PGY-1 list (a PGY-1 at the same institution first when there is one, then the best preliminary
and transitional programs that sponsor the J-1). Fictional data only, like the rest of the demo.
"""

from __future__ import annotations

from collections.abc import Sequence

from matchpilot.domain.profile import Profile, VisaNeed
from matchpilot.domain.program import Program, Track
from matchpilot.domain.rank_list import RankOrderList, SupplementalRankList

__all__ = ["demo_rank_list"]

_PMR = "PM&R"


def _sponsors(program: Program, profile: Profile) -> bool:
    need = profile.visa_need
    if need in (None, VisaNeed.NONE):
        return True
    if need is VisaNeed.J1:
        return program.visa_j1 is True
    if need is VisaNeed.H1B:
        return program.visa_h1b is True
    return program.visa_j1 is True or program.visa_h1b is True


def _appeal(program: Program, profile: Profile) -> tuple[float, str]:
    """Higher is better: interest, a preferred state, openness to IMGs; ties broken by code."""
    score = 0.0
    if program.interest is not None:
        score += program.interest
    if program.state is not None and program.state in profile.preferred_states:
        score += 2.0
    if program.img_share is not None:
        score += 2.0 * program.img_share
    return -score, program.code


def demo_rank_list(
    programs: Sequence[Program], profile: Profile, *, categorical: int = 8, advanced: int = 4, pgy1: int = 5
) -> RankOrderList:
    """The demo list: the ``categorical`` and ``advanced`` PM&R programs of most appeal that sponsor the visa
    the profile needs (in order of appeal, interleaved as they come), and for each advanced program a
    supplemental list of ``pgy1`` PGY-1 programs; identical supplemental lists are shared."""
    eligible = [p for p in programs if _sponsors(p, profile)]
    ranked = sorted(eligible, key=lambda p: _appeal(p, profile))
    chosen_c = [p for p in ranked if p.specialty == _PMR and p.track is Track.CATEGORICAL][:categorical]
    chosen_a = [p for p in ranked if p.specialty == _PMR and p.track is Track.ADVANCED][:advanced]
    primary = sorted([*chosen_c, *chosen_a], key=lambda p: _appeal(p, profile))
    first_years = [p for p in ranked if p.track.is_pgy1_only]
    common = tuple(p.code for p in first_years[:pgy1])
    lists: dict[tuple[str, ...], list[str]] = {}
    for program in primary:
        if program.track is not Track.ADVANCED:
            continue
        local = [p.code for p in first_years if p.institution is not None and p.institution == program.institution]
        codes = tuple(dict.fromkeys([*local[:1], *common]))[:pgy1]
        lists.setdefault(codes, []).append(program.code)
    supplemental = tuple(SupplementalRankList(tuple(attached), codes) for codes, attached in lists.items() if codes)
    return RankOrderList(tuple(p.code for p in primary), supplemental, False)
