"""Use cases of Match Week beyond eligibility and the timeline: documents and their assignment rule,
distribution plans, the unfilled list, the plan instantiated on it, offers and the decision help, the SOAP
simulator, after SOAP, and the interview cheat sheet.

Each use case is one transaction: it checks everything first and saves all or nothing. Yearly facts (the SOAP
cap, the number of rounds, the ERAS letters per application, the binding offer rule) come from the dated rules
(:func:`matchpilot.services.soap.load_rules`), never from constants. The core's values the shells need are
re-exported here, so shells import nothing from the core or from storage.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from matchpilot.domain.issues import Issue, Severity
from matchpilot.domain.mapping import mapping_from_pairs
from matchpilot.domain.match_week import SoapOffer
from matchpilot.domain.portfolio import CategoryBounds
from matchpilot.domain.profile import Profile
from matchpilot.domain.program import Program
from matchpilot.domain.rules import DatedRule, MatchWeekEvent, MatchWeekSchedule, Rules, in_force
from matchpilot.errors import InputError, InvalidDataError, NextStep, NotFoundError
from matchpilot.io.soap_json import plan_to_dict
from matchpilot.io.tables import read_table, read_table_bytes, table_bytes
from matchpilot.soap import (
    CATEGORIES,
    CATEGORY_LABELS,
    CHEATSHEET_PARTS,
    NOT_THE_NRMP,
    PLAN_CSV_COLUMNS,
    QUESTIONS,
    UNFILLED_COLUMNS,
    AssignmentEntry,
    AssignmentRule,
    CheatSheet,
    Decision,
    DistributionPlan,
    Letter,
    MatchStatus,
    Option,
    PendingProgram,
    PlanApplication,
    PlanExclusion,
    RoundOffer,
    SimulationResult,
    SoapPlan,
    Statement,
    UnfilledEntry,
    UnfilledPreview,
    UnfilledProgram,
    build_plan,
    cheatsheet_to_dict,
    check_key,
    compare_rules,
    decide,
    default_rule,
    document_issues,
    format_bounds,
    format_local,
    join_with_sheet,
    map_unfilled,
    match_year_for,
    normalize_target,
    parse_bounds_text,
    parse_cheatsheet,
    parse_unfilled,
    plan_csv_rows,
    plan_issues,
    preview_unfilled,
    render_cheatsheet,
    simulate_soap,
    soap_category,
    suggest_unfilled_mapping,
    visa_status,
)
from matchpilot.soap.after import (
    SITUATIONS,
    AfterStep,
    NextSeason,
    after_steps,
    next_season,
    reapply_year,
    season_to_dict,
    situation_for,
    situation_label,
)
from matchpilot.soap.eligibility import SoapStatus
from matchpilot.soap.worths import (
    CONSIDERATIONS,
    KIND_LABELS,
    WORTH_KINDS,
    Worths,
    complementary,
    parse_worth,
    position_kind,
)
from matchpilot.storage import (
    ProgramStore,
    SoapAnswerStore,
    SoapApplicationStore,
    SoapAssignmentStore,
    SoapCheatSheetStore,
    SoapDocumentStore,
    SoapOfferStore,
    SoapPlanStore,
    SoapUnfilledStore,
)

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from matchpilot.services.workspace import Services

__all__ = [
    "CATEGORIES",
    "CATEGORY_LABELS",
    "CHEATSHEET_PARTS",
    "CONSIDERATIONS",
    "FACT_ANSWERS",
    "KIND_LABELS",
    "OFFER_STATUSES",
    "PLAN_CSV_COLUMNS",
    "QUESTIONS",
    "SIMULATION_SEED",
    "SITUATIONS",
    "UNFILLED_COLUMNS",
    "WORTH_KINDS",
    "AfterProgram",
    "AfterSoap",
    "AfterStep",
    "ApplicationView",
    "CheatSheet",
    "Decision",
    "DecisionReport",
    "DistributionPlan",
    "DocumentSet",
    "Letter",
    "NextSeason",
    "OfferView",
    "Option",
    "PlanApplication",
    "PlanExclusion",
    "PlanReport",
    "SimulationResult",
    "SoapFacts",
    "SoapPlan",
    "Statement",
    "UnfilledImport",
    "UnfilledPreview",
    "UnfilledProgram",
    "Worths",
    "add_applications",
    "add_letter",
    "add_plan",
    "add_statement",
    "after_soap",
    "applications",
    "cheatsheet_text",
    "compare_soap_rules",
    "decide_offers",
    "documents",
    "facts_status",
    "format_bounds",
    "get_cheatsheet",
    "get_facts",
    "get_worths",
    "import_demo_unfilled",
    "import_unfilled",
    "import_unfilled_bytes",
    "import_unfilled_mapped",
    "list_offers",
    "list_plans",
    "load_soap_demo",
    "parse_bounds_text",
    "parse_worth",
    "plan_csv",
    "read_unfilled_file",
    "read_unfilled_table",
    "read_unfilled_table_bytes",
    "record_offer",
    "remove_applications",
    "remove_document",
    "remove_plan",
    "render_cheatsheet",
    "round_shares",
    "save_cheatsheet",
    "save_plan_applications",
    "set_assignment",
    "set_facts",
    "set_offer_status",
    "set_worths",
    "soap_cap",
    "soap_over",
    "soap_plan",
    "stored_unfilled",
    "unfilled_mapping_preview",
]

OFFER_STATUSES: tuple[str, ...] = ("open", "accepted", "declined", "expired")
"""The statuses of a recorded offer."""

SIMULATION_SEED = 2027
"""The seed of the simulated market whose per-round offer shares the decision help uses."""


# --- dated rules --------------------------------------------------------------------------------------------------


def _year(services: Services, rules: Rules) -> int:
    today = services.today()
    return match_year_for(rules, datetime(today.year, today.month, today.day, tzinfo=UTC))


def _rule(history: Sequence[DatedRule[Any]], name: str, year: int) -> DatedRule[Any]:
    found = in_force(history, year)
    if found is None:
        raise InputError(
            f"matchpilot's dated rules have no {name} for {year} yet; "
            "a newer matchpilot or corrected rules data brings it"
        )
    return found


def _cap(rules: Rules, year: int) -> DatedRule[int]:
    return _rule(rules.soap_application_cap, "soap_application_cap", year)


def soap_cap(rules: Rules, *, now: datetime) -> DatedRule[int]:
    """The SOAP application cap in force for the Match Week people care about at ``now``."""
    return _cap(rules, match_year_for(rules, now))


# --- documents ----------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DocumentSet:
    """The stored documents and the assignment rule in force (the defaults with the stored entries over them);
    ``stored`` are the entries the user set."""

    statements: tuple[Statement, ...]
    letters: tuple[Letter, ...]
    rule: AssignmentRule
    stored: tuple[AssignmentEntry, ...]

    @property
    def statement_map(self) -> dict[str, Statement]:
        """The statements by key."""
        return {s.key: s for s in self.statements}


def _document_set(session: Session, owner_id: int) -> DocumentSet:
    stored = SoapDocumentStore(session, owner_id).all()
    statements = tuple(d for d in stored if isinstance(d, Statement))
    letters = tuple(d for d in stored if isinstance(d, Letter))
    entries = tuple(SoapAssignmentStore(session, owner_id).all())
    return DocumentSet(statements, letters, default_rule().with_entries(entries), entries)


def documents(services: Services) -> DocumentSet:
    """The stored personal statement variants, letters and the assignment rule."""
    with services.database.transaction() as session:
        return _document_set(session, services.owner_id)


def _check_document(key: str, title: str, text: str, *, kind: str, writer: str | None = None) -> None:
    issues = document_issues(key, title, text, writer=writer, kind=kind)
    if issues:
        raise InvalidDataError(f"the {kind} {key!r} cannot be stored; nothing was saved", issues)


def add_statement(services: Services, key: str, title: str, text: str) -> bool:
    """Store a personal statement variant (replacing the one with the same key); True when one was replaced.
    Raises :class:`InvalidDataError` naming each bad field."""
    key = key.strip().lower()
    _check_document(key, title, text, kind="statement")
    with services.database.transaction(locked_owner=services.owner_id) as session:
        return SoapDocumentStore(session, services.owner_id).save(Statement(key, title.strip(), text.strip()))


def add_letter(services: Services, key: str, writer: str, specialty: str, *, title: str = "", text: str = "") -> bool:
    """Store a letter of recommendation (replacing the one with the same key); True when one was replaced.
    ``specialty`` is the writer's; ``text`` the letter or a note on where it is."""
    key = key.strip().lower()
    shown = title.strip() or f"Letter from {writer.strip()}"
    _check_document(key, shown, text, kind="letter", writer=writer)
    if not specialty.strip():
        raise InvalidDataError(
            f"the letter {key!r} cannot be stored; nothing was saved",
            [Issue("missing-value", Severity.ERROR, "the writer's specialty is required (e.g. PM&R)", "specialty")],
        )
    with services.database.transaction(locked_owner=services.owner_id) as session:
        return SoapDocumentStore(session, services.owner_id).save(
            Letter(key, writer.strip(), specialty.strip(), text.strip(), shown)
        )


