"""Outcomes and "pick": record what programs answered, and choose where to apply from the stored workspace.

``pick`` joins the chances model (:mod:`matchpilot.chances`) and the portfolio optimizer
(:mod:`matchpilot.portfolio`):

1. estimate every program of the stored sheet for the stored profile, learning from the stored outcomes;
2. turn each program no hard filter removes into a portfolio candidate: ``p`` is the **middle chance of a
   match** (``p_match.mid``: an interview is worth something only if it can become a match, and the chance of
   matching after an interview differs by kind of position); ``utility`` is **your interest** (1 to 5) where
   the sheet gives it, else a documented default by kind of position (:data:`DEFAULT_UTILITY`); ``category``
   is the kind of position (pmr, prelim, transitional, other); with a budget, ``cost`` is the **ERAS fee** of
   that application, read as dated data from ``matchpilot/data/rules.toml`` (``eras_fees``);
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

import io
import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from types import MappingProxyType
from typing import Any

from matchpilot.chances import Factor, Interval, Outcome, ProgramChance, is_pmr_specialty, parse_outcome
from matchpilot.domain.issues import Issue, Severity
from matchpilot.domain.portfolio import Candidate, CategoryBounds, PortfolioProblem, PortfolioResult
from matchpilot.domain.profile import Target
from matchpilot.domain.program import Program
from matchpilot.domain.rules import FeeTier, eras_fee_total, in_force
from matchpilot.errors import InputError, InvalidDataError, NotFoundError
from matchpilot.io.csv_cells import SafeWriter
from matchpilot.portfolio import check_feasible, to_arrays
from matchpilot.services.chances import ChancesReport, ProgramEstimate, chances_for
from matchpilot.services.memo import file_stamp, remembered
from matchpilot.services.portfolio import optimize
from matchpilot.services.predictions import keep_shown
from matchpilot.services.workspace import Services
from matchpilot.storage import OutcomeStore, ProgramStore

__all__ = [
    "CATEGORIES",
    "DEFAULT_MAX_APPLICATIONS",
    "DEFAULT_UTILITY",
    "PICK_CSV_COLUMNS",
    "PICK_FORMAT",
    "CurvePoint",
    "FeeSchedule",
    "LeftOut",
    "ListOutcome",
    "PickLimits",
    "PickReport",
    "PickedProgram",
    "RecordedOutcome",
    "clear_outcome",
    "describe_factor",
    "fee_group",
    "fee_schedule",
    "limits_issues",
    "list_outcomes",
    "make_pick",
    "parse_bound",
    "pick_csv",
    "pick_for",
    "pick_to_dict",
    "record_outcome",
]

PICK_FORMAT = "matchpilot.pick/1"
"""The ``format`` of ``matchpilot pick --json``."""

CATEGORIES: tuple[str, ...] = tuple(t.value for t in Target)
"""The categories of the bounds: the kinds of position of the chances model (pmr, prelim, transitional, other)."""

DEFAULT_MAX_APPLICATIONS = 45
"""The count limit when neither a count nor a budget is given (a round default; change it with ``--max``)."""

DEFAULT_UTILITY: Mapping[str, float] = MappingProxyType({"pmr": 3.0, "transitional": 2.0, "prelim": 2.0, "other": 1.0})
"""What a match is worth when the sheet gives no interest (1-5) for the program — an assumption: a PM&R
position is the goal (the middle of the 1-5 scale), a transitional or preliminary year a fallback that keeps you
in training, anything else the least wanted. Rate programs in the sheet's ``interest`` column to override it."""

_MAX_DP_CELLS = 20_000_000  # keeps a pick interactive; the optimizer itself accepts more


# --- outcomes --------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RecordedOutcome:
    """What one program answered, as the applicant recorded it: the program ``code``, the ``outcome`` and the
    day it was recorded for (``on``)."""

    code: str
    outcome: Outcome
    on: date


def _outcome_word(text: str | Outcome) -> Outcome:
    if isinstance(text, Outcome):
        return text
    found = parse_outcome(text)
    if found is None:
        raise InputError(f"{text!r} is not an outcome: use invited, rejected or silent")
    return found


