"""Domain values: the words of the NRMP Match, defined once and used everywhere.

Glossary
--------
program
    One program track an applicant can apply to and rank, identified by its NRMP program code
    (4-digit institution, 3-digit specialty — 340 is PM&R — a track letter and a digit) or any unique id.
track
    What kind of position a program offers: *categorical* (C, starts at PGY-1 and runs to completion),
    *advanced* (A, starts at PGY-2 and needs a separate PGY-1), *preliminary* (P, one PGY-1 year in
    medicine or surgery), *transitional* (T, a transitional PGY-1 year), *physician* (R, PGY-2 start for
    physicians who already have a PGY-1).
quota
    The number of positions a program offers in the Match.
rank order list (ROL)
    An applicant's (or program's) list of the other side, best first.
supplemental ROL
    A PGY-1 list attached to advanced programs on an applicant's primary list; used only when the
    applicant matches one of those advanced programs.
couple
    Two applicants who link their lists into ranked pairs of programs.
SOAP round, offer
    In Match Week, programs with unfilled positions send offers in rounds; accepting one is binding.
season, Match year
    A season is named by its Match year N, the March Match that ends it: it runs from the day after Match Day of
    N-1 to Match Day of N (the third Friday of March), through ERAS opening, applications (sent in the autumn of
    N-1, the season's application year), interviews, ranking and Match Week. Every part of matchpilot asks
    :func:`season_for` which season a day is in.
dated rule
    A rule of the process that changes yearly (the SOAP cap of 45, the number of SOAP rounds, ERAS fee tiers,
    Match Week hours), stored as data with its source and the year it was checked, never as a constant.
complementary position
    For a partially matched applicant in SOAP, the positions that complete the match: a PGY-1 for an advanced
    match, or an advanced (PGY-2) position for a PGY-1 match.
blocking pair
    An applicant and a program that would both rather be matched to each other than to what the result gives
    them (a couple and a pair of programs likewise); a result with none is stable.
reversion
    Seats a program leaves unfilled that go to another program of its institution, as the program chose.
intelligence sheet
    The applicant's own table of programs with the facts that matter (visa sponsorship, IMG share, cutoffs,
    ...), each with its source and the date it was checked (its provenance).
profile
    The applicant's scores, visa need, experience and preferences.
outcome
    What a program answered an application: an interview invitation, a rejection, or silence after a day the
    applicant chose; recorded per program code with its day.
issue
    A problem found in the user's data, returned as a value (never raised) with where it is.
unknown
    A fact not given. Shown as "unknown", never as "no".
"""

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from matchpilot.domain.issues import Issue, Severity, errors_in, has_errors, warnings_in
    from matchpilot.domain.market import (
        ApplicantEntry,
        Blocking,
        BlockingKind,
        CoupleEntry,
        MatchInstance,
        MatchResult,
        MatchStats,
        ProgramEntry,
        Reversion,
        SupplementalList,
        Verification,
        check_instance,
        entry_label,
    )
    from matchpilot.domain.outcomes import Outcome, RecordedOutcome
    from matchpilot.domain.portfolio import (
        Candidate,
        CategoryBounds,
        Objective,
        PortfolioProblem,
        PortfolioResult,
    )
    from matchpilot.domain.profile import (
        PROFILE_KEYS,
        ApplicantType,
        Profile,
        Step3Status,
        Target,
        VisaNeed,
        parse_profile,
        profile_to_dict,
    )
    from matchpilot.domain.program import US_STATES, Emphasis, Program, ProgramType, Provenance, Track
    from matchpilot.domain.query import SORTABLE_COLUMNS, ProgramFilter, ProgramQuery, VisaKind
    from matchpilot.domain.rules import (
        RULE_TITLES,
        DatedRule,
        EventKind,
        FeeTier,
        MatchWeekEvent,
        MatchWeekSchedule,
        Rules,
        eras_fee_total,
        in_force,
    )
    from matchpilot.domain.season import Season, match_day, season_for
    from matchpilot.domain.sheet import (
        PROVENANCE_COLUMNS,
        REQUIRED_COLUMNS,
        SHEET_COLUMNS,
        SheetParse,
        normalise_header,
        parse_sheet,
        program_to_cells,
        sheet_header,
    )

