"""ERAS program signals for ``pick``: the season's counts, which programs can take one, and the hand choices (pure).

A signal goes to an institution's programs in one specialty (its *group*: categorical and advanced PM&R, or
categorical and preliminary internal medicine, at one institution share it). Each specialty that has signals
is a *pool* with a count per tier: PM&R ``standard``; internal medicine ``gold`` and ``silver``; the
transitional year ``standard``. The counts are dated data (``eras_signals`` in the rules), with their source.

What a signal does is the chances model's signal term per tier (``signal.sent``, ``signal.gold``,
``signal.silver`` in the weights, with the evidence they rest on): :func:`signal_options` recomputes every open
program's chance as if it were signalled with each tier of its pool, and checks the signals you fixed by hand.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import repeat
from operator import attrgetter
from types import MappingProxyType

from matchpilot.chances import (
    ChancesReport,
    Outcome,
    ProgramChance,
    ProgramEstimate,
    StrengthBelief,
    Weights,
    estimate_signalled,
    program_target,
)
from matchpilot.chances.estimate import SignalledChances, signalled_tiers
from matchpilot.chances.model import is_pmr_specialty
from matchpilot.domain.issues import Issue, Severity
from matchpilot.domain.profile import Target
from matchpilot.domain.program import Program
from matchpilot.domain.records import records_from_columns
from matchpilot.errors import InputError, InvalidDataError

__all__ = [
    "POOL_NAMES",
    "ProgramSignal",
    "SignalOptions",
    "SignalSeason",
    "best_tier_chances",
    "parse_signal",
    "signal_effects",
    "signal_group",
    "signal_options",
    "signal_pool",
]

POOL_NAMES: Mapping[str, str] = MappingProxyType({"pmr": "PM&R", "im": "internal medicine", "ty": "transitional year"})
"""The signal pools matchpilot knows how to recognise in a sheet, and their names in words."""

_NRMP_CODE = re.compile(r"^(\d{4})(\d{3})[A-Z]\d$")


@dataclass(frozen=True, slots=True)
class SignalSeason:
    """The ERAS signals of one season: ``pools`` maps a pool (``pmr``) to its count per tier, ``grouping`` a pool
    to what one signal covers (``institution`` or ``program``); ``source``, ``checked``, ``note`` and
    ``projected`` say where the counts come from."""

    match_year: int
    pools: Mapping[str, Mapping[str, int]]
    grouping: Mapping[str, str] = field(default_factory=dict)
    source: str = ""
    checked: str = ""
    note: str = ""
    projected: bool = False

    def __post_init__(self) -> None:
        """Freeze the counts."""
        frozen = {pool: MappingProxyType(dict(tiers)) for pool, tiers in self.pools.items()}
        object.__setattr__(self, "pools", MappingProxyType(frozen))
        object.__setattr__(self, "grouping", MappingProxyType(dict(self.grouping)))

    @property
    def citation(self) -> str:
        """Where the counts come from, in one line: source, when checked, projected or not."""
        text = self.source or "no source given"
        if self.checked:
            text += f" (checked {self.checked})"
        if self.projected:
            text += "; projected, not yet confirmed"
        return text

    def describe(self, pool: str) -> str:
        """The counts of ``pool`` in words: ``20 standard`` or ``3 gold and 12 silver``."""
        parts = [f"{count} {tier}" for tier, count in self.pools.get(pool, {}).items()]
        return " and ".join(parts) if parts else "none"


@dataclass(frozen=True, slots=True)
class ProgramSignal:
    """What a signal would do at one program: its ``pool`` and ``group``, and its chance when signalled with
    each tier of the pool (``chances``)."""

    code: str
    pool: str
    group: str
    chances: Mapping[str, ProgramChance]

    def p_match_mid(self, tier: str) -> float:
        """``chances[tier].p_match.mid``, without making the chance when :func:`signal_options` has not yet."""
        chances = self.chances
        if isinstance(chances, _TierChances):
            return chances.p_match_mid(tier)
        return chances[tier].p_match.mid


class _TierChances(Mapping[str, ProgramChance]):
    """One program's chance with each tier of its pool (read-only), each made when first read: the list's
    optimizer reads only their middle chances of a match (:meth:`p_match_mid`)."""

    __slots__ = ("_by_tier", "_index")

    def __init__(self, by_tier: Mapping[str, SignalledChances], index: int) -> None:
        """The chances of program ``index`` of each tier's :class:`SignalledChances`."""
        self._by_tier, self._index = by_tier, index

    @classmethod
    def many(cls, by_tier: Mapping[str, SignalledChances], count: int) -> list[_TierChances]:
        """``[_TierChances(by_tier, i) for i in range(count)]``, each slot set over all of them at once (one
        ``map`` per slot, no ``__init__`` call per program)."""
        made = list(map(_new, repeat(cls, count)))
        deque(map(_TIERS_SLOT.__set__, made, repeat(by_tier, count)), maxlen=0)
        deque(map(_INDEX_SLOT.__set__, made, range(count)), maxlen=0)
        return made

    def __getitem__(self, tier: str) -> ProgramChance:
        return self._by_tier[tier][self._index]

    def __iter__(self) -> Iterator[str]:
        return iter(self._by_tier)

    def __len__(self) -> int:
        return len(self._by_tier)

    def __repr__(self) -> str:
        return repr(dict(self))

    def p_match_mid(self, tier: str) -> float:
        """``self[tier].p_match.mid``, without making the chance."""
        return self._by_tier[tier].p_match_mid(self._index)


