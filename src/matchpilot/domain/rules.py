"""Yearly rules of the Match and of SOAP as dated data with sources (never constants in code).

Rules change every year, so each value is a :class:`DatedRule`: the value, the Match years it covers, where it
was seen (``source``) and when (``checked``). The Match Week schedule of a year is a
:class:`MatchWeekSchedule` of :class:`MatchWeekEvent` values whose times are aware datetimes in the zone the
source writes them in (US Eastern). Defaults ship as ``matchpilot/data/rules.toml``; the rules file's format
(``matchpilot.rules/1``: reading, merging a user's corrections over the defaults, writing) is
:mod:`matchpilot.io.rules_toml`.

Years are Match years: the Match of 2026 has its Match Week in March 2026 and follows the 2025-26 ERAS season.
matchpilot is not the NRMP; the current Match Participation Agreement governs.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from types import MappingProxyType
from typing import Any, Generic, TypeVar

__all__ = [
    "INT_RULES",
    "RANKING_KINDS",
    "RULE_TITLES",
    "TEXT_RULES",
    "DatedRule",
    "EventKind",
    "FeeTier",
    "MatchWeekEvent",
    "MatchWeekSchedule",
    "Rules",
    "SignalRule",
    "eras_fee_total",
    "in_force",
]

V = TypeVar("V")

INT_RULES: Mapping[str, tuple[int, int]] = {
    "soap_application_cap": (1, 1000),
    "soap_rounds": (1, 50),
    "eras_max_letters": (1, 20),
    "rol_max_ranks": (1, 10_000),
    "rol_free_ranks": (0, 10_000),
}
"""Rules whose value is a whole number, with the range a value must lie in."""

TEXT_RULES: tuple[str, ...] = (
    "soap_participation",
    "soap_ecfmg",
    "soap_partial_match",
    "soap_conflicting_commitment",
    "soap_contact",
    "soap_binding_offer",
)
"""Rules whose value is a sentence stating the rule (cited by eligibility verdicts)."""

RULE_TITLES: Mapping[str, str] = {
    "soap_application_cap": "SOAP applications (at most, in all)",
    "soap_rounds": "SOAP offer rounds",
    "soap_participation": "Who may take part in SOAP",
    "soap_ecfmg": "ECFMG certification for SOAP",
    "soap_partial_match": "Partially matched applicants in SOAP",
    "soap_conflicting_commitment": "Conflicting commitments",
    "soap_contact": "Contacting programs during SOAP",
    "soap_binding_offer": "Accepting a SOAP offer",
    "eras_fees": "ERAS fees per specialty (US$ per program)",
    "eras_max_letters": "ERAS letters of recommendation per application (at most)",
    "eras_signals": "ERAS program signals per specialty (count per tier)",
    "rol_max_ranks": "Rank order list length (at most)",
    "rol_free_ranks": "Ranks included in the rank order list fee",
}
"""Every rule's key and its title, in the order rules are shown."""

LEGACY_PMR_SIGNALS = "pmr_signals"
"""The rule key that held PM&R's signal count alone; a user's file may still use it (read as eras_signals)."""


@dataclass(frozen=True, slots=True)
class FeeTier:
    """One tier of a fee schedule: programs ``first``..``last`` (``None``: no upper end) cost ``usd`` each."""

    first: int
    last: int | None
    usd: int


@dataclass(frozen=True, slots=True)
class SignalRule:
    """The ERAS program signals of one specialty in one season.

    ``tiers`` is the count of signals per tier (``{"standard": 20}``, ``{"gold": 3, "silver": 12}``);
    ``group`` says what one signal covers: ``institution`` (an institution's programs in the specialty share
    it: categorical and advanced, categorical and preliminary) or ``program``.
    """

    tiers: Mapping[str, int]
    group: str = "institution"

    def __post_init__(self) -> None:
        """Freeze the counts."""
        object.__setattr__(self, "tiers", MappingProxyType(dict(self.tiers)))


