"""The formats of Match Week (SOAP): the plan (``matchpilot.soap-plan/1``), the checklist
(``matchpilot.soap-checklist/1``), the eligibility verdict (``matchpilot.soap-eligibility/1``), the timeline
(``matchpilot.soap-timeline/1``), the practice (``matchpilot.soap-practice/1``), the worths of the kinds of
position (``matchpilot.soap-worths/1``) and the offer decision help (``matchpilot.soap-decision/1``), described in
docs/soap.md.

The plan, checklist, verdict, timeline, worths and decision are the pure core's values (:mod:`matchpilot.soap`);
the practice's status and the recorded offers are read through the shapes below (what the services return has
these attributes). This module only writes them; the CLI and the API call the same functions.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any, Protocol

from matchpilot.domain.rules import RANKING_KINDS
from matchpilot.io.format_names import (
    CHECKLIST_FORMAT,
    DECISION_FORMAT,
    ELIGIBILITY_FORMAT,
    PLAN_FORMAT,
    PRACTICE_FORMAT,
    TIMELINE_FORMAT,
    WORTHS_FORMAT,
)

if TYPE_CHECKING:
    from matchpilot.chances import Interval
    from matchpilot.soap.checklist import Checklist, ChecklistEntry
    from matchpilot.soap.eligibility import Eligibility, Reason
    from matchpilot.soap.offers import Decision
    from matchpilot.soap.plan import SoapPlan
    from matchpilot.soap.timeline import Timeline, TimelineEntry
    from matchpilot.soap.worths import Worths

__all__ = [
    "CHECKLIST_FORMAT",
    "DECISION_FORMAT",
    "ELIGIBILITY_FORMAT",
    "PLAN_FORMAT",
    "PRACTICE_FORMAT",
    "TIMELINE_FORMAT",
    "WORTHS_FORMAT",
    "DecisionReportLike",
    "OfferLike",
    "PracticeStatusLike",
    "checklist_to_dict",
    "decision_to_dict",
    "eligibility_to_dict",
    "plan_to_dict",
    "practice_status_to_dict",
    "timeline_to_dict",
    "worths_to_dict",
]


class OfferLike(Protocol):
    """A recorded offer as shown, as the practice and decision documents read it."""

    @property
    def code(self) -> str: ...
    @property
    def round(self) -> int: ...
    @property
    def status(self) -> str: ...
    @property
    def deadline(self) -> datetime | None: ...
    @property
    def kind(self) -> str: ...
    @property
    def utility(self) -> float: ...
    @property
    def complementary(self) -> bool: ...


class PracticeStateLike(Protocol):
    """A practice under way: its seed, the Match year rehearsed and its clock."""

    @property
    def seed(self) -> int: ...
    @property
    def year(self) -> int: ...
    @property
    def clock(self) -> datetime: ...


class PracticeStatusLike(Protocol):
    """What :func:`practice_status_to_dict` reads of the practice's status."""

    @property
    def state(self) -> PracticeStateLike: ...
    @property
    def round(self) -> int | None: ...
    @property
    def unfilled(self) -> int: ...
    @property
    def applications(self) -> int: ...
    @property
    def offers(self) -> Sequence[OfferLike]: ...
    @property
    def accepted(self) -> OfferLike | None: ...


class DecisionReportLike(Protocol):
    """What :func:`decision_to_dict` reads of the decision help."""

    @property
    def offers(self) -> Sequence[OfferLike]: ...
    @property
    def decision(self) -> Decision | None: ...
    @property
    def accepted(self) -> OfferLike | None: ...
    @property
    def shares(self) -> Sequence[float]: ...
    @property
    def rounds(self) -> int: ...
    @property
    def reminder(self) -> str: ...
    @property
    def note(self) -> str: ...
    @property
    def notice(self) -> str: ...


def _interval(interval: Interval) -> list[float]:
    return [round(interval.low, 3), round(interval.high, 3)]


def plan_to_dict(plan: SoapPlan) -> dict[str, Any]:
    """The plan as the ``matchpilot.soap-plan/1`` JSON of the issue: format, plan, limit, visa_need,
    applications (code, name, specialty, track, visa, personal_statement, letters, chance, why), excluded
    (code, reason), warnings and, only when the list cannot meet a target, targets_not_met."""
    return {
        "format": PLAN_FORMAT,
        "plan": plan.plan,
        "limit": plan.limit,
        "visa_need": plan.visa_need,
        "applications": [
            {
                "code": a.code,
                "name": a.name,
                "specialty": a.specialty,
                "track": a.track.value,
                "visa": a.visa,
                "personal_statement": a.personal_statement,
                "letters": list(a.letters),
                "chance": _interval(a.chance),
                "why": a.why,
            }
            for a in plan.applications
        ],
        "excluded": [{"code": x.code, "reason": x.reason} for x in plan.excluded],
        "warnings": list(plan.warnings),
    } | ({"targets_not_met": list(plan.targets_not_met)} if plan.targets_not_met else {})