def record_outcome(services: Services, code: str, outcome: str | Outcome, on: date | None = None) -> RecordedOutcome:
    """Record what the program ``code`` answered (``invited``, ``rejected`` or ``silent``) as of ``on``
    (default: today), replacing an earlier outcome for it.

    Raises NotFoundError when the sheet has no such program and InputError for an unknown outcome word or a
    date after today.
    """
    word = _outcome_word(outcome)
    today = services.today()
    day = today if on is None else on
    if day > today:
        raise InputError(f"{day.isoformat()} is after today ({today.isoformat()}): record an outcome once it happened")
    code = code.strip()
    with services.database.transaction(locked_owner=services.owner_id) as session:
        if ProgramStore(session, services.owner_id).get(code) is None:
            raise NotFoundError(f"no program with code {code!r} in your sheet")
        OutcomeStore(session, services.owner_id).record(code, word.value, day)
    return RecordedOutcome(code, word, day)


def clear_outcome(services: Services, code: str) -> None:
    """Forget the outcome recorded for ``code``; NotFoundError when none was recorded."""
    with services.database.transaction(locked_owner=services.owner_id) as session:
        cleared = OutcomeStore(session, services.owner_id).clear(code.strip())
    if not cleared:
        raise NotFoundError(f"no outcome is recorded for {code!r}")


def list_outcomes(services: Services) -> tuple[RecordedOutcome, ...]:
    """Every outcome recorded by the services' owner, by program code."""
    with services.database.transaction() as session:
        stored = OutcomeStore(session, services.owner_id).all()
    found: list[RecordedOutcome] = []
    for item in stored:
        word = parse_outcome(item.outcome)
        if word is not None:  # the services only ever store the three words
            found.append(RecordedOutcome(item.code, word, item.recorded_on))
    return tuple(found)


# --- fees --------------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FeeSchedule:
    """The ERAS fee tiers in force for one Match year, with their citation.

    ``note`` warns when the tiers are applied more than a year after they were checked.
    """

    tiers: tuple[FeeTier, ...]
    match_year: int
    citation: str
    note: str = ""

    def total(self, programs: int) -> int:
        """The fee in US$ for ``programs`` applications in one specialty."""
        return eras_fee_total(self.tiers, programs)

    def price(self, position: int) -> int:
        """The fee in US$ of the ``position``-th application (1-based) in one specialty."""
        return self.total(position) - self.total(position - 1)

    def describe(self) -> str:
        """The tiers in words: ``US$11 for programs 1-30, US$30 from program 31 (per specialty)``."""
        parts = [
            f"US${t.usd} for programs {t.first}-{t.last}"
            if t.last is not None
            else f"US${t.usd} from program {t.first}"
            for t in self.tiers
        ]
        return ", ".join(parts) + " (per specialty)"


def fee_schedule(season_year: int, rules_path: Path | None = None) -> FeeSchedule:
    """The ERAS fees for applications sent in ``season_year`` (the Match of ``season_year + 1``).

    Reads the dated rules shipped in ``matchpilot/data/rules.toml``, merged with the user's rules file at
    ``rules_path`` when given. Raises InputError when that file cannot be read and InvalidDataError when the
    rules have errors or no fee entry covers that Match year.
    """
    from matchpilot.services.soap import load_rules

    rules = load_rules(rules_path).rules
    match_year = season_year + 1
    entry = in_force(rules.eras_fees, match_year)
    if entry is None:
        raise InvalidDataError(
            f"no ERAS fee schedule covers the Match of {match_year}",
            [Issue("missing-value", Severity.ERROR, f"add an entry for {match_year} to your rules file", "eras_fees")],
        )
    note = "" if entry.confirmed_for(match_year) else f"checked {entry.checked}: confirm the fees for {match_year}"
    return FeeSchedule(tuple(entry.value), match_year, entry.citation(), note)


def fee_group(program: Program) -> str:
    """The specialty ERAS counts an application in: ``PM&R`` for any spelling of it, else the specialty as
    written (compared without case)."""
    return "PM&R" if is_pmr_specialty(program.specialty) else " ".join(program.specialty.split()).casefold()


