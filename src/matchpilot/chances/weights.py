"""The weights of the chances model: documented assumptions, read from one user-editable TOML file.

The defaults ship as ``matchpilot/chances/weights.toml`` (every number there is an assumption, not NRMP data).
:func:`weights_from_values` checks a file's values (the file's format, ``matchpilot.chances-weights/1``, is read
by :mod:`matchpilot.io.weights_toml`) and returns the :class:`Weights` or the issues found, each naming its key
(``step2.slope_per_10_points``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType

from matchpilot.domain.issues import Issue, Severity
from matchpilot.domain.profile import ApplicantType, Target

__all__ = [
    "SIGNAL_TIERS",
    "TEXT_KEYS",
    "WEIGHTS_KEYS",
    "WEIGHTS_RESOURCE",
    "Weights",
    "weights_from_values",
]

WEIGHTS_RESOURCE = "weights.toml"
"""The name of the packaged default weights file inside :mod:`matchpilot.chances`."""


@dataclass(frozen=True, slots=True)
class _Rule:
    low: float
    high: float
    whole: bool = False


_INF = float("inf")
_ANY = _Rule(-20.0, 20.0)
_GAIN = _Rule(0.0, 20.0)  # must not be negative: keeps "more of a good thing never lowers chances"
_PENALTY = _Rule(-20.0, 0.0)
_COUNT = _Rule(0, 1000, whole=True)
_RATE = _Rule(0.0, 1.0)

_RULES: dict[str, _Rule] = {
    **{f"intercept.{t.value}": _Rule(-10.0, 10.0) for t in Target},
    **{f"applicant_type.{a.value}": _Rule(-10.0, 10.0) for a in ApplicantType},
    "step2.slope_per_10_points": _GAIN,
    "step2.typical_above_minimum": _Rule(0, 100),
    "step2.reference_typical": _Rule(1, 300),
    "step2.unknown_spread": _Rule(0, 100),
    "step2.cap": _GAIN,
    "img_share.slope_per_10_points": _GAIN,
    "img_share.reference": _Rule(0, 100),
    "img_share.none_penalty": _PENALTY,
    "img_share.unknown_low": _Rule(0, 100),
    "img_share.unknown_high": _Rule(0, 100),
    "pmr_letters.per_letter": _GAIN,
    "pmr_letters.max_counted": _COUNT,
    "pmr_letters.none_penalty": _PENALTY,
    "pmr_experience.per_month": _GAIN,
    "pmr_experience.max_counted": _Rule(0, 240),
    "us_clinical_experience.per_month": _GAIN,
    "us_clinical_experience.max_counted": _Rule(0, 240),
    "us_clinical_experience.none_penalty": _PENALTY,
    "us_clinical_experience.unknown_max_months": _Rule(0, 240),
    "research.per_item": _GAIN,
    "research.max_counted": _COUNT,
    "research.pmr_per_item": _GAIN,
    "research.pmr_max_counted": _COUNT,
    "research.unknown_max_items": _COUNT,
    "geography.preferred_state": _GAIN,
    "geography.avoided_state": _ANY,
    "signal.sent": _GAIN,
    "signal.gold": _GAIN,
    "signal.silver": _GAIN,
    "unknown_requirement.low": _PENALTY,
    "unknown_requirement.mid": _PENALTY,
    "unknown_requirement.mid_with_h1b_evidence": _PENALTY,
    "unknown_requirement.common_graduation_limit": _Rule(0, 60, whole=True),
    "unknown_requirement.common_step2_minimum": _Rule(0, 300),
    "weight_uncertainty.relative": _Rule(0.0, 1.0),  # above 1, raising a term could lower an end of the range
    "strength.prior_mean": _Rule(-10.0, 10.0),
    "strength.prior_sd": _Rule(0.01, 10.0),
    "strength.band": _Rule(0.01, 0.999),
    "strength.grid_points": _Rule(21, 20001, whole=True),
    "strength.grid_half_width_sd": _Rule(2.0, 20.0),
    "outcomes.late_invite_share": _Rule(0.0, 0.99),
    **{f"match_given_interview.{t.value}.{end}": _RATE for t in Target for end in ("low", "mid", "high")},
}

WEIGHTS_KEYS: tuple[str, ...] = tuple(_RULES)
"""Every key of a weights file, dotted (``section.key``), in the order of the default file."""

TEXT_KEYS: tuple[str, ...] = ("signal.source",)
"""The keys of a weights file that hold text: where an assumption's evidence comes from (optional)."""

SIGNAL_TIERS: tuple[str, ...] = ("gold", "silver")
"""The signal tiers with their own weight (``signal.gold``); any other tier (``standard``) uses ``signal.sent``."""