@dataclass(frozen=True, slots=True)
class DatedRule(Generic[V]):
    """One value of a yearly rule with its provenance.

    ``name`` is the rule's key (see :data:`RULE_TITLES`); the entry covers Match years ``since`` to ``until``
    (``None``: onward); ``source`` says where it was seen and ``checked`` when (``"2025"`` or
    ``"2025-03-14"``); ``note`` is free text; ``projected`` is True when no official page confirmed the value
    for those years (matchpilot's projection from the season before).
    """

    name: str
    value: V
    since: int
    source: str
    checked: str
    until: int | None = None
    note: str = ""
    projected: bool = False

    @property
    def title(self) -> str:
        """The rule's title, e.g. ``SOAP offer rounds``."""
        return RULE_TITLES.get(self.name, self.name)

    @property
    def checked_year(self) -> int:
        """The year the value was checked."""
        return int(self.checked[:4])

    @property
    def years(self) -> str:
        """The Match years covered, as people write them: ``2012``, ``2017 to 2020``, ``2021 onward``."""
        if self.until is None:
            return f"{self.since} onward"
        if self.until == self.since:
            return str(self.since)
        return f"{self.since} to {self.until}"

    def covers(self, year: int) -> bool:
        """True when this entry applies to Match ``year``."""
        return self.since <= year and (self.until is None or year <= self.until)

    def confirmed_for(self, year: int) -> bool:
        """False when the entry is applied to a Match year more than one year after it was checked (a value
        checked in 2025 covers the 2025-26 season, i.e. the Match of 2026)."""
        return year <= self.checked_year + 1

    def citation(self) -> str:
        """``source, checked YEAR`` — how every rule is cited (and ``projected`` when not confirmed)."""
        text = f"{self.source}, checked {self.checked}"
        return f"{text}; projected, not confirmed by an official page" if self.projected else text


def in_force(history: Sequence[DatedRule[V]], year: int) -> DatedRule[V] | None:
    """The entry of ``history`` that covers Match ``year``, or ``None`` when no entry does (unknown)."""
    for entry in history:
        if entry.covers(year):
            return entry
    return None


def eras_fee_total(tiers: Sequence[FeeTier], programs: int) -> int:
    """The ERAS fee in US$ for applying to ``programs`` programs of one specialty under ``tiers``."""
    total = 0
    for tier in tiers:
        last = programs if tier.last is None else min(tier.last, programs)
        if last >= tier.first:
            total += (last - tier.first + 1) * tier.usd
    return total


class EventKind(StrEnum):
    """What happens at a Match Week event."""

    STATUS = "status"
    UNFILLED_LIST = "unfilled_list"
    ERAS_OPENS = "eras_opens"
    PROGRAM_REVIEW = "program_review"
    OFFER_ROUND = "offer_round"
    SOAP_ENDS = "soap_ends"
    MATCH_DAY = "match_day"
    RANKING_OPENS = "ranking_opens"
    ROL_DEADLINE = "rol_deadline"


RANKING_KINDS: frozenset[EventKind] = frozenset({EventKind.RANKING_OPENS, EventKind.ROL_DEADLINE})
"""The kinds of the dated ranking events before Match Week (kept apart from the week's own events)."""


@dataclass(frozen=True, slots=True)
class MatchWeekEvent:
    """One event of Match Week.

    ``key`` names it in the rules file (``round-1``); ``start`` and ``end`` (``None`` for a moment) are aware
    datetimes; ``round`` is the offer round's number (``None`` for other kinds); ``action`` says what the
    applicant does; ``source``, ``checked`` and ``note`` are its provenance; ``projected`` is True when no
    official page confirmed the time for that year (matchpilot's projection from earlier years or guides).
    """

    key: str
    kind: EventKind
    title: str
    start: datetime
    source: str
    checked: str
    end: datetime | None = None
    round: int | None = None
    action: str = ""
    note: str = ""
    projected: bool = False

    def citation(self) -> str:
        """``source, checked YEAR`` (and ``projected`` when no official page confirmed it)."""
        text = f"{self.source}, checked {self.checked}"
        return f"{text}; projected, not confirmed by an official page" if self.projected else text


