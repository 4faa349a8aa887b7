"""Practice Match Week: rehearse the week weeks before the real one, on fictional data, in a workspace of its own.

The practice lives in a separate owner derived from the user's (``practice:<owner id>``), so nothing of the
real workspace is read for writing, changed or mixed in: the practice has its own sheet (the fictional demo
market), profile (a copy of the user's when they have one, else the demo applicant's), worths (a copy of the
user's), documents and plans (the demo ones), unfilled list (drawn, seeded, from the demo market), applications
and offers. Its clock is stored with it and only moves forward, as the real one does.

Offers of a round appear when the clock passes the round's start: the programs that offer are those the
simulated SOAP market (:func:`matchpilot.soap.practice.practice_offers`) has offering the applicant in that round,
from the applications sent; they are stored as offers open until the round's end, and then expire like real
ones. The plan, the applications, the offers and the decision help are the real use cases of
:mod:`matchpilot.services.soap_week` run against the practice workspace at the practice clock.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from matchpilot.domain.match_week import SoapOffer
from matchpilot.domain.rules import EventKind, MatchWeekSchedule, Rules
from matchpilot.errors import InputError, StorageError
from matchpilot.services import soap_week as week
from matchpilot.services.soap import soap_timeline
from matchpilot.services.workspace import Services
from matchpilot.soap import MatchStatus, Timeline, format_local, join_with_sheet, match_year_for, soap_category
from matchpilot.soap.practice import PracticeProgram, practice_offers
from matchpilot.storage import (
    OwnerStore,
    ProfileStore,
    SoapAnswerStore,
    SoapApplicationStore,
    SoapOfferStore,
    erase_owner_records,
    owner_record_count,
    practice_owner_name,
)

__all__ = [
    "DEFAULT_PRACTICE_SEED",
    "PRACTICE_BANNER",
    "PracticeState",
    "PracticeStatus",
    "answer_practice_offer",
    "practice_clock_choices",
    "practice_decide",
    "practice_plan",
    "practice_record_count",
    "practice_state",
    "practice_status",
    "practice_workspace",
    "reset_practice",
    "set_practice_clock",
    "start_practice",
]

DEFAULT_PRACTICE_SEED = 2027
"""The seed of a practice started without one (the fictional unfilled list and the simulated market)."""

PRACTICE_BANNER = "Practice — nothing here touches your real Match Week."
"""The words every practice page and command shows."""

_TOPIC = "practice"


@dataclass(frozen=True, slots=True)
class PracticeState:
    """A practice under way: its ``seed``, the Match ``year`` rehearsed, the practice ``clock`` (UTC) and the
    last round whose offers were delivered (0: none yet)."""

    seed: int
    year: int
    clock: datetime
    delivered: int


@dataclass(frozen=True, slots=True)
class PracticeStatus:
    """What the practice looks like at its clock: the state, the timeline seen from the clock (US Eastern),
    the current round (None outside the rounds), the unfilled list's size, the applications sent, every offer
    with its status at the clock and the accepted one (SOAP over)."""

    state: PracticeState
    timeline: Timeline
    round: int | None
    unfilled: int
    applications: int
    offers: tuple[week.OfferView, ...]
    accepted: week.OfferView | None
    list_opens: datetime | None = None

    @property
    def list_released(self) -> bool:
        """True once the clock has reached the release of the list of unfilled programs (Monday)."""
        return self.list_opens is None or self.list_opens.astimezone(UTC) <= self.state.clock.astimezone(UTC)

    @property
    def clock_text(self) -> str:
        """The practice clock in words, in the schedule's zone (Eastern Time)."""
        return format_local(self.state.clock.astimezone(ZoneInfo(self.timeline.zone)))


def _owner_name(services: Services) -> str:
    return practice_owner_name(services.owner_id)


def _raw_state(practice: Services) -> PracticeState | None:
    with practice.database.transaction() as session:
        data = SoapAnswerStore(session, practice.owner_id).get(_TOPIC)
    if not data:
        return None
    clock = datetime.fromisoformat(str(data["clock"]))
    return PracticeState(int(data["seed"]), int(data["year"]), clock, int(data.get("delivered", 0)))