_LAZY = {
    "Issue": "matchpilot.domain.issues",
    "Severity": "matchpilot.domain.issues",
    "errors_in": "matchpilot.domain.issues",
    "has_errors": "matchpilot.domain.issues",
    "warnings_in": "matchpilot.domain.issues",
    "ApplicantEntry": "matchpilot.domain.market",
    "Blocking": "matchpilot.domain.market",
    "BlockingKind": "matchpilot.domain.market",
    "CoupleEntry": "matchpilot.domain.market",
    "MatchInstance": "matchpilot.domain.market",
    "MatchResult": "matchpilot.domain.market",
    "MatchStats": "matchpilot.domain.market",
    "ProgramEntry": "matchpilot.domain.market",
    "Reversion": "matchpilot.domain.market",
    "SupplementalList": "matchpilot.domain.market",
    "Verification": "matchpilot.domain.market",
    "check_instance": "matchpilot.domain.market",
    "entry_label": "matchpilot.domain.market",
    "Outcome": "matchpilot.domain.outcomes",
    "RecordedOutcome": "matchpilot.domain.outcomes",
    "Candidate": "matchpilot.domain.portfolio",
    "CategoryBounds": "matchpilot.domain.portfolio",
    "Objective": "matchpilot.domain.portfolio",
    "PortfolioProblem": "matchpilot.domain.portfolio",
    "PortfolioResult": "matchpilot.domain.portfolio",
    "PROFILE_KEYS": "matchpilot.domain.profile",
    "ApplicantType": "matchpilot.domain.profile",
    "Profile": "matchpilot.domain.profile",
    "Step3Status": "matchpilot.domain.profile",
    "Target": "matchpilot.domain.profile",
    "VisaNeed": "matchpilot.domain.profile",
    "parse_profile": "matchpilot.domain.profile",
    "profile_to_dict": "matchpilot.domain.profile",
    "US_STATES": "matchpilot.domain.program",
    "Emphasis": "matchpilot.domain.program",
    "Program": "matchpilot.domain.program",
    "ProgramType": "matchpilot.domain.program",
    "Provenance": "matchpilot.domain.program",
    "Track": "matchpilot.domain.program",
    "SORTABLE_COLUMNS": "matchpilot.domain.query",
    "ProgramFilter": "matchpilot.domain.query",
    "ProgramQuery": "matchpilot.domain.query",
    "VisaKind": "matchpilot.domain.query",
    "RULE_TITLES": "matchpilot.domain.rules",
    "DatedRule": "matchpilot.domain.rules",
    "EventKind": "matchpilot.domain.rules",
    "FeeTier": "matchpilot.domain.rules",
    "MatchWeekEvent": "matchpilot.domain.rules",
    "MatchWeekSchedule": "matchpilot.domain.rules",
    "Rules": "matchpilot.domain.rules",
    "eras_fee_total": "matchpilot.domain.rules",
    "in_force": "matchpilot.domain.rules",
    "Season": "matchpilot.domain.season",
    "match_day": "matchpilot.domain.season",
    "season_for": "matchpilot.domain.season",
    "PROVENANCE_COLUMNS": "matchpilot.domain.sheet",
    "REQUIRED_COLUMNS": "matchpilot.domain.sheet",
    "SHEET_COLUMNS": "matchpilot.domain.sheet",
    "SheetParse": "matchpilot.domain.sheet",
    "normalise_header": "matchpilot.domain.sheet",
    "parse_sheet": "matchpilot.domain.sheet",
    "program_to_cells": "matchpilot.domain.sheet",
    "sheet_header": "matchpilot.domain.sheet",
}


def __getattr__(name: str) -> Any:
    """The package's names, each imported from its module when first asked for (so that importing one module
    of the domain, as every command of the CLI does, does not import them all)."""
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(module), name)


__all__ = [
    "PROFILE_KEYS",
    "PROVENANCE_COLUMNS",
    "REQUIRED_COLUMNS",
    "RULE_TITLES",
    "SHEET_COLUMNS",
    "SORTABLE_COLUMNS",
    "US_STATES",
    "ApplicantEntry",
    "ApplicantType",
    "Blocking",
    "BlockingKind",
    "Candidate",
    "CategoryBounds",
    "CoupleEntry",
    "DatedRule",
    "Emphasis",
    "EventKind",
    "FeeTier",
    "Issue",
    "MatchInstance",
    "MatchResult",
    "MatchStats",
    "MatchWeekEvent",
    "MatchWeekSchedule",
    "Objective",
    "Outcome",
    "PortfolioProblem",
    "PortfolioResult",
    "Profile",
    "Program",
    "ProgramEntry",
    "ProgramFilter",
    "ProgramQuery",
    "ProgramType",
    "Provenance",
    "RecordedOutcome",
    "Reversion",
    "Rules",
    "Season",
    "Severity",
    "SheetParse",
    "Step3Status",
    "SupplementalList",
    "Target",
    "Track",
    "Verification",
    "VisaKind",
    "VisaNeed",
    "check_instance",
    "entry_label",
    "eras_fee_total",
    "errors_in",
    "has_errors",
    "in_force",
    "match_day",
    "normalise_header",
    "parse_profile",
    "parse_sheet",
    "profile_to_dict",
    "program_to_cells",
    "season_for",
    "sheet_header",
    "warnings_in",
]
