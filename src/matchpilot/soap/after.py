"""After SOAP: the three paths of seed 000 (§6) in plain steps — matched into PM&R, matched into a preliminary or
transitional year, or without a position — with the next season's dates from the dated rules.

Pure: takes the situation, the applicant's visa need and Match result, and the next season's schedule; returns
values. The words paraphrase the seed; matchpilot is not the NRMP.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from matchpilot.domain.profile import VisaNeed
from matchpilot.domain.rules import EventKind, MatchWeekSchedule
from matchpilot.domain.season import Season, match_day, season_for
from matchpilot.soap.eligibility import MatchStatus

__all__ = [
    "SITUATIONS",
    "AfterStep",
    "NextSeason",
    "SeasonDate",
    "after_steps",
    "next_season",
    "reapply_year",
    "season_to_dict",
    "situation_for",
    "situation_label",
]

SITUATIONS: tuple[str, ...] = ("matched-pmr", "matched-pgy1", "matched-other", "unmatched")
"""Where an applicant stands after SOAP: a PM&R position, a PGY-1 (preliminary or transitional) year, another
position, or no position."""

_LABELS = {
    "matched-pmr": "You matched into PM&R",
    "matched-pgy1": "You have a preliminary or transitional year",
    "matched-other": "You accepted a position in another specialty",
    "unmatched": "You do not have a position yet",
}


def situation_label(situation: str) -> str:
    """The situation as a heading in plain words."""
    return _LABELS[situation]


def situation_for(accepted_category: str | None, match_status: MatchStatus | None) -> str:
    """The situation after SOAP from the category of the accepted offer (``pmr``, ``prelim``, ``other``; None:
    no acceptance) and the Match result the applicant told (a partial match completes or is kept):

    - a PM&R acceptance, or a PGY-1 year that completes an advanced match, is ``matched-pmr``;
    - a PGY-1 acceptance otherwise, or no acceptance but a PGY-1 matched in the Main Match, is ``matched-pgy1``;
    - another acceptance, or a full match in the Main Match (its specialty is not known), is ``matched-other``;
      no acceptance otherwise is ``unmatched``.
    """
    partial_advanced = match_status is MatchStatus.PARTIALLY_MATCHED_ADVANCED
    if accepted_category == "pmr" or (accepted_category == "prelim" and partial_advanced):
        return "matched-pmr"
    if accepted_category == "prelim":
        return "matched-pgy1"
    if accepted_category is not None:
        return "matched-other"
    if match_status is MatchStatus.PARTIALLY_MATCHED_PGY1:
        return "matched-pgy1"
    if match_status is MatchStatus.MATCHED:
        return "matched-other"  # matched in the Main Match: matchpilot does not know the specialty
    return "unmatched"


@dataclass(frozen=True, slots=True)
class AfterStep:
    """One step of a path: a short ``title`` and what to do in plain words."""

    title: str
    detail: str


@dataclass(frozen=True, slots=True)
class SeasonDate:
    """A date of the next season with its provenance (``projected``: no official page confirmed it)."""

    title: str
    when: datetime
    source: str
    projected: bool


@dataclass(frozen=True, slots=True)
class NextSeason:
    """The season to reapply in: its label, the ranking dates and Match Week from the dated rules (or Match Day
    alone, from the third Friday of March, when the rules have no schedule for it: ``note`` says so)."""

    season: Season
    dates: tuple[SeasonDate, ...]
    note: str = ""

    def words(self) -> str:
        """The season's dates in one sentence."""
        parts = [f"{d.title}: {d.when.strftime('%d %b %Y')}{' (projected)' if d.projected else ''}" for d in self.dates]
        text = (
            f"The next season is the {self.season.label}: applications go out in the autumn of "
            f"{self.season.application_year}; " + "; ".join(parts) + "."
        )
        return f"{text} {self.note}".strip()


def reapply_year(today: date) -> int:
    """The Match year of the season to reapply in, for someone reading the after-SOAP path on ``today``: from
    September to Match Day the SOAP ahead is that of the season under way (the path is read in advance), so the
    next season is the one after it; from the day after Match Day to August, SOAP has just happened and the
    season under way is the next one."""
    season = season_for(today).match_year
    return season + 1 if today.month >= 9 or today <= match_day(today.year) else season


def next_season(schedule: MatchWeekSchedule | None, match_year: int) -> NextSeason:
    """The season of Match ``match_year`` with its dated events (ranking opens, the rank order list
    certification deadline, Match Week's first day, Match Day) from ``schedule``; without one, Match Day from
    the third Friday of March and a note."""
    season = Season(match_year)
    if schedule is None:
        day = match_day(match_year)
        moment = datetime(day.year, day.month, day.day, 12, 0, tzinfo=ZoneInfo("America/New_York"))
        return NextSeason(
            season,
            (SeasonDate("Match Day", moment, "matchpilot's projection: Match Day is the third Friday of March", True),),
            f"The rules data has no Match Week {match_year} schedule yet: the other dates are not known.",
        )
    wanted = (
        (EventKind.RANKING_OPENS, "Ranking opens"),
        (EventKind.ROL_DEADLINE, "Rank order list certification deadline"),
        (EventKind.STATUS, "Match Week begins"),
        (EventKind.MATCH_DAY, "Match Day"),
    )
    dates: list[SeasonDate] = []
    for kind, title in wanted:
        event = next((e for e in schedule.all_events if e.kind is kind), None)
        if event is not None:
            dates.append(SeasonDate(title, event.start, event.source, event.projected))
    return NextSeason(season, tuple(dates))


