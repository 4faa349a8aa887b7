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
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from matchpilot.domain.issues import Issue, Severity
from matchpilot.domain.portfolio import CategoryBounds
from matchpilot.domain.profile import Profile
from matchpilot.domain.program import Program, Track
from matchpilot.domain.rules import DatedRule, Rules, in_force
from matchpilot.errors import InputError, InvalidDataError, NotFoundError
from matchpilot.io.tables import read_table, read_table_bytes, table_bytes
from matchpilot.soap import (
    CATEGORIES,
    CATEGORY_LABELS,
    CHEATSHEET_PARTS,
    NOT_THE_NRMP,
    PLAN_CSV_COLUMNS,
    QUESTIONS,
    SOAP_UTILITY,
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
    UnfilledProgram,
    build_plan,
    cheatsheet_to_dict,
    check_key,
    compare_rules,
    decide,
    default_rule,
    document_issues,
    format_bounds,
    join_with_sheet,
    match_year_for,
    normalize_target,
    parse_bounds_text,
    parse_cheatsheet,
    parse_unfilled,
    plan_csv_rows,
    plan_issues,
    plan_to_dict,
    render_cheatsheet,
    simulate_soap,
    soap_category,
    visa_status,
)
from matchpilot.storage import (
    SoapAssignmentStore,
    SoapCheatSheetStore,
    SoapDocumentStore,
    SoapOfferStore,
    SoapPlanStore,
    SoapUnfilledStore,
    StoredAssignment,
    StoredDocument,
    StoredOffer,
    StoredPlan,
    StoredUnfilled,
)

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from matchpilot.services.workspace import Services

