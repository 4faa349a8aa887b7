"""``make_pick``: choose where to apply from the chances at every program of a sheet (pure: no database, no clock).

It joins the chances model (:mod:`matchpilot.chances`) and the portfolio optimizer
(:mod:`matchpilot.portfolio`):

1. take the chances at every program (the service estimates them, learning from the recorded outcomes);
2. turn each program no hard filter removes into a portfolio candidate: ``p`` is the **middle chance of a
   match** (``p_match.mid``: an interview is worth something only if it can become a match, and the chance of
   matching after an interview differs by kind of position); ``utility`` is **your interest** (1 to 5) where
   the sheet gives it, else a documented default by kind of position (:data:`DEFAULT_UTILITY`) moved by the
   preferences of your profile (:mod:`matchpilot.pick.worth`), each step said in words; ``category``
   is the kind of position (pmr, prelim, transitional, other); with a budget, ``cost`` is the **ERAS fee** of
   that application, from the dated fee schedule the caller passes in (:class:`matchpilot.pick.fees.FeeSchedule`);
3. run the exact optimizer with the limits given (a count, a budget, category bounds);
4. explain: each chosen program with its chance range and top reasons, the expected outcome of the whole
   list, the diminishing-returns curve, and every program left out with why — above all the programs a hard
   filter removes, with the application slots and fees they would have wasted.

ERAS fees are charged per specialty by tier (US$11 for each of programs 1-30, US$30 beyond, in the 2025-26
season). A portfolio's fee therefore depends on how many programs of each specialty it holds, not on which.
The optimizer takes one cost per candidate, so within a specialty the candidates are priced in order of their
expected worth (``p * utility``, best first): the 30 best at the first tier, the rest at the next. The real fee
of any list is never above the sum of these prices, so a chosen list always fits the budget; when a specialty
has more candidates than the first tier holds the answer is marked approximate (it may leave a few dollars
unused). The fee of the chosen list shown is always the real one.
"""

from __future__ import annotations

import functools
import math
from collections import Counter, deque
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from operator import attrgetter
from types import MappingProxyType

import numpy

from matchpilot.chances import ChancesReport, Interval, Outcome, ProgramChance, ProgramEstimate
from matchpilot.domain.issues import Issue, Severity
from matchpilot.domain.portfolio import Candidate, CandidateSignal, CategoryBounds, PortfolioProblem, PortfolioResult
from matchpilot.domain.profile import Profile
from matchpilot.domain.program import Program
from matchpilot.domain.records import records_from_columns
from matchpilot.errors import InputError, InvalidDataError
from matchpilot.pick.curve import DEFAULT_THRESHOLD, applications_curve, check_threshold
from matchpilot.pick.fees import FeeSchedule, fee_group
from matchpilot.pick.limits import CATEGORIES, PickLimits, limits_issues
from matchpilot.pick.plan import plan_signals, runs_exact
from matchpilot.pick.report import (
    CurvePoint,
    LeftOutRows,
    ListOutcome,
    PickedProgram,
    PickReport,
    RecordedOutcome,
    SentSignal,
    SignalPlan,
    UnusedSignal,
    describe_factor,
)
from matchpilot.pick.signals import POOL_NAMES, ProgramSignal, SignalOptions, best_tier_chances
from matchpilot.pick.value import list_value, p_any, worth_if_added
from matchpilot.pick.worth import Worth, program_worth
from matchpilot.portfolio import check_feasible, solve, to_arrays
from matchpilot.portfolio.plain import solve_plain
from matchpilot.portfolio.signals import MAX_NODES

__all__ = ["make_pick"]

_MAX_DP_CELLS = 20_000_000  # keeps a pick interactive; the optimizer itself accepts more

CURVE_REACH = 60
"""The applications curve reaches at least this many applications (when the sheet has as many candidates)."""


def _reasons(chance: ProgramChance, outcome: RecordedOutcome | None, utility_source: str) -> tuple[str, ...]:
    reasons: list[str] = []
    if outcome is not None:
        reasons.append(f"you recorded: {outcome.outcome.value} ({outcome.on.isoformat()})")
    reasons += [describe_factor(f) for f in chance.top_factors(3)]
    reasons.append(utility_source)
    return tuple(reasons)


def _run(problem: PortfolioProblem, max_nodes: int, unsignalled: Sequence[Candidate] | None = None) -> PortfolioResult:
    """Solve ``problem`` exactly; with signals, see :func:`matchpilot.pick.plan.plan_signals` (branch and bound
    stops after ``max_nodes`` relaxations; the alternation's rounds over arrays read once; ``unsignalled``, when
    given, the candidates without their signals)."""
    if not problem.signals:
        return solve(problem)
    return plan_signals(problem, solve, max_nodes=max_nodes, solve_arrays=solve_plain, unsignalled=unsignalled)


def _signal_states(problem: PortfolioProblem) -> int:
    """How many signal states the exact program with signals has (1 without signals)."""
    groups: dict[str, set[str]] = {}
    for candidate in problem.candidates:
        if candidate.signal is not None:
            groups.setdefault(candidate.signal.pool, set()).add(candidate.signal.group)
    return math.prod(
        min(count, len(groups.get(pool, ()))) + 1 for pool, tiers in problem.signals.items() for count in tiers.values()
    )


