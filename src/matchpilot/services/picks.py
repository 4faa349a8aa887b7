"""Outcomes and "pick" use cases: record what programs answered, and choose where to apply from the stored
workspace — load the profile, sheet, outcomes and dated rules, call the pure core (:mod:`matchpilot.pick`),
keep what was shown.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path

from matchpilot.chances import ChancesReport, Outcome, ProgramChance, parse_outcome
from matchpilot.domain.issues import Issue, Severity
from matchpilot.domain.rules import Rules, in_force
from matchpilot.errors import InputError, InvalidDataError, NotFoundError
from matchpilot.pick import DEFAULT_THRESHOLD, FeeSchedule, PickLimits, PickReport, RecordedOutcome, make_pick
from matchpilot.pick.signals import SignalSeason, signal_effects, signal_options
from matchpilot.portfolio.signals import MAX_NODES
from matchpilot.services.chances import chances_for, load_weights
from matchpilot.services.memo import collector_paused, file_stamp, remembered
from matchpilot.services.predictions import keep_shown
from matchpilot.services.rules_data import load_rules
from matchpilot.services.workspace import Services
from matchpilot.storage import OutcomeStore, ProgramStore
from matchpilot.storage.pick_choices import PickChoiceStore

__all__ = [
    "clear_outcome",
    "fee_schedule",
    "list_outcomes",
    "pick_choices",
    "pick_export_bytes",
    "pick_for",
    "record_outcome",
    "set_pick_choice",
    "signal_effects_for",
    "signal_season",
]


def _outcome_word(text: str | Outcome) -> Outcome:
    if isinstance(text, Outcome):
        return text
    found = parse_outcome(text)
    if found is None:
        raise InputError(f"{text!r} is not an outcome: use invited, rejected or silent")
    return found


def record_outcome(services: Services, code: str, outcome: str | Outcome, on: date | None = None) -> RecordedOutcome:
    """Record what the program ``code`` answered (``invited``, ``rejected`` or ``silent``) as of ``on``
    (default: today), replacing an earlier outcome for it.

    Raises NotFoundError when the sheet has no such program and InputError for an unknown outcome word or a
    date after today.
    """
    word = _outcome_word(outcome)
    today = services.today()
    day = today if on is None else on
    if day > today:
        raise InputError(f"{day.isoformat()} is after today ({today.isoformat()}): record an outcome once it happened")
    recorded = RecordedOutcome(code.strip(), word, day)
    with services.database.transaction(locked_owner=services.owner_id) as session:
        if ProgramStore(session, services.owner_id).get(recorded.code) is None:
            raise NotFoundError(f"no program with code {recorded.code!r} in your sheet")
        OutcomeStore(session, services.owner_id).record(recorded)
    return recorded


def clear_outcome(services: Services, code: str) -> None:
    """Forget the outcome recorded for ``code``; NotFoundError when none was recorded."""
    with services.database.transaction(locked_owner=services.owner_id) as session:
        cleared = OutcomeStore(session, services.owner_id).clear(code.strip())
    if not cleared:
        raise NotFoundError(f"no outcome is recorded for {code!r}")


def list_outcomes(services: Services) -> tuple[RecordedOutcome, ...]:
    """Every outcome recorded by the services' owner, by program code."""
    with services.database.transaction() as session:
        return tuple(OutcomeStore(session, services.owner_id).all())


PICK_CHOICES = ("pin", "exclude")
"""What you can choose for a program on My list: ``pin`` (must apply) or ``exclude`` (never apply)."""


def pick_choices(services: Services) -> dict[str, str]:
    """The programs you pinned or excluded: code -> ``pin`` or ``exclude``."""
    with services.database.transaction() as session:
        return PickChoiceStore(session, services.owner_id).all()