def remove_document(services: Services, kind: str, key: str) -> None:
    """Forget a statement or letter; :class:`NotFoundError` when there is none."""
    if kind not in ("statement", "letter"):
        raise InputError(f"{kind!r} is not a kind of document: use statement or letter")
    with services.database.transaction(locked_owner=services.owner_id) as session:
        if not SoapDocumentStore(session, services.owner_id).remove(kind, key.strip().lower()):
            raise NotFoundError(f"no {kind} with key {key!r}")


def set_assignment(
    services: Services, target: str, statement: str | None, letters: Sequence[str] = ()
) -> AssignmentEntry:
    """Set the rule's entry for ``target`` (``pmr``, ``prelim``, ``other`` or ``specialty:NAME``): the
    statement variant and the letters (none: chosen automatically). Keys not stored yet are allowed (the plan
    warns about them). Raises :class:`InvalidDataError` naming a bad target or key."""
    normalized = normalize_target(target)
    issues: list[Issue] = []
    if normalized not in CATEGORIES and not (normalized.startswith("specialty:") and len(normalized) > 10):
        issues.append(Issue("bad-target", Severity.ERROR, f"use {', '.join(CATEGORIES)} or specialty:NAME", "target"))
    keys = [k.strip().lower() for k in letters if k.strip()]
    for key in ([statement.strip().lower()] if statement else []) + keys:
        problem = check_key(key)
        if problem:
            issues.append(Issue("bad-key", Severity.ERROR, problem, key))
    if len(set(keys)) != len(keys):
        issues.append(Issue("duplicate", Severity.ERROR, "a letter is named twice", "letters"))
    if issues:
        raise InvalidDataError(f"the assignment for {target!r} cannot be stored; nothing was saved", issues)
    entry = AssignmentEntry(normalized, statement.strip().lower() if statement else None, tuple(keys))
    with services.database.transaction(locked_owner=services.owner_id) as session:
        SoapAssignmentStore(session, services.owner_id).save(entry)
    return entry


# --- distribution plans ------------------------------------------------------------------------------------------


def add_plan(
    services: Services,
    name: str,
    bounds: Mapping[str, CategoryBounds],
    *,
    rules: Rules,
    max_applications: int | None = None,
    default: bool = False,
    note: str = "",
) -> DistributionPlan:
    """Store a distribution plan by name (replacing the plan of the same name). The first plan stored becomes
    the default; ``default`` makes this one the default. Raises :class:`InvalidDataError` naming each problem
    (a bad name, an unknown category, minimums above the year's SOAP cap)."""
    plan = DistributionPlan(name.strip(), dict(bounds), max_applications, default, note.strip())
    cap = in_force(rules.soap_application_cap, _year(services, rules))
    issues = plan_issues(plan, cap=None if cap is None else cap.value)
    if issues:
        raise InvalidDataError(f"the plan {name!r} cannot be stored; nothing was saved", issues)
    with services.database.transaction(locked_owner=services.owner_id) as session:
        store = SoapPlanStore(session, services.owner_id)
        existing = store.all()
        make_default = default or not any(p.default for p in existing if p.name != plan.name)
        stored = replace(plan, default=make_default)
        store.save(stored)
    return stored


def list_plans(services: Services) -> tuple[DistributionPlan, ...]:
    """Every stored plan, by name."""
    with services.database.transaction() as session:
        return tuple(SoapPlanStore(session, services.owner_id).all())


def remove_plan(services: Services, name: str) -> None:
    """Forget a plan; :class:`NotFoundError` when there is none."""
    with services.database.transaction(locked_owner=services.owner_id) as session:
        if not SoapPlanStore(session, services.owner_id).remove(name):
            raise NotFoundError(f"no plan called {name!r}")


def _choose_plan(plans: Sequence[DistributionPlan], name: str | None) -> DistributionPlan:
    if not plans:
        raise InputError(
            "no distribution plan is stored: prepare one (how many PM&R, preliminary or transitional and other "
            "applications), or load the fictional demo"
        )
    if name is None:
        return next((p for p in plans if p.default), plans[0])
    for plan in plans:
        if plan.name == name:
            return plan
    raise NotFoundError(f"no plan called {name!r} (stored: {', '.join(p.name for p in plans)})")


# --- the unfilled list -------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class UnfilledImport:
    """What an unfilled list import did: how many programs, how many are on the sheet, and the warnings."""

    source: str
    programs: int
    on_sheet: int
    warnings: tuple[Issue, ...] = ()

    @property
    def off_sheet(self) -> int:
        """Programs of the list that are not on the sheet (facts unknown)."""
        return self.programs - self.on_sheet


def _parse(header: list[str], rows: list[list[str]], source: str) -> tuple[UnfilledProgram, ...]:
    parsed = parse_unfilled(header, rows)
    if not parsed.ok:
        errors = [issue for issue in parsed.issues if issue.is_error]
        count = len(errors)
        raise InvalidDataError(
            f"{source}: the unfilled list has {count} error{'s' if count != 1 else ''}; nothing was saved",
            parsed.issues,
        )
    return parsed.programs


def read_unfilled_file(path: Path) -> tuple[UnfilledProgram, ...]:
    """Read and check an unfilled list file (CSV or XLSX) without saving it. Raises :class:`InputError` when
    it cannot be read and :class:`InvalidDataError` naming every bad row and column."""
    header, rows = read_table(path)
    return _parse(header, rows, str(path))


def _save_unfilled(services: Services, programs: Sequence[UnfilledProgram], source: str) -> UnfilledImport:
    sheet_codes = {p.code.upper() for p in services.list_programs().programs}
    with services.database.transaction(locked_owner=services.owner_id) as session:
        SoapUnfilledStore(session, services.owner_id).replace(programs, source=source, imported_on=services.today())
    on_sheet = sum(1 for p in programs if p.code.upper() in sheet_codes)
    return UnfilledImport(source, len(programs), on_sheet)


