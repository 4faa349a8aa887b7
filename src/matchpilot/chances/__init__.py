"""Chances: explainable estimates of an interview invitation and a match at each program (pure).

Glossary
--------
hard filter
    A reason a program will not consider the applicant (:class:`Filter`): it does not sponsor the visa the
    applicant needs, the applicant graduated longer ago than its limit, Step 2 CK below its stated minimum,
    US clinical experience required and none, a kind of position the applicant does not accept, or H-1B as the
    only route and Step 3 required but not passed. A filtered program has chance 0 and says how to change it.
soft factor
    One visible term (:class:`Factor`) of the log-odds of an invitation: Step 2 CK against the program's
    typical score, its IMG share, PM&R letters and experience, research, geography, a program signal. Each has
    a value, a contribution and a one-line explanation.
unknown
    A fact not given, on either side. It never filters: it makes its term a range, so the chance is a range
    (:class:`Interval`) rather than a guess. When the fact could be a hard filter for this applicant (an
    unknown J-1 sponsorship for an applicant who needs J-1), the term is marked ``may_filter`` and the low
    end of the chance is 0; the middle estimate does not change.
weights
    The numbers of the model (:class:`Weights`), all documented assumptions — not NRMP data — in one
    user-editable file, ``weights.toml`` in this package (:func:`matchpilot.io.weights_toml.parse_weights` reads
    its text). The range also widens by how far the weights themselves may be off
    (``weight_uncertainty.relative``).
strength
    One latent number shared by all programs: whatever about the applicant the factors miss. A normal prior
    updated exactly on a grid by the outcomes recorded (:func:`update_strength`, :func:`outlook`).
outcome
    What a program answered (:class:`Outcome`): invited, rejected, or silent after a date the user chose.

Nothing here reads files, a clock or randomness: pass ``season_year`` (the year applications are sent) and
the weights' text in.
"""

from matchpilot.chances.estimate import combine, estimate_all, estimate_program, estimate_signalled
from matchpilot.chances.learning import Evidence, Outlook, OutlookChange, ProgramDelta, explain_change, outlook
from matchpilot.chances.model import (
    Factor,
    Filter,
    Interval,
    Outcome,
    ProgramChance,
    is_pmr_specialty,
    program_target,
)
from matchpilot.chances.outcomes import parse_outcome, parse_outcome_rows
from matchpilot.chances.report import ChancesReport, ProgramEstimate
from matchpilot.chances.rules import (
    assess,
    hard_filters,
    pmr_letter_count,
    signal_term,
    signal_tiers,
    soft_factors,
    years_since_graduation,
)
from matchpilot.chances.strength import StrengthBelief, likelihood, prior_belief, update_strength
from matchpilot.chances.weights import (
    SIGNAL_TIERS,
    TEXT_KEYS,
    WEIGHTS_KEYS,
    WEIGHTS_RESOURCE,
    Weights,
    weights_from_values,
)

__all__ = [
    "SIGNAL_TIERS",
    "TEXT_KEYS",
    "WEIGHTS_KEYS",
    "WEIGHTS_RESOURCE",
    "ChancesReport",
    "Evidence",
    "Factor",
    "Filter",
    "Interval",
    "Outcome",
    "Outlook",
    "OutlookChange",
    "ProgramChance",
    "ProgramDelta",
    "ProgramEstimate",
    "StrengthBelief",
    "Weights",
    "assess",
    "combine",
    "estimate_all",
    "estimate_program",
    "estimate_signalled",
    "explain_change",
    "hard_filters",
    "is_pmr_specialty",
    "likelihood",
    "outlook",
    "parse_outcome",
    "parse_outcome_rows",
    "pmr_letter_count",
    "prior_belief",
    "program_target",
    "signal_term",
    "signal_tiers",
    "soft_factors",
    "update_strength",
    "weights_from_values",
    "years_since_graduation",
]
