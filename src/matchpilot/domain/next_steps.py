"""What to do now: the season's stage on a day, its next dated deadlines, and the steps the workspace still needs.

The home page and ``matchpilot next`` show the same plan. It is worked out here, from plain values, so every
date and state can be pinned in a unit test:

1. the **stage** of the season (:mod:`matchpilot.domain.season`) on ``today``: getting ready (after the last
   Match Day), applications (from June, when ERAS opens, to the end of September), interviews (from October),
   ranking (from the day ranking opens to the rank order list certification deadline), waiting for Match Week,
   and Match Week itself (from the Match status Monday to Match Day). The ranking and Match Week days come from
   the dated rules (``rules.toml``'s ``match_week`` events, with their sources); without a schedule for the
   season they fall back to early February, early March and the Monday of Match Day's week, said to be
   estimates. ERAS's own dates change every year and are not in the rules: the stage names the month only.
2. the season's **next deadlines** from the schedule (ranking opens, certification, Match status, SOAP rounds,
   Match Day);
3. the **steps**, most pressing first: a thank-you due after an interview, certifying the rank list before the
   deadline, no programs or no profile yet, programs whose visa facts are unknown for the visa you need,
   letters of interest and intent in their season, the Match Week plan.

Every step carries a :class:`~matchpilot.errors.NextStep` target (and the program it concerns, if any) that
each shell words in its own way: a link on the web, a command in the terminal. No words here name a page or a
command.

Pure: takes dates and values; no clock, no database.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import StrEnum

from matchpilot.domain.rules import EventKind, MatchWeekSchedule
from matchpilot.domain.season import Season, match_day, season_for
from matchpilot.errors import NextStep

__all__ = [
    "Deadline",
    "Plan",
    "Stage",
    "Step",
    "ThankYouDue",
    "UnknownVisa",
    "WorkspaceState",
    "plan_for",
    "stage_on",
    "unknown_visa_programs",
]

_SHOWN_DEADLINES = 4
_SHOWN_VISA_PROGRAMS = 3


class Stage(StrEnum):
    """Where the season is on a day."""

    PREPARE = "prepare"
    APPLY = "apply"
    INTERVIEW = "interview"
    RANK = "rank"
    WAIT = "wait"
    MATCH_WEEK = "match-week"

    @property
    def label(self) -> str:
        """The stage in plain words."""
        return _STAGE_TITLES[self]


_STAGE_TITLES = {
    Stage.PREPARE: "Getting ready",
    Stage.APPLY: "Applications",
    Stage.INTERVIEW: "Interviews",
    Stage.RANK: "Ranking",
    Stage.WAIT: "Waiting for Match Week",
    Stage.MATCH_WEEK: "Match Week",
}


@dataclass(frozen=True, slots=True)
class Deadline:
    """A dated event of the season: ``title`` in plain words, its day, whether the day is an estimate (no dated
    rule for it, or the rule itself is projected) and its source."""

    title: str
    on: date
    estimated: bool = False
    source: str = ""


@dataclass(frozen=True, slots=True)
class Step:
    """One thing to do: ``key`` names the kind of step (stable, for tests and styling), ``title`` and ``detail``
    say it in plain words, ``target`` is where it is done (each shell words it), ``program`` the program it
    concerns (a code, or None), ``due`` the last good day (None: no date), ``urgent`` when it is due within three
    days or overdue."""

    key: str
    title: str
    target: NextStep
    detail: str = ""
    program: str | None = None
    due: date | None = None
    urgent: bool = False


@dataclass(frozen=True, slots=True)
class ThankYouDue:
    """An interview with no thank-you logged yet: the program (code and name), the interview's day and the last
    day of its 1-3 day window."""

    program: str
    name: str
    interviewed_on: date
    by: date


@dataclass(frozen=True, slots=True)
class UnknownVisa:
    """A program of the sheet whose fact about the visa the applicant needs is unknown."""

    program: str
    name: str


@dataclass(frozen=True, slots=True)
class WorkspaceState:
    """What the plan needs to know about the workspace: how many programs (and how many are fictional demo ones),
    whether there is a profile and which visa it needs (``j1``, ``h1b``, ``j1_or_h1b``, ``none`` or None for not
    said), the programs whose visa fact is unknown for that need (``unknown_visa_count`` in all, some of them
    listed), the rank list's length and certification day, the thank-yous due, how many interviews are logged
    and whether a letter of intent went out this season."""

    programs: int = 0
    demo_programs: int = 0
    has_profile: bool = False
    visa_need: str | None = None
    unknown_visa_count: int = 0
    unknown_visa: tuple[UnknownVisa, ...] = ()
    rank_list_size: int = 0
    certified_on: date | None = None
    thank_yous: tuple[ThankYouDue, ...] = ()
    interviews: int = 0
    intent_sent: bool = False


@dataclass(frozen=True, slots=True)
class Plan:
    """The plan for ``today``: the season and its stage, what the stage means, the next deadlines and the
    steps, most pressing first."""

    today: date
    season: Season
    stage: Stage
    summary: str
    deadlines: tuple[Deadline, ...]
    steps: tuple[Step, ...] = field(default=())


@dataclass(frozen=True, slots=True)
class _Calendar:
    ranking_opens: Deadline
    rol_deadline: Deadline
    status: Deadline
    match_day: Deadline
    others: tuple[Deadline, ...]


def _day(moment: datetime) -> date:
    return moment.date()


def _calendar(season: Season, schedule: MatchWeekSchedule | None) -> _Calendar:
    """The season's dated events: from the schedule where it has them, estimated otherwise."""
    year = season.match_year
    monday = match_day(year) - timedelta(days=4)
    fallback = {
        EventKind.RANKING_OPENS: Deadline("Ranking opens", date(year, 2, 1), estimated=True),
        EventKind.ROL_DEADLINE: Deadline("Rank order list certification deadline", date(year, 3, 4), estimated=True),
        EventKind.STATUS: Deadline("Match Week starts: your Match status", monday, estimated=True),
        EventKind.MATCH_DAY: Deadline("Match Day", match_day(year), estimated=False),
    }
    found: dict[EventKind, Deadline] = {}
    others: list[Deadline] = []
    if schedule is not None and schedule.year == year:
        for event in schedule.all_events:
            shown = Deadline(event.title, _day(event.start), event.projected, event.citation())
            if event.kind in fallback and event.kind not in found:
                found[event.kind] = shown
            elif event.kind is EventKind.OFFER_ROUND and not any(d.title.startswith("SOAP offer") for d in others):
                rounds = len(schedule.rounds)
                title = f"SOAP offer rounds ({rounds})" if rounds > 1 else event.title
                others.append(Deadline(title, _day(event.start), event.projected, event.citation()))
    chosen = {kind: found.get(kind, default) for kind, default in fallback.items()}
    return _Calendar(
        chosen[EventKind.RANKING_OPENS],
        chosen[EventKind.ROL_DEADLINE],
        chosen[EventKind.STATUS],
        chosen[EventKind.MATCH_DAY],
        tuple(others),
    )