def import_unfilled(services: Services, path: Path) -> UnfilledImport:
    """Import the unfilled list from a CSV/XLSX file, replacing the stored list; with any error nothing is
    saved (:class:`InvalidDataError` naming each row and column)."""
    return _save_unfilled(services, read_unfilled_file(path), path.name)


def read_unfilled_table(path: Path) -> tuple[list[str], list[list[str]]]:
    """The header and rows of an unfilled list file (CSV or XLSX), unchecked (for the mapping step)."""
    return read_table(path)


def read_unfilled_table_bytes(content: bytes, filename: str) -> tuple[list[str], list[list[str]]]:
    """The header and rows of an uploaded unfilled list, unchecked (for the mapping step)."""
    return read_table_bytes(content, filename)


def unfilled_mapping_preview(
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    choices: Mapping[str, str | None] | None = None,
) -> UnfilledPreview:
    """The mapping step of an unfilled list with its own column names: the suggested mapping (or ``choices``:
    file column → list column, None to keep it as an extra column) and the first rows as they will be imported,
    each problem on its cell. Raises :class:`InvalidDataError` naming a choice that is not a list column or a
    list column chosen twice."""
    if choices is None:
        mapping = suggest_unfilled_mapping(header, rows).mapping
    else:
        issues: list[Issue] = []
        seen: dict[str, str] = {}
        for column, target in choices.items():
            if target is None:
                continue
            if target not in UNFILLED_COLUMNS:
                issues.append(
                    Issue("unknown-target", Severity.ERROR, f"use one of {', '.join(UNFILLED_COLUMNS)}", column)
                )
            elif target in seen:
                issues.append(
                    Issue("duplicate-target", Severity.ERROR, f"{target} is already read from {seen[target]}", column)
                )
            else:
                seen[target] = column
        if issues:
            raise InvalidDataError("the mapping cannot be used; nothing was saved", issues)
        mapping = mapping_from_pairs(list(choices.items()))
    return preview_unfilled(header, rows, mapping)


def import_unfilled_mapped(
    services: Services, header: Sequence[str], rows: Sequence[Sequence[str]], preview: UnfilledPreview, source: str
) -> UnfilledImport:
    """Import the list through the mapping of ``preview`` (replacing the stored list); with any error nothing
    is saved (:class:`InvalidDataError` naming each row and column)."""
    renamed, body = map_unfilled(header, rows, preview.mapping)
    return _save_unfilled(services, _parse(renamed, body, source), source)


def import_unfilled_bytes(services: Services, content: bytes, filename: str) -> UnfilledImport:
    """Import an uploaded unfilled list (see :func:`import_unfilled`)."""
    header, rows = read_table_bytes(content, filename)
    return _save_unfilled(services, _parse(header, rows, filename), filename)


def import_demo_unfilled(services: Services, *, seed: int | None = None) -> UnfilledImport:
    """Import a fictional unfilled list drawn (seeded) from the stored sheet: for trying Match Week with the
    demo data. Raises :class:`InputError` when the sheet is empty."""
    from matchpilot.demo.soap import DEMO_UNFILLED_SEED, demo_unfilled

    programs = services.list_programs().programs
    if not programs:
        raise InputError("the sheet is empty: load the fictional demo first")
    header, rows = demo_unfilled(programs, DEMO_UNFILLED_SEED if seed is None else seed)
    return _save_unfilled(services, _parse(header, rows, "demo unfilled list"), "demo unfilled list (fictional)")


def stored_unfilled(services: Services) -> tuple[tuple[UnfilledProgram, ...], str | None]:
    """The stored unfilled list and where it came from (None when none is stored)."""
    with services.database.transaction() as session:
        store = SoapUnfilledStore(session, services.owner_id)
        programs = tuple(store.all())
        source = store.source()
    shown = None if source is None else f"{source[0]}, imported {source[1].isoformat()}"
    return programs, shown


# --- the plan ----------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PlanReport:
    """A plan instantiated on the unfilled list, with what it was built from: the stored plan, the Match
    year, the citations of the cap and of the letters limit, and where the unfilled list came from."""

    plan: SoapPlan
    distribution: DistributionPlan
    plans: tuple[DistributionPlan, ...]
    year: int
    cap_citation: str
    letters_citation: str
    unfilled_source: str
    documents: DocumentSet

    def to_dict(self) -> dict[str, Any]:
        """The ``matchpilot.soap-plan/1`` JSON of the plan."""
        return plan_to_dict(self.plan)


def _need_profile(services: Services) -> Profile:
    profile = services.profile()
    if profile is None:
        raise InputError("no profile yet: a SOAP plan needs your profile first", next_step=NextStep.FILL_PROFILE)
    return profile


def soap_plan(
    services: Services,
    rules: Rules,
    *,
    plan_name: str | None = None,
    unfilled: Sequence[UnfilledProgram] | None = None,
    unfilled_source: str | None = None,
    match_status: MatchStatus = MatchStatus.UNMATCHED,
) -> PlanReport:
    """Instantiate the plan ``plan_name`` (default: the applicant's default plan) on ``unfilled`` (default: the
    stored list) for the stored profile and sheet.

    Raises :class:`InputError` when there is no profile, plan or unfilled list, :class:`NotFoundError` for an
    unknown plan name and :class:`InvalidDataError` when the plan's bounds cannot be met on the list.
    """
    from matchpilot.services.chances import load_weights, season_year_for

    profile = _need_profile(services)
    year = _year(services, rules)
    cap = _cap(rules, year)
    letters_rule = _rule(rules.eras_max_letters, "eras_max_letters", year)
    if unfilled is None:
        unfilled, unfilled_source = stored_unfilled(services)
        if not unfilled:
            raise InputError("no unfilled list: import the list of unfilled programs first")
    plans = list_plans(services)
    chosen = _choose_plan(plans, plan_name)
    docs = documents(services)
    weights, _ = load_weights(None)
    entries = join_with_sheet(unfilled, _listed_programs(services, unfilled))
    built = build_plan(
        chosen,
        entries,
        profile,
        weights=weights,
        season_year=season_year_for(services.today()),
        cap=cap.value,
        max_letters=letters_rule.value,
        statements=docs.statement_map,
        letters=docs.letters,
        rule=docs.rule,
        match_status=match_status,
    )
    return PlanReport(
        built,
        chosen,
        plans,
        year,
        f"{cap.value} applications ({cap.citation()})",
        f"at most {letters_rule.value} letters per application ({letters_rule.citation()})",
        unfilled_source or "the list given",
        docs,
    )


def plan_csv(report: PlanReport) -> bytes:
    """The application list of a plan as the bytes of a CSV file (columns :data:`PLAN_CSV_COLUMNS`)."""
    return table_bytes("csv", list(PLAN_CSV_COLUMNS), plan_csv_rows(report.plan))


# --- the applicant's own answers: worths and the facts eligibility cannot know --------------------------------

WORTHS_TOPIC = "worths"
FACTS_TOPIC = "facts"

FACT_ANSWERS: Mapping[str, str] = MappingProxyType({"yes": "yes", "no": "no", "unknown": "not answered yet"})
"""The answers to a yes-or-no fact: ``yes``, ``no`` or ``unknown`` (not answered; eligibility asks)."""

_MATCH_STATUS_WORDS: Mapping[str, MatchStatus] = MappingProxyType(
    {
        "unmatched": MatchStatus.UNMATCHED,
        "partial-advanced": MatchStatus.PARTIALLY_MATCHED_ADVANCED,
        "partial-pgy1": MatchStatus.PARTIALLY_MATCHED_PGY1,
        "matched": MatchStatus.MATCHED,
    }
)