# --- limits ------------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PickLimits:
    """What limits the list: at most ``max_applications``, a ``budget`` in US$ for ERAS fees, and per-category
    ``minimums``/``maximums`` (categories of :data:`CATEGORIES`). Without a count and a budget, the count is
    :data:`DEFAULT_MAX_APPLICATIONS`."""

    max_applications: int | None = None
    budget: int | None = None
    minimums: Mapping[str, int] = field(default_factory=dict)
    maximums: Mapping[str, int] = field(default_factory=dict)

    @property
    def count_limit(self) -> int | None:
        """The count limit that applies (the default one when neither a count nor a budget is given)."""
        if self.max_applications is None and self.budget is None:
            return DEFAULT_MAX_APPLICATIONS
        return self.max_applications

    def bounds(self) -> dict[str, CategoryBounds]:
        """The category bounds for the optimizer (only the categories given a bound)."""
        names = sorted(set(self.minimums) | set(self.maximums), key=CATEGORIES.index)
        return {name: CategoryBounds(self.minimums.get(name, 0), self.maximums.get(name)) for name in names}


def parse_bound(text: str, *, option: str = "--min") -> tuple[str, int]:
    """Read ``CATEGORY=N`` (``pmr=20``); InputError naming ``option`` when it is not one."""
    name, sep, number = text.partition("=")
    name = name.strip().lower()
    if not sep or not name:
        raise InputError(f"{option} {text!r}: write CATEGORY=N, for example {option} pmr=20")
    if name not in CATEGORIES:
        raise InputError(f"{option} {text!r}: {name!r} is not a category; use one of {', '.join(CATEGORIES)}")
    try:
        count = int(number.strip())
    except ValueError:
        raise InputError(f"{option} {text!r}: {number.strip()!r} is not a whole number") from None
    if count < 0:
        raise InputError(f"{option} {text!r}: must not be negative")
    return name, count


def limits_issues(limits: PickLimits) -> list[Issue]:
    """The problems of ``limits`` (empty when usable): negative numbers, unknown categories, a minimum above
    its maximum. Each issue's ``where`` is ``max``, ``budget``, ``min.CATEGORY`` or ``max-in.CATEGORY``."""
    issues: list[Issue] = []
    if limits.max_applications is not None and limits.max_applications < 1:
        issues.append(Issue("out-of-range", Severity.ERROR, "must be at least 1", "max"))
    if limits.budget is not None and limits.budget < 0:
        issues.append(Issue("out-of-range", Severity.ERROR, "must not be negative", "budget"))
    for kind, bounds in (("min", limits.minimums), ("max-in", limits.maximums)):
        for name, count in bounds.items():
            if name not in CATEGORIES:
                issues.append(Issue("bad-category", Severity.ERROR, f"{name!r} is not a category", f"{kind}.{name}"))
            elif count < 0:
                issues.append(Issue("out-of-range", Severity.ERROR, "must not be negative", f"{kind}.{name}"))
    for name, low in limits.minimums.items():
        high = limits.maximums.get(name)
        if high is not None and low > high:
            issues.append(
                Issue("inconsistent", Severity.ERROR, f"the minimum {low} is above the maximum {high}", f"min.{name}")
            )
    return issues


# --- the report ------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PickedProgram:
    """One chosen program: its chances, what a match there is worth (``utility``, and where that came from),
    the ERAS fee of this application (``fee``), what it adds to the list (``gain``: how much the expected
    outcome would drop without it), the outcome recorded and the top reasons in plain words."""

    rank: int
    program: Program
    chance: ProgramChance
    utility: float
    utility_source: str
    fee: int
    gain: float
    outcome: RecordedOutcome | None
    reasons: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class LeftOut:
    """A program not on the list and why.

    ``kind`` is ``filtered`` (a hard filter: ``reason`` and ``remedy`` say which and how to change it),
    ``rejected`` (you recorded a rejection), ``no-chance``, ``category-full`` (the category is at the maximum
    you allowed), ``budget`` (its fee is more than what is left) or ``worth-less`` (it would add less than the
    programs chosen: ``gain`` is what it would add).
    """

    program: Program
    chance: ProgramChance
    kind: str
    reason: str
    remedy: str = ""
    gain: float = 0.0
    fee: int = 0
    outcome: RecordedOutcome | None = None


