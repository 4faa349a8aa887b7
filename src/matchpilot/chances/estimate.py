"""Per-program chances: from the filters, factors and the strength belief to interview and match ranges.

For a program that no hard filter removes, with factors summing to ``eta`` (low, mid, high: the unknown
facts towards their worst, middle, best) and the strength belief ``b`` over ``s``:

- ``p_interview.mid`` = the expectation over ``b`` of ``sigmoid(eta_mid + s)`` (the posterior predictive);
- ``eta_low``/``eta_high`` combine the unknowns and the uncertainty of the weights (``weight_uncertainty.relative``)
  as independent errors (:func:`combine`);
- ``p_interview.low`` = ``sigmoid(eta_low + q_lo)``, ``p_interview.high`` = ``sigmoid(eta_high + q_hi)``, where
  ``q_lo``/``q_hi`` bound the middle ``strength.band`` of ``b`` (the ends are then widened to include the mid);
- ``p_interview.low`` is 0 when a factor ``may_filter``: an unknown fact that may be a hard filter for you;
- ``p_match`` = ``p_interview`` times the assumed chance of matching given an interview for the kind of
  position (``match_given_interview.*``), end by end.

A filtered program has chances 0. A program with a recorded outcome shows what that outcome implies: an
invitation is certain, a rejection is 0, and silence leaves the chance of a late invitation.
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Collection, Iterable, Mapping
from operator import attrgetter, itemgetter, mul
from typing import TypeVar

import numpy as np
from numpy.typing import NDArray

from matchpilot.chances.cohort import CohortTerm
from matchpilot.chances.model import ONE, ZERO, Factor, Filter, Interval, Outcome, ProgramChance, program_target
from matchpilot.chances.rules import Assessor, assess, signal_term
from matchpilot.chances.sheet import sheet_chances, sheet_terms
from matchpilot.chances.strength import FloatArray, StrengthBelief, prior_belief, sigmoid
from matchpilot.chances.weights import Weights
from matchpilot.domain.evidence import H1bEvidence
from matchpilot.domain.profile import Profile, Target
from matchpilot.domain.program import Program

__all__ = ["SignalledChances", "combine", "estimate_all", "estimate_program", "signalled_chances", "signalled_tiers"]


def _logistic(x: float) -> float:
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    e = math.exp(x)
    return e / (1.0 + e)


def _late(x: float, late: float) -> float:
    """The chance of a late invitation from a silent program whose log-odds of an invitation are ``x``."""
    p = _logistic(x)
    return p * late / (1.0 - p + p * late)


def combine(factors: Iterable[Factor], *, relative: float = 0.0) -> tuple[float, float, float]:
    """The log-odds ``(low, mid, high)`` of a set of factors, before the latent strength.

    ``mid`` is the sum of the contributions. ``relative`` (``weight_uncertainty.relative``, 0..1) is how far
    each weight may be off, as a share of its size: each term's ends move out by that share of their own size
    (``low_i - relative * |low_i|``, ``high_i + relative * |high_i|``), so a known term of contribution ``c``
    becomes the range ``c -/+ relative * |c|``. The unknowns and these errors are treated as independent, not
    all at their worst at once: ``low = mid - sqrt(sum((contribution - low_i')^2))`` and likewise ``high``.

    ``mid`` does not depend on ``relative``. Widening a term's range (a lower low end or a higher high end) never
    raises ``low`` nor lowers ``high``; raising any term's contribution or ends never lowers ``low``, ``mid`` or
    ``high`` (this needs ``relative <= 1``).
    """
    if not 0.0 <= relative <= 1.0:
        raise ValueError(f"relative must be within 0..1, not {relative}")
    contributions: list[float] = []
    downs: list[float] = []
    ups: list[float] = []
    for f in factors:  # one pass; math.fsum is exact, so the sums do not depend on how they are gathered
        contribution, low, high = f.contribution, f.low, f.high
        contributions.append(contribution)
        downs.append((contribution - low + relative * abs(low)) ** 2)
        ups.append((high + relative * abs(high) - contribution) ** 2)
    mid = math.fsum(contributions)
    below = math.sqrt(math.fsum(downs))
    above = math.sqrt(math.fsum(ups))
    return mid - below, mid, mid + above


def _band_ends(belief: StrengthBelief, band: float) -> tuple[float, float]:
    """The strengths bounding the middle ``band`` of ``belief``: its ``(1 - band) / 2`` and ``(1 + band) / 2``
    quantiles."""
    return belief.quantile((1 - band) / 2), belief.quantile((1 + band) / 2)


def _interview(
    eta: tuple[float, float, float], belief: StrengthBelief, ends: tuple[float, float], may_filter: bool
) -> Interval:
    low_eta, mid_eta, high_eta = eta
    mid = belief.expect(sigmoid(mid_eta + belief.grid))
    low = 0.0 if may_filter else _logistic(low_eta + ends[0])
    high = _logistic(high_eta + ends[1])
    return Interval(min(low, mid), mid, max(high, mid))


def _after_silence(
    eta: tuple[float, float, float], belief: StrengthBelief, ends: tuple[float, float], late: float, may_filter: bool
) -> Interval:
    """The chance of a late invitation from a program that is still silent.

    With ``p`` the chance of an invitation at some strength, P(invitation | silent) = ``p * late / (1 - p +
    p * late)``, increasing in ``p``; its ends are taken like those of :func:`_interview` (the belief has
    already learned from the silence).
    """

    def later(p: FloatArray) -> FloatArray:
        return p * late / (1.0 - p + p * late)

    low_eta, mid_eta, high_eta = eta
    mid = belief.expect(later(sigmoid(mid_eta + belief.grid)))
    low = 0.0 if may_filter else _late(low_eta + ends[0], late)
    high = _late(high_eta + ends[1], late)
    return Interval(min(low, mid), mid, max(high, mid))


def estimate_program(
    profile: Profile,
    program: Program,
    weights: Weights,
    *,
    season_year: int,
    signals: Collection[str] | Mapping[str, str | None] = (),
    belief: StrengthBelief | None = None,
    observed: Outcome | None = None,
    h1b_evidence: H1bEvidence | None = None,
) -> ProgramChance:
    """The chances of ``profile`` at ``program``, with every filter and factor.

    ``season_year`` is the year the applications are sent; ``signals`` the codes of the programs signalled;
    ``belief`` the strength belief (the prior of ``weights`` when None); ``observed`` an outcome recorded at
    this program; ``h1b_evidence`` the DOL LCA evidence for the program's institution (see
    :func:`matchpilot.chances.rules.assess`).
    """
    belief = prior_belief(weights) if belief is None else belief
    found = assess(profile, program, weights, season_year=season_year, signals=signals, h1b_evidence=h1b_evidence)
    return _Estimator(weights, belief).chance(program, found, observed)


_Eta = tuple[float, float, float]


class _Estimator:
    """Turns filters and factors into a program's chance under one belief and one set of weights.

    The strength belief and the weights are the same for every program, so what only depends on them (the
    belief's quantiles, the match rates per kind of position) is computed once, and the chance ranges are
    remembered by the log-odds they come from: programs with the same summed factors get the same ranges.
    """

    def __init__(self, weights: Weights, belief: StrengthBelief) -> None:
        self.weights, self.belief = weights, belief
        self.relative = weights["weight_uncertainty.relative"]
        self.ends = _band_ends(belief, weights["strength.band"])
        self.late = weights["outcomes.late_invite_share"]
        self._interviews: dict[tuple[tuple[float, float, float], bool, bool], Interval] = {}
        self._match_rates: dict[Target, tuple[float, float, float]] = {}
        self._targets: dict[tuple[str, object], Target] = {}

    def chance(
        self, program: Program, found: tuple[tuple[Filter, ...], tuple[Factor, ...]], observed: Outcome | None
    ) -> ProgramChance:
        """The chance at ``program`` whose filters and factors are ``found``, given the outcome ``observed``."""
        factors = found[1]
        eta = combine(factors, relative=self.relative)
        return self._made(program, found, observed, eta, any(f.may_filter for f in factors))

    def chances(
        self, items: Iterable[tuple[Program, tuple[tuple[Filter, ...], tuple[Factor, ...]], Outcome | None]]
    ) -> tuple[ProgramChance, ...]:
        """:meth:`chance` of each ``(program, found, observed)``, equal to it, with the ranges computed together
        (:meth:`fill`)."""
        relative = self.relative
        prepared: list[tuple[Program, tuple[tuple[Filter, ...], tuple[Factor, ...]], Outcome | None, _Eta, bool]] = []
        keys: list[tuple[_Eta, bool, bool]] = []
        for program, found, observed in items:
            factors = found[1]
            eta = combine(factors, relative=relative)
            may_filter = any(f.may_filter for f in factors)
            prepared.append((program, found, observed, eta, may_filter))
            if not found[0] and (observed is None or observed is Outcome.SILENT):
                keys.append((eta, may_filter, observed is Outcome.SILENT))
        self.fill(keys)
        return tuple(self._made(*item) for item in prepared)

    def _made(
        self,
        program: Program,
        found: tuple[tuple[Filter, ...], tuple[Factor, ...]],
        observed: Outcome | None,
        eta: _Eta,
        may_filter: bool,
    ) -> ProgramChance:
        """The rest of :meth:`chance` once ``eta`` and ``may_filter`` are known."""
        filters, factors = found
        if observed is Outcome.INVITED:
            interview = ONE
        elif observed is Outcome.REJECTED or (filters and observed is None):
            interview = ZERO
        elif observed is Outcome.SILENT:
            interview = ZERO if filters else self._interval(eta, may_filter, silent=True)
        else:
            interview = self._interval(eta, may_filter, silent=False)
        kind = (program.specialty, program.track)  # what program_target reads
        target = self._targets.get(kind)
        if target is None:
            target = self._targets[kind] = program_target(program)
        rate = self._match_rates.get(target)
        if rate is None:
            rate = self._match_rates[target] = self.weights.match_rate(target)
        return ProgramChance(program.code, filters, factors, interview, interview.scaled(*rate), target, eta, observed)

    def chance_at(
        self, program: Program, chance: ProgramChance, factors: tuple[Factor, ...], eta: tuple[float, float, float]
    ) -> ProgramChance:
        """``chance`` (no outcome recorded) with ``factors`` whose log-odds are ``eta`` instead of its own."""
        may_filter = any(f.may_filter for f in factors)
        interview = self._interval(eta, may_filter, silent=False)
        target = program_target(program)
        rate = self._match_rates.get(target)
        if rate is None:
            rate = self._match_rates[target] = self.weights.match_rate(target)
        return ProgramChance(program.code, chance.filtered, factors, interview, interview.scaled(*rate), target, eta)

    def _interval(self, eta: tuple[float, float, float], may_filter: bool, *, silent: bool) -> Interval:
        key = (eta, may_filter, silent)
        found = self._interviews.get(key)
        if found is None:
            if silent:
                found = _after_silence(eta, self.belief, self.ends, self.late, may_filter)
            else:
                found = _interview(eta, self.belief, self.ends, may_filter)
            self._interviews[key] = found
        return found

    def fill(self, keys: Iterable[tuple[tuple[float, float, float], bool, bool]]) -> None:
        """Compute the ranges of many ``(eta, may_filter, silent)`` keys at once (what :meth:`_interval` would
        make of each, number for number): the logistic curve over the belief's grid for every distinct middle
        log-odds is one NumPy operation over a table instead of one call per key, and each expectation is the
        same dot product with the belief's mass as :meth:`StrengthBelief.expect` takes, once per distinct middle."""
        known = self._interviews
        missing = [key for key in dict.fromkeys(keys) if key not in known]  # each distinct key once, in order
        if not missing:
            return
        belief, ends, late = self.belief, self.ends, self.late
        rows = {(eta[1], silent): 0 for eta, _, silent in missing}  # the expectation reads only these two
        for row, key in enumerate(rows):
            rows[key] = row
        middles = np.array([middle for middle, _ in rows], dtype=np.float64)
        quiet_rows = np.array([quiet for _, quiet in rows], dtype=bool)
        expected = _expectations(middles, quiet_rows, belief, late)
        for eta, may_filter, silent in missing:
            low_eta, middle, high_eta = eta
            mid = expected[rows[(middle, silent)]]
            if silent:
                low = 0.0 if may_filter else _late(low_eta + ends[0], late)
                high = _late(high_eta + ends[1], late)
            else:
                low = 0.0 if may_filter else _logistic(low_eta + ends[0])
                high = _logistic(high_eta + ends[1])
            self._interviews[(eta, may_filter, silent)] = Interval(min(low, mid), mid, max(high, mid))


_ROWS_AT_ONCE = 32
"""How many curves :func:`_expectations` computes together (32 x 801 grid points: a block that stays in the
processor's cache, instead of one table of every curve going to memory and back at each step)."""


def _expectations(middles: FloatArray, silent: NDArray[np.bool_], belief: StrengthBelief, late: float) -> list[float]:
    """For each middle log-odds ``m``, the expectation under ``belief`` of ``sigmoid(m + grid)`` (of the chance
    of a late invitation from it where ``silent``), number for number what :func:`_interview` and
    :func:`_after_silence` compute: the same operations on each grid point (:func:`sigmoid`'s
    ``exp(-|x|)``, then ``1 / (1 + e)`` or ``e / (1 + e)``, one division of the side's numerator) and the same
    1-D dot product with the belief's mass, a block of rows at a time."""
    grid, mass = belief.grid[np.newaxis, :], belief.mass
    found: list[float] = []
    for start in range(0, len(middles), _ROWS_AT_ONCE):
        x = middles[start : start + _ROWS_AT_ONCE, np.newaxis] + grid
        e = np.exp(-np.abs(x))
        p = np.where(x >= 0, 1.0, e)
        p /= 1.0 + e
        quiet = silent[start : start + _ROWS_AT_ONCE]
        if quiet.any():
            q = p[quiet]
            p[quiet] = q * late / (1.0 - q + q * late)
        found.extend(float(mass @ row) for row in p)
    return found


def estimate_all(
    profile: Profile,
    programs: Iterable[Program],
    weights: Weights,
    *,
    season_year: int,
    signals: Collection[str] | Mapping[str, str | None] = (),
    belief: StrengthBelief | None = None,
    outcomes: Mapping[str, Outcome] | None = None,
    h1b_evidence: Mapping[str, H1bEvidence] | None = None,
    cohort: Mapping[str, CohortTerm] | None = None,
) -> tuple[ProgramChance, ...]:
    """:func:`estimate_program` for every program, in the order given.

    ``outcomes`` maps program codes to the outcome recorded there (use :func:`matchpilot.chances.outlook`
    to also learn from them); ``h1b_evidence`` maps program codes to their DOL LCA evidence; ``cohort`` maps
    program codes to the term the server's cohort fitted (:mod:`matchpilot.chances.cohort`), added to a program
    no filter removes as the factor ``cohort``.
    """
    belief = prior_belief(weights) if belief is None else belief
    assessor = Assessor(profile, weights, season_year=season_year, signals=signals)
    estimator = _Estimator(weights, belief)
    sheet = programs if isinstance(programs, tuple) else list(programs)  # a ProgramRows keeps its columns
    terms = sheet_terms(assessor, sheet, h1b_evidence or {}, cohort or {}, estimator.relative)

    def ranges(
        keys: list[tuple[tuple[float, float, float], bool, bool]],
    ) -> Mapping[tuple[tuple[float, float, float], bool, bool], Interval]:
        estimator.fill(keys)
        return estimator._interviews

    return sheet_chances(terms, sheet, outcomes or {}, ranges, weights.match_rate)


def estimate_signalled(
    pairs: Iterable[tuple[Program, ProgramChance]], weights: Weights, *, belief: StrengthBelief, tier: str | None = None
) -> tuple[ProgramChance, ...]:
    """The chance at each program if it were sent an ERAS signal of ``tier`` (None: the standard signal).

    ``pairs`` are programs with their chances as estimated under ``belief`` (the strength belief after the
    outcomes recorded). The signal's term (:func:`matchpilot.chances.rules.signal_term`) is added to each
    program's factors and the chance recomputed the same way; a filtered program, one already signalled, and
    one whose answer is recorded (a signal cannot change it) keep their chance.
    """
    found = signalled_chances(pairs, weights, belief=belief, tier=tier)
    return tuple(found[index] for index in range(len(found)))


_Tier = TypeVar("_Tier", str, str | None)
_KEY = attrgetter("key")
_MAY_FILTER = attrgetter("may_filter")

_Moved = tuple[str, ProgramChance, tuple[float, float, float], bool, float, tuple[float, float, float]]
"""A program the signal moves: its code, its chance before, its moved log-odds, whether the low end of its range
is 0 (a factor may filter), its middle chance of an interview and the match rate of its kind of position."""


class SignalledChances:
    """What :func:`estimate_signalled` returns, with each program's ``ProgramChance`` made when it is first read
    (then kept, so reading it again gives the same object): the list's optimizer reads only the middle chance of
    a match of each (:meth:`p_match_mid`), and the chances of the few programs a list holds are all it shows. A
    moved program's range is made with its chance, as :meth:`_Estimator.fill` makes it: its middle is known, its
    ends are the logistic curve at its low and high log-odds past the belief's band (``ends``)."""

    __slots__ = ("_ends", "_kept", "_made", "_matches", "_moved", "_term")

    def __init__(
        self,
        kept: list[ProgramChance | None],
        moved: list[_Moved | None],
        term: Factor,
        ends: tuple[float, float],
        matches: list[float] | None = None,
    ) -> None:
        """``kept[i]`` is program ``i``'s chance when the signal does not change it (else None, and ``moved[i]``
        holds its code, its chance before, its moved log-odds, whether a factor may filter, its middle chance of
        an interview and its match rate); ``ends`` the belief's band; ``matches``, when given, each program's
        middle chance of a match (else worked out from those)."""
        self._kept, self._moved, self._term, self._ends = kept, moved, term, ends
        self._made: dict[int, ProgramChance] = {}
        if matches is not None:
            if len(matches) != len(kept):
                raise ValueError(f"{len(matches)} middle chances for {len(kept)} programs")
            self._matches = matches
            return
        self._matches = []
        for same, parts in zip(kept, moved, strict=True):
            if parts is None:
                assert same is not None  # a program is kept or moved
                self._matches.append(same.p_match.mid)
            else:
                self._matches.append(parts[4] * parts[5][1])  # what Interval.scaled makes of the middle

    def __len__(self) -> int:
        return len(self._kept)

    def __getitem__(self, index: int) -> ProgramChance:
        """Program ``index``'s chance with the signal (made on first reading, as ``estimate_signalled`` made it)."""
        same = self._kept[index]
        if same is not None:
            return same
        found = self._made.get(index)
        if found is None:
            parts = self._moved[index]
            assert parts is not None  # a program is kept or moved
            code, before, eta, may_filter, mid, rate = parts
            low_eta, _, high_eta = eta
            low = 0.0 if may_filter else _logistic(low_eta + self._ends[0])
            high = _logistic(high_eta + self._ends[1])
            interview = Interval(min(low, mid), mid, max(high, mid))
            found = self._made[index] = ProgramChance(
                code,
                before.filtered,
                (*before.factors, self._term),
                interview,
                interview.scaled(*rate),
                before.category,
                eta,
            )
        return found

    def p_match_mid(self, index: int) -> float:
        """``self[index].p_match.mid``, without making the chance."""
        return self._matches[index]


def signalled_chances(
    pairs: Iterable[tuple[Program, ProgramChance]], weights: Weights, *, belief: StrengthBelief, tier: str | None = None
) -> SignalledChances:
    """:func:`estimate_signalled`'s chances, each made when first read (:class:`SignalledChances`)."""
    return signalled_tiers(pairs, weights, belief=belief, tiers=(tier,))[tier]


def signalled_tiers(
    pairs: Iterable[tuple[Program, ProgramChance]],
    weights: Weights,
    *,
    belief: StrengthBelief,
    tiers: Iterable[_Tier],
) -> dict[_Tier, SignalledChances]:
    """:func:`signalled_chances` for each of ``tiers`` (the same chances, number for number): which programs a
    signal moves, and their log-odds as arrays, are worked out once for all the tiers."""
    kept: list[ProgramChance | None] = []
    moved: list[tuple[str, ProgramChance, bool]] = []  # code, chance before, whether a factor may filter
    at: list[int] = []  # the position of each moved program among all
    mids: list[float] = []  # each kept program's middle chance of a match (0.0 where moved: set per tier)
    for index, (program, chance) in enumerate(pairs):  # the factors read through C-level maps
        if chance.filtered or chance.observed is not None or "signal" in map(_KEY, chance.factors):
            kept.append(chance)
            mids.append(chance.p_match.mid)
            continue
        kept.append(None)
        mids.append(0.0)
        at.append(index)
        moved.append((program.code, chance, any(map(_MAY_FILTER, chance.factors))))
    logs = np.array([chance.log_odds for _, chance, _ in moved], dtype=np.float64).reshape(-1, 3).T
    shared = _Shared(kept, moved, at, mids, logs, weights)
    return {tier: _signalled(shared, weights, belief, tier) for tier in tiers}


class _Shared:
    """What every tier's :func:`_signalled` reads: the programs kept (``kept[i]``, None where moved) and moved
    (code, chance before, whether a factor may filter), the moved ones' positions (``at``), the kept ones' middle
    chances of a match (``mids``, 0.0 where moved), the moved ones' log-odds (``logs``: rows low, middle, high),
    their chances before and the match rates of their kinds of position."""

    __slots__ = ("at", "befores", "kept", "logs", "mids", "moved", "rates")

    def __init__(
        self,
        kept: list[ProgramChance | None],
        moved: list[tuple[str, ProgramChance, bool]],
        at: list[int],
        mids: list[float],
        logs: FloatArray,
        weights: Weights,
    ) -> None:
        """Hold the parts (see the class docstring); the chances before and the match rate of each moved
        program's kind (``weights.match_rate``, asked once per kind: kinds by identity, enumeration members whose
        hash is Python) are read here once."""
        self.kept, self.moved, self.at, self.mids, self.logs = kept, moved, at, mids, logs
        self.befores: list[ProgramChance] = list(map(_SECOND, moved))
        targets = list(map(_CATEGORY, self.befores))
        kinds = dict(zip(map(id, targets), targets, strict=True))
        rate_of = {key: weights.match_rate(target) for key, target in kinds.items()}
        self.rates: list[tuple[float, float, float]] = list(map(rate_of.__getitem__, map(id, targets)))


_FIRST = itemgetter(0)
_SECOND = itemgetter(1)
_THIRD = itemgetter(2)
_CATEGORY = attrgetter("category")
_MID = attrgetter("mid")


def _signalled(shared: _Shared, weights: Weights, belief: StrengthBelief, tier: str | None) -> SignalledChances:
    """The :class:`SignalledChances` of one tier, from what every tier shares (:class:`_Shared`)."""
    moved = shared.moved
    estimator = _Estimator(weights, belief)
    term = signal_term(weights, tier)
    # A known term moves the middle by its contribution and widens each end by its weight uncertainty, combined
    # with the other terms as :func:`combine` does (so the factors need not be summed again): over the arrays of
    # the moved programs' log-odds, with ``float_power`` (the C library's ``pow``, as Python's ``**`` calls it)
    # and IEEE square roots, so each number is the one Python's ``math`` would give.
    spread = (estimator.relative * abs(term.contribution)) ** 2
    etas: list[_Eta] = []
    filters_too = term.may_filter
    if moved:
        low, mid, high = shared.logs
        middle = mid + term.contribution
        lows = middle - np.sqrt(np.float_power(mid - low, 2.0) + spread)
        highs = middle + np.sqrt(np.float_power(high - mid, 2.0) + spread)
        etas = list(zip(lows.tolist(), middle.tolist(), highs.tolist(), strict=True))
    # The middle chance of an interview of each moved program: the expectation under the belief for each
    # distinct middle log-odds, as _Estimator.fill computes it for these programs' keys (the same rows, in the
    # order they first appear, so the same blocks); the ends of a range are made with its chance, when read.
    middles = [eta[1] for eta in etas]
    rows = dict.fromkeys(middles)
    found = _expectations(
        np.array(list(rows), dtype=np.float64), np.zeros(len(rows), dtype=bool), belief, estimator.late
    )
    expected = dict(zip(rows, found, strict=True))
    mids = list(map(expected.__getitem__, middles))
    target_rates = shared.rates
    flags = [True] * len(moved) if filters_too else list(map(_THIRD, moved))
    parts: list[_Moved | None] = [None] * len(shared.kept)
    made = zip(map(_FIRST, moved), shared.befores, etas, flags, mids, target_rates, strict=True)
    deque(map(parts.__setitem__, shared.at, made), maxlen=0)
    matches = list(shared.mids)
    deque(map(matches.__setitem__, shared.at, map(mul, mids, map(_SECOND, target_rates))), maxlen=0)
    return SignalledChances(shared.kept, parts, term, estimator.ends, matches)
