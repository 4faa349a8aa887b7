"""The applicant's workspace: profile and program sheet, for one owner."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import IO, Any

from matchpilot.domain.issues import Issue, Severity
from matchpilot.domain.limits import MAX_PROGRAMS
from matchpilot.domain.profile import Profile, parse_profile, profile_to_dict
from matchpilot.domain.program import Program
from matchpilot.domain.program_columns import ProgramColumns
from matchpilot.domain.query import ProgramQuery
from matchpilot.domain.sheet import (
    SHEET_COLUMNS,
    SheetParse,
    parse_sheet,
    program_to_cells,
    sheet_header,
    template_example,
)
from matchpilot.domain.specialty import canonical_specialty
from matchpilot.errors import NotFoundError, StorageError
from matchpilot.io.profile_files import read_profile_file
from matchpilot.io.tables import format_of, read_table, read_table_bytes, read_table_stream, table_bytes, write_table
from matchpilot.storage import Database, OwnerStore, ProfileStore, ProgramStore

__all__ = ["DemoReport", "ImportReport", "ProfileResult", "ProgramPage", "Services", "sheet_size_problem"]

NUMERIC_COLUMNS = ("positions", "img_share", "min_step2", "max_years_since_graduation", "interest")


@dataclass(frozen=True, slots=True)
class ProfileResult:
    """A profile that was checked: saved when ``ok``; otherwise ``issues`` says every problem."""

    profile: Profile | None
    issues: tuple[Issue, ...]

    @property
    def ok(self) -> bool:
        """True when the profile had no error and was saved."""
        return self.profile is not None


@dataclass(frozen=True, slots=True)
class ImportReport:
    """What a sheet import did. When ``ok`` is false nothing was saved."""

    source: str
    rows: int
    created: int
    updated: int
    unchanged: int
    removed: int
    issues: tuple[Issue, ...]
    interviews: int = 0
    """Interviews recorded in the letters log from the file's interview-date column (new ones only)."""

    @property
    def ok(self) -> bool:
        """True when the file had no error, so its programs were saved."""
        return not any(issue.is_error for issue in self.issues)

    @property
    def errors(self) -> list[Issue]:
        """The blocking problems."""
        return [issue for issue in self.issues if issue.is_error]

    @property
    def warnings(self) -> list[Issue]:
        """The problems that did not block."""
        return [issue for issue in self.issues if not issue.is_error]