@dataclass(frozen=True, slots=True)
class ListOutcome:
    """What the whole list is expected to bring, under independence.

    ``value`` is the expected worth of the best match (the optimizer's objective, on the interest scale);
    ``p_any`` the chance of at least one match and ``interviews`` the expected number of invitations, each as a
    range (every chance at its low, middle and high end); ``fee`` the real ERAS fee of the list in US$ and
    ``by_category`` how many programs of each kind it holds.
    """

    applications: int
    value: float
    p_any: Interval
    interviews: Interval
    fee: int
    by_category: Mapping[str, int]


@dataclass(frozen=True, slots=True)
class CurvePoint:
    """One point of a diminishing-returns curve: ``x`` applications (or US$), the best ``value`` there and the
    chance of at least one match of that best list (``p_any``)."""

    x: int
    value: float
    p_any: float


@dataclass(frozen=True, slots=True)
class PickReport:
    """Everything ``pick`` shows.

    ``chosen`` in the order the optimizer gives (added first, or best first); ``left_out`` filtered programs
    first, then the rest by decreasing middle chance; ``count_curve`` the best value for 1, 2, ... applications
    (without category bounds or budget, which the caption says) and ``money_curve`` the best value against
    dollars (only with a budget); ``exact`` is false when rounding made the answer approximate (``notes`` say
    why). ``wasted_slots``/``wasted_fee`` are what applying to every filtered program would have cost.
    """

    limits: PickLimits
    count_limit: int | None
    chosen: tuple[PickedProgram, ...]
    left_out: tuple[LeftOut, ...]
    expected: ListOutcome
    count_curve: tuple[CurvePoint, ...]
    money_curve: tuple[CurvePoint, ...]
    method: str
    exact: bool
    season_year: int
    weights_source: str
    fees: FeeSchedule
    outlook: str
    notes: tuple[str, ...] = ()
    issues: tuple[Issue, ...] = ()

    @property
    def filtered(self) -> tuple[LeftOut, ...]:
        """The programs a hard filter removes."""
        return tuple(item for item in self.left_out if item.kind == "filtered")

    @property
    def wasted_slots(self) -> int:
        """How many applications the filtered programs would have taken."""
        return len(self.filtered)

    @property
    def wasted_fee(self) -> int:
        """What applying to every filtered program on top of the list would have cost in ERAS fees (US$)."""
        return sum(item.fee for item in self.filtered)


def describe_factor(factor: Factor) -> str:
    """One reason in plain words: ``Step 2 CK (239 vs typical 230): helps — <explanation>``; an unknown fact says
    so and how far it could go either way."""
    if factor.unknown:
        return f"{factor.name}: {factor.explanation} (from {factor.low:+.1f} to {factor.high:+.1f})"
    way = "helps" if factor.contribution > 0 else "hurts" if factor.contribution < 0 else "neutral"
    return f"{factor.name} ({factor.value}) {way}: {factor.explanation}"


def _reasons(chance: ProgramChance, outcome: RecordedOutcome | None, utility_source: str) -> tuple[str, ...]:
    reasons: list[str] = []
    if outcome is not None:
        reasons.append(f"you recorded: {outcome.outcome.value} ({outcome.on.isoformat()})")
    reasons += [describe_factor(f) for f in chance.top_factors(3)]
    reasons.append(utility_source)
    return tuple(reasons)


def _value(items: Sequence[tuple[float, float]]) -> float:
    """E[best worth among successes] of independent (worth, chance) pairs (Kapur & Hong 2022, objective (1))."""
    total, miss = 0.0, 1.0
    for worth, chance in sorted(items, key=lambda item: -item[0]):
        total += worth * chance * miss
        miss *= 1.0 - chance
    return total


def _gain_if_added(worth: float, chance: float, ordered: Sequence[tuple[float, float]]) -> float:
    """What adding (worth, chance) to ``ordered`` (sorted by decreasing worth) adds: ``chance * E[(worth -
    Y)^+]``, Y the best worth among the successes of ``ordered`` (0 when none)."""
    expected, miss = 0.0, 1.0
    for other_worth, other_chance in ordered:
        if other_worth >= worth:
            miss *= 1.0 - other_chance
            continue
        expected += other_chance * miss * (worth - other_worth)
        miss *= 1.0 - other_chance
    expected += miss * worth
    return chance * expected