def stage_on(today: date, schedule: MatchWeekSchedule | None = None) -> Stage:
    """The stage of the season on ``today`` (``schedule``: that season's Match Week rules, for the ranking and
    Match Week days)."""
    season = season_for(today)
    calendar = _calendar(season, schedule)
    if today >= calendar.status.on:
        return Stage.MATCH_WEEK
    if today > calendar.rol_deadline.on:
        return Stage.WAIT
    if today >= calendar.ranking_opens.on:
        return Stage.RANK
    if (today.year == season.application_year and today.month >= 10) or today.year == season.match_year:
        return Stage.INTERVIEW
    if today.year == season.application_year and today.month >= 6:
        return Stage.APPLY
    return Stage.PREPARE


_SUMMARIES = {
    Stage.PREPARE: (
        "The Match of {year} is ahead. Build your program sheet and profile now, ask for letters of "
        "recommendation, and write your personal statement: ERAS opens in June."
    ),
    Stage.APPLY: (
        "ERAS is open. Choose where to apply and where to send your program signals, and send your "
        "applications before programs start reviewing them (late September)."
    ),
    Stage.INTERVIEW: (
        "Interview season. Send a thank-you within one to three days of each interview, keep programs up to "
        "date with anything new, and keep your sheet's facts current."
    ),
    Stage.RANK: "Ranking is open. Build your rank order list and certify it before the deadline ({deadline}).",
    Stage.WAIT: (
        "Your rank order list is in. Prepare for Match Week: documents, distribution plans and the SOAP "
        "schedule, in case you need them."
    ),
    Stage.MATCH_WEEK: "Match Week. Follow the hour-by-hour plan; Match Day is {match_day}.",
}