@dataclass(frozen=True, slots=True)
class ProgramPage:
    """One page of the sheet: the programs on it and how many match the filter in all."""

    programs: tuple[Program, ...]
    total: int
    page: int
    per_page: int | None

    @property
    def pages(self) -> int:
        """How many pages the filtered sheet has (at least 1)."""
        if not self.per_page:
            return 1
        return max(1, -(-self.total // self.per_page))


@dataclass(frozen=True, slots=True)
class DemoReport:
    """What ``load_demo`` did."""

    loaded: bool
    programs: int
    profile: bool
    seed: int


class Services:
    """The use cases of one owner's workspace.

    Takes a migrated :class:`Database`, the owner's name and a ``today`` callable (the only clock).
    """

    def __init__(self, database: Database, *, owner: str = "local", today: Callable[[], date] = date.today) -> None:
        """Bind the services to ``owner`` in ``database`` (created when missing)."""
        self.database = database
        self.today = today
        with database.transaction() as session:
            self.owner_id = OwnerStore(session).ensure(owner)

    # --- profile -------------------------------------------------------------------------------------

    def profile(self) -> Profile | None:
        """The stored profile, or None when none has been saved."""
        with self.database.transaction() as session:
            data = ProfileStore(session, self.owner_id).get()
        if data is None:
            return None
        profile, issues = parse_profile(data, today=self.today())
        if profile is None:
            problems = "; ".join(str(issue) for issue in issues if issue.is_error)
            raise StorageError(f"the stored profile no longer passes the checks ({problems}); load it again")
        return profile

    def save_profile(self, data: Mapping[str, object]) -> ProfileResult:
        """Check ``data`` (from a form or a file) and save it when it has no error; nothing is saved otherwise."""
        profile, issues = parse_profile(data, today=self.today())
        if profile is not None:
            with self.database.transaction(locked_owner=self.owner_id) as session:
                ProfileStore(session, self.owner_id).save(profile_to_dict(profile))
        return ProfileResult(profile, tuple(issues))

    def load_profile_file(self, path: Path) -> ProfileResult:
        """Read a TOML/JSON profile file and save it when it has no error (InputError when unreadable)."""
        return self.save_profile(read_profile_file(path))

    # --- program sheet -------------------------------------------------------------------------------

    def check_sheet(self, path: Path) -> SheetParse:
        """Read and check a sheet file without saving anything."""
        header, rows = read_table(path)
        return parse_sheet(header, rows, today=self.today())

    def import_programs(self, path: Path, *, replace: bool = False) -> ImportReport:
        """Import a CSV/XLSX sheet file; see :meth:`import_programs_bytes`."""
        header, rows = read_table(path)
        return self._import(str(path), header, rows, replace=replace)

    def import_programs_bytes(self, content: bytes, filename: str, *, replace: bool = False) -> ImportReport:
        """Import an uploaded sheet. With errors, nothing is saved; otherwise, in one transaction, programs
        are added or updated by code (``replace``: the sheet becomes exactly the file's programs)."""
        header, rows = read_table_bytes(content, filename)
        return self._import(filename, header, rows, replace=replace)

    def import_programs_stream(self, stream: IO[bytes], filename: str, *, replace: bool = False) -> ImportReport:
        """Import an uploaded sheet from a seekable binary stream (read within the limits of a sheet); as
        :meth:`import_programs_bytes`."""
        header, rows = read_table_stream(stream, filename)
        return self._import(filename, header, rows, replace=replace)

    def import_table(
        self, source: str, header: Sequence[str], rows: Sequence[Sequence[str]], *, replace: bool = False
    ) -> ImportReport:
        """Import a table already read (a header and rows of text cells in the sheet's own columns), as
        :meth:`import_programs_bytes`; ``source`` names it in the report."""
        return self._import(source, list(header), [list(row) for row in rows], replace=replace)

    def template_bytes(self, kind: str) -> bytes:
        """A template of the sheet as the bytes of a ``csv`` or ``xlsx`` file: every column of the sheet, and
        one fictional example row."""
        cells = program_to_cells(template_example(self.today()))
        header = list(SHEET_COLUMNS)
        return table_bytes(kind, header, [[cells[column] for column in header]], numeric=NUMERIC_COLUMNS)

    def _import(self, source: str, header: list[str], rows: list[list[str]], *, replace: bool) -> ImportReport:
        parsed = parse_sheet(header, rows, today=self.today())
        if not parsed.ok:
            return ImportReport(source, len(parsed.programs), 0, 0, 0, 0, parsed.issues)
        with self.database.transaction(locked_owner=self.owner_id) as session:
            store = ProgramStore(session, self.owner_id)
            problem = sheet_size_problem(
                (code for code, _ in store.names()), (p.code for p in parsed.programs), replace=replace, source=source
            )
            if problem is not None:
                issue = Issue("sheet-too-large", Severity.ERROR, problem, "sheet")
                return ImportReport(source, len(parsed.programs), 0, 0, 0, 0, (*parsed.issues, issue))
            counts = store.upsert_many(parsed.programs)
            removed = store.delete_except(p.code for p in parsed.programs) if replace else 0
        return ImportReport(
            source, len(parsed.programs), counts.created, counts.updated, counts.unchanged, removed, parsed.issues
        )

    def export_programs(self, path: Path, query: ProgramQuery | None = None) -> int:
        """Write the sheet (or the programs ``query`` selects) to a CSV/XLSX file; returns how many."""
        format_of(path.name)
        chosen = self._programs(query)
        header = sheet_header(chosen)
        write_table(path, header, _rows(header, chosen), numeric=NUMERIC_COLUMNS)
        return len(chosen)

    def export_programs_bytes(self, kind: str, query: ProgramQuery | None = None) -> bytes:
        """The sheet as the bytes of a ``csv`` or ``xlsx`` file."""
        chosen = self._programs(query)
        header = sheet_header(chosen)
        return table_bytes(kind, header, _rows(header, chosen), numeric=NUMERIC_COLUMNS)

    def _programs(self, query: ProgramQuery | None) -> list[Program]:
        with self.database.transaction() as session:
            store = ProgramStore(session, self.owner_id)
            if query is None:
                return store.all()
            everything = ProgramQuery(query.filter, query.sort, query.descending)
            return store.query(everything)[0]

    def list_programs(self, query: ProgramQuery = ProgramQuery()) -> ProgramPage:
        """A filtered, sorted page of the sheet."""
        with self.database.transaction() as session:
            found, total = ProgramStore(session, self.owner_id).query(query)
        return ProgramPage(tuple(found), total, query.page, query.per_page)

    def sheet_columns(self) -> ProgramColumns:
        """The whole sheet, by code, as columns (one query; see :class:`ProgramColumns`), the facts a whole
        sheet's chances group programs by numbered."""
        with self.database.transaction() as session:
            return ProgramStore(session, self.owner_id).columns(numbered=True)

    def get_program(self, code: str) -> Program:
        """The program with ``code``; NotFoundError when the sheet has none."""
        with self.database.transaction() as session:
            program = ProgramStore(session, self.owner_id).get(code)
        if program is None:
            raise NotFoundError(f"no program with code {code!r} in your sheet")
        return program

    def program_count(self) -> int:
        """How many programs the sheet holds."""
        with self.database.transaction() as session:
            return ProgramStore(session, self.owner_id).count()

    def filter_choices(self) -> dict[str, list[str]]:
        """The known specialties (by canonical name: one option per specialty) and states of the sheet, for
        filter menus."""
        with self.database.transaction() as session:
            store = ProgramStore(session, self.owner_id)
            specialties, states = store.distinct("specialty"), store.distinct("state")
        return {"specialty": sorted({canonical_specialty(name) for name in specialties}), "state": states}


def sheet_size_problem(existing: Iterable[str], incoming: Iterable[str], *, replace: bool, source: str) -> str | None:
    """Why a sheet holding the codes ``existing`` cannot take the programs ``incoming`` (``replace``: the sheet
    becomes exactly those), or None when the result holds at most ``MAX_PROGRAMS`` programs."""
    codes = set(incoming) if replace else set(existing) | set(incoming)
    if len(codes) <= MAX_PROGRAMS:
        return None
    return (
        f"{source} would make your sheet hold {len(codes):,} programs; a sheet holds at most {MAX_PROGRAMS:,} "
        "(the limit for a sheet). Nothing was written: remove programs you no longer consider, or import fewer."
    )


def _rows(header: list[str], chosen: list[Program]) -> list[list[str]]:
    rows = []
    for program in chosen:
        cells: dict[str, Any] = program_to_cells(program)
        rows.append([cells.get(column, "") for column in header])
    return rows