_new = object.__new__
_TIERS_SLOT = vars(_TierChances)["_by_tier"]
_INDEX_SLOT = vars(_TierChances)["_index"]


@dataclass(frozen=True, slots=True)
class SignalOptions:
    """Everything ``pick`` needs to choose signals: the ``season``, each open program's :class:`ProgramSignal`,
    the signals ``fixed`` by hand (code -> tier, already checked), the evidence behind the signal term
    (``evidence``) and how many relaxations branch and bound may solve (``max_nodes``; fewer keeps a page
    fast, and the answer then says it is not proven optimal, with a bound)."""

    season: SignalSeason
    programs: Mapping[str, ProgramSignal]
    fixed: Mapping[str, str] = field(default_factory=dict)
    evidence: str = ""
    max_nodes: int = 400


def best_tier_chances(found: Sequence[ProgramSignal], floors: Sequence[float]) -> list[dict[str, float]]:
    """For each of ``found``, its middle chance of a match with each tier of its pool, at least its floor:
    ``{tier: max(found[i].p_match_mid(tier), floors[i]) for tier in found[i].chances}``, the same floats (Python's
    ``max``, the tier's chance first), read a tier at a time over all the programs whose chances one call of
    :func:`signal_options` made for one pool (C-level maps), one program at a time for any other."""
    if len(found) != len(floors):
        raise ValueError(f"{len(floors)} floors for {len(found)} programs")
    made: list[dict[str, float]] = [{}] * len(found)
    shared: dict[int, list[int]] = {}  # positions by the tiers' chances they read (one object per pool)
    for position, chances in enumerate(map(_CHANCES, found)):
        if type(chances) is _TierChances:
            shared.setdefault(id(chances._by_tier), []).append(position)
        else:
            floor = floors[position]
            made[position] = {tier: max(found[position].p_match_mid(tier), floor) for tier in chances}
    for positions in shared.values():
        first = found[positions[0]].chances
        assert isinstance(first, _TierChances)  # grouped by it above
        by_tier = first._by_tier
        indices = [found[position].chances._index for position in positions]  # type: ignore[attr-defined]
        lowest = list(map(floors.__getitem__, positions))
        tiers = list(by_tier)
        columns = [list(map(max, map(by_tier[tier].p_match_mid, indices), lowest)) for tier in tiers]
        rows = zip(*columns, strict=True) if columns else repeat((), len(positions))
        deque(map(made.__setitem__, positions, map(dict, map(zip, repeat(tiers), rows))), maxlen=0)
    return made


_CHANCES = attrgetter("chances")


