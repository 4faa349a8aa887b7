"""Rank order list use cases: read and edit the stored list, check it against the dated rules, export it.

The checks are pure (:mod:`matchpilot.match.rol_check`); this module gathers the list, the sheet, the profile's
visa need, the chances (to tell an order by chance from an order by preference) and the dated limits.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from matchpilot.domain.issues import Issue
from matchpilot.domain.program import Program
from matchpilot.domain.rank_list import CoupleRankList, RankListLimits, RankOrderList, couple_code, normal_code
from matchpilot.domain.rules import in_force
from matchpilot.domain.season import season_for
from matchpilot.errors import InputError, MatchpilotError
from matchpilot.match.rol_check import (
    CoupleExportRow,
    ExportRow,
    check_couple_list,
    check_rank_list,
    couple_export_rows,
    couple_export_text,
    export_rows,
    export_text,
)
from matchpilot.services.soap import load_rules
from matchpilot.services.workspace import Services
from matchpilot.storage import CoupleListStore, RankListStore

__all__ = [
    "RankListReport",
    "add_couple_pair",
    "add_program",
    "certify_rank_list",
    "check_report",
    "code_of",
    "couple_list",
    "edit_couple_list",
    "edit_rank_list",
    "export_couple_csv",
    "export_couple_list",
    "export_couple_rows",
    "export_list",
    "export_list_rows",
    "match_year_for",
    "move_couple_pair",
    "move_program",
    "program_choices",
    "rank_list",
    "rank_list_limits",
    "remove_couple_pair",
    "remove_program",
    "save_rank_list",
    "set_couple_partner",
    "set_pgy1_held",
    "set_supplemental",
    "sheet_by_code",
]


@dataclass(frozen=True, slots=True)
class RankListReport:
    """The stored list, the sheet's programs it names (by code), and every issue the checks found."""

    rol: RankOrderList
    programs: Mapping[str, Program]
    issues: tuple[Issue, ...]
    limits: RankListLimits
    couple: CoupleRankList = field(default_factory=CoupleRankList)
    couple_issues: tuple[Issue, ...] = ()
    """The issues of the couple's list alone (also in ``issues``)."""

    @property
    def errors(self) -> list[Issue]:
        """The issues that break an NRMP rule."""
        return [issue for issue in self.issues if issue.is_error]


def rank_list(services: Services) -> RankOrderList:
    """The stored rank order list (empty when none was saved)."""
    with services.database.transaction() as session:
        return RankListStore(session, services.owner_id).get()


def save_rank_list(services: Services, rol: RankOrderList) -> None:
    """Store ``rol`` as the owner's list, replacing the earlier one."""
    with services.database.transaction(locked_owner=services.owner_id) as session:
        RankListStore(session, services.owner_id).save(rol)


def edit_rank_list(services: Services, change: Callable[[RankOrderList], RankOrderList]) -> RankOrderList:
    """Read the list, apply ``change`` and save the result in one transaction, holding the owner's lock: two
    edits at once (two tabs, two requests) run one after the other and both land. Returns the new list."""
    with services.database.transaction(locked_owner=services.owner_id) as session:
        store = RankListStore(session, services.owner_id)
        changed = change(store.get())
        store.save(changed)
    return changed


def add_program(services: Services, code: str, position: int | None = None) -> RankOrderList:
    """Add ``code`` at rank ``position`` (None: last). InputError when it is already on the list."""
    return edit_rank_list(services, lambda rol: rol.with_added(code, position))


def move_program(services: Services, code: str, position: int) -> RankOrderList:
    """Move ``code`` to rank ``position``; NotFoundError when it is not on the list."""
    return edit_rank_list(services, lambda rol: rol.moved(code, position))


def remove_program(services: Services, code: str) -> RankOrderList:
    """Remove ``code`` from every list; NotFoundError when it is on none."""
    return edit_rank_list(services, lambda rol: rol.removed(code))


