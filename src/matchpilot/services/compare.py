"""Compare programs side by side, and star favourites.

:func:`compare_programs` gathers up to :data:`MAX_COMPARED` programs of the sheet with the user's chances and
favourites; :func:`set_favourite` stars or unstars one program. The web page and the CLI lay them out.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from matchpilot.chances.model import Interval
from matchpilot.domain.program import Program
from matchpilot.domain.rank_list import normal_code
from matchpilot.errors import InputError, MatchpilotError, NotFoundError
from matchpilot.services.workspace import Services
from matchpilot.storage import FavouriteStore, ProgramStore

__all__ = ["MAX_COMPARED", "Compared", "Comparison", "compare_programs", "favourites", "set_favourite"]

MAX_COMPARED = 4
"""The most programs one comparison shows side by side."""


@dataclass(frozen=True, slots=True)
class Compared:
    """One program in a comparison: its row of the sheet, the user's chance of matching there (None without a
    profile) and whether it is a favourite."""

    program: Program
    chance: Interval | None
    favourite: bool


@dataclass(frozen=True, slots=True)
class Comparison:
    """The programs compared, in the order asked; ``chance_note`` says why chances are missing, if they are."""

    items: tuple[Compared, ...]
    chance_note: str | None = None


def _codes(codes: Iterable[str]) -> list[str]:
    """The codes asked for, normalised, without repeats, in order."""
    seen: list[str] = []
    for text in codes:
        if text.strip() and (code := normal_code(text)) not in seen:
            seen.append(code)
    return seen


def compare_programs(services: Services, codes: Iterable[str]) -> Comparison:
    """The programs of ``codes`` (2 to :data:`MAX_COMPARED`) side by side. InputError naming the codes when
    fewer than 2 or more than 4 are asked; NotFoundError naming every code the sheet does not hold."""
    from matchpilot.services.chances import chances_for

    wanted = _codes(codes)
    if len(wanted) > MAX_COMPARED:
        raise InputError(
            f"compare at most {MAX_COMPARED} programs at once; you chose {len(wanted)}: {', '.join(wanted)}"
        )
    if len(wanted) < 2:
        chosen = f" (you chose {wanted[0]})" if wanted else ""
        raise InputError(f"choose 2 to {MAX_COMPARED} programs to compare{chosen}")
    with services.database.transaction() as session:
        store = ProgramStore(session, services.owner_id)
        found = {code: store.get(code) for code in wanted}
        starred = FavouriteStore(session, services.owner_id).codes()
    missing = [code for code, program in found.items() if program is None]
    if missing:
        raise NotFoundError(f"not in your sheet: {', '.join(missing)}")
    chances: dict[str, Interval] = {}
    note: str | None = None
    try:
        report = chances_for(services)
    except MatchpilotError as error:
        note = str(error)
    else:
        chances = {e.program.code: e.chance.p_match for e in report.estimates}
    items = tuple(
        Compared(program, chances.get(code), code in starred) for code, program in found.items() if program is not None
    )
    return Comparison(items, note)


def favourites(services: Services) -> set[str]:
    """The codes of the programs the user starred."""
    with services.database.transaction() as session:
        return FavouriteStore(session, services.owner_id).codes()


def set_favourite(services: Services, code: str, on: bool = True) -> bool:
    """Star (``on``) or unstar the program ``code``; True when that changed something. Starring a program the
    sheet does not hold is a NotFoundError naming the code; unstarring one is allowed (it may have been
    removed from the sheet since)."""
    wanted = normal_code(code)
    with services.database.transaction() as session:
        store = FavouriteStore(session, services.owner_id)
        if not on:
            return store.unstar(wanted)
        if ProgramStore(session, services.owner_id).get(wanted) is None:
            raise NotFoundError(f"no program with code {wanted!r} in your sheet")
        return store.star(wanted, datetime.now(UTC))