def practice_workspace(services: Services) -> Services:
    """The services of ``services``' practice workspace (a separate owner): its today is the practice clock's
    day (the real today before a practice starts)."""
    probe = Services(services.database, owner=_owner_name(services), today=services.today)
    state = _raw_state(probe)
    if state is None:
        return probe
    day = state.clock.astimezone(ZoneInfo("America/New_York")).date()
    return Services(services.database, owner=_owner_name(services), today=lambda: day)


def _existing_practice(services: Services) -> Services | None:
    """The services of ``services``' practice workspace when its owner exists, else None: looking never creates
    it (only :func:`start_practice` does), so opening the practice page writes nothing."""
    with services.database.transaction() as session:
        found = OwnerStore(session).find(_owner_name(services))
    if found is None:
        return None
    return Services(services.database, owner=_owner_name(services), today=services.today)


def practice_state(services: Services) -> PracticeState | None:
    """The practice under way for ``services``' user, or None when none was started (or it was reset). Reads
    only: a user who never started a practice has no practice workspace, and this does not make one."""
    existing = _existing_practice(services)
    return None if existing is None else _raw_state(existing)


def _need_state(services: Services) -> PracticeState:
    state = practice_state(services)
    if state is None:
        raise InputError("no practice under way: start a practice Match Week first")
    return state


def _schedule(rules: Rules, year: int) -> MatchWeekSchedule:
    schedule = rules.match_week(year)
    if schedule is None or not schedule.rounds:
        raise InputError(f"the rules data has no offer rounds for Match Week {year}: a practice needs them")
    return schedule


def _list_opens(schedule: MatchWeekSchedule) -> datetime | None:
    """When the list of unfilled programs is released (None when the schedule does not say)."""
    return next((e.start for e in schedule.week_events if e.kind == EventKind.UNFILLED_LIST), None)


def _need_list(state: PracticeState, schedule: MatchWeekSchedule) -> None:
    opens = _list_opens(schedule)
    if opens is not None and state.clock.astimezone(UTC) < opens.astimezone(UTC):
        shown = format_local(opens.astimezone(ZoneInfo(schedule.zone)))
        raise InputError(
            f"the list of unfilled programs is released {shown}: set the practice clock to then to see it and "
            "make your plan"
        )


def _week_bounds(schedule: MatchWeekSchedule) -> tuple[datetime, datetime]:
    """From Monday 00:00 to Saturday 00:00 of the week, in the schedule's zone."""
    zone = ZoneInfo(schedule.zone)
    first = min(e.start for e in schedule.week_events).astimezone(zone)
    monday = first.date() - timedelta(days=first.weekday())
    start = datetime(monday.year, monday.month, monday.day, tzinfo=zone)
    saturday = monday + timedelta(days=5)
    return start, datetime(saturday.year, saturday.month, saturday.day, tzinfo=zone)


def _practice_year(services: Services, rules: Rules, year: int | None) -> int:
    if year is not None:
        if rules.match_week(year) is None:
            known = ", ".join(map(str, rules.match_week_years)) or "none"
            raise InputError(f"year {year}: the rules data has no Match Week schedule for it (known years: {known})")
        return year
    today = services.today()
    wanted = match_year_for(rules, datetime(today.year, today.month, today.day, 12, tzinfo=UTC))
    if rules.match_week(wanted) is not None:
        return wanted
    years = [y for y in rules.match_week_years if rules.match_week(y) is not None]
    if not years:
        raise InputError("the rules data has no Match Week schedule: a practice needs one")
    return max(years)


def _save_state(session_services: Services, state: PracticeState) -> None:
    data = {
        "seed": state.seed,
        "year": state.year,
        "clock": state.clock.astimezone(UTC).isoformat(),
        "delivered": state.delivered,
    }
    with session_services.database.transaction(locked_owner=session_services.owner_id) as session:
        SoapAnswerStore(session, session_services.owner_id).save(_TOPIC, data)