def set_pick_choice(services: Services, code: str, choice: str) -> None:
    """Pin (``pin``) or exclude (``exclude``) the program ``code``, or forget the choice (``clear``).

    Raises NotFoundError when the sheet has no such program (or, clearing, no choice is stored) and InputError
    for another word; nothing is saved on error.
    """
    code = code.strip()
    word = choice.strip().lower()
    with services.database.transaction(locked_owner=services.owner_id) as session:
        store = PickChoiceStore(session, services.owner_id)
        if word == "clear":
            if not store.clear(code):
                raise NotFoundError(f"{code!r} is neither pinned nor excluded")
            return
        if ProgramStore(session, services.owner_id).get(code) is None:
            raise NotFoundError(f"no program with code {code!r} in your sheet")
        if word not in PICK_CHOICES:
            raise InputError(f"{choice!r} is not a choice: use pin, exclude or clear")
        store.set(code, word)


def fee_schedule(season_year: int, rules_path: Path | None = None) -> FeeSchedule:
    """The ERAS fees for applications sent in ``season_year`` (the Match of ``season_year + 1``).

    Reads the dated rules shipped in ``matchpilot/data/rules.toml``, merged with the user's rules file at
    ``rules_path`` when given. Raises InputError when that file cannot be read and InvalidDataError when the
    rules have errors or no fee entry covers that Match year.
    """
    return _fees_in(load_rules(rules_path).rules, season_year)


def _fees_in(rules: Rules, season_year: int) -> FeeSchedule:
    """:func:`fee_schedule` from rules already loaded."""
    match_year = season_year + 1
    entry = in_force(rules.eras_fees, match_year)
    if entry is None:
        raise InvalidDataError(
            f"no ERAS fee schedule covers the Match of {match_year}",
            [
                Issue(
                    "missing-value",
                    Severity.ERROR,
                    f"a newer matchpilot or corrected rules data brings the fees of {match_year}",
                    "eras_fees",
                )
            ],
        )
    note = "" if entry.confirmed_for(match_year) else f"checked {entry.checked}: confirm the fees for {match_year}"
    return FeeSchedule(tuple(entry.value), match_year, entry.citation(), note)


def signal_season(season_year: int, rules_path: Path | None = None) -> SignalSeason | None:
    """The ERAS program signals of the season whose applications are sent in ``season_year`` (the Match of
    ``season_year + 1``): counts per specialty and tier, with their source, from the dated rules (merged with
    the user's rules file at ``rules_path``); None when no entry covers that Match year."""
    return _signals_in(load_rules(rules_path).rules, season_year)


def _signals_in(rules: Rules, season_year: int) -> SignalSeason | None:
    """:func:`signal_season` from rules already loaded."""
    match_year = season_year + 1
    entry = in_force(rules.eras_signals, match_year)
    if entry is None:
        return None
    return SignalSeason(
        match_year,
        {pool: dict(rule.tiers) for pool, rule in entry.value.items()},
        {pool: rule.group for pool, rule in entry.value.items()},
        source=entry.source,
        checked=str(entry.checked),
        note=entry.note,
        projected=entry.projected,
    )


def signal_effects_for(
    report: ChancesReport, code: str, *, weights_path: Path | None = None, rules_path: Path | None = None
) -> tuple[tuple[str, ProgramChance], ...]:
    """What a signal of each tier of the season would make of the chance at ``code`` in ``report`` (see
    :func:`matchpilot.pick.signals.signal_effects`), with the weights and rules files given (default: packaged)."""
    season = signal_season(report.season_year, rules_path)
    if season is None:
        return ()
    weights, _ = load_weights(weights_path)
    return signal_effects(report.estimate(code), weights, report.after.belief, season)