def checklist_to_dict(checklist: Checklist, *, facts: Mapping[str, str] | None = None) -> dict[str, Any]:
    """The checklist as plain JSON values (format ``matchpilot.soap-checklist/1``); ``facts`` (``registered``,
    ``ecfmg`` -> ``yes``/``no``/``unknown``) adds what eligibility knows to the items about the same thing."""
    told = facts or {}

    def entry(e: ChecklistEntry) -> dict[str, Any]:
        out: dict[str, Any] = {
            "id": e.item.id,
            "title": e.item.title,
            "why": e.item.why,
            "due": None if e.due is None else e.due.isoformat(),
            "due_from": e.due_source,
            "state": e.state.value,
            "done": e.ticked_at is not None,
            "ticked_at": None if e.ticked_at is None else e.ticked_at.isoformat(),
        }
        if e.item.fact:
            out["eligibility_answer"] = told.get(e.item.fact, "unknown")
        return out

    return {
        "format": CHECKLIST_FORMAT,
        "year": checklist.year,
        "now": checklist.now.isoformat(),
        "done": checklist.done,
        "total": len(checklist.entries),
        "overdue": [e.item.id for e in checklist.overdue],
        "note": checklist.note,
        "items": [entry(e) for e in checklist.entries],
    }


def eligibility_to_dict(result: Eligibility) -> dict[str, Any]:
    """The verdict as plain JSON values (format ``matchpilot.soap-eligibility/1``)."""

    def reason(r: Reason) -> dict[str, Any]:
        return {
            "code": r.code,
            "met": r.met,
            "text": r.text,
            "rule": r.rule,
            "source": r.source or None,
            "checked": r.checked or None,
        }

    return {
        "format": ELIGIBILITY_FORMAT,
        "year": result.year,
        "verdict": result.verdict.value,
        "label": result.verdict.label,
        "positions": result.positions,
        "reasons": [reason(r) for r in result.reasons],
        "limits": [reason(r) for r in result.limits],
        "instead": list(result.instead),
        "caveats": list(result.caveats),
        "notice": result.notice,
    }


def timeline_to_dict(timeline: Timeline) -> dict[str, Any]:
    """The timeline as plain JSON values (format ``matchpilot.soap-timeline/1``): ``events`` are Match Week's,
    ``ranking`` the ranking dates before it; times are ISO 8601 with the applicant's UTC offset."""
    following = timeline.next
    return {
        "format": TIMELINE_FORMAT,
        "year": timeline.year,
        "zone": timeline.zone,
        "now": timeline.now.isoformat(),
        "next": None if following is None else following.event.key,
        "countdown_seconds": None if timeline.countdown is None else int(timeline.countdown.total_seconds()),
        "next_step": timeline.next_step(),
        "note": timeline.note,
        "events": [_entry_dict(e) for e in timeline.entries if e.event.kind not in RANKING_KINDS],
        "ranking": [_entry_dict(e) for e in timeline.entries if e.event.kind in RANKING_KINDS],
    }


def _entry_dict(e: TimelineEntry) -> dict[str, Any]:
    return {
        "key": e.event.key,
        "kind": e.event.kind.value,
        "round": e.event.round,
        "title": e.event.title,
        "start": e.start.isoformat(),
        "end": None if e.end is None else e.end.isoformat(),
        "phase": e.phase.value,
        "action": e.event.action,
        "source": e.event.source,
        "checked": e.event.checked,
        "note": e.event.note,
        "projected": e.event.projected,
    }


def practice_status_to_dict(result: PracticeStatusLike) -> dict[str, Any]:
    """The ``matchpilot.soap-practice/1`` document of the practice's status: its seed, year and clock, the
    current round, the unfilled list's size, the applications sent, the offers and the accepted one."""
    return {
        "format": PRACTICE_FORMAT,
        "practice": True,
        "seed": result.state.seed,
        "year": result.state.year,
        "clock": result.state.clock.isoformat(),
        "round": result.round,
        "unfilled": result.unfilled,
        "applications": result.applications,
        "offers": [
            {
                "code": o.code,
                "round": o.round,
                "status": o.status,
                "open_until": o.deadline.isoformat() if o.deadline else None,
            }
            for o in result.offers
        ],
        "accepted": result.accepted.code if result.accepted else None,
    }


def worths_to_dict(worths: Worths, kinds: Sequence[str], labels: Mapping[str, str]) -> dict[str, Any]:
    """The ``matchpilot.soap-worths/1`` document: per kind of position (in ``kinds``' order) its label, its worth
    and whether the applicant set it."""
    rows = [
        {"kind": k, "label": labels[k], "worth": worths.of(k), "set_by_you": k in worths.set_by_user} for k in kinds
    ]
    return {"format": WORTHS_FORMAT, "worths": rows}


def decision_to_dict(report: DecisionReportLike, *, practice: bool = False) -> dict[str, Any]:
    """The ``matchpilot.soap-decision/1`` document of the offer decision help: the round, the options with their
    worth and why, the offers, the recommendation, the chance of any later offer and the notes; ``practice``
    adds ``"practice": true`` (the decision on the practice's offers)."""
    decision = report.decision
    document: dict[str, Any] = {
        "format": DECISION_FORMAT,
        "round": decision.round if decision else None,
        "rounds": report.rounds,
        "options": [
            {"code": o.code, "label": o.label, "value": round(o.value, 4), "why": o.why}
            for o in (decision.options if decision else ())
        ],
        "offers": [
            {
                "code": o.code,
                "round": o.round,
                "status": o.status,
                "open_until": o.deadline.isoformat() if o.deadline else None,
                "kind": o.kind,
                "worth": o.utility,
                "completes_your_match": o.complementary,
            }
            for o in report.offers
        ],
        "recommended": (decision.best.code or "wait") if decision else None,
        "p_any_later": round(decision.p_any_later, 4) if decision else None,
        "round_shares": [round(s, 4) for s in report.shares],
        "accepted": report.accepted.code if report.accepted else None,
        "note": report.note,
        "reminder": report.reminder,
        "notice": report.notice,
    }
    if practice:
        document["practice"] = True
    return document
