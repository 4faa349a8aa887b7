"""Pick: the best list of programs to apply to, and the ERAS program signals to send with it (pure).

Glossary
--------
pick
    The list of programs to apply to chosen by the exact portfolio optimizer from the chances model's middle
    chance of a match at each program, your interest in each, and your limits (:func:`make_pick`).
limits
    A count of applications, an ERAS-fee budget and bounds per kind of position (:class:`PickLimits`).
fee schedule
    The ERAS fee tiers in force for one Match year, per specialty (:class:`FeeSchedule`).
signal plan
    The ERAS program signals of the season (count per pool and tier) and which programs they go to, chosen
    together with the list (:mod:`matchpilot.pick.signals`).

Nothing here reads a file, a database or a clock: the services pass the chances, the fee schedule, the
signal rules and the recorded outcomes in.
"""

from matchpilot.pick.curve import (
    DEFAULT_THRESHOLD,
    ApplicationsCurve,
    ApplicationsPoint,
    FeeStep,
    applications_curve,
    check_threshold,
)
from matchpilot.pick.fees import FeeSchedule, fee_group
from matchpilot.pick.limits import (
    CATEGORIES,
    DEFAULT_MAX_APPLICATIONS,
    DEFAULT_UTILITY,
    PickLimits,
    limits_issues,
    parse_bound,
)
from matchpilot.pick.make import make_pick
from matchpilot.pick.report import (
    CurvePoint,
    LeftOut,
    ListOutcome,
    PickedProgram,
    PickReport,
    RecordedOutcome,
    SentSignal,
    SignalPlan,
    UnusedSignal,
    describe_factor,
)
from matchpilot.pick.signals import SignalOptions, SignalSeason, parse_signal, signal_options
from matchpilot.pick.value import gain_if_added, list_value, p_any
from matchpilot.pick.worth import PREFERENCE_STEPS, Worth, program_worth

__all__ = [
    "CATEGORIES",
    "DEFAULT_MAX_APPLICATIONS",
    "DEFAULT_THRESHOLD",
    "DEFAULT_UTILITY",
    "PREFERENCE_STEPS",
    "ApplicationsCurve",
    "ApplicationsPoint",
    "CurvePoint",
    "FeeSchedule",
    "FeeStep",
    "LeftOut",
    "ListOutcome",
    "PickLimits",
    "PickReport",
    "PickedProgram",
    "RecordedOutcome",
    "SentSignal",
    "SignalOptions",
    "SignalPlan",
    "SignalSeason",
    "UnusedSignal",
    "Worth",
    "applications_curve",
    "check_threshold",
    "describe_factor",
    "fee_group",
    "gain_if_added",
    "limits_issues",
    "list_value",
    "make_pick",
    "p_any",
    "parse_bound",
    "parse_signal",
    "program_worth",
    "signal_options",
]
