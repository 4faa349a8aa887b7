"""Synthetic match markets for tests, demos and benchmarks (fictional; no NRMP data).

The shape follows the facts in ``domain/RULES.md``: program codes (institution, specialty — PM&R is 340 — track
letter, digit); categorical (C), advanced (A) and physician (R) tracks beside preliminary (P) and transitional
(specialty 999) PGY-1 programs; about 12 programs per list; about 0.92 positions per applicant as in the 2025 Main
Match. Popular programs are ranked more often and higher; programs rank the applicants who ranked them by a
common quality plus their own noise, leaving a few off. The same seed gives the same market.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from matchpilot.domain.market import ApplicantEntry, CoupleEntry, MatchInstance, ProgramEntry, SupplementalList
from matchpilot.errors import InputError

__all__ = ["generate_market"]

# track letter, share of programs, specialties
_TRACKS: tuple[tuple[str, float, tuple[str, ...]], ...] = (
    ("C", 0.50, ("140", "120", "320", "400", "340")),
    ("A", 0.12, ("340", "420", "180", "080")),
    ("R", 0.05, ("340", "420")),
    ("P", 0.23, ("140", "440")),
    ("T", 0.10, ("999",)),
)
_UNRANKED_SHARE = 0.08  # of the applicants who rank a program, the share it leaves off its own list
_POPULARITY_SKEW = 1.0  # weight of popularity against an applicant's own taste when ordering a list
_REACH = 0.3  # applicants aim this many standard deviations above their own standing
_SPREAD = 0.2  # how widely (in popularity quantiles) an applicant's applications spread around its aim
_DRAWS = 40  # candidate programs drawn per applicant before its list is cut to length


@dataclass(frozen=True, slots=True)
class _Programs:
    ids: list[str]
    track: list[str]
    institution: list[int]
    popularity: npt.NDArray[np.float64]


def _check(applicants: int, programs: int, shares: dict[str, float]) -> None:
    if applicants < 1:
        raise InputError(f"The number of applicants must be at least 1 (got {applicants})")
    if programs < 1:
        raise InputError(f"The number of programs must be at least 1 (got {programs})")
    for name, share in shares.items():
        if not 0.0 <= share <= 1.0:
            raise InputError(f"The {name} must be between 0 and 1 (got {share})")


def _make_programs(rng: np.random.Generator, count: int) -> _Programs:
    counts = [round(share * count) for _, share, _ in _TRACKS]
    if count >= 5:
        counts = [max(c, 1) for c in counts]
    counts[0] += count - sum(counts)  # categorical takes the rounding
    while counts[0] < 0:  # tiny markets: take back from the largest other track
        largest = max(range(1, len(counts)), key=lambda i: counts[i])
        counts[largest] -= 1
        counts[0] += 1
    tracks = [letter for (letter, _, _), n in zip(_TRACKS, counts, strict=True) for _ in range(n)]
    tracks = [tracks[i] for i in rng.permutation(len(tracks))]
    institutions = max(1, count // 5)
    institution = rng.integers(0, institutions, size=count).tolist()
    specialties = {letter: options for letter, _, options in _TRACKS}
    used: dict[str, int] = {}
    ids: list[str] = []
    for track, inst in zip(tracks, institution, strict=True):
        options = specialties[track]
        specialty = options[int(rng.integers(0, len(options)))]
        prefix = f"{1001 + inst:04d}{specialty}{'P' if track == 'T' else track}"
        digit = used.get(prefix, 0)
        used[prefix] = digit + 1
        ids.append(f"{prefix}{digit}")
    popularity = rng.normal(0.0, 1.0, size=count)
    return _Programs(ids, tracks, institution, popularity)


def _quotas(rng: np.random.Generator, count: int, positions: int) -> list[int]:
    raw = rng.lognormal(mean=1.5, sigma=0.6, size=count)
    scaled = raw * positions / raw.sum()
    return [max(1, round(x)) for x in scaled]


def _pick(
    rng: np.random.Generator,
    pool: npt.NDArray[np.int64],
    popularity: npt.NDArray[np.float64],
    quality: npt.NDArray[np.float64],
) -> list[list[int]]:
    """For each applicant (of the given ``quality``), about ``40`` candidate programs from
    ``pool``, best first. Applicants aim near their own standing and reach up (so popular programs are drawn
    more often), then order what they drew by popularity plus their own taste."""
    if len(quality) == 0:
        return []
    if len(pool) == 0:
        return [[] for _ in quality]
    by_popularity = pool[np.argsort(popularity[pool], kind="stable")]
    draws = _DRAWS
    aim = _normal_cdf(quality + _REACH)
    spot = aim[:, None] + rng.normal(0.0, _SPREAD, size=(len(quality), draws))
    spot = np.abs(spot)  # reflect at both ends instead of piling up there
    spot = np.where(spot > 1.0, 2.0 - spot, spot).clip(0.0, 1.0)
    candidates = by_popularity[np.minimum((spot * len(pool)).astype(np.int64), len(pool) - 1)]
    utility = _POPULARITY_SKEW * popularity[candidates] + rng.gumbel(0.0, 0.7, size=candidates.shape)
    order = np.argsort(-utility, axis=1, kind="stable")
    ranked = np.take_along_axis(candidates, order, axis=1).tolist()
    return [list(dict.fromkeys(row)) for row in ranked]


def _normal_cdf(x: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    from math import erf, sqrt

    return np.array([0.5 * (1.0 + erf(v / sqrt(2.0))) for v in x.tolist()], dtype=np.float64)


def generate_market(
    applicants: int,
    programs: int,
    couples_share: float = 0.0,
    supplemental_share: float = 0.0,
    reversion_share: float = 0.0,
    seed: int = 0,
    *,
    positions_per_applicant: float = 0.915,
    mean_list_length: float = 12.0,
) -> MatchInstance:
    """A fictional, reproducible market with ``applicants`` applicants and ``programs`` programs.

    - ``couples_share``: share of applicants who are in a couple (members are paired two by two); a couple
      ranks pairs built from what each member would rank alone, pairs at one institution first, then a few
      pairs with one member unmatched.
    - ``supplemental_share``: share of applicants who rank advanced (A) and physician (R) programs and attach
      PGY-1 supplemental lists (preliminary and transitional programs) to their advanced programs; some split
      them into two lists.
    - ``reversion_share``: share of programs whose unfilled seats revert to an earlier program of the same
      institution (never a cycle).
    - ``seed``: everything is drawn from ``numpy.random.default_rng(seed)``; same arguments, same market.

    Positions total about ``positions_per_applicant`` * applicants (at least one per program); list lengths
    are 1 + Poisson(``mean_list_length`` - 1). Raises :class:`~matchpilot.errors.InputError` for bad sizes.
    """
    _check(
        applicants,
        programs,
        {
            "share of couples": couples_share,
            "share of supplemental lists": supplemental_share,
            "share of reversions": reversion_share,
        },
    )
    rng = np.random.default_rng(seed)
    market = _make_programs(rng, programs)
    quotas = _quotas(rng, programs, max(1, round(positions_per_applicant * applicants)))
    quality = rng.normal(0.0, 1.0, size=applicants)
    track = np.array(market.track)
    index = np.arange(programs, dtype=np.int64)
    advanced = index[(track == "A") | (track == "R")]
    pgy1 = index[(track == "P") | (track == "T")]
    general = index[track != "A"]

    order = rng.permutation(applicants)
    n_supp = round(supplemental_share * applicants) if len(advanced) and len(pgy1) else 0
    n_couple = 2 * (round(couples_share * applicants) // 2)
    n_couple = min(n_couple, 2 * ((applicants - n_supp) // 2))
    supp_people = order[:n_supp]
    couple_people = order[n_supp : n_supp + n_couple]
    lengths = np.maximum(1, 1 + rng.poisson(max(mean_list_length - 1.0, 0.0), size=applicants)).astype(np.int64)

    rol: dict[int, list[int]] = {}
    others = order[n_supp:]
    pool = general if len(general) else index
    picked = _pick(rng, pool, market.popularity, quality[others])
    for person, chosen in zip(others.tolist(), picked, strict=True):
        rol[person] = chosen[: lengths[person]]
    supplemental: dict[int, list[SupplementalList]] = {}
    specialty = np.array([pid[4:7] for pid in market.ids])
    pmr_path = index[(track == "A") | (track == "R") | ((track == "C") & (specialty == "340"))]
    primary_lists = _pick(rng, pmr_path, market.popularity, quality[supp_people])
    pgy1_lists = _pick(rng, pgy1, market.popularity, quality[supp_people])
    for person, chosen, pgy1_all in zip(supp_people.tolist(), primary_lists, pgy1_lists, strict=True):
        chosen = chosen[: lengths[person]]
        pgy1_rol = pgy1_all[: max(1, lengths[person] // 2)]
        rol[person] = chosen
        attached = [market.ids[p] for p in chosen if market.track[p] == "A"]
        if not attached:
            continue
        ranked = tuple(market.ids[p] for p in pgy1_rol)
        if len(attached) >= 2 and len(ranked) >= 2 and rng.random() < 0.3:
            half = len(attached) // 2
            supplemental[person] = [
                SupplementalList(tuple(attached[:half]), ranked),
                SupplementalList(tuple(attached[half:]), ranked[: max(1, len(ranked) // 2)]),
            ]
        else:
            supplemental[person] = [SupplementalList(tuple(attached), ranked)]

    couples: list[CoupleEntry] = []
    couple_pairs: list[list[tuple[int | None, int | None]]] = []
    members = couple_people.tolist()
    for number in range(len(members) // 2):
        first, second = members[2 * number], members[2 * number + 1]
        pairs = _couple_pairs(rng, rol.pop(first), rol.pop(second), market.institution)
        couple_pairs.append(pairs)
        couples.append(
            CoupleEntry(
                f"c{number + 1}",
                (f"a{first + 1}", f"a{second + 1}"),
                tuple((_id(market.ids, p), _id(market.ids, q)) for p, q in pairs),
            )
        )

    program_rol = _program_lists(rng, programs, quality, rol, supplemental, market.ids, couple_pairs, members)
    revert = _reversions(rng, programs, market.institution, reversion_share)
    program_entries = tuple(
        ProgramEntry(
            market.ids[p],
            quotas[p],
            tuple(f"a{a + 1}" for a in program_rol[p]),
            market.ids[revert[p]] if revert[p] >= 0 else None,
        )
        for p in range(programs)
    )
    in_couple = set(members)
    applicant_entries = tuple(
        ApplicantEntry(
            f"a{a + 1}",
            None if a in in_couple else tuple(market.ids[p] for p in rol[a]),
            tuple(supplemental.get(a, ())),
        )
        for a in range(applicants)
    )
    return MatchInstance(program_entries, applicant_entries, tuple(couples))


def _id(ids: list[str], program: int | None) -> str | None:
    return ids[program] if program is not None else None


def _couple_pairs(
    rng: np.random.Generator, first: list[int], second: list[int], institution: list[int]
) -> list[tuple[int | None, int | None]]:
    """Pairs from each member's own top choices: together at one institution first, then by combined rank,
    then a few pairs where one member goes unmatched."""
    scored: list[tuple[float, int, int]] = []
    for i, p in enumerate(first[:6]):
        for j, q in enumerate(second[:6]):
            apart = 0.0 if institution[p] == institution[q] else 4.0
            scored.append((i + j + apart + float(rng.random()), p, q))
    scored.sort()
    pairs: list[tuple[int | None, int | None]] = [(p, q) for _, p, q in scored[:15]]
    pairs += [(p, None) for p in first[:2]]
    pairs += [(None, q) for q in second[:2]]
    return pairs


def _program_lists(
    rng: np.random.Generator,
    programs: int,
    quality: npt.NDArray[np.float64],
    rol: dict[int, list[int]],
    supplemental: dict[int, list[SupplementalList]],
    ids: list[str],
    couple_pairs: list[list[tuple[int | None, int | None]]],
    members: list[int],
) -> list[list[int]]:
    """Each program ranks the applicants who ranked it (primary, supplemental or couple lists) by quality plus
    its own noise, leaving about 8% of them off."""
    position = {pid: i for i, pid in enumerate(ids)}
    applied: list[set[int]] = [set() for _ in range(programs)]
    for person, chosen in rol.items():
        for p in chosen:
            applied[p].add(person)
        for supplemental_list in supplemental.get(person, ()):
            for pid in supplemental_list.rol:
                applied[position[pid]].add(person)
    for number, pairs in enumerate(couple_pairs):
        first, second = members[2 * number], members[2 * number + 1]
        for left, right in pairs:
            if left is not None:
                applied[left].add(first)
            if right is not None:
                applied[right].add(second)
    lists: list[list[int]] = []
    for p in range(programs):
        people = np.array(sorted(applied[p]), dtype=np.int64)
        if len(people) == 0:
            lists.append([])
            continue
        score = quality[people] + rng.normal(0.0, 0.7, size=len(people))
        kept = rng.random(len(people)) >= _UNRANKED_SHARE
        ranked = people[np.argsort(-score, kind="stable")]
        lists.append(ranked[kept[np.argsort(-score, kind="stable")]].tolist())
    return lists


def _reversions(rng: np.random.Generator, programs: int, institution: list[int], share: float) -> list[int]:
    """Revert targets: an earlier program of the same institution, so chains never cycle."""
    revert = [-1] * programs
    if share <= 0:
        return revert
    earlier: dict[int, list[int]] = {}
    for p in range(programs):
        options = earlier.setdefault(institution[p], [])
        if options and rng.random() < share:
            revert[p] = options[int(rng.integers(0, len(options)))]
        options.append(p)
    return revert