def signal_pool(program: Program) -> str | None:
    """The signal pool a program's applications count in: ``pmr`` for PM&R in any track, ``ty`` for a
    transitional year, ``im`` for internal medicine (categorical or preliminary), else None."""
    if is_pmr_specialty(program.specialty):
        return "pmr"
    if program_target(program) is Target.TRANSITIONAL:
        return "ty"
    words = " ".join(re.sub(r"[^a-z]+", " ", program.specialty.lower()).split())
    if words in ("internal medicine", "medicine", "im") or words.startswith("internal medicine"):
        return "im"
    return None


def signal_group(program: Program, pool: str, grouping: str = "institution") -> str:
    """What one signal covers: with ``institution`` grouping, the institution and specialty parts of an NRMP
    code (``1001-340`` for ``1001340C0`` and ``1001340A0``), else the institution named in the sheet, else the
    program alone."""
    if grouping == "institution":
        found = _NRMP_CODE.match(program.code)
        if found is not None:
            return f"{found.group(1)}-{found.group(2)}"
        if program.institution:
            return f"{pool}:{' '.join(program.institution.split()).casefold()}"
    return program.code


def signal_effects(
    estimate: ProgramEstimate, weights: Weights, belief: StrengthBelief, season: SignalSeason
) -> tuple[tuple[str, ProgramChance], ...]:
    """What a signal of each tier of its specialty would make of one program's chance (tier, chance), for the
    tiers the season has; empty when its specialty has no signals, a filter removes it, its answer is recorded
    or it already counts a signal."""
    program, chance = estimate.program, estimate.chance
    pool = signal_pool(program)
    if pool is None or pool not in season.pools or chance.is_filtered or chance.observed is not None:
        return ()
    if any(f.key == "signal" for f in chance.factors):
        return ()
    return tuple(
        (tier, estimate_signalled([(program, chance)], weights, belief=belief, tier=tier)[0])
        for tier, count in season.pools[pool].items()
        if count > 0
    )


def parse_signal(text: str, *, option: str) -> tuple[str, str | None]:
    """Read ``CODE`` or ``CODE:TIER`` (``1001340C0:gold``); InputError naming ``option`` (how the caller's user wrote
    the signal) when empty."""
    code, _, tier = text.strip().partition(":")
    code, tier = code.strip(), tier.strip().lower()
    if not code:
        raise InputError(f"{option} {text!r}: write a program code, or CODE:TIER (for example 1001340C0:gold)")
    return code, tier or None


def signal_options(
    report: ChancesReport,
    weights: Weights,
    season: SignalSeason,
    fixed: Iterable[tuple[str, str | None]] = (),
    *,
    max_nodes: int = 400,
) -> SignalOptions:
    """What a signal would do at every open program of ``report``, and the signals ``fixed`` by hand, checked.

    A program takes a signal when its pool has signals this season; its chance with each tier is the chances
    model's, with that tier's term added (:func:`matchpilot.chances.estimate_signalled`). Raises
    InvalidDataError listing every bad hand choice, each naming the program: a code not in the sheet, a
    program whose specialty has no signals this season, a tier the pool does not have (or no tier where the
    pool has several), a program that cannot be on the list (a hard filter, a rejection, no chance), two
    signals to one group, or more signals of a tier than the season allows (with the count's source).
    """
    belief = report.after.belief
    pairs: dict[str, list[tuple[Program, ProgramChance]]] = {}
    # A program's pool is decided by its kind of position: the specialty and the track, by identity (a member
    # of an enumeration, whose hash is Python).
    pools: dict[tuple[str, int], str | None] = {}
    for estimate in report.estimates:
        chance = estimate.chance
        if chance.filtered:  # report.open: the programs no hard filter removes
            continue
        program = estimate.program
        kind = (program.specialty, id(program.track))
        try:
            pool = pools[kind]
        except KeyError:
            pool = pools[kind] = signal_pool(program)
        if pool is None or pool not in season.pools:
            continue
        pairs.setdefault(pool, []).append((program, chance))
    programs: dict[str, ProgramSignal] = {}
    for pool, members in pairs.items():
        by_tier = signalled_tiers(
            members, weights, belief=belief, tiers=season.pools[pool]
        )  # each chance made when read: the optimizer reads the middle chances of a match alone
        grouping = season.grouping.get(pool, "institution")
        codes = [program.code for program, _ in members]
        found = list(map(_NRMP_CODE.match, codes)) if grouping == "institution" else [None] * len(codes)
        groups = [
            f"{nrmp[1]}-{nrmp[2]}" if nrmp is not None else signal_group(program, pool, grouping)
            for (program, _), nrmp in zip(members, found, strict=True)
        ]
        made = records_from_columns(
            ProgramSignal, [codes, [pool] * len(codes), groups, _TierChances.many(by_tier, len(codes))]
        )
        programs.update(zip(codes, made, strict=True))
    checked = _check_fixed(report, season, programs, list(fixed))
    return SignalOptions(
        season, MappingProxyType(programs), MappingProxyType(checked), weights.signal_source, max_nodes
    )