def _visa_steps(visa: VisaNeed | None) -> list[AfterStep]:
    j1 = AfterStep(
        "Visa: J-1 through the ECFMG",
        "The ECFMG sponsors every J-1 for clinical training: once the program sends your contract, apply to the "
        "ECFMG for sponsorship, then book the consular appointment. Start at once: it takes weeks.",
    )
    h1b = AfterStep(
        "Visa: H-1B through the program",
        "The program files the H-1B petition for you; it usually needs USMLE Step 3 passed. Ask the program's "
        "graduate medical education office what it needs from you and when.",
    )
    if visa is VisaNeed.NONE:
        return []
    if visa is VisaNeed.J1:
        return [j1]
    if visa is VisaNeed.H1B:
        return [h1b]
    return [j1, h1b]


def _reapply(season: NextSeason, what: str) -> AfterStep:
    return AfterStep(f"Reapply in the {season.season.label}", f"{what} {season.words()}")


def after_steps(
    situation: str, *, visa: VisaNeed | None, match_status: MatchStatus | None, season: NextSeason
) -> tuple[AfterStep, ...]:
    """The steps of the path for ``situation`` (one of :data:`SITUATIONS`): the seed's §6.1 (PM&R), §6.2
    (a preliminary or transitional year) or §6.3 (no position), with the visa steps that fit ``visa`` (None:
    both J-1 and H-1B are described) and the next season's dates. ``ValueError`` for an unknown situation."""
    if situation == "matched-pmr":
        steps = [
            AfterStep(
                "Celebrate, then start the paperwork",
                "Your acceptance is binding and your SOAP is over. Congratulations: a PM&R position was the goal.",
            ),
            AfterStep(
                "Licence and onboarding",
                "Fill in the program's onboarding forms and the state training licence application as soon as they "
                "arrive; keep your diploma, ECFMG certificate and USMLE transcripts at hand.",
            ),
            *_visa_steps(visa),
            AfterStep(
                "Thank the program",
                "Now that SOAP is over, write a short thank-you to the program for the opportunity, and ask whether "
                "they suggest reading or tasks before you arrive.",
            ),
            AfterStep(
                "Early reading",
                "Start on the core of PM&R: neuroanatomy, the musculoskeletal examination and functional assessment.",
            ),
        ]
        if match_status is MatchStatus.PARTIALLY_MATCHED_ADVANCED:
            steps.insert(
                1,
                AfterStep(
                    "Your two years fit together",
                    "The PGY-1 year you accepted completes your advanced PM&R match: do the intern year well, and "
                    "PM&R follows it.",
                ),
            )
        return tuple(steps)
    if situation == "matched-pgy1":
        return (
            AfterStep(
                "Your year is set",
                "A preliminary or transitional year is binding once accepted. Many IMGs reach PM&R after such a "
                "year, though the path is less certain than a PM&R position: make the year count.",
            ),
            AfterStep(
                "Be a top intern",
                "Aim for strong evaluations, and ask the attendings who saw your best work for letters of "
                "recommendation.",
            ),
            AfterStep(
                "Show your interest in rehabilitation",
                "Seek the rehabilitation side of your patients: stroke, spinal cord injury, chronic pain, function "
                "after surgery.",
            ),
            AfterStep(
                "Meet PM&R faculty",
                "At your institution or nearby: ask to shadow, or to join a research project.",
            ),
            *_visa_steps(visa),
            _reapply(season, "Apply to PM&R again with a stronger, US-based application and US letters."),
        )
    if situation == "matched-other":
        return (
            AfterStep("Your position is set", "A Match result, like an accepted SOAP offer, is binding."),
            AfterStep(
                "Licence and onboarding",
                "Fill in the program's onboarding forms and the state training licence application as soon as "
                "they arrive.",
            ),
            *_visa_steps(visa),
            AfterStep(
                "If PM&R is still your goal",
                "Keep in touch with PM&R faculty and think through whether and when you would apply again.",
            ),
            _reapply(season, "If you decide to apply to PM&R again:"),
        )
    if situation == "unmatched":
        first = "Look for a position outside the Match"
        if match_status is MatchStatus.PARTIALLY_MATCHED_ADVANCED:
            first = "Look for the PGY-1 year your advanced position needs, outside the Match"
        return (
            AfterStep(
                "This is painful, and it is not the end",
                "Many IMGs reach PM&R after a year spent strengthening their application.",
            ),
            AfterStep(
                "Wait until SOAP has ended",
                "During SOAP you may not contact a program until it contacts you. Once SOAP has ended, some "
                "programs still have positions and recruit directly.",
            ),
            AfterStep(
                first,
                "Write to each program that may still be unfilled, by e-mail and then by phone, in a targeted and "
                "professional way: your updated CV, a short PM&R-focused message, and the visa you need.",
            ),
            AfterStep(
                "Strengthen your application this year",
                "US clinical experience (PM&R if you can), PM&R research or quality-improvement projects, any "
                "USMLE Step still pending, and your communication skills.",
            ),
            AfterStep(
                "Give the year a purpose",
                "A rehabilitation research position, PM&R observerships, or work with rehabilitation hospitals, "
                "non-profit organisations or veterans' organisations.",
            ),
            AfterStep(
                "Keep a record",
                "Write down each activity with its dates and what you did: the next application shows your growth "
                "and your continued interest in physiatry.",
            ),
            _reapply(season, "Apply again, with this year's work in your application."),
        )
    raise ValueError(f"{situation!r} is not a situation after SOAP; use one of {', '.join(SITUATIONS)}")


def season_to_dict(season: NextSeason) -> dict[str, Any]:
    """The next season as plain JSON values."""
    return {
        "match_year": season.season.match_year,
        "label": season.season.label,
        "dates": [
            {"title": d.title, "when": d.when.isoformat(), "source": d.source, "projected": d.projected}
            for d in season.dates
        ],
        "note": season.note,
    }
