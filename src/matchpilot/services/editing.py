"""Editing the program sheet one program at a time: correct a fact (with its source and date), set interest and
notes, add a program, remove one. Both shells call these (the program page's forms and ``matchpilot programs
set/add/remove``), so the rules are the same in each.

Every edit goes through the sheet's own reader (:func:`matchpilot.domain.sheet.parse_sheet`) after each value is
read as the importer reads it (:func:`matchpilot.domain.mapping.normalise_value`: "Y" → yes, "35%" → 35, "New
York" → NY), so a value the sheet would refuse is refused here too, naming its field. Nothing is saved unless
every field is good. Fields are named after the sheet's columns (``visa_j1``) and their provenance columns
(``visa_j1_source``, ``visa_j1_checked_on``).

Provenance: a changed fact needs a source (where the new value came from); its date defaults to today and may not
be in the future. Interest and notes are the applicant's own entries and need none.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from types import MappingProxyType

from matchpilot.domain.cells import format_date, read_date
from matchpilot.domain.columns import COLUMNS
from matchpilot.domain.issues import Issue, Severity
from matchpilot.domain.limits import SHEET_TEXT_LENGTH, stored_text_problem
from matchpilot.domain.mapping import normalise_value
from matchpilot.domain.program import Program, Provenance
from matchpilot.domain.sheet import PROVENANCE_COLUMNS, REQUIRED_COLUMNS, SHEET_COLUMNS, parse_sheet, program_to_cells
from matchpilot.errors import NotFoundError
from matchpilot.services.workspace import Services, sheet_size_problem
from matchpilot.storage import ProgramStore

__all__ = [
    "EDITABLE_FACTS",
    "OWN_COLUMNS",
    "EditResult",
    "add_program",
    "edit_program",
    "remove_program",
    "set_interest_notes",
]

OWN_COLUMNS: tuple[str, ...] = tuple(column.name for column in COLUMNS if column.private)
"""The applicant's own entries: no outside source."""

EDITABLE_FACTS: tuple[str, ...] = tuple(c for c in PROVENANCE_COLUMNS if c not in OWN_COLUMNS)
"""The facts of a program that come from somewhere (each with its own source and date when corrected)."""


@dataclass(frozen=True, slots=True)
class EditResult:
    """What an edit did: the program as saved when ``ok``; otherwise ``issues`` names each bad field (an issue's
    ``where`` is the field's name, a sheet column) and nothing was saved. ``changed`` lists the facts whose value
    changed."""

    program: Program | None
    issues: tuple[Issue, ...]
    changed: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        """True when there was no error, so the edit was saved."""
        return self.program is not None and not any(issue.is_error for issue in self.issues)

    @property
    def errors(self) -> list[Issue]:
        """The problems that blocked the edit."""
        return [issue for issue in self.issues if issue.is_error]


def _error(code: str, message: str, field: str) -> Issue:
    return Issue(code, Severity.ERROR, message, field)


def _fact_of(field: str) -> str | None:
    """The fact a provenance field belongs to (``visa_j1_source`` → ``visa_j1``), or None."""
    for suffix in ("_source", "_checked_on"):
        if field.endswith(suffix) and field.removesuffix(suffix) in PROVENANCE_COLUMNS:
            return field.removesuffix(suffix)
    return None


def _read_values(fields: Mapping[str, str], *, allowed: set[str]) -> tuple[dict[str, str], list[Issue]]:
    """The fields' values as the sheet reads them (leniently, as the importer does), and the problems."""
    cells: dict[str, str] = {}
    issues: list[Issue] = []
    for field, raw in fields.items():
        if field not in allowed:
            known = "a column of the sheet" if field not in SHEET_COLUMNS else "a column you can change here"
            issues.append(_error("unknown-field", f"{field!r} is not {known}", field))
            continue
        if field == "checked_on" or field.endswith("_checked_on"):  # any common way of writing a date → ISO
            value, problem = normalise_value("checked_on", raw)
            if problem is not None:
                issues.append(_error("bad-date", problem, field))
            else:
                cells[field] = value
            continue
        if field == "source" or _fact_of(field) is not None:  # a source: text the sheet can keep
            problem = stored_text_problem(raw)
            if problem is None and len(raw.strip()) > SHEET_TEXT_LENGTH:
                problem = f"is longer than {SHEET_TEXT_LENGTH} characters"
            if problem is not None:
                issues.append(_error("bad-text", problem, field))
            else:
                cells[field] = raw.strip()
            continue
        value, problem = normalise_value(field, raw)
        if problem is not None:
            issues.append(_error("bad-value", problem, field))
            continue
        cells[field] = value
    return cells, issues


def _date_of(raw: str, field: str, today: date) -> tuple[date | None, Issue | None]:
    checked, problem = read_date(raw)
    if problem is not None:
        return None, _error("bad-date", problem, field)
    if checked is not None and checked > today:
        return None, _error(
            "future-date", f"{checked.isoformat()} is in the future; give the day you checked this", field
        )
    return checked, None


def _parse_one(cells: Mapping[str, str], today: date) -> tuple[Program | None, list[Issue]]:
    """Read one row of cells with the sheet's rules; issues name the field (a column), not the row."""
    header = list(cells)
    parsed = parse_sheet(header, [[cells[name] for name in header]], today=today, read_shares=False)
    issues = [
        Issue(
            issue.code, issue.severity, issue.message, issue.column if issue.row == 2 and issue.column else issue.where
        )
        for issue in parsed.issues
        if issue.code not in ("stale-date", "unknown-column")
    ]
    if not parsed.ok or not parsed.programs:
        return None, issues
    return parsed.programs[0], issues