def _within(due: date, today: date, days: int = 3) -> bool:
    return due - today <= timedelta(days=days)


def _visa_words(need: str | None) -> str:
    return {"j1": "J-1", "h1b": "H-1B", "j1_or_h1b": "J-1 or H-1B"}.get(need or "", "")


def plan_for(today: date, state: WorkspaceState, schedule: MatchWeekSchedule | None = None) -> Plan:
    """The plan for ``today`` given the workspace ``state`` and the season's Match Week ``schedule`` (None: the
    rules hold none for the season; its days are then estimates). Returns the stage, its summary, the next
    deadlines (at most four, from today on) and the steps, most pressing first."""
    season = season_for(today)
    calendar = _calendar(season, schedule)
    stage = stage_on(today, schedule)
    dated = [calendar.ranking_opens, calendar.rol_deadline, calendar.status, *calendar.others, calendar.match_day]
    upcoming = tuple(sorted((d for d in dated if d.on >= today), key=lambda d: d.on)[:_SHOWN_DEADLINES])
    summary = _SUMMARIES[stage].format(
        year=season.match_year,
        deadline=calendar.rol_deadline.on.isoformat(),
        match_day=calendar.match_day.on.isoformat(),
    )
    steps: list[Step] = []
    for due in sorted(state.thank_yous, key=lambda t: (t.by, t.program)):
        steps.append(
            Step(
                "thank-you",
                f"Send a thank-you to {due.name}",
                NextStep.WRITE_THANK_YOU,
                f"You interviewed on {due.interviewed_on.isoformat()}; a thank-you goes within one to three days.",
                program=due.program,
                due=due.by,
                urgent=_within(due.by, today),
            )
        )
    steps += _ranking_steps(today, stage, state, calendar)
    steps += _workspace_steps(stage, state)
    steps += _letter_steps(today, stage, state, calendar)
    if stage in (Stage.WAIT, Stage.MATCH_WEEK):
        steps.append(
            Step(
                "match-week",
                "Open your Match Week plan" if stage is Stage.MATCH_WEEK else "Prepare for Match Week",
                NextStep.PLAN_MATCH_WEEK,
                "The schedule hour by hour, your documents and distribution plans for SOAP.",
                due=calendar.status.on if stage is Stage.WAIT else calendar.match_day.on,
                urgent=stage is Stage.MATCH_WEEK,
            )
        )
    ordered = sorted(steps, key=lambda s: (not s.urgent, s.due or date.max))
    return Plan(today, season, stage, summary, upcoming, tuple(ordered))


def _ranking_steps(today: date, stage: Stage, state: WorkspaceState, calendar: _Calendar) -> list[Step]:
    if stage is not Stage.RANK:
        return []
    deadline = calendar.rol_deadline.on
    certified = state.certified_on is not None and state.certified_on >= calendar.ranking_opens.on
    if state.rank_list_size == 0:
        return [
            Step(
                "rank-list-empty",
                "Build your rank order list",
                NextStep.ADD_TO_RANK_LIST,
                f"Rank the programs you interviewed with, best first; certify the list by {deadline.isoformat()}.",
                due=deadline,
                urgent=_within(deadline, today, 7),
            )
        ]
    if certified:
        return []
    return [
        Step(
            "certify",
            "Certify your rank order list",
            NextStep.CERTIFY_RANK_LIST,
            f"Your list has {state.rank_list_size} "
            f"{'program' if state.rank_list_size == 1 else 'programs'}. Certify it in the NRMP's system by "
            f"{deadline.isoformat()} and record the day here: an uncertified list is not used in the Match.",
            due=deadline,
            urgent=_within(deadline, today, 7),
        )
    ]