def set_supplemental(services: Services, advanced: str, codes: Sequence[str]) -> RankOrderList:
    """Attach the PGY-1 ``codes`` (best first) to ``advanced`` as its supplemental list (none: detach)."""
    return edit_rank_list(services, lambda rol: rol.with_supplemental(advanced, codes))


def set_pgy1_held(services: Services, held: bool) -> RankOrderList:
    """Record whether the applicant already holds a PGY-1 year."""
    return edit_rank_list(services, lambda rol: replace(rol, pgy1_held=held))


def certify_rank_list(services: Services, on: date | None = None) -> RankOrderList:
    """Record that the list was certified in the NRMP's system on ``on`` (None: today); certifying again
    replaces the day. InputError for a day after today or when neither a list nor a couple's list is stored."""
    day = on or services.today()
    if day > services.today():
        raise InputError(f"{day.isoformat()} is after today ({services.today().isoformat()}); record it once certified")
    with services.database.transaction(locked_owner=services.owner_id) as session:
        store = RankListStore(session, services.owner_id)
        rol = store.get()
        if not rol.primary and not CoupleListStore(session, services.owner_id).get().pairs:
            raise InputError("your rank order list is empty: there is nothing to certify")
        certified = replace(rol, certified_on=day)
        store.save(certified)
    return certified


def couple_list(services: Services) -> CoupleRankList:
    """The stored couple's paired list (empty when none was saved)."""
    with services.database.transaction() as session:
        return CoupleListStore(session, services.owner_id).get()


def edit_couple_list(services: Services, change: Callable[[CoupleRankList], CoupleRankList]) -> CoupleRankList:
    """Read the couple's list, apply ``change`` and save the result in one transaction, holding the owner's lock
    (edits at once run one after the other and all land); returns the new list."""
    with services.database.transaction(locked_owner=services.owner_id) as session:
        store = CoupleListStore(session, services.owner_id)
        changed = change(store.get())
        store.save(changed)
    return changed


def set_couple_partner(services: Services, name: str, partner_id: str = "") -> CoupleRankList:
    """Record the partner of the couple (name and, optionally, their id)."""
    return edit_couple_list(services, lambda couple: couple.with_partner(name, partner_id))


def add_couple_pair(services: Services, mine: str, partner: str, position: int | None = None) -> CoupleRankList:
    """Add the pair (my program, the partner's program) at rank ``position`` (None: last); ``none`` on a side
    means "no match". InputError when both sides are "no match", for a repeated pair, or beyond 300 pairs."""
    return edit_couple_list(
        services, lambda couple: couple.with_pair(couple_code(mine), couple_code(partner), position)
    )


def remove_couple_pair(services: Services, rank: int) -> CoupleRankList:
    """Remove the pair at ``rank`` (1 = first); NotFoundError when there is none."""
    return edit_couple_list(services, lambda couple: couple.without_pair(rank))


def move_couple_pair(services: Services, rank: int, position: int) -> CoupleRankList:
    """Move the pair at ``rank`` to rank ``position`` (1 = first); NotFoundError when there is no pair at ``rank``,
    InputError when ``position`` is out of range."""
    return edit_couple_list(services, lambda couple: couple.with_pair_moved(rank, position))


def export_couple_list(services: Services) -> str:
    """The couple's list as text in entry order (see :func:`matchpilot.match.rol_check.couple_export_text`)."""
    return couple_export_text(couple_list(services), _sheet(services))


def export_couple_csv(services: Services) -> str:
    """The couple's list as CSV (``rank, my_code, my_program, partner_code``; "no match" spelled out), in entry
    order: what ``rol couple export --csv`` writes and the web app's download."""
    import io

    from matchpilot.io.csv_cells import SafeWriter

    buffer = io.StringIO()
    writer = SafeWriter(buffer, numeric=("rank",))
    writer.writerow(["rank", "my_code", "my_program", "partner_code"])
    for row in export_couple_rows(services):
        writer.writerow([row.rank, row.mine or "no match", row.mine_name, row.partner or "no match"])
    return buffer.getvalue()