@dataclass(frozen=True, slots=True)
class Weights:
    """The checked weights: every key of :data:`WEIGHTS_KEYS` with its number.

    Index by dotted key (``weights["signal.sent"]``); the helpers read the per-kind tables.
    """

    values: Mapping[str, float]
    texts: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))

    def __getitem__(self, key: str) -> float:
        """The number at dotted ``key`` (KeyError for a key that is not a weight)."""
        return self.values[key]

    def intercept(self, target: Target) -> float:
        """The log-odds of an interview for the reference applicant at a position of kind ``target``."""
        return self.values[f"intercept.{target.value}"]

    def applicant_offset(self, applicant_type: ApplicantType) -> float:
        """The shift of the log-odds for an applicant of ``applicant_type``."""
        return self.values[f"applicant_type.{applicant_type.value}"]

    def signal_key(self, tier: str | None) -> str:
        """The key of the weight of a signal of ``tier``: ``signal.gold`` for a tier with its own weight, else
        ``signal.sent`` (the standard signal)."""
        return f"signal.{tier}" if tier in SIGNAL_TIERS else "signal.sent"

    def signal(self, tier: str | None) -> float:
        """The log-odds a signal of ``tier`` adds to the chance of an interview (see :meth:`signal_key`)."""
        return self.values[self.signal_key(tier)]

    @property
    def signal_source(self) -> str:
        """The evidence the signal weights rest on, as the weights file cites it (empty when it cites none)."""
        return self.texts.get("signal.source", "")

    def match_rate(self, target: Target) -> tuple[float, float, float]:
        """The assumed chance of matching given an interview, ``(low, mid, high)``, for ``target``."""
        base = f"match_given_interview.{target.value}"
        return (self.values[f"{base}.low"], self.values[f"{base}.mid"], self.values[f"{base}.high"])


def weights_from_values(
    flat: Mapping[str, object], *, base: Weights | None = None, issues: Sequence[Issue] = ()
) -> tuple[Weights | None, list[Issue]]:
    """Check the values of a weights file (``flat``: dotted key -> value as read).

    Returns ``(weights, [])`` or ``(None, issues)``; each issue's ``where`` is the dotted key. A key missing
    from ``flat`` takes its value from ``base`` (the packaged defaults, when the service reads a user's
    file); without ``base`` a missing key is an error. Unknown keys, non-numbers, out-of-range values and
    contradictions (a match rate whose low end is above its middle) are errors. ``issues``: the problems found
    while reading the file, kept first (the contradictions are looked for only when there are none).
    """
    found = list(issues)
    values: dict[str, float] = {}
    texts: dict[str, str] = {key: base.texts[key] for key in TEXT_KEYS if base is not None and key in base.texts}
    for key, raw in flat.items():
        if key in TEXT_KEYS:
            if isinstance(raw, str):
                texts[key] = raw.strip()
            else:
                found.append(Issue("bad-value", Severity.ERROR, f"must be a text, not {type(raw).__name__}", key))
            continue
        rule = _RULES.get(key)
        if rule is None:
            found.append(Issue("unknown-key", Severity.ERROR, f"unknown key {key!r}", key))
            continue
        problem = _check(raw, rule)
        if problem is not None:
            found.append(Issue("bad-value", Severity.ERROR, problem, key))
        else:
            values[key] = float(raw)  # type: ignore[arg-type]
    for key in _RULES:
        if key in values or key in flat:
            continue
        if base is not None:
            values[key] = base[key]
        else:
            found.append(Issue("missing-value", Severity.ERROR, "a value is required", key))
    if not found:
        found += _cross_checks(values)
    if found:
        return None, found
    return Weights(MappingProxyType({key: values[key] for key in _RULES}), MappingProxyType(texts)), []


def _check(raw: object, rule: _Rule) -> str | None:
    if isinstance(raw, bool) or not isinstance(raw, int | float):
        return f"must be a number, not {type(raw).__name__}"
    if raw != raw or raw in (_INF, -_INF):
        return "must be a finite number"
    if rule.whole and not float(raw).is_integer():
        return f"{raw} is not a whole number"
    if not rule.low <= raw <= rule.high:
        return f"{raw:g} is out of range (must be between {rule.low:g} and {rule.high:g})"
    return None


def _cross_checks(values: Mapping[str, float]) -> list[Issue]:
    issues: list[Issue] = []
    for target in Target:
        base = f"match_given_interview.{target.value}"
        low, mid, high = values[f"{base}.low"], values[f"{base}.mid"], values[f"{base}.high"]
        if not low <= mid <= high:
            issues.append(
                Issue(
                    "inconsistent", Severity.ERROR, f"needs low <= mid <= high (got {low:g}, {mid:g}, {high:g})", base
                )
            )
    if values["img_share.unknown_low"] > values["img_share.unknown_high"]:
        issues.append(
            Issue("inconsistent", Severity.ERROR, "must not be above img_share.unknown_high", "img_share.unknown_low")
        )
    if values["unknown_requirement.mid"] < values["unknown_requirement.low"]:
        issues.append(
            Issue(
                "inconsistent", Severity.ERROR, "must not be below unknown_requirement.low", "unknown_requirement.mid"
            )
        )
    if values["unknown_requirement.mid_with_h1b_evidence"] < values["unknown_requirement.low"]:
        issues.append(
            Issue(
                "inconsistent",
                Severity.ERROR,
                "must not be below unknown_requirement.low",
                "unknown_requirement.mid_with_h1b_evidence",
            )
        )
    return issues
