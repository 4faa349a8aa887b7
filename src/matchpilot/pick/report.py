"""What ``pick`` shows: the chosen programs, those left out and why, the expected outcome and the curves."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import overload

from matchpilot.chances import Factor, Interval, ProgramChance
from matchpilot.domain.issues import Issue
from matchpilot.domain.outcomes import RecordedOutcome
from matchpilot.domain.program import Program
from matchpilot.pick.curve import ApplicationsCurve
from matchpilot.pick.fees import FeeSchedule
from matchpilot.pick.limits import PickLimits
from matchpilot.pick.signals import SignalSeason

__all__ = [
    "CurvePoint",
    "LeftOut",
    "LeftOutRows",
    "ListOutcome",
    "PickReport",
    "PickedProgram",
    "RecordedOutcome",
    "SentSignal",
    "SignalPlan",
    "UnusedSignal",
    "describe_factor",
]


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
    programs chosen: ``gain`` is what it would add) or ``excluded`` (you chose never to apply there).
    """

    program: Program
    chance: ProgramChance
    kind: str
    reason: str
    remedy: str = ""
    gain: float = 0.0
    fee: int = 0
    outcome: RecordedOutcome | None = None


Words = Callable[[str, ProgramChance, float, int, RecordedOutcome | None], tuple[str, str]]
"""What :class:`LeftOutRows` asks for a row's ``reason`` and ``remedy``: from its kind, chance, gain, fee and
outcome."""


class LeftOutRows(Sequence[LeftOut]):
    """The programs left out, kept as columns: a :class:`LeftOut` is made only when a row is read.

    A list of thousands of programs shows a page of them; the rest are counts and sums (:attr:`fee_total`). A
    slice is a view of the same columns (nothing is made); two sequences of rows are equal when their rows
    are. ``words`` gives a row's reason and remedy (they are written only for the rows read)."""

    __slots__ = ("_chances", "_fees", "_gains", "_kinds", "_outcomes", "_programs", "_start", "_stop", "_words")

    def __init__(
        self,
        programs: Sequence[Program],
        chances: Sequence[ProgramChance],
        kinds: Sequence[str],
        gains: Sequence[float],
        fees: Sequence[int],
        outcomes: Mapping[int, RecordedOutcome],
        words: Words,
        start: int = 0,
        stop: int | None = None,
    ) -> None:
        """Rows ``start`` to ``stop`` of the columns (``outcomes``: by row, the rows that show one)."""
        self._programs, self._chances, self._kinds = programs, chances, kinds
        self._gains, self._fees, self._outcomes, self._words = gains, fees, outcomes, words
        self._start = start
        self._stop = len(programs) if stop is None else stop

    def __len__(self) -> int:
        return self._stop - self._start

    @overload
    def __getitem__(self, index: int) -> LeftOut: ...

    @overload
    def __getitem__(self, index: slice) -> LeftOutRows: ...

    def __getitem__(self, index: int | slice) -> LeftOut | LeftOutRows:
        if isinstance(index, slice):
            start, stop, step = index.indices(len(self))
            if step != 1:
                raise ValueError("rows of My list are sliced with a step of 1")
            return LeftOutRows(
                self._programs,
                self._chances,
                self._kinds,
                self._gains,
                self._fees,
                self._outcomes,
                self._words,
                self._start + start,
                self._start + max(start, stop),
            )
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError("no such row of the programs left out")
        return self._row(self._start + index)

    def _row(self, row: int) -> LeftOut:
        chance, kind, gain, fee = self._chances[row], self._kinds[row], self._gains[row], self._fees[row]
        outcome = self._outcomes.get(row)
        reason, remedy = self._words(kind, chance, gain, fee, outcome)
        return LeftOut(self._programs[row], chance, kind, reason, remedy, gain, fee, outcome)

    def __iter__(self) -> Iterator[LeftOut]:
        return map(self._row, range(self._start, self._stop))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Sequence) or isinstance(other, str):
            return NotImplemented
        return len(self) == len(other) and all(a == b for a, b in zip(self, other, strict=True))

    __hash__ = None  # type: ignore[assignment]  # equal to a tuple of the same rows, so not hashable

    def __repr__(self) -> str:
        return f"LeftOutRows({len(self)} rows)"

    @property
    def kinds(self) -> Sequence[str]:
        """Each row's ``kind``, without making the rows."""
        return self._kinds[self._start : self._stop]

    @property
    def fee_total(self) -> int:
        """The sum of the rows' ``fee``, without making the rows."""
        return sum(self._fees[self._start : self._stop])


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
class SentSignal:
    """One ERAS signal of the plan: its ``pool`` and ``tier``, the ``group`` it covers (an institution's
    programs in one specialty), the programs of the list it reaches with their chance without and with it
    (``programs``: program, before, after), what it adds to the chance of at least one match (``gain_p_any``)
    and to the list's expected worth (``gain_value``), and whether you ``fixed`` it by hand."""

    pool: str
    tier: str
    group: str
    programs: tuple[tuple[Program, ProgramChance, ProgramChance], ...]
    gain_p_any: float
    gain_value: float
    fixed: bool = False