def export_couple_rows(services: Services, *, sheet: Mapping[str, Program] | None = None) -> list[CoupleExportRow]:
    """The couple's list as rows, in entry order (``sheet``: see :func:`check_report`)."""
    return couple_export_rows(couple_list(services), _sheet(services, sheet))


def match_year_for(services: Services) -> int:
    """The Match year of the services' today: the March Match that ends the season under way."""
    return season_for(services.today()).match_year


def rank_list_limits(year: int, rules_path: Path | None = None) -> RankListLimits:
    """The dated rank order list limits in force for Match ``year`` (the latest entry when none covers it),
    from the packaged rules merged with the user's rules file at ``rules_path``."""
    rules = load_rules(rules_path).rules
    max_entry = in_force(rules.rol_max_ranks, year) or (rules.rol_max_ranks[-1] if rules.rol_max_ranks else None)
    free_entry = in_force(rules.rol_free_ranks, year) or (rules.rol_free_ranks[-1] if rules.rol_free_ranks else None)
    if max_entry is None or free_entry is None:  # pragma: no cover - the packaged rules have both
        raise MatchpilotError("the rules data has no rank order list limits")
    return RankListLimits(max_entry.value, free_entry.value, max_entry.citation(), free_entry.citation())


def sheet_by_code(services: Services) -> dict[str, Program]:
    """The sheet's programs by code, read once: a page that shows the checks, the rows and the choices passes
    it to each of them (``sheet=``) instead of reading the whole sheet three times."""
    from matchpilot.domain.query import ProgramQuery

    page = services.list_programs(ProgramQuery(per_page=None))
    return {program.code: program for program in page.programs}


def _sheet(services: Services, sheet: Mapping[str, Program] | None = None) -> Mapping[str, Program]:
    return sheet if sheet is not None else sheet_by_code(services)


def _chances(services: Services) -> dict[str, float] | None:
    if services.profile() is None:
        return None
    from matchpilot.services.chances import chances_for

    report = chances_for(services)
    return {e.program.code: e.chance.p_match.mid for e in report.estimates}


def check_report(
    services: Services, *, rules_path: Path | None = None, sheet: Mapping[str, Program] | None = None
) -> RankListReport:
    """Check the stored list (:func:`matchpilot.match.rol_check.check_rank_list`) and the couple's list
    (:func:`matchpilot.match.rol_check.check_couple_list`) with the sheet (``sheet``, from :func:`sheet_by_code`,
    or read now), the profile's visa need, the chances model and the dated limits of the current Match year."""
    rol = rank_list(services)
    couple = couple_list(services)
    programs = _sheet(services, sheet)
    limits = rank_list_limits(match_year_for(services), rules_path)
    profile = services.profile()
    visa_need = profile.visa_need if profile is not None else None
    issues = check_rank_list(
        rol,
        programs,
        limits,
        visa_need=visa_need,
        chances=_chances(services) if rol.primary else None,
    )
    couple_issues = check_couple_list(couple, programs, limits, visa_need=visa_need)
    issues += couple_issues
    named = {code: programs[code] for code in rol.unique_programs if code in programs}
    return RankListReport(rol, named, tuple(issues), limits, couple, tuple(couple_issues))


def export_list(services: Services) -> str:
    """The stored list as text, in entry order with program codes (ready to type into the NRMP's system)."""
    return export_text(rank_list(services), _sheet(services))


def export_list_rows(services: Services, *, sheet: Mapping[str, Program] | None = None) -> list[ExportRow]:
    """The stored list as rows (primary, then each supplemental list), in entry order (``sheet``: see
    :func:`check_report`)."""
    return export_rows(rank_list(services), _sheet(services, sheet))


def program_choices(services: Services, *, sheet: Mapping[str, Program] | None = None) -> list[Program]:
    """The sheet's programs, by code, for choosing what to add (``sheet``: see :func:`check_report`)."""
    return sorted(_sheet(services, sheet).values(), key=lambda p: p.code)


def code_of(text: str) -> str:
    """A program code as stored (see :func:`~matchpilot.domain.rank_list.normal_code`)."""
    return normal_code(text)