def pick_for(
    services: Services,
    limits: PickLimits,
    *,
    weights_path: Path | None = None,
    rules_path: Path | None = None,
    season_year: int | None = None,
    signals: Sequence[tuple[str, str | None]] = (),
    with_signals: bool = True,
    max_signal_nodes: int = MAX_NODES,
    threshold: float = DEFAULT_THRESHOLD,
) -> PickReport:
    """Choose where to apply from the stored profile, sheet and outcomes (see :func:`make_pick`).

    ``weights_path`` is a chances weights file, ``rules_path`` a rules file merged over the packaged dated
    rules (for the ERAS fees and signal counts), ``season_year`` the year applications are sent (default: this
    season). With ``with_signals`` (the default) the season's ERAS signals are placed with the list; ``signals``
    are those you fix by hand (code and tier, None: the pool's only tier); ``max_signal_nodes`` caps branch and
    bound (a page passes fewer); ``threshold`` (percentage points) marks where one more application adds less
    than it on the applications curve. Raises InputError when there is no profile yet, InvalidDataError when a limit
    cannot be met or a hand-fixed signal cannot be used (each named, with the season's count and its source).
    """
    if signals and not with_signals:
        raise InputError("signals fixed by hand need the signal plan: leave signals on to fix one")
    stored = pick_choices(services)  # your pins and exclusions of My list, with those given for this list

    def pick() -> PickReport:
        with collector_paused():  # tens of thousands of new objects, none in a cycle
            return computed()

    def computed() -> PickReport:
        recorded = list_outcomes(services)
        report = chances_for(
            services,
            weights_path=weights_path,
            outcomes=[(o.code, o.outcome) for o in recorded],
            season_year=season_year,
        )
        rules = load_rules(rules_path).rules  # read once for the fees and the signals
        fees = _fees_in(rules, report.season_year)
        known = {estimate.program.code for estimate in report.estimates}  # a program since removed is let go
        wanted = replace(
            limits,
            pinned=limits.pinned | {c for c, w in stored.items() if w == "pin" and c in known},
            excluded=limits.excluded | {c for c, w in stored.items() if w == "exclude" and c in known},
        )
        options = None
        season = _signals_in(rules, report.season_year) if with_signals else None
        if season is None and signals:
            raise InvalidDataError(
                f"no ERAS signal counts are known for the Match of {report.season_year + 1}",
                [
                    Issue(
                        "missing-value",
                        Severity.ERROR,
                        "a newer matchpilot or corrected rules data brings the season's counts",
                        "eras_signals",
                    )
                ],
            )
        if season is not None and season.pools:
            weights, _ = load_weights(weights_path)
            options = signal_options(report, weights, season, signals, max_nodes=max_signal_nodes)
        picked = make_pick(report, wanted, fees, recorded, options, threshold, profile=services.profile())
        keep_shown(services, report)  # the chances My list shows, kept to be scored against outcomes
        return picked

    stamps = (file_stamp(weights_path), file_stamp(rules_path))  # users' files: their versions are in the question
    if (weights_path is not None and stamps[0] is None) or (rules_path is not None and stamps[1] is None):
        return pick()  # a file that cannot be read: the computation says why
    question = (
        "pick",
        limits.max_applications,
        limits.budget,
        tuple(sorted(limits.minimums.items())),
        tuple(sorted(limits.maximums.items())),
        tuple(sorted(limits.pinned)),
        tuple(sorted(limits.excluded)),
        tuple(sorted(stored.items())),
        season_year,
        tuple(signals),
        with_signals,
        max_signal_nodes,
        threshold,
        stamps,
    )
    return remembered(services, question, pick, lambda report: len(report.chosen) + len(report.left_out))


def pick_export_bytes(report: PickReport, kind: str) -> bytes:
    """My list as the bytes of a CSV (the text of ``matchpilot pick --csv``) or an XLSX workbook with the same
    columns (numbers as numbers). InputError for another kind."""
    from matchpilot.io.pick_json import PICK_CSV_COLUMNS, PICK_NUMERIC_COLUMNS, pick_csv, pick_rows
    from matchpilot.io.tables import table_bytes

    if kind == "csv":
        return pick_csv(report).encode("utf-8")
    if kind != "xlsx":
        raise InputError(f"no export of My list as .{kind}; use .csv or .xlsx")
    rows = [[str(cell) for cell in row] for row in pick_rows(report)]
    return table_bytes("xlsx", PICK_CSV_COLUMNS, rows, numeric=PICK_NUMERIC_COLUMNS)