@dataclass(frozen=True, slots=True)
class SoapFacts:
    """What eligibility cannot know and the applicant told matchpilot (None: not answered): whether they are
    registered for the Main Residency Match, whether they are ECFMG certified by the rank order list
    certification deadline, and their Match result."""

    registered: bool | None = None
    ecfmg: bool | None = None
    match_status: MatchStatus | None = None

    def answer(self, name: str) -> str:
        """``yes``, ``no`` or ``unknown`` for ``registered`` or ``ecfmg``."""
        value = self.registered if name == "registered" else self.ecfmg
        return "unknown" if value is None else "yes" if value else "no"

    @property
    def status_key(self) -> str:
        """The Match result as a word (``unmatched``, ``partial-advanced``, ``partial-pgy1``, ``matched``), or
        empty when not told."""
        return next((k for k, v in _MATCH_STATUS_WORDS.items() if v is self.match_status), "")


def _facts(data: Mapping[str, Any]) -> SoapFacts:
    registered = data.get("registered")
    ecfmg = data.get("ecfmg")
    status = _MATCH_STATUS_WORDS.get(str(data.get("status", "")))
    return SoapFacts(
        registered if isinstance(registered, bool) else None, ecfmg if isinstance(ecfmg, bool) else None, status
    )


def get_facts(services: Services) -> SoapFacts:
    """The facts the applicant told matchpilot (registration, ECFMG status, Match result)."""
    with services.database.transaction() as session:
        return _facts(SoapAnswerStore(session, services.owner_id).get(FACTS_TOPIC))


def _yes_no(field_name: str, text: str) -> bool | None:
    word = text.strip().lower()
    if word not in FACT_ANSWERS:
        raise InputError(f"{field_name}: {text.strip()[:20]!r} is not an answer; use yes, no or unknown")
    return None if word == "unknown" else word == "yes"


def set_facts(services: Services, answers: Mapping[str, str]) -> SoapFacts:
    """Store the applicant's answers: ``registered`` and ``ecfmg`` (``yes``, ``no`` or ``unknown``) and
    ``status`` (``unmatched``, ``partial-advanced``, ``partial-pgy1``, ``matched``, or empty: not told). Keys
    not given keep their answer. Raises :class:`InputError` naming the field; nothing is saved then."""
    unknown = sorted(set(answers) - {"registered", "ecfmg", "status"})
    if unknown:
        raise InputError(f"{unknown[0]}: not a fact matchpilot asks (registered, ecfmg, status)")
    with services.database.transaction() as session:
        store = SoapAnswerStore(session, services.owner_id)
        data = store.get(FACTS_TOPIC)
        for name in ("registered", "ecfmg"):
            if name in answers:
                value = _yes_no(name, answers[name])
                if value is None:
                    data.pop(name, None)
                else:
                    data[name] = value
        if "status" in answers:
            word = answers["status"].strip().lower().replace("_", "-")
            if word and word not in _MATCH_STATUS_WORDS:
                raise InputError(f"status: {word[:30]!r} is not a Match result; use {', '.join(_MATCH_STATUS_WORDS)}")
            if word:
                data["status"] = word
            else:
                data.pop("status", None)
        store.save(FACTS_TOPIC, data)
        return _facts(data)


def facts_status(
    facts: SoapFacts,
    *,
    registered: bool | None = None,
    ecfmg: bool | None = None,
    match_status: MatchStatus | None = None,
    conflicting_commitment: bool = False,
) -> SoapStatus:
    """The eligibility input: what was given now (a flag, a page's choice) over what the applicant told
    matchpilot; what neither says stays unknown (never assumed)."""
    return SoapStatus(
        registered_for_main_match=facts.registered if registered is None else registered,
        match_status=match_status or facts.match_status or MatchStatus.UNMATCHED,
        ecfmg_certified_by_rol_deadline=facts.ecfmg if ecfmg is None else ecfmg,
        conflicting_commitment=conflicting_commitment,
    )


def get_worths(services: Services) -> Worths:
    """What each kind of SOAP position is worth to the applicant (matchpilot's starting worths for the kinds
    they have not set)."""
    with services.database.transaction() as session:
        return Worths.from_stored(SoapAnswerStore(session, services.owner_id).get(WORTHS_TOPIC))


def set_worths(services: Services, changes: Mapping[str, str], *, reset: bool = False) -> Worths:
    """Set the worth of some kinds of position (``kind -> a number from 0 to 5``; an empty text keeps the kind
    as it is); ``reset`` first forgets every worth set. Every value is checked before anything is saved: a bad
    kind or value raises :class:`InputError` naming it."""
    parsed: dict[str, float] = {}
    for kind, text in changes.items():
        if not text.strip():
            continue
        try:
            parsed[kind] = parse_worth(kind, text)
        except ValueError as error:
            raise InputError(str(error)) from None
    with services.database.transaction() as session:
        store = SoapAnswerStore(session, services.owner_id)
        data: dict[str, Any] = {} if reset else store.get(WORTHS_TOPIC)
        data.update(parsed)
        store.save(WORTHS_TOPIC, data)
        return Worths.from_stored(data)


# --- offers ------------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class OfferView:
    """A recorded offer as shown: the program's name and category (from the unfilled list), its round, when it
    stops being open (its round's end, or an earlier deadline), its status at ``now`` (an open offer whose
    round has ended is ``expired``), its worth to the applicant, and whether the deadline has passed."""

    code: str
    name: str
    category: str
    round: int
    deadline: datetime | None
    status: str
    utility: float
    past_deadline: bool = False
    kind: str = "other"
    complementary: bool = True

    @property
    def acceptable(self) -> bool:
        """True when the offer can still be accepted (open, and its round has not ended)."""
        return self.status == "open" and not self.past_deadline


def _rounds(rules: Rules, year: int) -> DatedRule[int]:
    return _rule(rules.soap_rounds, "soap_rounds", year)


def _aware(now: datetime) -> datetime:
    if now.tzinfo is None or now.utcoffset() is None:
        raise InputError("now must be a date and time with a time zone (an offset such as -04:00)")
    return now


def _year_at(rules: Rules, now: datetime) -> int:
    return match_year_for(rules, _aware(now))


def _schedule(rules: Rules, year: int) -> MatchWeekSchedule:
    schedule = rules.match_week(year)
    if schedule is None or not schedule.rounds:
        raise InputError(
            f"matchpilot's dated rules have no offer rounds for Match Week {year} yet; "
            "a newer matchpilot or corrected rules data brings them"
        )
    return schedule


def _shown(moment: datetime, zone: str) -> str:
    return format_local(moment.astimezone(ZoneInfo(zone)))


def _round_event(schedule: MatchWeekSchedule, number: int) -> MatchWeekEvent:
    event = schedule.round_event(number)
    if event is None or event.end is None:
        count = len(schedule.rounds)
        raise InputError(f"round {number}: SOAP {schedule.year} has rounds 1 to {count} (the Match Week schedule)")
    return event