def _solve(
    problem: PortfolioProblem, max_nodes: int = MAX_NODES, unsignalled: Sequence[Candidate] | None = None
) -> tuple[PortfolioResult, int]:
    """Solve ``problem`` exactly; with a budget whose dynamic program would be too large to stay interactive,
    count money in units of the smallest fee instead (higher fees rounded up, the budget down: the list still
    fits). Returns the result and the unit used (1: whole dollars). InputError when even that is too large.
    ``unsignalled``: the problem's candidates without their signals, when the caller has them (read without a
    budget only: with one, the candidates may be counted in other units).
    """
    if problem.budget is None:
        return _run(problem, max_nodes, unsignalled), 1
    check_feasible(problem, to_arrays(problem))  # says which limit fails, in dollars
    positive = [c.cost for c in problem.candidates if c.cost > 0]
    smallest = min(positive, default=1)
    units = sorted({1, smallest})
    for unit in units:
        scaled = _in_units(problem, unit)
        states = ((scaled.budget or 0) + 1) * _signal_states(problem) * _bound_states(problem)
        if states * max(len(problem.candidates), 1) > _MAX_DP_CELLS:
            continue
        return _run(scaled, max_nodes), unit
    # Too large for the exact program with signals: when it is too large for plan_signals to run it anyway, the
    # alternation answers, whose rounds solve without signals (one budget table each).
    for unit in units if problem.signals else ():
        scaled = _in_units(problem, unit)
        states = ((scaled.budget or 0) + 1) * _bound_states(problem)
        if not runs_exact(scaled) and states * max(len(problem.candidates), 1) <= _MAX_DP_CELLS:
            return _run(scaled, max_nodes), unit
    raise InputError(_too_large(problem))