def _workspace_steps(stage: Stage, state: WorkspaceState) -> list[Step]:
    steps: list[Step] = []
    if state.programs == 0:
        steps.append(
            Step(
                "no-programs",
                "Bring in your program sheet",
                NextStep.IMPORT_SHEET,
                "Import the spreadsheet you keep (any columns), add programs one by one, or try the fictional demo.",
            )
        )
    if not state.has_profile:
        steps.append(
            Step(
                "no-profile",
                "Fill in your profile",
                NextStep.FILL_PROFILE,
                "Your scores, visa need and experience: matchpilot needs them to judge programs for you.",
            )
        )
    elif state.visa_need in (None, ""):
        steps.append(
            Step(
                "visa-need",
                "Say which visa you need",
                NextStep.FILL_PROFILE,
                "Without it, matchpilot cannot tell which programs can sponsor you.",
            )
        )
    if state.unknown_visa_count and _visa_words(state.visa_need):
        count = state.unknown_visa_count
        steps.append(
            Step(
                "unknown-visa",
                f"Find out the {_visa_words(state.visa_need)} sponsorship of {count} "
                f"{'program' if count == 1 else 'programs'}",
                NextStep.REVIEW_PROGRAMS,
                "Unknown sponsorship is the biggest gap in a list for an applicant who needs a visa: ask the "
                "program or check its website, then correct the fact with its source.",
            )
        )
        for program in state.unknown_visa[:_SHOWN_VISA_PROGRAMS]:
            steps.append(
                Step(
                    "unknown-visa-program",
                    f"Check the visa facts of {program.name}",
                    NextStep.EDIT_PROGRAM,
                    program=program.program,
                )
            )
    if state.programs and state.has_profile and stage in (Stage.PREPARE, Stage.APPLY):
        steps.append(
            Step(
                "pick",
                "Choose where to apply",
                NextStep.PICK_PROGRAMS,
                "My list weighs your chances, your interest and the fees, with reasons for each program.",
            )
        )
    if state.demo_programs:
        steps.append(
            Step(
                "demo",
                "Clear the fictional demo data when you start on your own",
                NextStep.CLEAR_DEMO,
                f"{state.demo_programs} of your programs are the demo's made-up ones.",
            )
        )
    return steps


def _letter_steps(today: date, stage: Stage, state: WorkspaceState, calendar: _Calendar) -> list[Step]:
    """Letters in their season (seed guide 004): letters of interest to programs that interviewed you from
    December, and the one letter of intent in late January or early February, before ranking closes."""
    if stage not in (Stage.INTERVIEW, Stage.RANK) or not state.interviews:
        return []
    steps: list[Step] = []
    if today.month in (12, 1, 2, 3):
        steps.append(
            Step(
                "interest-letters",
                "Send letters of interest to the programs you liked",
                NextStep.WRITE_LETTER,
                "Say why the program fits you; never ask how it will rank you, nor promise a rank.",
            )
        )
    if not state.intent_sent and (today.month in (1, 2, 3)) and today <= calendar.rol_deadline.on:
        steps.append(
            Step(
                "intent-letter",
                "Consider a letter of intent to your first choice (one program only)",
                NextStep.WRITE_LETTER,
                "Only if it is true: you will rank that program first. It binds nobody, and goes to one program.",
                due=calendar.rol_deadline.on,
            )
        )
    return steps


def unknown_visa_programs(
    programs: Sequence[tuple[str, str, bool | None, bool | None]], need: str | None
) -> tuple[int, tuple[UnknownVisa, ...]]:
    """How many of ``programs`` (code, name, J-1 fact, H-1B fact) have an unknown fact for the visa ``need``
    (``j1``: J-1 unknown; ``h1b``: H-1B unknown; ``j1_or_h1b``: both unknown), and the first few of them."""
    found: list[UnknownVisa] = []
    for code, name, j1, h1b in programs:
        unknown = {"j1": j1 is None, "h1b": h1b is None, "j1_or_h1b": j1 is None and h1b is None}.get(need or "")
        if unknown:
            found.append(UnknownVisa(code, name))
    return len(found), tuple(found[:_SHOWN_VISA_PROGRAMS])
