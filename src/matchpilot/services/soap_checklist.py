"""Use cases of the readiness checklist before Match Week: show it for the season under way with due dates from
the dated rules, tick and untick items (stored per owner and Match year), and what eligibility knows about the
items it asks about (registration, ECFMG status).

Each change is one transaction: every item id is checked first, and nothing is saved when one is unknown.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from matchpilot.domain.rules import Rules
from matchpilot.errors import InputError
from matchpilot.io.soap_json import checklist_to_dict
from matchpilot.soap.checklist import (
    CHECKLIST_ITEMS,
    Checklist,
    ChecklistEntry,
    ItemState,
    build_checklist,
    checklist_item,
)
from matchpilot.soap.timeline import match_year_for
from matchpilot.storage import SoapChecklistStore

if TYPE_CHECKING:
    from matchpilot.services.workspace import Services

__all__ = [
    "CHECKLIST_ITEMS",
    "Checklist",
    "ChecklistEntry",
    "ChecklistView",
    "ItemState",
    "change_checklist",
    "readiness",
    "save_checklist",
]


@dataclass(frozen=True, slots=True)
class ChecklistView:
    """The checklist with what eligibility knows: ``facts`` maps ``registered``/``ecfmg`` to ``yes``, ``no``
    or ``unknown`` (matchpilot never assumes them)."""

    checklist: Checklist
    facts: dict[str, str]

    def to_dict(self) -> dict[str, object]:
        """Plain JSON values (format ``matchpilot.soap-checklist/1``)."""
        return checklist_to_dict(self.checklist, facts=self.facts)


def _aware(now: datetime) -> datetime:
    if now.tzinfo is None or now.utcoffset() is None:
        raise InputError("now must be a date and time with a time zone")
    return now


def _year(rules: Rules, now: datetime, year: int | None) -> int:
    return match_year_for(rules, now) if year is None else year


def readiness(services: Services, rules: Rules, *, now: datetime, year: int | None = None) -> ChecklistView:
    """The readiness checklist of Match ``year`` (default: the season under way at ``now``), with due dates
    computed from that year's Match Week schedule and the items the applicant ticked. Items for international
    medical graduates only are left out when the stored profile says the applicant is not one."""
    from matchpilot.services.soap_week import get_facts

    now = _aware(now)
    chosen = _year(rules, now, year)
    profile = services.profile()
    img = None if profile is None else profile.applicant_type.is_img
    with services.database.transaction() as session:
        ticks = SoapChecklistStore(session, services.owner_id).ticks(chosen)
    checklist = build_checklist(rules.match_week(chosen), chosen, now, ticks, img=img)
    facts = get_facts(services)
    return ChecklistView(checklist, {"registered": facts.answer("registered"), "ecfmg": facts.answer("ecfmg")})


def _ids(items: Iterable[str], what: str) -> list[str]:
    out: list[str] = []
    for text in items:
        try:
            item = checklist_item(text)
        except KeyError as error:
            raise InputError(f"{what}: {error.args[0]}") from None
        if item.id not in out:
            out.append(item.id)
    return out


def change_checklist(
    services: Services,
    rules: Rules,
    *,
    tick: Iterable[str] = (),
    untick: Iterable[str] = (),
    now: datetime,
    year: int | None = None,
) -> ChecklistView:
    """Tick the items ``tick`` and untick the items ``untick`` for Match ``year`` (default: the season under
    way at ``now``); ticking an item already done keeps its first tick. An unknown id raises
    :class:`InputError` naming it and the known ids; nothing is saved then."""
    now = _aware(now)
    ticked, unticked = _ids(tick, "tick"), _ids(untick, "untick")
    both = set(ticked) & set(unticked)
    if both:
        raise InputError(f"{sorted(both)[0]}: ticked and unticked at once; choose one")
    chosen = _year(rules, now, year)
    with services.database.transaction(locked_owner=services.owner_id) as session:
        store = SoapChecklistStore(session, services.owner_id)
        for item in ticked:
            store.tick(chosen, item, now.astimezone(UTC))
        for item in unticked:
            store.untick(chosen, item)
    return readiness(services, rules, now=now, year=chosen)


def save_checklist(
    services: Services, rules: Rules, done: Iterable[str], *, now: datetime, year: int | None = None
) -> ChecklistView:
    """The checklist form: the items in ``done`` are ticked, every other item unticked (a web form sends only
    the boxes that are checked). An unknown id raises :class:`InputError`; nothing is saved then."""
    chosen = _ids(done, "done")
    others = [item.id for item in CHECKLIST_ITEMS if item.id not in chosen]
    return change_checklist(services, rules, tick=chosen, untick=others, now=now, year=year)