def _in_units(problem: PortfolioProblem, unit: int) -> PortfolioProblem:
    """``problem`` with money counted in units of ``unit`` dollars (fees rounded up, the budget down)."""
    if unit == 1:
        return problem
    return replace(
        problem,
        candidates=tuple(c.remade(c.p, -(-c.cost // unit), c.category, c.signal) for c in problem.candidates),
        budget=(problem.budget or 0) // unit,
    )


def _bound_states(problem: PortfolioProblem) -> int:
    """How many states the category bounds and the count limit add to the exact program's tables."""
    states = 1
    for bounds in problem.categories.values():
        if bounds.min or bounds.max is not None:
            states *= (bounds.max if bounds.max is not None else max(bounds.min, 1)) + 1
    if problem.max_applications is not None:
        states *= problem.max_applications + 1
    return states


def _too_large(problem: PortfolioProblem) -> str:
    """Why a budget problem is too large to solve exactly, and what the user can leave out: only limits they gave."""
    ways = []
    if problem.max_applications is not None:
        ways.append(
            "your budget already limits the number of applications, so leave out the largest number of applications"
        )
    if any(bounds.min or bounds.max is not None for bounds in problem.categories.values()):
        ways.append("leave out the bounds on kinds of position")
    if problem.max_applications is None:
        ways.append("give a largest number of applications instead of a budget")
    return (
        f"these limits together are too many to solve exactly in reasonable time for {len(problem.candidates):,} "
        f"programs to choose from: {', or '.join(ways)}"
    )


def make_pick(
    report: ChancesReport,
    limits: PickLimits,
    fees: FeeSchedule,
    outcomes: Iterable[RecordedOutcome] = (),
    signals: SignalOptions | None = None,
    threshold: float = DEFAULT_THRESHOLD,
    profile: Profile | None = None,
) -> PickReport:
    """Choose the list from the chances in ``report`` (already learned from ``outcomes``) within ``limits``.

    ``profile`` gives the preferences (Census divisions, states, program types, fellowships) that move the
    worth of a program whose interest the sheet does not give (:func:`matchpilot.pick.worth.program_worth`);
    without it a program's worth is its interest or the default of its kind of position.

    Pure: no database, no clock. Steps: check the limits (InvalidDataError naming each bad one); make a
    candidate of each program no filter removes and with a chance above 0 (see the module docstring for ``p``,
    ``utility`` and ``cost``); solve exactly (InvalidDataError says which limit cannot be met); explain every
    chosen and every left-out program; compute the curves and the expected outcome.

    With ``signals`` (the season's ERAS signals and what each would do, :mod:`matchpilot.pick.signals`) the
    applications and the signals are chosen together (``spec/portfolio.md``, "Signals"): the signals fixed by
    hand are sent, their programs put on the list, and the optimizer places the rest; ``signals`` of the
    report then says where each goes, what it adds, which are left unused and why, and what the hand choices
    cost against the best choice.

    ``threshold`` (percentage points) marks on the report's ``applications_curve`` the number of applications
    from which one more adds less than it to the chance of at least one match (InputError when not above 0).
    """
    check_threshold(threshold)
    problems = limits_issues(limits)
    if problems:
        raise InvalidDataError("the limits cannot be used", problems)
    recorded = {o.code: o for o in outcomes}
    count_limit = limits.count_limit
    entries: dict[str, tuple[ProgramEstimate, float, Worth]] = {}
    set_aside: list[tuple[str, ProgramEstimate]] = []  # excluded, rejected, no chance: their kind and estimate
    filtered: list[ProgramEstimate] = []  # their rows are kept once their fees are known (below)
    _check_pins(report, limits, signals)
    worth_of = _worth_keeper(profile)
    excluded = limits.excluded
    budget = limits.budget
    rejected = Outcome.REJECTED
    # Without a budget every cost is 1: the candidates' columns are gathered in this pass and the candidates made
    # from them a field at a time after it (no dataclass __init__ per candidate).
    plain_ids: list[str] = []
    plain_ps: list[float] = []
    plain_worths: list[float] = []
    plain_categories: list[str] = []
    group_of: dict[str, str] = {}  # each program's ERAS specialty (fee_group), worked out once per specialty
    specialty_groups: dict[str, str] = {}
    for estimate in report.estimates:
        chance, program = estimate.chance, estimate.program
        code = program.code
        group = specialty_groups.get(program.specialty)
        if group is None:
            group = specialty_groups[program.specialty] = fee_group(program)
        group_of[code] = group
        if code in excluded:
            set_aside.append(("excluded", estimate))
            continue
        if chance.filtered:  # a hard filter removes it (chance.is_filtered)
            filtered.append(estimate)
            continue
        if chance.observed is rejected:
            set_aside.append(("rejected", estimate))
            continue
        p = chance.p_match.mid
        if p <= 0.0:
            set_aside.append(("no-chance", estimate))
            continue
        category: str = chance.category._value_  # .value: the same text, through a Python-level property
        worth = worth_of(program, category)
        value = worth.value
        entries[code] = (estimate, value, worth)
        if budget is None:
            plain_ids.append(code)
            plain_ps.append(p)
            plain_worths.append(value)
            plain_categories.append(category)

    price = functools.cache(fees.price)  # the fee of the n-th application, asked for thousands of times
    tiers_bind = False
    if budget is None:
        size = len(plain_ids)
        ones, nones = [1] * size, [None] * size
        columns: list[Sequence[object]] = [plain_ids, plain_ps, plain_worths, ones, plain_categories, nones]
        candidates = records_from_columns(Candidate, columns)
    else:
        # ERAS fees: within each specialty, price candidates by tier in order of expected worth (best first).
        fee_of: dict[str, int] = {}
        groups: dict[str, list[str]] = {}
        for code in entries:
            groups.setdefault(group_of[code], []).append(code)
        first_tier = fees.tiers[0].last
        one_tier = first_tier is None or (count_limit is not None and count_limit <= first_tier)
        for codes in groups.values():
            codes.sort(key=lambda c: (-entries[c][0].chance.p_match.mid * entries[c][1], c))
            for position, code in enumerate(codes, 1):
                fee_of[code] = price(1 if one_tier else position)  # a count within the first tier: one price
            tiers_bind = tiers_bind or len({fee_of[c] for c in codes}) > 1
        candidates = tuple(
            Candidate(code, estimate.chance.p_match.mid, utility, fee_of[code], estimate.chance.category.value)
            for code, (estimate, utility, _) in entries.items()
        )
    bounds = limits.bounds()
    pinned = limits.pinned - set(signals.fixed if signals is not None else ())  # signalled by hand: forced anyway
    if pinned:
        candidates, bounds = _force_pins(candidates, bounds, pinned, entries, limits, fees)
    for name, bound in bounds.items():
        if name == PINNED:
            continue
        have = sum(1 for c in candidates if c.category == name)
        if bound.min > have:
            raise InvalidDataError(
                f"the limits cannot all be met: at least {bound.min} {name} programs were asked for, but only "
                f"{have} of your programs of that kind have a chance",
                [Issue("infeasible", Severity.ERROR, f"lower the minimum to {have} or less", f"min.{name}")],
            )
    problem = PortfolioProblem(candidates, max_applications=count_limit, budget=limits.budget, categories=bounds)
    setup = None if signals is None else _signal_problem(problem, entries, signals, limits)
    if setup is None:
        result, unit = _solve(problem)
    else:
        # Without signals fixed by hand the signal problem is ``problem`` with a signal added to some candidates:
        # its candidates without their signals are ``problem``'s own.
        plain = problem.candidates if setup.free is None else None
        result, unit = _solve(setup.problem, signals.max_nodes if signals is not None else MAX_NODES, plain)
    signalled_chances: dict[str, ProgramChance] = {}  # a signal's chance, where one was sent
    if setup is not None:
        signalled_chances.update(setup.fixed_chances)
        for signal_group, tier in result.signalled.items():
            for code in setup.members.get(signal_group, ()):
                signalled_chances[code] = setup.options.programs[code].chances[tier]

    def chance_of(code: str) -> ProgramChance:
        found = signalled_chances.get(code)
        return entries[code][0].chance if found is None else found

    notes: list[str] = []
    exact = result.optimal
    if limits.budget is not None and tiers_bind:
        exact = False
        notes.append(
            "Some specialty has more candidates than the first fee tier: fees were set per program in order of "
            "expected worth, so the list fits the budget but may leave a few dollars unused."
        )
    if unit > 1:
        exact = False
        notes.append(
            f"To stay fast, fees were counted in units of US${unit} (higher fees rounded up): the list fits the "
            "budget but may leave a few dollars unused."
        )
    if fees.note:
        notes.append(f"ERAS fees {fees.note}.")

    chosen_codes = list(result.chosen)
    chosen_pairs = [(entries[code][1], chance_of(code).p_match.mid) for code in chosen_codes]  # worth, chance
    total_value = list_value(chosen_pairs)
    chosen_groups: Counter[str] = Counter()
    picked: list[PickedProgram] = []
    for rank, code in enumerate(chosen_codes, 1):
        estimate, utility, worth = entries[code]
        source = worth.explanation
        group = group_of[code]
        chosen_groups[group] += 1
        without = [pair for c, pair in zip(chosen_codes, chosen_pairs, strict=True) if c != code]
        outcome = recorded.get(code)
        chance = chance_of(code)
        reasons = _reasons(chance, outcome, source)
        if code in limits.pinned:
            reasons = ("you pinned it: it stays on your list", *reasons)
        if signals is not None:
            reasons += _signal_reasons(estimate.chance, chance, signals, code)
        picked.append(
            PickedProgram(
                rank,
                estimate.program,
                chance,
                utility,
                source,
                price(chosen_groups[group]),
                total_value - list_value(without),
                outcome,
                reasons,
            )
        )

    # Why the rest were left out: kept as columns, each row's words written only when it is read (LeftOutRows).
    in_category = Counter(entries[c][0].chance.category.value for c in chosen_codes)
    smallest = min((p.gain for p in picked), default=0.0)
    fee_total = sum(fees.total(n) for n in chosen_groups.values())
    left_out = _left_out_rows(
        entries,
        set(chosen_codes),
        chosen_pairs,
        filtered,
        set_aside,
        _LeftOutWords(limits, fee_total, smallest, count_limit is not None and len(chosen_codes) >= count_limit),
        _LeftOutFees(group_of, chosen_groups, price),
        recorded,
        in_category,
    )

    chosen_chances = [p.chance for p in picked]
    expected = ListOutcome(
        applications=len(picked),
        value=total_value,
        p_any=Interval(
            p_any(c.p_match.low for c in chosen_chances),
            p_any(c.p_match.mid for c in chosen_chances),
            p_any(c.p_match.high for c in chosen_chances),
        ),
        interviews=Interval(
            math.fsum(c.p_interview.low for c in chosen_chances),
            math.fsum(c.p_interview.mid for c in chosen_chances),
            math.fsum(c.p_interview.high for c in chosen_chances),
        ),
        fee=fee_total,
        by_category=MappingProxyType({name: in_category[name] for name in CATEGORIES if in_category[name]}),
    )
    outlook = report.change.summary if report.change is not None else ""
    plan = None
    if signals is not None:
        plan = _signal_plan(signals, setup, result, picked, entries, unit)
        if not plan.optimal:
            exact = False
            notes.append(
                "The list and its signals are the best found, not proven best in the time allowed: no choice of "
                "programs and signals does better than the bound shown with the signals."
            )
    count_curve, order = _count_curve(candidates, max(len(picked), count_limit or 0))
    signalled = {} if setup is None else {c.id: c for c in (setup.free or setup.problem).candidates}
    curve = (
        applications_curve(
            [signalled.get(c.id, c) for c in order],
            group_of,
            fees,
            chosen=len(picked),
            threshold=threshold,
            signals=None if signals is None else signals.season.pools,
        )
        if order
        else None
    )
    return PickReport(
        limits=limits,
        count_limit=count_limit,
        chosen=tuple(picked),
        left_out=left_out,
        expected=expected,
        count_curve=count_curve,
        money_curve=_money_curve(problem, fees) if limits.budget is not None else (),
        method=result.method + (f" (US${unit} units)" if unit > 1 else ""),
        exact=exact,
        season_year=report.season_year,
        weights_source=report.weights_source,
        fees=fees,
        outlook=outlook,
        notes=tuple(notes),
        issues=report.issues,
        signals=plan,
        applications_curve=curve,
    )


@dataclass(frozen=True, slots=True)
class _LeftOutFees:
    """What applying to a program left out would cost: the next ERAS fee of its specialty past the list's own."""

    group_of: Mapping[str, str]
    chosen_groups: Mapping[str, int]
    price: Callable[[int], int]


@dataclass(frozen=True, slots=True)
class _LeftOutWords:
    """Why a program was left out, in words (:data:`matchpilot.pick.report.Words`), from the list's limits,
    its ERAS fee (``fee_total``), the least any chosen program adds (``smallest``) and whether the count limit is
    reached (``full``)."""

    limits: PickLimits
    fee_total: int
    smallest: float
    full: bool

    def __call__(
        self, kind: str, chance: ProgramChance, gain: float, fee: int, outcome: RecordedOutcome | None
    ) -> tuple[str, str]:
        """The row's reason and remedy."""
        if kind == "worth-less":
            if self.full:
                return (
                    f"would add {gain:.3f} to the expected outcome; each program chosen adds at least "
                    f"{self.smallest:.3f}",
                    "",
                )
            return f"would add only {gain:.3f} to the expected outcome", ""
        if kind == "filtered":
            return "; ".join(f.reason for f in chance.filtered), "; ".join(f.remedy for f in chance.filtered)
        if kind == "budget":
            budget = self.limits.budget or 0
            return f"its fee (US${fee}) is more than the US${max(budget - self.fee_total, 0)} left of your budget", ""
        if kind == "category-full":
            category = chance.category.value
            cap = self.limits.maximums[category]
            return f"the list already has {cap} {category} programs, the most you allowed", ""
        if kind == "excluded":
            return "you chose never to apply here", ""
        if kind == "rejected":
            day = f" on {outcome.on.isoformat()}" if outcome is not None else ""
            return f"you recorded a rejection{day}", ""
        return "the model gives no chance of a match here", ""


def _left_out_rows(
    entries: dict[str, tuple[ProgramEstimate, float, Worth]],
    chosen: set[str],
    chosen_pairs: list[tuple[float, float]],
    filtered: list[ProgramEstimate],
    set_aside: list[tuple[str, ProgramEstimate]],
    words: _LeftOutWords,
    costs: _LeftOutFees,
    recorded: Mapping[str, RecordedOutcome],
    in_category: Counter[str],
) -> LeftOutRows:
    """Every program not on the list, as columns: the filtered ones first (by code; the n-th of a specialty in
    the report's order pays its n-th fee past the list's), then those excluded, rejected or without a chance (by
    kind, then code), then the candidates not chosen, what each would add first (then by code)."""
    limits = words.limits
    price, group_of, chosen_groups = costs.price, costs.group_of, costs.chosen_groups
    ordered = sorted(chosen_pairs, key=lambda item: -item[0])
    caps = limits.maximums
    budget = limits.budget
    rest = [entry for code, entry in entries.items() if code not in chosen]
    count = len(rest)
    codes = [estimate.program.code for estimate, _, _ in rest]
    # What each would add (gain_if_added): its chance times what its worth adds to the list, worked out once
    # per distinct worth; the same products as one program at a time, element by element.
    chances = numpy.array([estimate.chance.p_match.mid for estimate, _, _ in rest], dtype=numpy.float64)
    worths = numpy.array([utility for _, utility, _ in rest], dtype=numpy.float64)
    distinct, which = numpy.unique(worths, return_inverse=True)
    added = numpy.array([worth_if_added(worth, ordered) for worth in distinct.tolist()], dtype=numpy.float64)
    gains = chances * added[which.reshape(-1)]
    next_fee = {group: price(chosen_groups[group] + 1) for group in {group_of[code] for code in codes}}
    rest_fees = [next_fee[group_of[code]] for code in codes]
    rest_kinds = ["worth-less"] * count
    if caps:
        for index, (estimate, _, _) in enumerate(rest):
            category = estimate.chance.category.value
            cap = caps.get(category)
            if cap is not None and in_category[category] >= cap:
                rest_kinds[index] = "category-full"
    if budget is not None:
        over = numpy.flatnonzero(words.fee_total + numpy.array(rest_fees, dtype=numpy.int64) > budget).tolist()
        for index in over:
            if rest_kinds[index] == "worth-less":
                rest_kinds[index] = "budget"
    # What each would add first, then by code: the order of sorting the rows by (-gain, code).
    order = numpy.lexsort((numpy.array(codes), -gains)).tolist() if count else []
    rest_gains = gains.tolist()
    wasted_groups: Counter[str] = Counter()
    filtered_fees: dict[str, int] = {}
    for estimate in filtered:  # in the report's order: the n-th of a specialty pays its n-th fee
        group = group_of[estimate.program.code]
        wasted_groups[group] += 1
        filtered_fees[estimate.program.code] = price(chosen_groups[group] + wasted_groups[group])
    first = sorted(filtered, key=_PROGRAM_CODE)
    aside = sorted(set_aside, key=lambda item: (item[0], item[1].program.code))
    estimates = [*first, *(e for _, e in aside), *(rest[i][0] for i in order)]
    outcomes: dict[int, RecordedOutcome] = {}
    for row, (kind, estimate) in enumerate([*(("filtered", e) for e in first), *aside] if recorded else ()):
        outcome = recorded.get(estimate.program.code)
        if outcome is not None and kind != "no-chance":  # a row without a chance does not show its outcome
            outcomes[row] = outcome
    return LeftOutRows(
        list(map(_ESTIMATE_PROGRAM, estimates)),
        list(map(_ESTIMATE_CHANCE, estimates)),
        ["filtered"] * len(first) + [kind for kind, _ in aside] + [rest_kinds[i] for i in order],
        [0.0] * (len(first) + len(aside)) + [rest_gains[i] for i in order],
        [filtered_fees[e.program.code] for e in first] + [0] * len(aside) + [rest_fees[i] for i in order],
        outcomes,
        words,
    )


_PROGRAM_CODE = attrgetter("program.code")
_ESTIMATE_PROGRAM = attrgetter("program")
_ESTIMATE_CHANCE = attrgetter("chance")

PINNED = "pinned by you"
"""The category that holds the programs you pinned (all of them are on the list)."""


def _check_pins(report: ChancesReport, limits: PickLimits, signals: SignalOptions | None) -> None:
    """InvalidDataError naming each pin or exclusion that cannot be used: a code not in the sheet, a pinned
    program a hard filter removes, that rejected you or that has no chance, more pins than applications."""
    if not (limits.pinned or limits.excluded or (signals is not None and signals.fixed)):
        return  # nothing pinned, excluded or signalled by hand: nothing to check
    known = {e.program.code: e for e in report.estimates}
    issues: list[Issue] = []
    for code in sorted(limits.pinned | limits.excluded):
        if code not in known:
            kind = "pin" if code in limits.pinned else "exclude"
            issues.append(Issue("not-found", Severity.ERROR, f"no program with code {code!r} in your sheet", kind))
    for code in sorted(limits.pinned & set(known)):
        chance = known[code].chance
        if chance.is_filtered:
            reason = "; ".join(f.reason for f in chance.filtered)
            issues.append(
                Issue(
                    "infeasible", Severity.ERROR, f"{code} cannot be pinned: a hard filter removes it ({reason})", "pin"
                )
            )
        elif chance.observed is Outcome.REJECTED:
            issues.append(Issue("infeasible", Severity.ERROR, f"{code} cannot be pinned: it rejected you", "pin"))
        elif chance.p_match.mid <= 0.0:
            issues.append(
                Issue("infeasible", Severity.ERROR, f"{code} cannot be pinned: it gives you no chance", "pin")
            )
    for code in sorted(limits.excluded & set(signals.fixed if signals is not None else ())):
        issues.append(Issue("inconsistent", Severity.ERROR, f"{code} is excluded but you signal it", "exclude"))
    count_limit = limits.count_limit
    forced = len(limits.pinned | set(signals.fixed if signals is not None else ()))
    if count_limit is not None and forced > count_limit:
        issues.append(
            Issue(
                "infeasible",
                Severity.ERROR,
                f"you pinned {forced} programs, more than the {count_limit} applications of your list: raise the "
                f"number to {forced} or unpin some",
                "max",
            )
        )
    if issues:
        raise InvalidDataError("your pinned and excluded programs cannot be used with these limits", issues)


def _force_pins(
    candidates: tuple[Candidate, ...],
    bounds: dict[str, CategoryBounds],
    pinned: frozenset[str],
    entries: dict[str, tuple[ProgramEstimate, float, Worth]],
    limits: PickLimits,
    fees: FeeSchedule,
) -> tuple[tuple[Candidate, ...], dict[str, CategoryBounds]]:
    """Put the pinned candidates in a category of their own that must be taken whole, and take them out of the
    bounds of their kind (InvalidDataError when they alone break a maximum or the budget)."""
    kinds = Counter(entries[code][0].chance.category.value for code in pinned)
    issues: list[Issue] = []
    changed = dict(bounds)
    for name, count in kinds.items():
        bound = bounds.get(name)
        if bound is None:
            continue
        if bound.max is not None and count > bound.max:
            issues.append(
                Issue(
                    "infeasible",
                    Severity.ERROR,
                    f"you pinned {count} {name} programs, but allowed at most {bound.max}: raise it to {count}",
                    f"max-in.{name}",
                )
            )
            continue
        changed[name] = CategoryBounds(max(bound.min - count, 0), None if bound.max is None else bound.max - count)
    if limits.budget is not None:
        per_group = Counter(fee_group(entries[code][0].program) for code in pinned)
        fee = sum(fees.total(n) for n in per_group.values())
        if fee > limits.budget:
            issues.append(
                Issue(
                    "infeasible",
                    Severity.ERROR,
                    f"the ERAS fees of your {len(pinned)} pinned programs (US${fee}) are more than your budget "
                    f"(US${limits.budget})",
                    "budget",
                )
            )
    if issues:
        raise InvalidDataError("your pinned programs do not fit your limits", issues)
    changed[PINNED] = CategoryBounds(len(pinned), len(pinned))
    moved = tuple(c.remade(c.p, c.cost, PINNED, c.signal) if c.id in pinned else c for c in candidates)
    return moved, changed


def _worth_keeper(profile: Profile | None) -> Callable[[Program, str], Worth]:
    """:func:`program_worth` for ``profile``, made once per combination of the facts it reads: the interest when
    the sheet gives one, else the kind of position and those of the state, setting, program type and
    fellowships that a preference of ``profile`` asks about (a fact no preference reads moves nothing, so
    programs that differ only in it share one worth)."""
    kept: dict[tuple[object, ...], Worth] = {}
    places = profile is not None and bool(
        profile.preferred_states or profile.preferred_divisions or profile.avoid_states
    )
    setting = profile is not None and profile.preferred_setting is not None
    types = profile is not None and bool(profile.preferred_program_types)
    fellowships = profile is not None and bool(profile.wanted_fellowships)

    def worth(program: Program, category: str) -> Worth:
        interest = program.interest
        if interest is not None:  # the interest alone (its type too: 4 and 4.0 are written apart)
            key: tuple[object, ...] = (type(interest), interest)
        else:
            key = (
                category,
                program.state if places else None,
                program.setting if setting else None,
                program.program_type if types else None,
                program.fellowships if fellowships else None,
            )
        found = kept.get(key)
        if found is None:
            found = kept[key] = program_worth(program, category, profile)
        return found

    return worth


def _count_curve(candidates: Sequence[Candidate], reach: int) -> tuple[tuple[CurvePoint, ...], tuple[Candidate, ...]]:
    """The best value for 1..K applications with a count limit alone (K: twice ``reach``, at least 20), and
    the nested best lists (the best list of ``h`` is the first ``h`` candidates) up to at least
    :data:`CURVE_REACH` applications, so the applications curve passes the first ERAS fee step."""
    if not candidates:
        return (), ()
    steps = min(len(candidates), max(2 * reach, 20))
    # A problem with a count alone reads no cost and no category: candidates that all cost 1 (no budget) are
    # taken as they are, not remade.
    plain = (
        tuple(candidates)  # the same tuple when it is one
        if all(c.cost == 1 for c in candidates)
        else tuple(c.remade(c.p, 1, None, c.signal) for c in candidates)
    )
    result = solve(PortfolioProblem(plain, max_applications=max(steps, min(len(candidates), CURVE_REACH))))
    by_id = {c.id: c for c in plain}
    order = tuple(by_id[code] for code in result.chosen)
    chances = [c.p for c in order]
    values = (result.curve or ())[:steps]
    return tuple(CurvePoint(h, value, p_any(chances[:h])) for h, value in enumerate(values, 1)), order


def _money_curve(problem: PortfolioProblem, fees: FeeSchedule) -> tuple[CurvePoint, ...]:
    """The best value for budgets from a tenth of the budget to twice it (and the budget itself); budgets
    where the limits cannot be met are left out."""
    budget = problem.budget or 0
    if budget <= 0 or not problem.candidates:
        return ()
    top = 2 * budget
    steps = sorted({max(1, round(top * i / 16)) for i in range(1, 17)} | {budget})
    by_id = {c.id: c for c in problem.candidates}
    points: list[CurvePoint] = []
    for amount in steps:
        try:
            result, _ = _solve(replace(problem, budget=amount))
        except InputError:  # limits that cannot be met at this budget, or too large to solve quickly
            continue
        points.append(CurvePoint(amount, result.value, p_any(by_id[code].p for code in result.chosen)))
    return tuple(points)


_ID = attrgetter("id")
_P = attrgetter("p")
_UTILITY = attrgetter("utility")
_COST = attrgetter("cost")
_CATEGORY = attrgetter("category")
_POOL = attrgetter("pool")
_GROUP = attrgetter("group")

FIXED = "signalled by hand"
"""The category that holds the programs you fixed a signal to (all of them are on the list)."""


@dataclass(frozen=True, slots=True)
class _Setup:
    """The portfolio problem with signals: ``problem`` with the hand choices (their programs forced onto the
    list, their groups at the signalled chance), ``free`` the same problem without them (None when none),
    ``members`` the candidates of each signal group, ``fixed_chances`` the chances of the fixed groups'
    candidates, ``fixed_groups`` group -> tier."""

    problem: PortfolioProblem
    free: PortfolioProblem | None
    options: SignalOptions
    members: dict[str, list[str]]
    fixed_chances: dict[str, ProgramChance]
    fixed_groups: dict[str, str]


def _signal_problem(
    problem: PortfolioProblem,
    entries: dict[str, tuple[ProgramEstimate, float, Worth]],
    options: SignalOptions,
    limits: PickLimits,
) -> _Setup:
    programs = options.programs
    members: dict[str, list[str]] = {}
    found_of = list(map(programs.get, map(_ID, problem.candidates)))  # each candidate's ProgramSignal, or None
    for candidate, found in zip(problem.candidates, found_of, strict=True):
        if found is not None:
            members.setdefault(found.group, []).append(candidate.id)
    fixed_groups = {programs[code].group: tier for code, tier in options.fixed.items()}
    fixed_chances = {
        code: programs[code].chances[tier] for group, tier in fixed_groups.items() for code in members.get(group, ())
    }

    def build(with_fixed: bool) -> PortfolioProblem:
        counts = {pool: dict(tiers) for pool, tiers in options.season.pools.items()}
        if with_fixed:
            for code, tier in options.fixed.items():
                counts[programs[code].pool][tier] -= 1
        candidates: list[Candidate] = []
        signalled: list[int] = []  # the positions of the candidates that take a signal of their own
        for position, (candidate, found) in enumerate(zip(problem.candidates, found_of, strict=True)):
            if found is None:
                candidates.append(candidate)
            elif with_fixed and found.group in fixed_groups:
                changed = candidate.remade(
                    fixed_chances[candidate.id].p_match.mid, candidate.cost, candidate.category, candidate.signal
                )
                candidates.append(
                    changed.remade(changed.p, changed.cost, FIXED, changed.signal)
                    if candidate.id in options.fixed
                    else changed
                )
            else:  # made below, all at once
                candidates.append(candidate)
                signalled.append(position)
        # Each such candidate remade with its signal: its chance with each tier, at least its own (what
        # ``{tier: max(found.p_match_mid(tier), candidate.p) for tier in found.chances}`` gives), read per tier over
        # all of them; the signals and candidates made a field at a time.
        old = list(map(candidates.__getitem__, signalled))
        found_signals: list[ProgramSignal] = list(map(found_of.__getitem__, signalled))  # type: ignore[arg-type]
        chances = best_tier_chances(found_signals, list(map(_P, old)))
        made = CandidateSignal.owning_many(list(map(_POOL, found_signals)), list(map(_GROUP, found_signals)), chances)
        columns = [list(map(getter, old)) for getter in (_ID, _P, _UTILITY, _COST, _CATEGORY)]
        remade = records_from_columns(Candidate, [*columns, made])
        deque(map(candidates.__setitem__, signalled, remade), maxlen=0)
        bounds = dict(problem.categories)
        if with_fixed and options.fixed:
            forced = Counter(entries[code][0].chance.category.value for code in options.fixed)
            for name, count in forced.items():
                bound = bounds.get(name)
                if bound is None:
                    continue
                if bound.max is not None and count > bound.max:
                    raise InvalidDataError(
                        f"you fixed signals to {count} {name} programs, but allowed at most {bound.max} of them",
                        [
                            Issue(
                                "infeasible", Severity.ERROR, f"raise the maximum to {count} or more", f"max-in.{name}"
                            )
                        ],
                    )
                bounds[name] = CategoryBounds(
                    max(bound.min - count, 0), None if bound.max is None else bound.max - count
                )
            bounds[FIXED] = CategoryBounds(len(options.fixed), len(options.fixed))
            count_limit = limits.count_limit
            if count_limit is not None and len(options.fixed) > count_limit:
                raise InvalidDataError(
                    f"you fixed signals to {len(options.fixed)} programs, more than the {count_limit} applications "
                    "of your list",
                    [Issue("infeasible", Severity.ERROR, f"raise it to {len(options.fixed)} or more", "max")],
                )
        return replace(problem, candidates=tuple(candidates), categories=bounds, signals=counts)

    free = build(False) if options.fixed else None
    return _Setup(build(True), free, options, members, fixed_chances, fixed_groups)


def _percent(value: float) -> str:
    return f"{round(100 * value)}%"


def _signal_reasons(base: ProgramChance, chance: ProgramChance, options: SignalOptions, code: str) -> tuple[str, ...]:
    """What a signal does (or would do) at ``code``: the chance of an interview without and with it."""
    found = options.programs.get(code)
    if found is None or base.observed is not None:
        return ()
    before = _percent(base.p_interview.mid)
    for tier, signalled in found.chances.items():
        if signalled is chance and chance is not base:
            return (
                f"{tier} signal sent: raises your chance of an interview from {before} to "
                f"{_percent(chance.p_interview.mid)}",
            )
    counts = options.season.pools.get(found.pool, {})
    would = [
        f"a {tier} signal would raise your chance of an interview from {before} to {_percent(c.p_interview.mid)}"
        for tier, c in found.chances.items()
        if counts.get(tier, 0) > 0
    ]
    return ("; ".join(would),) if would else ()


def _effective_p(problem: PortfolioProblem, result: PortfolioResult) -> dict[str, float]:
    """Each candidate's chance in ``result``: its signalled chance when its group got a signal."""
    found: dict[str, float] = {}
    for candidate in problem.candidates:
        p = candidate.p
        signal = candidate.signal
        if signal is not None and signal.group in result.signalled:
            p = max(p, signal.p.get(result.signalled[signal.group], p))
        found[candidate.id] = p
    return found


def _signal_plan(
    options: SignalOptions,
    setup: _Setup | None,
    result: PortfolioResult,
    picked: list[PickedProgram],
    entries: dict[str, tuple[ProgramEstimate, float, Worth]],
    unit: int,
) -> SignalPlan:
    """Where the signals go, what each adds, which are unused and why, and what hand choices cost."""
    assert setup is not None  # made whenever signals are given
    season = options.season
    chosen = [p.program.code for p in picked]
    worth = {p.program.code: p.utility for p in picked}
    now = {p.program.code: p.chance for p in picked}
    base = {code: entries[code][0].chance for code in chosen}
    p_now = p_any(now[c].p_match.mid for c in chosen)
    value_now = list_value([(worth[c], now[c].p_match.mid) for c in chosen])
    sent: list[SentSignal] = []
    groups = {**setup.fixed_groups, **result.signalled}
    used: Counter[tuple[str, str]] = Counter()
    for group, tier in groups.items():
        codes = [c for c in chosen if c in setup.members.get(group, ())]
        if not codes:
            continue
        pool = options.programs[codes[0]].pool
        used[(pool, tier)] += 1
        without = {c: (base[c] if c in codes else now[c]) for c in chosen}
        sent.append(
            SentSignal(
                pool,
                tier,
                group,
                tuple((next(p.program for p in picked if p.program.code == c), base[c], now[c]) for c in codes),
                p_now - p_any(without[c].p_match.mid for c in chosen),
                value_now - list_value([(worth[c], without[c].p_match.mid) for c in chosen]),
                fixed=group in setup.fixed_groups,
            )
        )
    sent.sort(key=lambda s: (-s.gain_p_any, -s.gain_value, s.group))
    unused: list[UnusedSignal] = []
    for pool, tiers in season.pools.items():
        name = POOL_NAMES.get(pool, pool)
        on_list = {
            options.programs[c].group for c in chosen if c in options.programs and options.programs[c].pool == pool
        }
        open_groups = on_list - set(groups)
        for tier, count in tiers.items():
            left = count - used[(pool, tier)]
            if left <= 0:
                continue
            if not on_list:
                reason = f"your list has no {name} program"
            elif not open_groups:
                reason = (
                    f"every {name} institution on your list already has a signal ({len(on_list)}); "
                    "a signal goes only to a program you apply to"
                )
            else:
                reason = "a signal to the other programs on your list would add nothing to its worth"
            unused.append(UnusedSignal(pool, tier, left, reason))
    best_value = best_p_any = None
    if setup.free is not None:
        best, _ = _solve(setup.free, options.max_nodes)
        best_value = best.value
        effective = _effective_p(setup.free, best)
        best_p_any = p_any(effective[c] for c in best.chosen)
    return SignalPlan(
        season=season,
        sent=tuple(sent),
        unused=tuple(unused),
        optimal=result.optimal,
        bound=result.bound,
        method=result.method + (f" (US${unit} units)" if unit > 1 else ""),
        evidence=options.evidence,
        fixed=options.fixed,
        best_value=best_value,
        best_p_any=best_p_any,
    )