def _offer_views(
    offers: Sequence[SoapOffer],
    entries: Mapping[str, UnfilledEntry],
    now: datetime | None,
    schedule: MatchWeekSchedule | None = None,
    worths: Worths | None = None,
    match_status: MatchStatus = MatchStatus.UNMATCHED,
) -> tuple[OfferView, ...]:
    worths = worths or Worths()
    views = []
    for offer in offers:
        entry = entries.get(offer.code.upper())
        fits = True
        if entry is not None:
            category = soap_category(entry.program)
            name = entry.unfilled.name
            kind = position_kind(entry.program, match_status)
            fits = complementary(entry.program, match_status)
        else:
            category, name, kind = "other", offer.code, "other"
        utility = worths.of(kind)
        deadline = offer.deadline
        if deadline is None and schedule is not None:
            event = schedule.round_event(offer.round)
            deadline = None if event is None else event.end
        past = deadline is not None and now is not None and deadline.astimezone(UTC) <= now.astimezone(UTC)
        status = "expired" if offer.status == "open" and past else offer.status
        views.append(OfferView(offer.code, name, category, offer.round, deadline, status, utility, past, kind, fits))
    return tuple(views)


def _entries(services: Services) -> dict[str, UnfilledEntry]:
    """The stored unfilled list joined with the sheet (:func:`join_with_sheet`), reading from the sheet only the
    programs the list names (the whole sheet was read each time)."""
    unfilled, _ = stored_unfilled(services)
    joined = join_with_sheet(unfilled, _listed_programs(services, unfilled))
    return {e.program.code.upper(): e for e in joined}


def _listed_programs(services: Services, unfilled: Sequence[UnfilledProgram]) -> list[Program]:
    """The programs of the sheet that :func:`join_with_sheet` would join with ``unfilled`` (by code, case
    ignored), read alone: the codes first, then those programs' rows."""
    listed = {item.code.upper() for item in unfilled}
    if not listed:
        return []
    with services.database.transaction() as session:
        store = ProgramStore(session, services.owner_id)
        return store.with_codes(code for code, _ in store.names() if code.strip().upper() in listed)


def list_offers(
    services: Services,
    *,
    now: datetime | None = None,
    rules: Rules | None = None,
    match_status: MatchStatus | None = None,
) -> tuple[OfferView, ...]:
    """Every recorded offer, by round, with its status at ``now`` (an open offer whose round has ended is shown
    as expired; without ``now``, as stored), its kind and its worth to the applicant (their worths), and
    whether it completes a partial match (``match_status``; None: the Match result the applicant told)."""
    with services.database.transaction() as session:
        offers = SoapOfferStore(session, services.owner_id).all()
        answers = SoapAnswerStore(session, services.owner_id)
        worths = Worths.from_stored(answers.get(WORTHS_TOPIC))
        facts = _facts(answers.get(FACTS_TOPIC))
    schedule = None
    if rules is not None and now is not None:
        schedule = rules.match_week(_year_at(rules, now))
    status = match_status or facts.match_status or MatchStatus.UNMATCHED
    return _offer_views(offers, _entries(services), now, schedule, worths, status)


def _binding(accepted: SoapOffer | OfferView) -> InputError:
    return InputError(
        f"you accepted the offer of {accepted.code}: an acceptance is binding and ends your SOAP, so no other "
        "offer can be recorded or answered"
    )


def record_offer(
    services: Services,
    code: str,
    round_number: int,
    deadline: datetime | None,
    *,
    rules: Rules,
    now: datetime,
) -> OfferView:
    """Record, at ``now``, an offer from the program ``code`` of the unfilled list in round ``round_number``.

    The offer is open until its round ends (the Match Week schedule of the dated rules) or until ``deadline``
    when that is earlier. Raises :class:`InputError` (nothing saved) when the round is not one of the year's,
    the round has not started or has ended, the deadline is outside the round, the program is not among the
    applications sent, the program already made an offer (a declined or expired offer is never repeated) or
    an offer was already accepted (acceptance ends SOAP); :class:`NotFoundError` when the program is not on
    the unfilled list.
    """
    code = code.strip()
    if not code:
        raise InputError("code: choose the program that made the offer")
    entries = _entries(services)
    if code.upper() not in entries:
        raise NotFoundError(f"no program with code {code!r} on your unfilled list")
    real_code = entries[code.upper()].program.code
    year = _year_at(rules, now)
    schedule = _schedule(rules, year)
    with services.database.transaction(locked_owner=services.owner_id) as session:
        store = SoapOfferStore(session, services.owner_id)
        existing = store.all()
        accepted = next((o for o in existing if o.status == "accepted"), None)
        if accepted is not None:
            raise _binding(accepted)
        event = _round_event(schedule, round_number)
        assert event.end is not None
        zone = schedule.zone
        if now.astimezone(UTC) >= event.end.astimezone(UTC):
            raise InputError(
                f"round {round_number} of SOAP {year} ended {_shown(event.end, zone)}: an offer of that round has "
                "expired and can no longer be recorded or accepted"
            )
        if now.astimezone(UTC) < event.start.astimezone(UTC):
            raise InputError(
                f"round {round_number} of SOAP {year} starts {_shown(event.start, zone)}: its offers arrive from then"
            )
        closes = event.end
        if deadline is not None:
            if deadline.tzinfo is None or deadline.utcoffset() is None:
                raise InputError("deadline: it needs a time zone (an offset such as -04:00)")
            if deadline.astimezone(UTC) > event.end.astimezone(UTC):
                raise InputError(
                    f"deadline {_shown(deadline, zone)}: an offer of round {round_number} is open only until the "
                    f"round ends, {_shown(event.end, zone)}"
                )
            if deadline.astimezone(UTC) <= now.astimezone(UTC):
                raise InputError(f"deadline {_shown(deadline, zone)}: it has already passed")
            closes = deadline
        applied = {c.upper() for c in SoapApplicationStore(session, services.owner_id).codes()}
        if real_code.upper() not in applied:
            raise InputError(
                f"{real_code}: you did not apply to this program in SOAP, and a program can only make an offer to "
                "an applicant who applied to it (add it to your applications if you did apply)"
            )
        previous = next((o for o in existing if o.code.upper() == real_code.upper()), None)
        if previous is not None:
            raise InputError(
                f"{real_code} already made you an offer (round {previous.round}, {previous.status}): a program "
                "makes each applicant at most one offer, and never again after a decline or an expiry"
            )
        stored = SoapOffer(real_code, round_number, closes.astimezone(UTC), "open")
        store.add(stored)
    return _offer_views([stored], entries, now, schedule)[0]


def set_offer_status(
    services: Services, code: str, status: str, *, rules: Rules, now: datetime
) -> tuple[OfferView, ...]:
    """Answer the offer of ``code`` at ``now``: ``accepted``, ``declined`` or ``expired``.

    Accepting declines every other open offer in the same transaction (an acceptance ends SOAP). Raises
    :class:`InputError` (nothing saved) for an unknown status, an offer whose round has ended (it expired and
    cannot be accepted: the message names the round and its end), a declined or expired offer, an acceptance
    already made (binding), and :class:`NotFoundError` when no offer of ``code`` is recorded.
    """
    status = status.strip().lower()
    if status not in ("accepted", "declined", "expired"):
        raise InputError(f"status {status!r}: use accepted, declined or expired")
    schedule = rules.match_week(_year_at(rules, now))
    entries = _entries(services)
    with services.database.transaction(locked_owner=services.owner_id) as session:
        store = SoapOfferStore(session, services.owner_id)
        stored = store.all()
        views = {v.code: v for v in _offer_views(stored, entries, now, schedule)}
        mine = next((o for o in stored if o.code.upper() == code.strip().upper()), None)
        if mine is None:
            raise NotFoundError(f"no offer recorded from {code!r}")
        accepted = next((o for o in stored if o.status == "accepted"), None)
        if accepted is not None:
            raise _binding(accepted)
        view = views[mine.code]
        if view.status == "expired" and status != "expired":
            when = "" if view.deadline is None else f" when round {view.round} ended, {_deadline_words(view, schedule)}"
            raise InputError(
                f"the offer of {mine.code} (round {view.round}) expired{when}: an expired offer cannot be "
                f"{'accepted' if status == 'accepted' else 'answered'}"
            )
        if view.status == "declined":
            raise InputError(f"the offer of {mine.code} was declined: a declined offer cannot be answered again")
        store.set_status(mine.code, status)
        if status == "accepted":
            for other in stored:
                if other.code != mine.code and other.status == "open":
                    store.set_status(other.code, "declined")
        updated = store.all()
    return _offer_views(updated, entries, now, schedule)