def _check_fixed(
    report: ChancesReport,
    season: SignalSeason,
    programs: Mapping[str, ProgramSignal],
    fixed: list[tuple[str, str | None]],
) -> dict[str, str]:
    issues: list[Issue] = []
    by_code = {e.program.code: e for e in report.estimates} if fixed else {}
    year = f"the {season.match_year - 1}-{str(season.match_year)[-2:]} season"
    chosen: dict[str, str] = {}
    groups: dict[str, str] = {}
    used: dict[tuple[str, str], list[str]] = {}
    for code, tier in fixed:
        where = f"signal {code}"

        def bad(kind: str, message: str, where: str = where) -> None:
            issues.append(Issue(kind, Severity.ERROR, message, where))

        estimate = by_code.get(code)
        if estimate is None:
            bad("unknown-program", f"no program with code {code!r} in your sheet")
            continue
        pool = signal_pool(estimate.program)
        if pool is None or pool not in season.pools:
            have = ", ".join(POOL_NAMES.get(p, p) for p in season.pools) or "no specialty"
            bad(
                "no-signals",
                f"{code} ({estimate.program.specialty}) takes no ERAS signal in {year}: signals go to {have} "
                f"programs (source: {season.citation})",
            )
            continue
        tiers = season.pools[pool]
        name = POOL_NAMES.get(pool, pool)
        if tier is None:
            if len(tiers) != 1:
                bad(
                    "missing-tier",
                    f"{name} signals have tiers {' and '.join(tiers)}; say which, as {code}:{next(iter(tiers))}",
                )
                continue
            tier = next(iter(tiers))
        if tier not in tiers:
            bad(
                "unknown-tier",
                f"{tier!r} is not a tier of {name} signals in {year}, which has {season.describe(pool)} "
                f"(source: {season.citation})",
            )
            continue
        chance = estimate.chance
        if code not in programs:
            if chance.is_filtered:
                why = f"a hard filter removes it ({chance.filtered[0].reason})"
            elif chance.observed is Outcome.REJECTED:
                why = "you recorded a rejection"
            else:
                why = "the model gives it no chance"
            bad("not-applied", f"a signal goes only to a program you apply to, and {why}")
            continue
        if chance.observed is Outcome.REJECTED or chance.p_match.mid <= 0.0:
            why = "you recorded a rejection" if chance.observed is Outcome.REJECTED else "the model gives it no chance"
            bad("not-applied", f"a signal goes only to a program you apply to, and {why}")
            continue
        group = programs[code].group
        if group in groups:
            bad(
                "same-group",
                f"{code} and {groups[group]} share one signal (the same institution's {name} programs): "
                "one signal per institution",
            )
            continue
        groups[group] = code
        chosen[code] = tier
        used.setdefault((pool, tier), []).append(code)
    for (pool, tier), codes in used.items():
        allowed = season.pools[pool][tier]
        if len(codes) > allowed:
            issues.append(
                Issue(
                    "too-many-signals",
                    Severity.ERROR,
                    f"{len(codes)} {POOL_NAMES.get(pool, pool)} {tier} signals fixed ({', '.join(codes)}), but {year} "
                    f"allows {allowed} (source: {season.citation})",
                    f"signals {pool} {tier}",
                )
            )
    if issues:
        count = len(issues)
        lead = "a signal you chose cannot" if count == 1 else f"{count} of the signals you chose cannot"
        raise InvalidDataError(f"{lead} be used", issues)
    return chosen