@dataclass(frozen=True, slots=True)
class MatchWeekSchedule:
    """The Match Week of one Match ``year``: its events in time order, written in time ``zone``. The events
    include the dated ranking events before the week (ranking opens, the rank order list certification
    deadline); :attr:`week_events` leaves them out."""

    year: int
    zone: str
    events: tuple[MatchWeekEvent, ...]
    note: str = ""

    @property
    def all_events(self) -> tuple[MatchWeekEvent, ...]:
        """Every event, in time order (the same as :attr:`events`)."""
        return self.events

    @property
    def week_events(self) -> tuple[MatchWeekEvent, ...]:
        """The events of Match Week itself (Monday to Friday), without the ranking dates before it."""
        return tuple(e for e in self.events if e.kind not in RANKING_KINDS)

    @property
    def rounds(self) -> tuple[MatchWeekEvent, ...]:
        """The offer rounds, in order."""
        return tuple(e for e in self.events if e.kind is EventKind.OFFER_ROUND)

    def event(self, key: str) -> MatchWeekEvent | None:
        """The event named ``key``, or ``None``."""
        return next((e for e in self.all_events if e.key == key), None)

    def round_event(self, number: int) -> MatchWeekEvent | None:
        """The offer round ``number``, or ``None`` when the schedule has no such round."""
        return next((e for e in self.rounds if e.round == number), None)


@dataclass(frozen=True, slots=True)
class Rules:
    """All the dated rules: each rule's history (entries in year order) and the Match Week schedules."""

    soap_application_cap: tuple[DatedRule[int], ...]
    soap_rounds: tuple[DatedRule[int], ...]
    soap_participation: tuple[DatedRule[str], ...]
    soap_ecfmg: tuple[DatedRule[str], ...]
    soap_partial_match: tuple[DatedRule[str], ...]
    soap_conflicting_commitment: tuple[DatedRule[str], ...]
    soap_contact: tuple[DatedRule[str], ...]
    soap_binding_offer: tuple[DatedRule[str], ...]
    eras_fees: tuple[DatedRule[tuple[FeeTier, ...]], ...]
    eras_max_letters: tuple[DatedRule[int], ...]
    eras_signals: tuple[DatedRule[Mapping[str, SignalRule]], ...]
    rol_max_ranks: tuple[DatedRule[int], ...]
    rol_free_ranks: tuple[DatedRule[int], ...]
    match_weeks: tuple[MatchWeekSchedule, ...]

    @property
    def pmr_signals(self) -> tuple[DatedRule[int], ...]:
        """PM&R's count of (standard) signals per season, read from :attr:`eras_signals`."""
        return tuple(
            DatedRule(
                LEGACY_PMR_SIGNALS,
                sum(entry.value["pmr"].tiers.values()),
                entry.since,
                entry.source,
                entry.checked,
                entry.until,
                entry.note,
                entry.projected,
            )
            for entry in self.eras_signals
            if "pmr" in entry.value
        )

    def signals(self, year: int, specialty: str) -> tuple[SignalRule, DatedRule[Mapping[str, SignalRule]]] | None:
        """The signal rule of ``specialty`` for Match ``year`` and the entry it comes from; None: unknown."""
        entry = in_force(self.eras_signals, year)
        if entry is None or specialty not in entry.value:
            return None
        return entry.value[specialty], entry

    def histories(self) -> tuple[tuple[str, tuple[DatedRule[Any], ...]], ...]:
        """Every rule's key and history, in the order of :data:`RULE_TITLES`."""
        return tuple((name, getattr(self, name)) for name in RULE_TITLES)

    def match_week(self, year: int) -> MatchWeekSchedule | None:
        """The Match Week schedule of Match ``year``, or ``None`` when the data has none."""
        return next((s for s in self.match_weeks if s.year == year), None)

    @property
    def match_week_years(self) -> tuple[int, ...]:
        """The Match years that have a schedule."""
        return tuple(s.year for s in self.match_weeks)


# --- merging a user's corrections ----------------------------------------------------------------------------