def _deadline_words(view: OfferView, schedule: MatchWeekSchedule | None) -> str:
    assert view.deadline is not None
    return _shown(view.deadline, schedule.zone if schedule else "UTC")


def soap_over(services: Services) -> OfferView | None:
    """The accepted offer when the applicant accepted one (their SOAP is over), else None."""
    with services.database.transaction() as session:
        offers = SoapOfferStore(session, services.owner_id).all()
    accepted = [o for o in offers if o.status == "accepted"]
    return _offer_views(accepted, _entries(services), None)[0] if accepted else None


# --- the applications sent -----------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ApplicationView:
    """A SOAP application sent: the program's code, name and category (from the unfilled list when it is on it)
    and whether it made an offer."""

    code: str
    name: str
    category: str
    on_list: bool
    offered: bool


def applications(services: Services) -> tuple[ApplicationView, ...]:
    """The SOAP applications actually sent, in the order they were added."""
    entries = _entries(services)
    with services.database.transaction() as session:
        codes = SoapApplicationStore(session, services.owner_id).codes()
        offered = {o.code.upper() for o in SoapOfferStore(session, services.owner_id).all()}
    out = []
    for code in codes:
        entry = entries.get(code.upper())
        name = entry.unfilled.name if entry else code
        category = soap_category(entry.program) if entry else "other"
        out.append(ApplicationView(code, name, category, entry is not None, code.upper() in offered))
    return tuple(out)


def _check_new_applications(
    services: Services, codes: Sequence[str], existing: Sequence[str], *, rules: Rules, now: datetime
) -> list[str]:
    entries = _entries(services)
    issues: list[Issue] = []
    found: list[str] = []
    unknown: list[str] = []
    for raw in codes:
        code = raw.strip()
        if not code:
            continue
        entry = entries.get(code.upper())
        if entry is None:
            unknown.append(code)
        else:
            found.append(entry.program.code)
    if unknown:
        raise NotFoundError(
            f"code {', '.join(unknown)}: not on your unfilled list (a SOAP application goes to a program of the "
            "list); nothing was saved"
        )
    if not found and not issues:
        issues.append(Issue("missing-value", Severity.ERROR, "name at least one program code", "code"))
    cap = _cap(rules, _year_at(rules, now))
    total = len({c.upper() for c in [*existing, *found]})
    if total > cap.value:
        issues.append(
            Issue(
                "over-cap",
                Severity.ERROR,
                f"{total} applications would exceed the SOAP cap of {cap.value} ({cap.citation()})",
                "code",
            )
        )
    if issues:
        raise InvalidDataError("the applications cannot be stored; nothing was saved", issues)
    return found


def add_applications(services: Services, codes: Sequence[str], *, rules: Rules, now: datetime) -> int:
    """Add the programs ``codes`` of the unfilled list to the applications sent; returns how many were new.
    Raises :class:`NotFoundError` naming each code not on the list, :class:`InvalidDataError` for an excess
    over the year's SOAP cap, and :class:`InputError` after an acceptance (SOAP is over); nothing is saved on
    failure."""
    if soap_over(services) is not None:
        accepted = soap_over(services)
        assert accepted is not None
        raise _binding(accepted)
    with services.database.transaction() as session:
        existing = SoapApplicationStore(session, services.owner_id).codes()
    found = _check_new_applications(services, codes, existing, rules=rules, now=now)
    with services.database.transaction(locked_owner=services.owner_id) as session:
        return SoapApplicationStore(session, services.owner_id).add(found)


def remove_applications(services: Services, codes: Sequence[str]) -> int:
    """Forget the applications of ``codes``; returns how many were removed. Raises :class:`NotFoundError`
    naming a code that is not among the applications and :class:`InvalidDataError` for one whose program made
    an offer; nothing is removed on failure."""
    wanted = [c.strip() for c in codes if c.strip()]
    with services.database.transaction(locked_owner=services.owner_id) as session:
        store = SoapApplicationStore(session, services.owner_id)
        stored = {c.upper(): c for c in store.codes()}
        offered = {o.code.upper() for o in SoapOfferStore(session, services.owner_id).all()}
        missing = [code for code in wanted if code.upper() not in stored]
        if missing:
            raise NotFoundError(f"code {', '.join(missing)}: not among your applications; nothing was changed")
        issues: list[Issue] = []
        for code in wanted:
            if code.upper() in offered:
                issues.append(
                    Issue("offered", Severity.ERROR, "it made you an offer, so you applied to it", f"code {code}")
                )
        if not wanted:
            issues.append(Issue("missing-value", Severity.ERROR, "name at least one program code", "code"))
        if issues:
            raise InvalidDataError("the applications cannot be removed; nothing was changed", issues)
        return store.remove([stored[c.upper()] for c in wanted])


def save_plan_applications(services: Services, report: PlanReport, *, rules: Rules, now: datetime) -> int:
    """Make the applications sent exactly the plan's applications (programs that already made an offer stay);
    returns how many are stored. Raises :class:`InputError` after an acceptance, and
    :class:`InvalidDataError` when the result would exceed the year's SOAP cap; nothing is saved on failure."""
    accepted = soap_over(services)
    if accepted is not None:
        raise _binding(accepted)
    codes = [a.code for a in report.plan.applications]
    with services.database.transaction() as session:
        offered = [o.code for o in SoapOfferStore(session, services.owner_id).all()]
    keep = [c for c in offered if c.upper() not in {x.upper() for x in codes}]
    found = _check_new_applications(services, [*codes, *keep], [], rules=rules, now=now) if codes or keep else []
    with services.database.transaction(locked_owner=services.owner_id) as session:
        store = SoapApplicationStore(session, services.owner_id)
        store.remove_all()
        store.add(found)
        return len(store.codes())


@functools.lru_cache(maxsize=16)
def round_shares(rounds: int, cap: int, seed: int = SIMULATION_SEED) -> tuple[float, ...]:
    """The share of offers made in each round of the simulated SOAP market (seeded, so the same every time)."""
    return simulate_soap(seed=seed, rounds=rounds, cap=cap).offer_shares


def compare_soap_rules(
    variants: Sequence[tuple[int, int]] = ((3, 45), (4, 45), (4, 30)), *, seed: int = SIMULATION_SEED
) -> tuple[SimulationResult, ...]:
    """Simulate the same fictional SOAP market under each ``(rounds, cap)`` variant."""
    return compare_rules(variants, seed=seed)


@dataclass(frozen=True, slots=True)
class DecisionReport:
    """The decision help: the offers, the decision of the current round (None when an offer was accepted or
    none is open), the programs still pending, the per-round shares used, the binding rule and a note."""

    offers: tuple[OfferView, ...]
    decision: Decision | None
    accepted: OfferView | None
    pending: int
    shares: tuple[float, ...]
    rounds: int
    reminder: str
    plan_name: str | None
    note: str
    notice: str = NOT_THE_NRMP