@dataclass(frozen=True, slots=True)
class UnusedSignal:
    """Signals of one pool and tier the plan does not send: how many (``count``) and why (``reason``)."""

    pool: str
    tier: str
    count: int
    reason: str


@dataclass(frozen=True, slots=True)
class SignalPlan:
    """Where to send the season's ERAS signals, chosen together with the list.

    ``season`` holds the counts and their source; ``sent`` the signals (best gain first); ``unused`` the ones
    left and why; ``optimal`` is false when branch and bound stopped early, and then ``bound`` is a proven upper
    bound on the best expected worth; ``evidence`` is what the signal weights rest on; ``fixed`` the signals you
    chose by hand (code -> tier) and, when any, ``best_value``/``best_p_any`` what the best choice without them
    would bring (so the cost of the hand choices is the difference).
    """

    season: SignalSeason
    sent: tuple[SentSignal, ...]
    unused: tuple[UnusedSignal, ...]
    optimal: bool
    bound: float | None
    method: str
    evidence: str
    fixed: Mapping[str, str]
    best_value: float | None = None
    best_p_any: float | None = None


@dataclass(frozen=True, slots=True)
class PickReport:
    """Everything ``pick`` shows.

    ``chosen`` in the order the optimizer gives (added first, or best first); ``left_out`` filtered programs
    first, then the rest by decreasing middle chance; ``count_curve`` the best value for 1, 2, ... applications
    (without category bounds or budget, which the caption says) and ``money_curve`` the best value against
    dollars (only with a budget); ``exact`` is false when rounding made the answer approximate (``notes`` say
    why). ``wasted_slots``/``wasted_fee`` are what applying to every filtered program would have cost.
    ``signals`` is the ERAS signal plan when signals were chosen with the list (None otherwise);
    ``applications_curve`` the chance of at least one match against the number of applications, with the fee
    steps and the point where one more application adds less than the threshold (None without candidates).
    """

    limits: PickLimits
    count_limit: int | None
    chosen: tuple[PickedProgram, ...]
    left_out: Sequence[LeftOut]
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
    signals: SignalPlan | None = None
    applications_curve: ApplicationsCurve | None = None

    @property
    def filtered(self) -> Sequence[LeftOut]:
        """The programs a hard filter removes (the first rows of ``left_out``; a view when it is
        :class:`LeftOutRows`)."""
        rows = self.left_out
        if isinstance(rows, LeftOutRows):
            kinds = rows.kinds
            count = next((n for n, kind in enumerate(kinds) if kind != "filtered"), len(kinds))
            return rows[:count]
        return tuple(item for item in rows if item.kind == "filtered")

    @property
    def others(self) -> Sequence[LeftOut]:
        """The programs left out for another reason than a hard filter (a view, as :attr:`filtered`)."""
        rows = self.left_out
        if isinstance(rows, LeftOutRows):
            return rows[len(self.filtered) :]
        return tuple(item for item in rows if item.kind != "filtered")

    @property
    def wasted_slots(self) -> int:
        """How many applications the filtered programs would have taken."""
        return len(self.filtered)

    @property
    def wasted_fee(self) -> int:
        """What applying to every filtered program on top of the list would have cost in ERAS fees (US$)."""
        filtered = self.filtered
        if isinstance(filtered, LeftOutRows):
            return filtered.fee_total
        return sum(item.fee for item in filtered)


def describe_factor(factor: Factor) -> str:
    """One reason in plain words: ``Step 2 CK (239 vs typical 230): helps — <explanation>``; an unknown fact says
    so and how far it could go either way."""
    if factor.unknown:
        return f"{factor.name}: {factor.explanation} (from {factor.low:+.1f} to {factor.high:+.1f})"
    way = "helps" if factor.contribution > 0 else "hurts" if factor.contribution < 0 else "neutral"
    return f"{factor.name} ({factor.value}) {way}: {factor.explanation}"