def _p_any(chances: Iterable[float]) -> float:
    miss = 1.0
    for p in chances:
        miss *= 1.0 - p
    return 1.0 - miss


def _solve(problem: PortfolioProblem) -> tuple[PortfolioResult, int]:
    """Solve ``problem`` exactly; with a budget whose dynamic program would be too large to stay interactive,
    count money in units of the smallest fee instead (higher fees rounded up, the budget down: the list still
    fits). Returns the result and the unit used (1: whole dollars). InputError when even that is too large.
    """
    if problem.budget is None:
        return optimize(problem), 1
    check_feasible(problem, to_arrays(problem))  # says which limit fails, in dollars
    positive = [c.cost for c in problem.candidates if c.cost > 0]
    smallest = min(positive, default=1)
    for unit in sorted({1, smallest}):
        scaled = problem
        if unit > 1:
            scaled = replace(
                problem,
                candidates=tuple(replace(c, cost=-(-c.cost // unit)) for c in problem.candidates),
                budget=problem.budget // unit,
            )
        states = (scaled.budget or 0) + 1
        for bounds in problem.categories.values():
            if bounds.min or bounds.max is not None:
                states *= (bounds.max if bounds.max is not None else max(bounds.min, 1)) + 1
        if problem.max_applications is not None:
            states *= problem.max_applications + 1
        if states * max(len(problem.candidates), 1) > _MAX_DP_CELLS:
            continue
        return optimize(scaled), unit
    raise InputError(
        "these limits together are too many to solve exactly in reasonable time: your budget already limits "
        "the number of applications, so leave out the largest number of applications or a bound on a kind of position"
    )


def make_pick(
    report: ChancesReport,
    limits: PickLimits,
    fees: FeeSchedule,
    outcomes: Iterable[RecordedOutcome] = (),
) -> PickReport:
    """Choose the list from the chances in ``report`` (already learned from ``outcomes``) within ``limits``.

    Pure: no database, no clock. Steps: check the limits (InvalidDataError naming each bad one); make a
    candidate of each program no filter removes and with a chance above 0 (see the module docstring for ``p``,
    ``utility`` and ``cost``); solve exactly (InvalidDataError says which limit cannot be met); explain every
    chosen and every left-out program; compute the curves and the expected outcome.
    """
    problems = limits_issues(limits)
    if problems:
        raise InvalidDataError("the limits cannot be used", problems)
    recorded = {o.code: o for o in outcomes}
    count_limit = limits.count_limit
    entries: dict[str, tuple[ProgramEstimate, float, str]] = {}
    left: list[LeftOut] = []
    for estimate in report.estimates:
        chance, program = estimate.chance, estimate.program
        outcome = recorded.get(program.code)
        if chance.is_filtered:
            left.append(
                LeftOut(
                    program,
                    chance,
                    "filtered",
                    "; ".join(f.reason for f in chance.filtered),
                    "; ".join(f.remedy for f in chance.filtered),
                    outcome=outcome,
                )
            )
            continue
        if chance.observed is Outcome.REJECTED:
            day = f" on {outcome.on.isoformat()}" if outcome is not None else ""
            left.append(LeftOut(program, chance, "rejected", f"you recorded a rejection{day}", outcome=outcome))
            continue
        if chance.p_match.mid <= 0.0:
            left.append(LeftOut(program, chance, "no-chance", "the model gives no chance of a match here"))
            continue
        category = chance.category.value
        if program.interest is not None:
            utility, source = float(program.interest), f"your interest {program.interest} of 5"
        else:
            utility = DEFAULT_UTILITY[category]
            source = f"no interest given: counted as {utility:g} of 5 (the default for {category})"
        entries[program.code] = (estimate, utility, source)

    # ERAS fees: within each specialty, price candidates by tier in order of expected worth (best first).
    fee_of: dict[str, int] = {}
    groups: dict[str, list[str]] = {}
    for code, (estimate, _, _) in entries.items():
        groups.setdefault(fee_group(estimate.program), []).append(code)
    first_tier = fees.tiers[0].last
    one_tier = first_tier is None or (count_limit is not None and count_limit <= first_tier)
    tiers_bind = False
    for codes in groups.values():
        codes.sort(key=lambda c: (-entries[c][0].chance.p_match.mid * entries[c][1], c))
        for position, code in enumerate(codes, 1):
            fee_of[code] = fees.price(1 if one_tier else position)  # a count within the first tier: one price
        tiers_bind = tiers_bind or len({fee_of[c] for c in codes}) > 1

    candidates = tuple(
        Candidate(
            code,
            estimate.chance.p_match.mid,
            utility,
            fee_of[code] if limits.budget is not None else 1,
            estimate.chance.category.value,
        )
        for code, (estimate, utility, _) in entries.items()
    )
    bounds = limits.bounds()
    for name, bound in bounds.items():
        have = sum(1 for c in candidates if c.category == name)
        if bound.min > have:
            raise InvalidDataError(
                f"the limits cannot all be met: at least {bound.min} {name} programs were asked for, but only "
                f"{have} of your programs of that kind have a chance",
                [Issue("infeasible", Severity.ERROR, f"lower the minimum to {have} or less", f"min.{name}")],
            )
    problem = PortfolioProblem(candidates, max_applications=count_limit, budget=limits.budget, categories=bounds)
    result, unit = _solve(problem)
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
    pairs = {c.id: (c.utility, c.p) for c in candidates}
    chosen_pairs = [pairs[code] for code in chosen_codes]
    total_value = _value(chosen_pairs)
    chosen_groups: Counter[str] = Counter()
    picked: list[PickedProgram] = []
    for rank, code in enumerate(chosen_codes, 1):
        estimate, utility, source = entries[code]
        group = fee_group(estimate.program)
        chosen_groups[group] += 1
        without = [pairs[c] for c in chosen_codes if c != code]
        outcome = recorded.get(code)
        picked.append(
            PickedProgram(
                rank,
                estimate.program,
                estimate.chance,
                utility,
                source,
                fees.price(chosen_groups[group]),
                total_value - _value(without),
                outcome,
                _reasons(estimate.chance, outcome, source),
            )
        )

    # Why the rest were left out.
    ordered = sorted(chosen_pairs, key=lambda item: -item[0])
    in_category = Counter(entries[c][0].chance.category.value for c in chosen_codes)
    smallest = min((p.gain for p in picked), default=0.0)
    fee_total = sum(fees.total(n) for n in chosen_groups.values())
    chosen_set = set(chosen_codes)
    rest: list[LeftOut] = []
    for code, (estimate, utility, _) in entries.items():
        if code in chosen_set:
            continue
        group = fee_group(estimate.program)
        fee = fees.price(chosen_groups[group] + 1)
        gain = _gain_if_added(utility, pairs[code][1], ordered)
        category = estimate.chance.category.value
        cap = limits.maximums.get(category)
        if cap is not None and in_category[category] >= cap:
            kind, reason = "category-full", f"the list already has {cap} {category} programs, the most you allowed"
        elif limits.budget is not None and fee_total + fee > limits.budget:
            kind = "budget"
            reason = f"its fee (US${fee}) is more than the US${max(limits.budget - fee_total, 0)} left of your budget"
        elif count_limit is not None and len(chosen_codes) >= count_limit:
            kind = "worth-less"
            reason = f"would add {gain:.3f} to the expected outcome; each program chosen adds at least {smallest:.3f}"
        else:
            kind, reason = "worth-less", f"would add only {gain:.3f} to the expected outcome"
        rest.append(LeftOut(estimate.program, estimate.chance, kind, reason, gain=gain, fee=fee))
    rest.sort(key=lambda item: (-item.gain, item.program.code))
    # Filtered programs: the slots and fees they would have wasted on top of the list.
    wasted_groups: Counter[str] = Counter()
    for index, item in enumerate(left):
        if item.kind == "filtered":
            group = fee_group(item.program)
            wasted_groups[group] += 1
            fee = fees.price(chosen_groups[group] + wasted_groups[group])
            left[index] = replace(item, fee=fee)
    left.sort(key=lambda item: (item.kind != "filtered", item.kind, item.program.code))

    chosen_chances = [p.chance for p in picked]
    expected = ListOutcome(
        applications=len(picked),
        value=total_value,
        p_any=Interval(
            _p_any(c.p_match.low for c in chosen_chances),
            _p_any(c.p_match.mid for c in chosen_chances),
            _p_any(c.p_match.high for c in chosen_chances),
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
    return PickReport(
        limits=limits,
        count_limit=count_limit,
        chosen=tuple(picked),
        left_out=tuple(left + rest),
        expected=expected,
        count_curve=_count_curve(candidates, max(len(picked), count_limit or 0)),
        money_curve=_money_curve(problem, fees) if limits.budget is not None else (),
        method=result.method + (f" (US${unit} units)" if unit > 1 else ""),
        exact=exact,
        season_year=report.season_year,
        weights_source=report.weights_source,
        fees=fees,
        outlook=outlook,
        notes=tuple(notes),
        issues=report.issues,
    )


def _count_curve(candidates: Sequence[Candidate], reach: int) -> tuple[CurvePoint, ...]:
    """The best value for 1..K applications with a count limit alone (K: twice ``reach``, at least 20)."""
    if not candidates:
        return ()
    steps = min(len(candidates), max(2 * reach, 20))
    plain = tuple(replace(c, cost=1, category=None) for c in candidates)
    result = optimize(PortfolioProblem(plain, max_applications=steps))
    by_id = {c.id: c for c in plain}
    chances = [by_id[code].p for code in result.chosen]
    values = result.curve or ()
    return tuple(CurvePoint(h, value, _p_any(chances[:h])) for h, value in enumerate(values, 1))


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
        points.append(CurvePoint(amount, result.value, _p_any(by_id[code].p for code in result.chosen)))
    return tuple(points)


def pick_for(
    services: Services,
    limits: PickLimits,
    *,
    weights_path: Path | None = None,
    rules_path: Path | None = None,
    season_year: int | None = None,
) -> PickReport:
    """Choose where to apply from the stored profile, sheet and outcomes (see :func:`make_pick`).

    ``weights_path`` is a chances weights file, ``rules_path`` a rules file merged over the packaged dated
    rules (for the ERAS fees), ``season_year`` the year applications are sent (default: this season).
    Raises InputError when there is no profile yet, InvalidDataError when a limit cannot be met.
    """

    def pick() -> PickReport:
        recorded = list_outcomes(services)
        report = chances_for(
            services,
            weights_path=weights_path,
            outcomes=[(o.code, o.outcome) for o in recorded],
            season_year=season_year,
        )
        fees = fee_schedule(report.season_year, rules_path)
        picked = make_pick(report, limits, fees, recorded)
        keep_shown(services, report)  # the chances My list shows, kept to be scored against outcomes
        return picked

    stamps = (file_stamp(weights_path), file_stamp(rules_path))  # users' files: their versions are in the question
    if (weights_path is not None and stamps[0] is None) or (rules_path is not None and stamps[1] is None):
        return pick()  # a file that cannot be read: the computation says why
    question = (
        "pick",
        limits.max_applications,
        limits.budget,
        tuple(sorted(limits.minimums.items())),
        tuple(sorted(limits.maximums.items())),
        season_year,
        stamps,
    )
    return remembered(services, question, pick, lambda report: len(report.chosen) + len(report.left_out))


# --- formats -----------------------------------------------------------------------------------------------------


def _interval(interval: Interval) -> dict[str, float]:
    return {"low": round(interval.low, 6), "mid": round(interval.mid, 6), "high": round(interval.high, 6)}


def _outcome_json(outcome: RecordedOutcome | None) -> dict[str, str] | None:
    return None if outcome is None else {"outcome": outcome.outcome.value, "on": outcome.on.isoformat()}


def pick_to_dict(report: PickReport) -> dict[str, Any]:
    """The ``matchpilot.pick/1`` JSON document of ``report`` (see docs/portfolio.md)."""
    limits = report.limits
    return {
        "format": PICK_FORMAT,
        "season_year": report.season_year,
        "limits": {
            "max_applications": report.count_limit,
            "budget": limits.budget,
            "categories": {name: {"min": bounds.min, "max": bounds.max} for name, bounds in limits.bounds().items()},
        },
        "method": report.method,
        "exact": report.exact,
        "p_is": "p_match.mid",
        "expected": {
            "applications": report.expected.applications,
            "value": round(report.expected.value, 6),
            "p_any_match": _interval(report.expected.p_any),
            "interviews": _interval(report.expected.interviews),
            "fee_usd": report.expected.fee,
            "by_category": dict(report.expected.by_category),
        },
        "chosen": [
            {
                "rank": p.rank,
                "code": p.program.code,
                "name": p.program.name,
                "category": p.chance.category.value,
                "p_interview": _interval(p.chance.p_interview),
                "p_match": _interval(p.chance.p_match),
                "utility": p.utility,
                "fee_usd": p.fee,
                "gain": round(p.gain, 6),
                "outcome": _outcome_json(p.outcome),
                "reasons": list(p.reasons),
            }
            for p in report.chosen
        ],
        "left_out": [
            {
                "code": item.program.code,
                "name": item.program.name,
                "category": item.chance.category.value,
                "why": item.kind,
                "reason": item.reason,
                "remedy": item.remedy or None,
                "p_match": _interval(item.chance.p_match),
                "gain": round(item.gain, 6),
                "fee_usd": item.fee,
                "outcome": _outcome_json(item.outcome),
            }
            for item in report.left_out
        ],
        "filtered": {"wasted_slots": report.wasted_slots, "wasted_fee_usd": report.wasted_fee},
        "curve": {
            "applications": [
                {"x": pt.x, "value": round(pt.value, 6), "p_any": round(pt.p_any, 6)} for pt in report.count_curve
            ],
            "dollars": [
                {"x": pt.x, "value": round(pt.value, 6), "p_any": round(pt.p_any, 6)} for pt in report.money_curve
            ],
        },
        "fees": {"tiers": report.fees.describe(), "source": report.fees.citation, "match_year": report.fees.match_year},
        "weights_source": report.weights_source,
        "outlook": report.outlook or None,
        "notes": list(report.notes),
        "warnings": [{"code": i.code, "where": i.where, "message": i.message} for i in report.issues],
    }


PICK_CSV_COLUMNS: tuple[str, ...] = (
    "status",
    "rank",
    "code",
    "name",
    "category",
    "p_match_low",
    "p_match_mid",
    "p_match_high",
    "p_interview_low",
    "p_interview_mid",
    "p_interview_high",
    "utility",
    "fee_usd",
    "gain",
    "outcome",
    "why",
    "reason",
)
"""The columns of ``matchpilot pick --csv``: one row per program, chosen first (``status`` chosen), then left
out (``status`` left_out, ``why`` the kind of reason)."""


def _num(value: float) -> str:
    return f"{value:.6f}".rstrip("0").rstrip(".") if value else "0"


def pick_csv(report: PickReport) -> str:
    """The CSV text of ``report`` (columns :data:`PICK_CSV_COLUMNS`, a header line first)."""
    out = io.StringIO()
    text_columns = ("status", "code", "name", "category", "outcome", "why", "reason")
    writer = SafeWriter(out, numeric=[c for c in PICK_CSV_COLUMNS if c not in text_columns])
    writer.writerow(PICK_CSV_COLUMNS)

    def chances(chance: ProgramChance) -> list[str]:
        return [_num(v) for v in (chance.p_match.low, chance.p_match.mid, chance.p_match.high)] + [
            _num(v) for v in (chance.p_interview.low, chance.p_interview.mid, chance.p_interview.high)
        ]

    for p in report.chosen:
        writer.writerow(
            [
                "chosen",
                p.rank,
                p.program.code,
                p.program.name,
                p.chance.category.value,
                *chances(p.chance),
                _num(p.utility),
                p.fee,
                _num(p.gain),
                p.outcome.outcome.value if p.outcome else "",
                "",
                "; ".join(p.reasons),
            ]
        )
    for item in report.left_out:
        reason = item.reason + (f" — {item.remedy}" if item.remedy else "")
        writer.writerow(
            [
                "left_out",
                "",
                item.program.code,
                item.program.name,
                item.chance.category.value,
                *chances(item.chance),
                "",
                item.fee,
                _num(item.gain),
                item.outcome.outcome.value if item.outcome else "",
                item.kind,
                reason,
            ]
        )
    return out.getvalue()