def _pending(
    services: Services,
    rules: Rules,
    offers: Sequence[OfferView],
    worths: Worths | None = None,
    match_status: MatchStatus = MatchStatus.UNMATCHED,
) -> tuple[list[PendingProgram], str | None, str]:
    """The programs applied to that have made no offer, each with its worth and its chance of an offer (the
    chances model's middle chance of a match); the applications sent, or the default plan's when none are
    recorded. Returns the programs, the plan's name (None: the applications sent) and a note."""
    from matchpilot.chances import estimate_program
    from matchpilot.services.chances import load_weights, season_year_for

    worths = worths or Worths()
    offered = {o.code.upper() for o in offers}
    sent = applications(services)
    entries = _entries(services)
    if sent:
        profile = services.profile()
        weights, _ = load_weights(None)
        season = season_year_for(services.today())
        pending: list[PendingProgram] = []
        for application in sent:
            entry = entries.get(application.code.upper())
            if entry is None or application.code.upper() in offered:
                continue
            program = entry.program
            if not complementary(program, match_status):
                continue
            category = soap_category(program)
            utility = worths.of(position_kind(program, match_status))
            chance = (
                0.0 if profile is None else estimate_program(profile, program, weights, season_year=season).p_match.mid
            )
            pending.append(PendingProgram(program.code, entry.unfilled.name, utility, chance, category))
        return pending, None, ""
    try:
        report = soap_plan(services, rules, match_status=match_status)
    except (InputError, NotFoundError) as error:
        return [], None, f"Without your applications the worth of waiting counts no later offers ({error})."
    pending = []
    for a in report.plan.applications:
        entry = entries.get(a.code.upper())
        if a.code.upper() in offered or entry is None or not complementary(entry.program, match_status):
            continue
        utility = worths.of(position_kind(entry.program, match_status))
        pending.append(PendingProgram(a.code, a.name, utility, a.chance.mid, a.category))
    note = "No applications recorded: the worth of waiting counts the applications of your default plan."
    return pending, report.plan.plan, note


def decide_offers(
    services: Services, rules: Rules, *, now: datetime, match_status: MatchStatus | None = None
) -> DecisionReport:
    """Weigh the offers that can still be accepted at ``now`` (open, and their round has not ended) against
    declining them all and waiting, by dynamic programming over the remaining rounds. An offer whose round has
    ended is expired and never an option. Each position is worth what the applicant set for its kind
    (:func:`get_worths`). A partially matched applicant (``match_status``; None: the Match result they told) is
    advised on the positions that complete their match only: other offers are named in the note, not weighed.

    The programs that may still offer are the applications sent that have made no offer (without any, the
    default plan's applications); their chance of an offer is the chances model's middle chance; the per-round
    shares come from the SOAP simulator (:func:`round_shares`).
    """
    year = _year_at(rules, now)
    rounds = _rounds(rules, year)
    cap = _cap(rules, year)
    schedule = rules.match_week(year)
    binding = in_force(rules.soap_binding_offer, year)
    reminder = (
        f"Acceptance is binding and ends your SOAP: {binding.value} ({binding.citation()})"
        if binding is not None
        else "Acceptance is binding and ends your SOAP."
    )
    status = match_status or get_facts(services).match_status or MatchStatus.UNMATCHED
    worths = get_worths(services)
    offers = list_offers(services, now=now, rules=rules, match_status=status)
    shares = round_shares(rounds.value, cap.value)
    accepted = next((o for o in offers if o.status == "accepted"), None)
    if accepted is not None:
        note = f"You accepted {accepted.name}: SOAP is over for you. Congratulations, and prepare for onboarding."
        return DecisionReport(offers, None, accepted, 0, shares, rounds.value, reminder, None, note)
    outside = [o for o in offers if o.acceptable and not o.complementary]
    live = [o for o in offers if o.acceptable and o.complementary]
    expired = [o for o in offers if o.status == "expired"]
    pending, plan_name, note = _pending(services, rules, offers, worths, status)
    if outside:
        names = ", ".join(f"{o.name} ({KIND_LABELS[o.kind].lower()})" for o in outside)
        need = (
            "a PGY-1 year (preliminary or transitional)"
            if status is MatchStatus.PARTIALLY_MATCHED_ADVANCED
            else "an advanced position"
        )
        note = (note + " " if note else "") + (
            f"Not weighed: {names}. You are partially matched, so only {need} completes your match."
        )
    if expired:
        names = ", ".join(f"{o.name} (round {o.round})" for o in expired)
        note = (note + " " if note else "") + (
            f"Expired, no longer acceptable: {names}. An offer is open only until its round ends."
        )
    started = [] if schedule is None else [e for e in schedule.rounds if e.start.astimezone(UTC) <= now.astimezone(UTC)]
    current = max((e.round or 0 for e in started), default=0)
    last = None if schedule is None else schedule.rounds[-1] if schedule.rounds else None
    if not live:
        if last is not None and last.end is not None and now.astimezone(UTC) >= last.end.astimezone(UTC):
            text = "No open offer, and the last round is over: SOAP has ended (see After SOAP)."
            if expired:
                text += " " + note
            return DecisionReport(offers, None, None, len(pending), shares, rounds.value, reminder, plan_name, text)
        decision = decide(
            [], pending, current_round=max(current, 1), rounds=rounds.value, shares=shares, reminder=reminder
        )
        text = note or "No offer to decide on: record an offer when a program makes you one."
        return DecisionReport(offers, decision, None, len(pending), shares, rounds.value, reminder, plan_name, text)
    current = max(o.round for o in live)
    now_offers = [RoundOffer(o.code, o.name, o.utility, _worth_words(o.kind, worths)) for o in live]
    decision = decide(now_offers, pending, current_round=current, rounds=rounds.value, shares=shares, reminder=reminder)
    return DecisionReport(offers, decision, None, len(pending), shares, rounds.value, reminder, plan_name, note)


def _worth_words(kind: str, worths: Worths) -> str:
    """The kind of an offer and where its worth comes from, in plain words."""
    label = KIND_LABELS[kind].lower()
    if kind in worths.set_by_user:
        return f"{label}; you rate this kind {worths.of(kind):g} of 5"
    return f"{label}; rated {worths.of(kind):g} of 5 by matchpilot until you set your own worths"


# --- after SOAP --------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class AfterProgram:
    """A program of the unfilled list that may still be unfilled after SOAP, with the visa fact and a draft
    message when a suitable template exists."""

    code: str
    name: str
    specialty: str
    track: str
    category: str
    state: str | None
    visa: str
    visa_words: str
    draft: str | None = None