def start_practice(
    services: Services, rules: Rules, *, seed: int | None = None, year: int | None = None
) -> PracticeStatus:
    """Start (or start again) a practice Match Week for ``services``' user: clear the practice workspace, fill it
    with the fictional demo market, the user's profile (else the demo applicant's) and worths, the demo
    documents and plans, and a fictional unfilled list drawn with ``seed``; set the clock to one hour before the
    week's first event (Monday morning, before the Match status). Only the practice workspace is written."""
    from matchpilot.services.demo import load_demo

    chosen_seed = DEFAULT_PRACTICE_SEED if seed is None else seed
    if chosen_seed < 0:
        raise InputError(f"seed {chosen_seed}: use a whole number of 0 or more")
    practice_year = _practice_year(services, rules, year)
    schedule = _schedule(rules, practice_year)
    clock = (min(e.start for e in schedule.week_events) - timedelta(hours=1)).astimezone(UTC)
    with services.database.transaction() as session:
        profile = ProfileStore(session, services.owner_id).get()
        worths = SoapAnswerStore(session, services.owner_id).get(week.WORTHS_TOPIC)
    day = clock.astimezone(ZoneInfo(schedule.zone)).date()
    practice = Services(services.database, owner=_owner_name(services), today=lambda: day)
    with practice.database.transaction(locked_owner=practice.owner_id) as session:
        erase_owner_records(session, practice.owner_id)
    load_demo(practice)
    with practice.database.transaction(locked_owner=practice.owner_id) as session:
        if profile is not None:
            ProfileStore(session, practice.owner_id).save(profile)
        if worths:
            SoapAnswerStore(session, practice.owner_id).save(week.WORTHS_TOPIC, worths)
    if profile is not None and _profile_broken(practice):
        with practice.database.transaction(locked_owner=practice.owner_id) as session:  # keep the demo applicant
            erase_owner_records(session, practice.owner_id)
        load_demo(practice)
    week.import_demo_unfilled(practice, seed=chosen_seed)
    _save_state(practice, PracticeState(chosen_seed, practice_year, clock, 0))
    return practice_status(services, rules)


def _profile_broken(practice: Services) -> bool:
    try:
        practice.profile()
    except StorageError:  # a stored profile that no longer passes the checks: use the demo applicant's
        return True
    return False


def practice_clock_choices(services: Services, rules: Rules) -> tuple[tuple[str, datetime], ...]:
    """Moments worth jumping to in the practice week: each event's start (and each round's last minutes), as
    ``(label, moment)`` in time order."""
    state = _need_state(services)
    schedule = _schedule(rules, state.year)
    choices: list[tuple[str, datetime]] = []
    for event in schedule.week_events:
        choices.append((event.title, event.start))
        if event.round is not None and event.end is not None:
            choices.append((f"{event.title}: 10 minutes before it ends", event.end - timedelta(minutes=10)))
    return tuple(sorted(choices, key=lambda pair: pair[1].astimezone(UTC)))


def _deliver(practice: Services, rules: Rules, state: PracticeState, clock: datetime) -> int:
    """Store the offers of every round that started by ``clock`` and was not delivered yet (none after an
    acceptance); returns the last round delivered."""
    schedule = _schedule(rules, state.year)
    delivered = state.delivered
    due = [e for e in schedule.rounds if e.round is not None and e.start.astimezone(UTC) <= clock.astimezone(UTC)]
    if not due or max(e.round or 0 for e in due) <= delivered:
        return delivered
    cap = week.soap_cap(rules, now=clock).value
    unfilled, _ = week.stored_unfilled(practice)
    programs = [
        PracticeProgram(e.program.code, soap_category(e.program), e.unfilled.positions)
        for e in join_with_sheet(unfilled, practice.list_programs().programs)
    ]
    with practice.database.transaction(locked_owner=practice.owner_id) as session:
        applied = SoapApplicationStore(session, practice.owner_id).codes()
        store = SoapOfferStore(session, practice.owner_id)
        offered = practice_offers(programs, applied, seed=state.seed, rounds=len(schedule.rounds), cap=cap)
        for event in sorted(due, key=lambda e: e.round or 0):
            number = event.round or 0
            if number <= delivered:
                continue
            existing = store.all()
            if any(o.status == "accepted" for o in existing):
                break
            seen = {o.code.upper() for o in existing}
            assert event.end is not None
            for code in offered[number - 1]:
                if code.upper() not in seen:
                    store.add(SoapOffer(code, number, event.end.astimezone(UTC), "open"))
            delivered = number
    return delivered