__all__ = [
    "CATEGORIES",
    "CATEGORY_LABELS",
    "CHEATSHEET_PARTS",
    "OFFER_STATUSES",
    "PLAN_CSV_COLUMNS",
    "QUESTIONS",
    "SIMULATION_SEED",
    "AfterProgram",
    "AfterSoap",
    "CheatSheet",
    "Decision",
    "DecisionReport",
    "DistributionPlan",
    "DocumentSet",
    "Letter",
    "OfferView",
    "Option",
    "PlanApplication",
    "PlanExclusion",
    "PlanReport",
    "SimulationResult",
    "SoapPlan",
    "Statement",
    "UnfilledImport",
    "UnfilledProgram",
    "add_letter",
    "add_plan",
    "add_statement",
    "after_soap",
    "cheatsheet_text",
    "compare_soap_rules",
    "decide_offers",
    "documents",
    "format_bounds",
    "get_cheatsheet",
    "import_demo_unfilled",
    "import_unfilled",
    "import_unfilled_bytes",
    "list_offers",
    "list_plans",
    "load_soap_demo",
    "parse_bounds_text",
    "plan_csv",
    "plan_to_dict",
    "read_unfilled_file",
    "record_offer",
    "remove_document",
    "remove_plan",
    "render_cheatsheet",
    "round_shares",
    "save_cheatsheet",
    "set_assignment",
    "set_offer_status",
    "soap_plan",
    "stored_unfilled",
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
        raise InputError(f"the rules data has no entry of {name} for {year}: add it to your rules file")
    return found


def _cap(rules: Rules, year: int) -> DatedRule[int]:
    return _rule(rules.soap_application_cap, "soap_application_cap", year)


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
    statements = tuple(Statement(d.key, d.title, d.text) for d in stored if d.kind == "statement")
    letters = tuple(Letter(d.key, d.writer or "", d.specialty or "", d.text) for d in stored if d.kind == "letter")
    entries = tuple(
        AssignmentEntry(e.target, e.statement_key, e.letter_keys) for e in SoapAssignmentStore(session, owner_id).all()
    )
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
        return SoapDocumentStore(session, services.owner_id).save(
            StoredDocument("statement", key, title.strip(), text.strip())
        )


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
            StoredDocument("letter", key, shown, text.strip(), writer.strip(), specialty.strip())
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
        SoapAssignmentStore(session, services.owner_id).save(
            StoredAssignment(entry.target, entry.statement, entry.letters)
        )
    return entry


# --- distribution plans ------------------------------------------------------------------------------------------


def _to_plan(stored: StoredPlan) -> DistributionPlan:
    bounds = {name: CategoryBounds(low, high) for name, (low, high) in stored.bounds.items()}
    return DistributionPlan(stored.name, bounds, stored.max_applications, stored.is_default, stored.note or "")


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
        make_default = default or not any(p.is_default for p in existing if p.name != plan.name)
        store.save(
            StoredPlan(
                plan.name,
                {k: (b.min, b.max) for k, b in plan.bounds.items()},
                plan.max_applications,
                make_default,
                plan.note or None,
            )
        )
    return DistributionPlan(plan.name, plan.bounds, plan.max_applications, make_default, plan.note)


def list_plans(services: Services) -> tuple[DistributionPlan, ...]:
    """Every stored plan, by name."""
    with services.database.transaction() as session:
        return tuple(_to_plan(p) for p in SoapPlanStore(session, services.owner_id).all())


def remove_plan(services: Services, name: str) -> None:
    """Forget a plan; :class:`NotFoundError` when there is none."""
    with services.database.transaction(locked_owner=services.owner_id) as session:
        if not SoapPlanStore(session, services.owner_id).remove(name):
            raise NotFoundError(f"no plan called {name!r}")


def _choose_plan(plans: Sequence[DistributionPlan], name: str | None) -> DistributionPlan:
    if not plans:
        raise InputError(
            "no distribution plan is stored: add one with `matchpilot soap plans add NAME --pmr 20-25 --prelim "
            "10-15 --default` (or load the demo with `matchpilot demo`)"
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
    stored = [
        StoredUnfilled(p.code, p.name, p.specialty, p.track.value, p.positions, p.state, p.row, dict(p.extra))
        for p in programs
    ]
    sheet_codes = {p.code.upper() for p in services.list_programs().programs}
    with services.database.transaction(locked_owner=services.owner_id) as session:
        SoapUnfilledStore(session, services.owner_id).replace(stored, source=source, imported_on=services.today())
    on_sheet = sum(1 for p in programs if p.code.upper() in sheet_codes)
    return UnfilledImport(source, len(programs), on_sheet)


def import_unfilled(services: Services, path: Path) -> UnfilledImport:
    """Import the unfilled list from a CSV/XLSX file, replacing the stored list; with any error nothing is
    saved (:class:`InvalidDataError` naming each row and column)."""
    return _save_unfilled(services, read_unfilled_file(path), path.name)


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
        raise InputError("the sheet is empty: load the demo first with `matchpilot demo`")
    header, rows = demo_unfilled(programs, DEMO_UNFILLED_SEED if seed is None else seed)
    return _save_unfilled(services, _parse(header, rows, "demo unfilled list"), "demo unfilled list (fictional)")


def stored_unfilled(services: Services) -> tuple[tuple[UnfilledProgram, ...], str | None]:
    """The stored unfilled list and where it came from (None when none is stored)."""
    with services.database.transaction() as session:
        store = SoapUnfilledStore(session, services.owner_id)
        rows = store.all()
        source = store.source()
    programs = tuple(
        UnfilledProgram(r.code, r.name, r.specialty, Track(r.track), r.positions, r.state, r.row, r.extra) for r in rows
    )
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
        raise InputError("no profile yet: load one with `matchpilot profile load FILE` (or run `matchpilot demo`)")
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
            raise InputError(
                "no unfilled list: import it with `matchpilot soap unfilled import FILE.csv` (or pass --unfilled)"
            )
    plans = list_plans(services)
    chosen = _choose_plan(plans, plan_name)
    docs = documents(services)
    weights, _ = load_weights(None)
    entries = join_with_sheet(unfilled, services.list_programs().programs)
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


# --- offers ------------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class OfferView:
    """A recorded offer as shown: the program's name and category (from the unfilled list), its round,
    deadline, status, its worth to the applicant, and whether the deadline has passed."""

    code: str
    name: str
    category: str
    round: int
    deadline: datetime | None
    status: str
    utility: float
    past_deadline: bool = False


def _rounds(rules: Rules, year: int) -> DatedRule[int]:
    return _rule(rules.soap_rounds, "soap_rounds", year)


def _offer_views(
    offers: Sequence[StoredOffer], entries: Mapping[str, UnfilledEntry], now: datetime | None
) -> tuple[OfferView, ...]:
    views = []
    for offer in offers:
        entry = entries.get(offer.code.upper())
        if entry is not None:
            category = soap_category(entry.program)
            name = entry.unfilled.name
            interest = entry.program.interest
            utility = float(interest) if interest is not None else SOAP_UTILITY[category]
        else:
            category, name, utility = "other", offer.code, SOAP_UTILITY["other"]
        past = offer.deadline is not None and now is not None and offer.deadline <= now
        views.append(OfferView(offer.code, name, category, offer.round, offer.deadline, offer.status, utility, past))
    return tuple(views)


def _entries(services: Services) -> dict[str, UnfilledEntry]:
    unfilled, _ = stored_unfilled(services)
    joined = join_with_sheet(unfilled, services.list_programs().programs)
    return {e.program.code.upper(): e for e in joined}


def list_offers(services: Services, *, now: datetime | None = None) -> tuple[OfferView, ...]:
    """Every recorded offer, by round."""
    with services.database.transaction() as session:
        offers = SoapOfferStore(session, services.owner_id).all()
    return _offer_views(offers, _entries(services), now)


def record_offer(
    services: Services, code: str, round_number: int, deadline: datetime | None, *, rules: Rules
) -> OfferView:
    """Record an offer from the program ``code`` of the unfilled list in round ``round_number`` with its
    ``deadline`` (aware; None: unknown). Raises :class:`InputError` when the round is not one of the year's,
    the program already made an offer (a declined or expired offer is never repeated) or an offer was
    already accepted (acceptance ends SOAP), and :class:`NotFoundError` when the program is not on the list."""
    code = code.strip()
    year = _year(services, rules)
    rounds = _rounds(rules, year)
    if not 1 <= round_number <= rounds.value:
        raise InputError(f"round {round_number}: SOAP {year} has rounds 1 to {rounds.value} ({rounds.citation()})")
    if deadline is not None and deadline.tzinfo is None:
        raise InputError("the deadline needs a time zone (an offset such as -04:00, or --tz)")
    entries = _entries(services)
    if code.upper() not in entries:
        raise NotFoundError(f"no program with code {code!r} on your unfilled list")
    real_code = entries[code.upper()].program.code
    with services.database.transaction(locked_owner=services.owner_id) as session:
        store = SoapOfferStore(session, services.owner_id)
        existing = store.all()
        accepted = [o for o in existing if o.status == "accepted"]
        if accepted:
            raise InputError(
                f"you accepted the offer of {accepted[0].code}: an acceptance is binding and ends your SOAP"
            )
        previous = next((o for o in existing if o.code.upper() == real_code.upper()), None)
        if previous is not None:
            raise InputError(
                f"{real_code} already made you an offer (round {previous.round}, {previous.status}): a program "
                "makes each applicant at most one offer, and never again after a decline or an expiry"
            )
        store.add(StoredOffer(real_code, round_number, deadline, "open"))
    return _offer_views([StoredOffer(real_code, round_number, deadline, "open")], entries, None)[0]


def set_offer_status(services: Services, code: str, status: str) -> tuple[OfferView, ...]:
    """Set the status of the offer of ``code`` (``accepted``, ``declined``, ``expired`` or ``open``).
    Accepting declines every other open offer in the same transaction (an acceptance ends SOAP). Raises
    :class:`InputError` for an unknown status or a second acceptance, :class:`NotFoundError` for no offer."""
    status = status.strip().lower()
    if status not in OFFER_STATUSES:
        raise InputError(f"{status!r} is not a status: use {', '.join(OFFER_STATUSES)}")
    with services.database.transaction(locked_owner=services.owner_id) as session:
        store = SoapOfferStore(session, services.owner_id)
        offers = store.all()
        mine = next((o for o in offers if o.code.upper() == code.strip().upper()), None)
        if mine is None:
            raise NotFoundError(f"no offer recorded from {code!r}")
        other_accepted = [o for o in offers if o.status == "accepted" and o.code != mine.code]
        if other_accepted and status in ("accepted", "open"):
            raise InputError(
                f"you accepted the offer of {other_accepted[0].code}: an acceptance is binding and ends your SOAP"
            )
        store.set_status(mine.code, status)
        if status == "accepted":
            for other in offers:
                if other.code != mine.code and other.status == "open":
                    store.set_status(other.code, "declined")
        updated = store.all()
    return _offer_views(updated, _entries(services), None)


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


def decide_offers(services: Services, rules: Rules, *, now: datetime) -> DecisionReport:
    """Weigh the open offers of the current round (the latest round with an open offer whose deadline has not
    passed) against declining them all and waiting, by dynamic programming over the remaining rounds.

    The programs that may still offer are the applications of the default plan on the stored unfilled list
    that have made no offer; their chance of an offer is the plan's middle chance; the per-round shares come
    from the SOAP simulator (:func:`round_shares`).
    """
    year = _year(services, rules)
    rounds = _rounds(rules, year)
    cap = _cap(rules, year)
    binding = in_force(rules.soap_binding_offer, year)
    reminder = (
        f"Acceptance is binding and ends your SOAP: {binding.value} ({binding.citation()})"
        if binding is not None
        else "Acceptance is binding and ends your SOAP."
    )
    offers = list_offers(services, now=now)
    shares = round_shares(rounds.value, cap.value)
    accepted = next((o for o in offers if o.status == "accepted"), None)
    if accepted is not None:
        note = f"You accepted {accepted.name}: SOAP is over for you. Congratulations, and prepare for onboarding."
        return DecisionReport(offers, None, accepted, 0, shares, rounds.value, reminder, None, note)
    live = [o for o in offers if o.status == "open" and not o.past_deadline]
    plan_name: str | None = None
    pending: list[PendingProgram] = []
    note = ""
    try:
        report = soap_plan(services, rules)
        plan_name = report.plan.plan
        offered = {o.code.upper() for o in offers}
        pending = [
            PendingProgram(a.code, a.name, a.utility, a.chance.mid, a.category)
            for a in report.plan.applications
            if a.code.upper() not in offered
        ]
    except (InputError, NotFoundError) as error:
        note = f"Without your plan's applications the worth of waiting counts no later offers ({error})."
    if not live:
        current = max((o.round for o in offers), default=0)
        if current >= rounds.value:
            text = "No open offer, and the last round is over: SOAP has ended (see `matchpilot soap after`)."
            return DecisionReport(offers, None, None, len(pending), shares, rounds.value, reminder, plan_name, text)
        decision = decide(
            [], pending, current_round=max(current, 1), rounds=rounds.value, shares=shares, reminder=reminder
        )
        text = note or "No open offer to decide on: record one with `matchpilot soap offer record`."
        return DecisionReport(offers, decision, None, len(pending), shares, rounds.value, reminder, plan_name, text)
    current = max(o.round for o in live)
    now_offers = [RoundOffer(o.code, o.name, o.utility, CATEGORY_LABELS.get(o.category, "")) for o in live]
    decision = decide(now_offers, pending, current_round=current, rounds=rounds.value, shares=shares, reminder=reminder)
    earlier = [o for o in live if o.round < current]
    if earlier:
        note = (
            f"{len(earlier)} open offer{'s' if len(earlier) != 1 else ''} from earlier rounds: offers must be "
            "answered before their round closes; mark them expired if the deadline passed."
        )
    return DecisionReport(offers, decision, None, len(pending), shares, rounds.value, reminder, plan_name, note)


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
    """After SOAP: the programs for off-cycle outreach (PM&R first), the template used (None when matchpilot's
    letters have no suitable one) and advice."""

    programs: tuple[AfterProgram, ...]
    template: str | None
    advice: tuple[str, ...]


_OUTREACH_KINDS = ("off-cycle", "post-soap", "outreach")


def after_soap(services: Services) -> AfterSoap:
    """The programs of the stored unfilled list still open to off-cycle outreach after SOAP: every program
    except the one whose offer was accepted and those whose sheet says they do not sponsor the visa needed,
    PM&R first, then PGY-1 years, then the others. A draft message is added when matchpilot's letters have an
    outreach template (looked up by kind: off-cycle, post-soap, outreach)."""
    from matchpilot.letters import TEMPLATES, draft_letter

    profile = services.profile()
    entries = _entries(services)
    if not entries:
        raise InputError("no unfilled list: import it with `matchpilot soap unfilled import FILE.csv`")
    with services.database.transaction() as session:
        offers = SoapOfferStore(session, services.owner_id).all()
    taken = {o.code.upper() for o in offers if o.status == "accepted"}
    template_kind = next((k for k in TEMPLATES if k.value in _OUTREACH_KINDS), None)
    out: list[AfterProgram] = []
    for key, entry in entries.items():
        if key in taken:
            continue
        program: Program = entry.program
        visa, words = visa_status(profile, program) if profile is not None else ("unknown", "visa: unknown")
        if visa == "no":
            continue
        draft = None
        if template_kind is not None:
            try:
                draft = draft_letter(template_kind, profile, program)
            except InvalidDataError as error:
                draft = "Cannot draft yet: " + "; ".join(str(issue) for issue in error.issues)
        category = soap_category(program)
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
    advice = [
        "Contact programs only after SOAP has ended: during SOAP you may not contact a program until it contacts you.",
        "Write to each program directly, by e-mail and phone, with your updated CV and a short PM&R-focused "
        "message; say which visa you need.",
        "Re-import the list of positions still unfilled when it is published: this list is the one from Match Week.",
    ]
    if template_kind is None:
        advice.append(
            "matchpilot's letters have no off-cycle outreach template yet: write the message yourself and check "
            "it with `matchpilot letters lint`."
        )
    return AfterSoap(tuple(out), None if template_kind is None else template_kind.value, tuple(advice))


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
            "no cheat sheet yet: write one with `matchpilot soap cheatsheet --reason ... (3) --quality ... (3) "
            "--story ... (2)`"
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
        documents_store.save(StoredDocument(doc.kind, doc.key, doc.title, doc.text, doc.writer, doc.specialty))
    assignments = SoapAssignmentStore(session, owner_id)
    assignments.remove_all()
    for entry in DEMO_ASSIGNMENTS:
        assignments.save(StoredAssignment(entry.target, entry.statement, entry.letters))
    plans = SoapPlanStore(session, owner_id)
    plans.remove_all()
    for plan in DEMO_PLANS:
        bounds = {name: (low, high) for name, low, high in plan.bounds}
        plans.save(StoredPlan(plan.name, bounds, plan.max_applications, plan.default, plan.note))
    SoapCheatSheetStore(session, owner_id).save(DEMO_CHEATSHEET)
    SoapUnfilledStore(session, owner_id).remove_all()
    SoapOfferStore(session, owner_id).remove_all()