@dataclass(frozen=True, slots=True)
class AfterSoap:
    """After SOAP: the ``situation`` (one of :data:`SITUATIONS`) and its ``label``, the accepted offer (None
    when there is none), the programs for off-cycle outreach (only when unmatched; PM&R first), the template
    used (None when matchpilot's letters have no suitable one), the path's ``steps`` in plain words (seed 000
    §6), the ``next_season`` to reapply in with its dates from the dated rules, and ``advice``: the steps and
    notes as lines of text."""

    programs: tuple[AfterProgram, ...]
    template: str | None
    advice: tuple[str, ...]
    situation: str = "unmatched"
    accepted: OfferView | None = None
    steps: tuple[AfterStep, ...] = ()
    next_season: NextSeason | None = None
    notes: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        """The situation as a heading in plain words."""
        if self.situation == "matched-other" and self.accepted is None:
            return "You matched in the Main Residency Match"
        return situation_label(self.situation)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON values: ``situation``, ``label``, ``accepted`` (a code or None), ``steps``, ``next_season``,
        ``advice``, ``programs``, ``template``, and ``outreach`` (the programs) only when unmatched."""
        programs = [
            {"code": p.code, "name": p.name, "specialty": p.specialty, "track": p.track, "visa": p.visa}
            | ({"draft": p.draft} if p.draft else {})
            for p in self.programs
        ]
        data: dict[str, Any] = {
            "situation": self.situation,
            "label": self.label,
            "accepted": None if self.accepted is None else self.accepted.code,
            "steps": [{"title": step.title, "detail": step.detail} for step in self.steps],
            "next_season": None if self.next_season is None else season_to_dict(self.next_season),
            "advice": list(self.advice),
            "notes": list(self.notes),
            "programs": programs,
            "template": self.template,
        }
        if self.situation == "unmatched":
            data["outreach"] = programs
        return data


_OUTREACH_KINDS = ("off-cycle", "post-soap", "outreach")


def after_soap(services: Services, rules: Rules | None = None) -> AfterSoap:
    """Where the applicant stands after SOAP and the path to follow (seed 000 §6), with the next season's dates
    from ``rules`` (default: the packaged rules with the user's file).

    The situation comes from the accepted offer and the Match result the applicant told (a PGY-1 year that
    completes an advanced match is PM&R; a PGY-1 matched in the Main Match without an acceptance is a PGY-1
    year). Unmatched: the programs of the stored unfilled list open to off-cycle outreach (only PGY-1 years
    for an advanced match without one), except those whose sheet says they do not sponsor the visa needed,
    PM&R first, then PGY-1 years, then the others; a draft message is added when matchpilot's letters have an
    outreach template (looked up by kind: off-cycle, post-soap, outreach). Without a stored list the path is
    shown all the same, with a note."""
    from matchpilot.letters import TEMPLATES, draft_letter

    if rules is None:
        from matchpilot.services.soap import load_rules

        rules = load_rules().rules
    accepted = soap_over(services)
    match_status = get_facts(services).match_status
    situation = situation_for(None if accepted is None else accepted.category, match_status)
    profile = services.profile()
    next_year = reapply_year(services.today())
    season = next_season(rules.match_week(next_year), next_year)
    steps = after_steps(
        situation, visa=None if profile is None else profile.visa_need, match_status=match_status, season=season
    )
    lines = tuple(f"{step.title}: {step.detail}" for step in steps)
    if situation != "unmatched":
        return AfterSoap((), None, lines, situation, accepted, steps, season)
    entries = _entries(services)
    notes: list[str] = []
    if not entries:
        notes.append(
            "No list of unfilled programs is stored: import it on the Match Week page to see the programs you "
            "may write to once SOAP has ended."
        )
    else:
        notes.append(
            "This list is the one from Match Week: import the list of positions still unfilled when it is published."
        )
    template_kind = next((k for k in TEMPLATES if k.value in _OUTREACH_KINDS), None)
    wanted = {"prelim"} if match_status is MatchStatus.PARTIALLY_MATCHED_ADVANCED else set(CATEGORIES)
    out: list[AfterProgram] = []
    for entry in entries.values():
        program: Program = entry.program
        category = soap_category(program)
        if category not in wanted:
            continue
        visa, words = visa_status(profile, program) if profile is not None else ("unknown", "visa: unknown")
        if visa == "no":
            continue
        draft = None
        if template_kind is not None:
            try:
                draft = draft_letter(template_kind, profile, program)
            except InvalidDataError as error:
                draft = "Cannot draft yet: " + "; ".join(str(issue) for issue in error.issues)
        out.append(
            AfterProgram(
                program.code,
                entry.unfilled.name,
                entry.unfilled.specialty,
                program.track.value,
                category,
                entry.unfilled.state,
                visa,
                words,
                draft,
            )
        )
    order = {c: i for i, c in enumerate(CATEGORIES)}
    out.sort(key=lambda p: (order[p.category], p.code))
    if entries and template_kind is None:
        notes.append(
            "matchpilot's letters have no off-cycle outreach template yet: write the message yourself and check "
            "it on the Letters page."
        )
    return AfterSoap(
        tuple(out),
        None if template_kind is None else template_kind.value,
        lines + tuple(notes),
        situation,
        None,
        steps,
        season,
        tuple(notes),
    )


# --- the interview cheat sheet ------------------------------------------------------------------------------------


def save_cheatsheet(services: Services, data: Mapping[str, Any]) -> CheatSheet:
    """Check and store the cheat sheet (three reasons, three qualities, two stories); nothing is saved when
    it has an error (:class:`InvalidDataError` naming each item)."""
    sheet, issues = parse_cheatsheet(data)
    if sheet is None:
        raise InvalidDataError("the cheat sheet cannot be stored; nothing was saved", issues)
    with services.database.transaction(locked_owner=services.owner_id) as session:
        SoapCheatSheetStore(session, services.owner_id).save(cheatsheet_to_dict(sheet))
    return sheet


def get_cheatsheet(services: Services) -> CheatSheet | None:
    """The stored cheat sheet, or None."""
    with services.database.transaction() as session:
        data = SoapCheatSheetStore(session, services.owner_id).get()
    if data is None:
        return None
    sheet, _ = parse_cheatsheet(data)
    return sheet


def cheatsheet_text(services: Services) -> str:
    """The printable cheat sheet; :class:`InputError` when none is stored."""
    sheet = get_cheatsheet(services)
    if sheet is None:
        raise InputError(
            "no cheat sheet yet: write three reasons you chose PM&R, three qualities you bring and two patient "
            "encounters that inspired you"
        )
    profile = services.profile()
    return render_cheatsheet(sheet, name=profile.name if profile else "")


# --- the demo ----------------------------------------------------------------------------------------------------


def load_soap_demo(session: Session, owner_id: int) -> None:
    """Inside the caller's transaction (``matchpilot demo``): replace the documents, the assignment rule, the
    plans and the cheat sheet with the fictional demo ones, and forget the unfilled list and the offers
    (they named programs of the sheet being replaced)."""
    from matchpilot.demo.soap import DEMO_ASSIGNMENTS, DEMO_CHEATSHEET, DEMO_DOCUMENTS, DEMO_PLANS

    documents_store = SoapDocumentStore(session, owner_id)
    documents_store.remove_all()
    for doc in DEMO_DOCUMENTS:
        documents_store.save(
            Letter(doc.key, doc.writer or "", doc.specialty or "", doc.text, doc.title)
            if doc.kind == "letter"
            else Statement(doc.key, doc.title, doc.text)
        )
    assignments = SoapAssignmentStore(session, owner_id)
    assignments.remove_all()
    for entry in DEMO_ASSIGNMENTS:
        assignments.save(AssignmentEntry(entry.target, entry.statement, entry.letters))
    plans = SoapPlanStore(session, owner_id)
    plans.remove_all()
    for plan in DEMO_PLANS:
        bounds = {name: CategoryBounds(low, high) for name, low, high in plan.bounds}
        plans.save(DistributionPlan(plan.name, bounds, plan.max_applications, plan.default, plan.note))
    SoapCheatSheetStore(session, owner_id).save(DEMO_CHEATSHEET)
    SoapUnfilledStore(session, owner_id).remove_all()
    SoapOfferStore(session, owner_id).remove_all()