def set_practice_clock(services: Services, rules: Rules, moment: datetime) -> PracticeStatus:
    """Move the practice clock to ``moment`` (an aware datetime within the practice week, not before the
    clock): the offers of every round that has started arrive. Raises :class:`InputError` naming the moment
    when it has no time zone, is outside the week or goes back in time; nothing changes then."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise InputError("clock: give the moment with a time zone (an offset such as -04:00)")
    state = _need_state(services)
    schedule = _schedule(rules, state.year)
    start, end = _week_bounds(schedule)
    zone = ZoneInfo(schedule.zone)
    shown = format_local(moment.astimezone(zone))
    if not start.astimezone(UTC) <= moment.astimezone(UTC) < end.astimezone(UTC):
        raise InputError(
            f"clock {shown}: the practice week runs from {format_local(start)} to {format_local(end)} "
            f"(Match Week {state.year})"
        )
    if moment.astimezone(UTC) < state.clock.astimezone(UTC):
        raise InputError(
            f"clock {shown}: the practice clock is at {format_local(state.clock.astimezone(zone))} and moves "
            "forward only, as the real one does; start the practice again to go back"
        )
    practice = practice_workspace(services)
    delivered = _deliver(practice, rules, state, moment)
    _save_state(practice, PracticeState(state.seed, state.year, moment.astimezone(UTC), delivered))
    return practice_status(services, rules)


def practice_status(services: Services, rules: Rules) -> PracticeStatus:
    """The practice at its clock (see :class:`PracticeStatus`); :class:`InputError` when none is under way."""
    state = _need_state(services)
    schedule = _schedule(rules, state.year)
    practice = practice_workspace(services)
    timeline = soap_timeline(rules, now=state.clock, zone=ZoneInfo(schedule.zone), year=state.year)
    current = next(
        (
            e.round
            for e in schedule.rounds
            if e.end is not None and e.start.astimezone(UTC) <= state.clock < e.end.astimezone(UTC)
        ),
        None,
    )
    unfilled, _ = week.stored_unfilled(practice)
    offers = week.list_offers(practice, now=state.clock, rules=rules)
    accepted = next((o for o in offers if o.status == "accepted"), None)
    sent = len(week.applications(practice))
    return PracticeStatus(state, timeline, current, len(unfilled), sent, offers, accepted, _list_opens(schedule))


def practice_plan(
    services: Services, rules: Rules, *, plan_name: str | None = None, save: bool = False
) -> week.PlanReport:
    """The plan on the practice unfilled list (the real plan's logic); with ``save``, its applications become
    the practice applications sent (at the practice clock)."""
    state = _need_state(services)
    _need_list(state, _schedule(rules, state.year))
    practice = practice_workspace(services)
    report = week.soap_plan(
        practice,
        rules,
        plan_name=plan_name,
        match_status=week.get_facts(practice).match_status or MatchStatus.UNMATCHED,
    )
    if save:
        week.save_plan_applications(practice, report, rules=rules, now=state.clock)
    return report


def practice_decide(services: Services, rules: Rules) -> week.DecisionReport:
    """The decision help on the practice offers at the practice clock (the real offers' logic)."""
    state = _need_state(services)
    report = week.decide_offers(practice_workspace(services), rules, now=state.clock)
    if report.note.startswith("No offer to decide on"):
        report = replace(report, note="No practice offer to decide on yet: offers arrive round by round on their own.")
    return report


def answer_practice_offer(services: Services, rules: Rules, code: str, status: str) -> tuple[week.OfferView, ...]:
    """Answer a practice offer at the practice clock (``accepted`` or ``declined``), with the real rules: an
    offer whose round has ended has expired, an acceptance is binding and ends the practice SOAP."""
    state = _need_state(services)
    if status.strip().lower() not in ("accepted", "declined"):
        raise InputError(f"status {status!r}: use accepted or declined")
    return week.set_offer_status(practice_workspace(services), code, status, rules=rules, now=state.clock)


def reset_practice(services: Services) -> int:
    """Clear the practice workspace entirely (its clock too); returns how many practice records were removed.
    The real workspace is not touched."""
    practice = _existing_practice(services)
    if practice is None:
        return 0
    with practice.database.transaction(locked_owner=practice.owner_id) as session:
        return erase_owner_records(session, practice.owner_id)


def practice_record_count(services: Services) -> int:
    """How many records the practice workspace holds (0 after a reset)."""
    practice = _existing_practice(services)
    if practice is None:
        return 0
    with practice.database.transaction() as session:
        return owner_record_count(session, practice.owner_id)