def edit_program(services: Services, code: str, fields: Mapping[str, str]) -> EditResult:
    """Change facts of the program ``code``: ``fields`` maps sheet columns (``visa_j1``) and provenance columns
    (``visa_j1_source``, ``visa_j1_checked_on``) to text as typed. Returns the saved program, or every problem
    (nothing saved). A fact whose value changes needs a source; its date is today unless given. A source or
    date given for an unchanged fact records that it was checked again. NotFoundError when there is no such
    program."""
    today = services.today()
    allowed = (
        set(PROVENANCE_COLUMNS) | {f"{c}_source" for c in EDITABLE_FACTS} | {f"{c}_checked_on" for c in EDITABLE_FACTS}
    )
    with services.database.transaction(locked_owner=services.owner_id) as session:
        store = ProgramStore(session, services.owner_id)
        old = store.get(code)
        if old is None:
            raise NotFoundError(f"no program with code {code!r} in your sheet")
        typed, issues = _read_values(fields, allowed=allowed)
        cells = program_to_cells(old)
        for column in PROVENANCE_COLUMNS:
            if column in typed:
                cells[column] = typed[column]
        new, parse_issues = _parse_one({name: cells[name] for name in SHEET_COLUMNS}, today)
        issues += parse_issues
        changed = tuple(c for c in PROVENANCE_COLUMNS if getattr(new, c) != getattr(old, c)) if new is not None else ()
        provenance = dict(old.provenance)
        for column in EDITABLE_FACTS:
            source = typed.get(f"{column}_source", "")
            checked_raw = typed.get(f"{column}_checked_on", "")
            if column not in changed and not source and not checked_raw:
                continue
            if column in changed and not source:
                if any(issue.where == f"{column}_source" for issue in issues):
                    continue  # the source typed was refused already, with its reason
                issues.append(
                    _error(
                        "missing-source",
                        "say where the new value comes from (a web page, an email, a call)",
                        f"{column}_source",
                    )
                )
                continue
            checked, problem = _date_of(checked_raw, f"{column}_checked_on", today)
            if problem is not None:
                issues.append(problem)
                continue
            earlier = old.provenance_of(column)
            provenance[column] = Provenance(source or earlier.source, checked or today)
        if new is None or any(issue.is_error for issue in issues):
            return EditResult(None, tuple(issues), changed)
        saved = _with_provenance(new, provenance)
        store.upsert_many([saved])
    return EditResult(saved, tuple(issues), changed)


def set_interest_notes(services: Services, code: str, *, interest: str | None, notes: str | None) -> EditResult:
    """Set the applicant's own interest (1 to 5; blank: unknown) and notes of the program ``code`` (None: leave
    as it is); as :func:`edit_program`."""
    fields = {key: value for key, value in (("interest", interest), ("notes", notes)) if value is not None}
    return edit_program(services, code, fields)


def add_program(services: Services, fields: Mapping[str, str]) -> EditResult:
    """Add one program from ``fields`` (sheet columns as typed: ``code``, ``name``, ``specialty`` and ``track``
    are required, and ``source``, where the facts come from; ``checked_on`` defaults to today). Returns the saved
    program or every problem (nothing saved); a code already in the sheet is refused."""
    today = services.today()
    allowed = set(SHEET_COLUMNS)
    typed, issues = _read_values(fields, allowed=allowed)
    cells = {column: typed.get(column, "") for column in SHEET_COLUMNS}
    if not cells["source"] and not any(issue.where == "source" for issue in issues):
        issues.append(
            _error("missing-source", "say where these facts come from (a web page, an email, a call)", "source")
        )
    checked, problem = _date_of(cells["checked_on"], "checked_on", today)
    if problem is not None:
        issues.append(problem)
        cells["checked_on"] = ""
    else:
        cells["checked_on"] = format_date(checked or today)
    program, parse_issues = _parse_one(cells, today)
    issues += [issue for issue in parse_issues if not any(i.where == issue.where for i in issues)]
    with services.database.transaction(locked_owner=services.owner_id) as session:
        store = ProgramStore(session, services.owner_id)
        code = cells["code"]
        if code and store.get(code) is not None:
            issues.append(_error("duplicate-code", f"your sheet already has a program with code {code!r}", "code"))
        if program is None or any(issue.is_error for issue in issues):
            return EditResult(None, tuple(issues))
        problem_text = sheet_size_problem(
            (c for c, _ in store.names()), [program.code], replace=False, source="this program"
        )
        if problem_text is not None:
            return EditResult(None, (*issues, _error("sheet-too-large", problem_text, "code")))
        store.upsert_many([program])
    return EditResult(program, tuple(issues), tuple(c for c in REQUIRED_COLUMNS))


def remove_program(services: Services, code: str) -> Program:
    """Remove the program ``code`` from the sheet and return it (NotFoundError when there is none)."""
    with services.database.transaction(locked_owner=services.owner_id) as session:
        store = ProgramStore(session, services.owner_id)
        found = store.get(code)
        if found is None:
            raise NotFoundError(f"no program with code {code!r} in your sheet")
        store.delete_codes([code])
    return found


def _with_provenance(program: Program, provenance: Mapping[str, Provenance]) -> Program:
    from dataclasses import replace

    return replace(program, provenance=MappingProxyType(dict(sorted(provenance.items()))))
