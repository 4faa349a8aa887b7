"""Hard filters and soft factors: what an applicant's profile and a program's facts say about an interview.

Every rule reads only the profile, the program, the weights and the inputs given (``season_year``, the
signals sent). A fact that is unknown never filters a program: it turns the term into a range. When the unknown
fact could be a hard filter for this applicant (an unknown J-1 sponsorship for an applicant who needs J-1, an
unknown graduation limit for an applicant who graduated long ago), the term is marked ``may_filter``: the
middle estimate is unchanged, and the low end of the chance is 0.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Callable, Collection, Mapping

from matchpilot.chances.model import Factor, Filter, program_target
from matchpilot.chances.weights import Weights
from matchpilot.domain.evidence import H1bEvidence
from matchpilot.domain.profile import Profile, Step3Status, Target, VisaNeed
from matchpilot.domain.program import Program

__all__ = [
    "REQUIREMENT_CHECK_FACTS",
    "REQUIREMENT_FACTS",
    "Assessor",
    "assess",
    "hard_filters",
    "pmr_letter_count",
    "signal_term",
    "signal_tiers",
    "soft_factors",
    "years_since_graduation",
]

_TARGET_WORDS = {
    Target.PMR: "PM&R",
    Target.PRELIM: "a preliminary year",
    Target.TRANSITIONAL: "a transitional year",
    Target.OTHER: "a position outside PM&R, preliminary and transitional years",
}


def years_since_graduation(graduation_year: int, season_year: int) -> int:
    """Years from graduation to the application season (``season_year``: the year applications are sent)."""
    return season_year - graduation_year


def assess(
    profile: Profile,
    program: Program,
    weights: Weights,
    *,
    season_year: int,
    signals: Collection[str] | Mapping[str, str | None] = (),
    h1b_evidence: H1bEvidence | None = None,
) -> tuple[tuple[Filter, ...], tuple[Factor, ...]]:
    """The hard filters that apply and the soft factors, for ``profile`` at ``program``.

    ``season_year`` is the year the applications are sent (ERAS opens in June); ``signals`` the codes of the
    programs the applicant signalled; ``h1b_evidence`` what the DOL LCA files the applicant imported say about
    H-1B residents at the program's institution (used only where the sheet's H-1B fact is unknown). Returns
    ``(filters, factors)``; the factors start with the baseline.
    """
    filters, requirement_terms = _requirements(profile, program, weights, season_year, h1b_evidence)
    factors = [*_base_terms(profile, program, weights), *requirement_terms]
    factors += _soft_terms(profile, program, weights, signals)
    return tuple(filters), tuple(factors)


REQUIREMENT_FACTS: tuple[str, ...] = (
    "visa_j1",
    "visa_h1b",
    "step3_for_h1b",
    "max_years_since_graduation",
    "min_step2",
    "usce_required",
    "specialty",
    "track",
)
"""Every fact of a program the hard requirements (:func:`_requirements`) read, besides the DOL LCA evidence: a
whole sheet's requirements are worked out once per distinct combination of them
(:mod:`matchpilot.chances.sheet`), so a requirement that reads another fact must add it here."""

REQUIREMENT_CHECK_FACTS: tuple[tuple[str, ...], ...] = (
    ("visa_j1", "visa_h1b", "step3_for_h1b"),
    ("max_years_since_graduation",),
    ("min_step2",),
    ("usce_required",),
    ("specialty", "track"),
)
"""The facts each hard requirement reads (:data:`REQUIREMENT_FACTS` split by check, in the order the checks' filters
and terms are joined; the visa check also reads the DOL LCA evidence): a whole sheet makes each check once per
distinct value of its facts (:meth:`Assessor.requirement_check`)."""


class Assessor:
    """:func:`assess` for one applicant at many programs: the same filters and factors, made faster.

    The terms that do not depend on the program (letters, experience, research, the baseline of each kind of
    position) are made once, and those that depend on one fact of the program (its Step 2 minimum, IMG share,
    state) once per value of that fact. Every term is made by the same functions as :func:`assess`, so the
    results are equal; factors are immutable, so programs may share them.
    """

    def __init__(
        self,
        profile: Profile,
        weights: Weights,
        *,
        season_year: int,
        signals: Collection[str] | Mapping[str, str | None] = (),
    ) -> None:
        self.profile, self.weights, self.season_year = profile, weights, season_year
        self.signals = signal_tiers(signals)
        self._is_img = profile.applicant_type.is_img
        self._base: dict[Target, list[Factor]] = {}
        self._step2: dict[tuple[type, object], Factor] = {}
        self._img_share: dict[tuple[type, object], Factor] = {}
        self._geography: dict[str | None, Factor | None] = {}
        self._usce_term: Factor | None = None
        self._research_term: Factor | None = None
        self._pmr_terms: list[Factor] | None = None
        self._signal: dict[str | None, Factor] = {}
        self._requirements: dict[tuple[object, ...], tuple[tuple[Filter, ...], tuple[Factor, ...]]] = {}

    def assess(
        self, program: Program, h1b_evidence: H1bEvidence | None = None
    ) -> tuple[tuple[Filter, ...], tuple[Factor, ...]]:
        """``assess(profile, program, weights, season_year=..., signals=..., h1b_evidence=...)``."""
        profile, weights = self.profile, self.weights
        filters, requirement_terms = self._cached_requirements(program, h1b_evidence)
        target = program_target(program)
        base = self._base.get(target)
        if base is None:
            base = self._base[target] = _base_terms(profile, program, weights)
        factors = [*base, *requirement_terms, self._cached_step2(program)]
        if self._is_img:
            factors.append(self._cached_img_share(program))
            factors.append(self._usce())
        is_pmr = target is Target.PMR
        pmr = self._pmr() if is_pmr else None
        if pmr is not None:
            factors += pmr[:2]
        factors.append(self._research())
        if pmr is not None:
            factors.append(pmr[2])
        state = program.state
        if state in self._geography:
            geo = self._geography[state]
        else:
            geo = self._geography[state] = _geography(profile, program, weights)
        if geo is not None:
            factors.append(geo)
        if program.code in self.signals:
            tier = self.signals[program.code]
            term = self._signal.get(tier)
            if term is None:
                term = self._signal[tier] = signal_term(weights, tier)
            factors.append(term)
        return filters, tuple(factors)

    # The slots of a whole sheet (:mod:`matchpilot.chances.sheet`): each the terms ``assess`` adds at its place.

    @property
    def is_img(self) -> bool:
        """True when the applicant is an IMG (the IMG share and USCE terms apply)."""
        return self._is_img

    def base_terms(self, program: Program) -> list[Factor]:
        """The baseline terms of ``program``'s kind of position."""
        target = program_target(program)
        base = self._base.get(target)
        if base is None:
            base = self._base[target] = _base_terms(self.profile, program, self.weights)
        return base

    def requirements(
        self, program: Program, h1b_evidence: H1bEvidence | None
    ) -> tuple[tuple[Filter, ...], tuple[Factor, ...]]:
        """The filters and requirement terms of ``program``."""
        return self._cached_requirements(program, h1b_evidence)

    def requirement_check(
        self, which: int, program: Program, h1b_evidence: H1bEvidence | None
    ) -> tuple[tuple[Filter, ...], tuple[Factor, ...]]:
        """The filters and terms of hard requirement number ``which`` (the order of :data:`REQUIREMENT_CHECK_FACTS`)
        at ``program``: :meth:`requirements` is those of every check joined in that order, each made by the same
        cache."""
        name, facts, run = _REQUIREMENT_CHECKS[which]
        reason = None if h1b_evidence is None or name != "visa" else h1b_evidence.reason()
        return self._check((name, *facts(program), reason), run, program, h1b_evidence)

    def step2(self, program: Program) -> Factor:
        """The Step 2 term of ``program``."""
        return self._cached_step2(program)

    def img_terms(self, program: Program) -> tuple[Factor, ...]:
        """The IMG share and USCE terms of ``program`` (an IMG applicant's)."""
        return (self._cached_img_share(program), self._usce())

    def applicant_terms(self, target: Target) -> tuple[Factor, ...]:
        """The terms of the applicant's record at a program of kind ``target``: PM&R letters and experience,
        research, PM&R research (the PM&R ones at PM&R programs only)."""
        if target is not Target.PMR:
            return (self._research(),)
        pmr = self._pmr()
        return (*pmr[:2], self._research(), pmr[2])

    def geography(self, program: Program) -> tuple[Factor, ...]:
        """The geography term of ``program`` (none when the profile and its state say nothing)."""
        state = program.state
        if state in self._geography:
            geo = self._geography[state]
        else:
            geo = self._geography[state] = _geography(self.profile, program, self.weights)
        return () if geo is None else (geo,)

    def signal(self, code: str) -> tuple[Factor, ...]:
        """The signal term of the program ``code`` (none when no signal is sent there)."""
        if code not in self.signals:
            return ()
        tier = self.signals[code]
        term = self._signal.get(tier)
        if term is None:
            term = self._signal[tier] = signal_term(self.weights, tier)
        return (term,)

    def _cached_requirements(
        self, program: Program, h1b_evidence: H1bEvidence | None
    ) -> tuple[tuple[Filter, ...], tuple[Factor, ...]]:
        """The filters and requirement terms of ``program``, as :func:`_requirements` makes them: each of its five
        checks is made once per value of the facts it reads (visa: the sponsorship, Step 3 for H-1B and the
        evidence's words; the limit on years since graduation; the Step 2 minimum; the USCE requirement; the
        specialty and track) and the results joined in the same order."""
        reason = None if h1b_evidence is None else h1b_evidence.reason()
        filters: tuple[Filter, ...] = ()
        terms: tuple[Factor, ...] = ()
        for name, facts, run in _REQUIREMENT_CHECKS:
            found = self._check((name, *facts(program), reason if name == "visa" else None), run, program, h1b_evidence)
            filters += found[0]
            terms += found[1]
        return filters, terms

    def _check(
        self, key: tuple[object, ...], run: _Run, program: Program, h1b_evidence: H1bEvidence | None
    ) -> tuple[tuple[Filter, ...], tuple[Factor, ...]]:
        """What the check ``run`` finds at ``program`` (whose facts it reads are ``key``), made on first use."""
        found = self._requirements.get(key)
        if found is None:
            check = _Checker(self.weights)
            run(self.profile, program, check, self.season_year, h1b_evidence)
            found = self._requirements[key] = (tuple(check.filters), tuple(check.terms))
        return found

    def _cached_step2(self, program: Program) -> Factor:
        key = (type(program.min_step2), program.min_step2)
        found = self._step2.get(key)
        if found is None:
            found = self._step2[key] = _step2(self.profile, program, self.weights)
        return found

    def _cached_img_share(self, program: Program) -> Factor:
        key = (type(program.img_share), program.img_share)
        found = self._img_share.get(key)
        if found is None:
            found = self._img_share[key] = _img_share(program, self.weights)
        return found

    def _usce(self) -> Factor:
        if self._usce_term is None:
            self._usce_term = _usce(self.profile, self.weights)
        return self._usce_term

    def _research(self) -> Factor:
        if self._research_term is None:
            self._research_term = _research(self.profile, self.weights)
        return self._research_term

    def _pmr(self) -> list[Factor]:
        if self._pmr_terms is None:
            profile, weights = self.profile, self.weights
            self._pmr_terms = [
                _pmr_letters(profile, weights),
                _pmr_experience(profile, weights),
                _pmr_research(profile, weights),
            ]
        return self._pmr_terms


def hard_filters(profile: Profile, program: Program, *, season_year: int) -> tuple[Filter, ...]:
    """Only the hard filters that apply to ``profile`` at ``program`` (weights do not change them)."""
    filters, _ = _requirements(profile, program, None, season_year)
    return tuple(filters)


def soft_factors(
    profile: Profile,
    program: Program,
    weights: Weights,
    *,
    season_year: int,
    signals: Collection[str] | Mapping[str, str | None] = (),
) -> tuple[Factor, ...]:
    """Only the soft factors (baseline first), including the ranges of requirements that cannot be checked."""
    return assess(profile, program, weights, season_year=season_year, signals=signals)[1]


# --- requirements: filters, or ranges when a fact is unknown --------------------------------------------


class _Checker:
    def __init__(self, weights: Weights | None) -> None:
        self.weights = weights
        self.filters: list[Filter] = []
        self.terms: list[Factor] = []

    def block(self, code: str, reason: str, remedy: str) -> None:
        self.filters.append(Filter(code, reason, remedy))

    def unknown(self, key: str, name: str, value: str, explanation: str) -> None:
        """A stated requirement that cannot be checked: a range leaning to "may not" (``mid``), may filter."""
        if self.weights is None:
            return
        low, mid = self.weights["unknown_requirement.low"], self.weights["unknown_requirement.mid"]
        self.terms.append(Factor(key, name, value, mid, low, 0.0, explanation, True))

    def evidenced(self, key: str, name: str, value: str, explanation: str) -> None:
        """An unknown requirement with evidence that the program may meet it: still may filter (low end 0), but
        the middle leans less towards "may not" (``unknown_requirement.mid_with_h1b_evidence``)."""
        if self.weights is None:
            return
        low, mid = self.weights["unknown_requirement.low"], self.weights["unknown_requirement.mid_with_h1b_evidence"]
        self.terms.append(Factor(key, name, value, mid, low, 0.0, explanation, True))

    def hidden(self, key: str, name: str, value: str, explanation: str) -> None:
        """A requirement the program may have (its fact is unknown) that you may not meet: the middle is 0, as
        for a program without it; it may filter."""
        if self.weights is None:
            return
        low = self.weights["unknown_requirement.low"]
        self.terms.append(Factor(key, name, value, 0.0, low, 0.0, explanation, True))

    def met(self, key: str, name: str, value: str, explanation: str) -> None:
        if self.weights is not None:
            self.terms.append(Factor.known(key, name, value, 0.0, explanation))


def _requirements(
    profile: Profile, program: Program, weights: Weights | None, season_year: int, evidence: H1bEvidence | None = None
) -> tuple[list[Filter], list[Factor]]:
    check = _Checker(weights)
    for _name, _facts, run in _REQUIREMENT_CHECKS:
        run(profile, program, check, season_year, evidence)
    return check.filters, check.terms


def _visa_words(value: bool | None, visa: str) -> str:
    return {True: f"sponsors {visa}", False: f"does not sponsor {visa}", None: f"{visa}: unknown"}[value]


def _unknown_h1b(check: _Checker, facts: str, ask: str, evidence: H1bEvidence | None) -> None:
    """H-1B sponsorship unknown on the sheet: an unknown term, leaning less to "no" when the DOL LCA evidence
    shows certified H-1B resident LCAs at the institution recently (evidence, never certainty)."""
    reason = evidence.reason() if evidence is not None else None
    if reason is None:
        check.unknown("visa", "Visa", facts, f"unknown: ask the program whether it sponsors {ask}; if not, no chance")
        return
    check.evidenced(
        "visa",
        "Visa",
        f"{facts}; DOL LCA evidence",
        f"unknown on your sheet, but {reason}: evidence the institution has sponsored H-1B residents, not proof for"
        f" this program (an LCA is not a petition and rarely names the specialty); ask the program whether it"
        f" sponsors {ask}; if not, no chance",
    )


def _check_visa(profile: Profile, program: Program, check: _Checker, evidence: H1bEvidence | None = None) -> None:
    need = profile.visa_need
    if need is None or need is VisaNeed.NONE:
        return
    j1, h1b = program.visa_j1, program.visa_h1b
    facts = f"{_visa_words(j1, 'J-1')}; {_visa_words(h1b, 'H-1B')}"
    correct = "if the sheet is wrong, correct visa_j1/visa_h1b (and their source)"
    if need is VisaNeed.J1:
        if j1 is True:
            check.met("visa", "Visa", facts, "sponsors J-1, the visa you need")
        elif j1 is False:
            shown = {
                True: "sponsors H-1B only",
                None: "does not sponsor J-1 (H-1B: unknown)",
                False: "sponsors no visa",
            }[h1b]
            remedy = (
                'If you could train on an H-1B, set visa_need = "j1_or_h1b" in your profile; ' + correct
                if h1b is not False
                else "Nothing in your profile changes this; " + correct
            )
            check.block("visa-not-sponsored", f"{shown}; you need J-1", remedy)
        else:
            check.unknown("visa", "Visa", facts, "unknown: ask the program whether it sponsors J-1; if not, no chance")
        return
    if need is VisaNeed.H1B:
        if h1b is False:
            shown = {
                True: "sponsors J-1 only",
                None: "does not sponsor H-1B (J-1: unknown)",
                False: "sponsors no visa",
            }[j1]
            remedy = (
                'If a J-1 is possible for you, set visa_need = "j1_or_h1b" in your profile; ' + correct
                if j1 is not False
                else "Nothing in your profile changes this; " + correct
            )
            check.block("visa-not-sponsored", f"{shown}; you need H-1B", remedy)
        elif h1b is True:
            _check_step3(profile, program, check, facts)
        else:
            _unknown_h1b(check, facts, "H-1B", evidence)
        return
    # J-1 or H-1B
    if j1 is True:
        check.met("visa", "Visa", facts, "sponsors J-1, which you can use")
    elif j1 is False and h1b is False:
        check.block(
            "visa-not-sponsored",
            "sponsors neither J-1 nor H-1B; you need one of them",
            "Nothing in your profile changes this; " + correct,
        )
    elif h1b is True:
        if j1 is False:
            _check_step3(profile, program, check, facts)
        elif program.step3_for_h1b is not False and profile.step3 is not Step3Status.PASSED:
            check.unknown(
                "visa",
                "Visa",
                facts,
                "unknown: ask whether it sponsors J-1 (its H-1B may need Step 3, which you lack); if neither is open "
                "to you, no chance",
            )
        else:
            check.met("visa", "Visa", facts, "sponsors H-1B, which you can use")
    else:
        ask = "H-1B" if j1 is False else "J-1 or H-1B"
        _unknown_h1b(check, facts, ask, evidence if h1b is None else None)


def _check_step3(profile: Profile, program: Program, check: _Checker, facts: str) -> None:
    """H-1B is the only route: does the program need Step 3 first, and does the applicant have it?"""
    status = profile.step3
    if status is Step3Status.PASSED or program.step3_for_h1b is False:
        check.met("visa", "Visa", facts, "sponsors H-1B, the visa you can use")
        return
    if program.step3_for_h1b is None:
        check.unknown(
            "step3",
            "Step 3 for H-1B",
            facts,
            "unknown: ask whether it needs Step 3 before sponsoring H-1B"
            f" (your Step 3: {status.value if status else 'not given'}); if it does and you have not passed it,"
            " no chance",
        )
        return
    if status is None:
        check.unknown(
            "step3",
            "Step 3 for H-1B",
            "your Step 3 status: not given",
            "unknown: it needs Step 3 before sponsoring H-1B; add step3 to your profile (not passed: no chance)",
        )
        return
    now = "scheduled, not passed" if status is Step3Status.SCHEDULED else "not taken"
    check.block(
        "step3-required-for-h1b",
        f"sponsors H-1B only after Step 3 is passed, and H-1B is your only route here (your Step 3: {now})",
        'Pass Step 3 before the rank-list deadline and set step3 = "passed" in your profile; '
        "if the sheet is wrong, correct step3_for_h1b (and its source)",
    )


def _check_graduation(profile: Profile, program: Program, check: _Checker, season_year: int) -> None:
    limit = program.max_years_since_graduation
    name = "Years since graduation"
    if limit is None:
        _hidden_graduation_limit(profile, check, season_year, name)
        return
    if profile.graduation_year is None:
        check.unknown(
            "graduation",
            name,
            f"limit {limit} years; your graduation year: not given",
            f"unknown: the program takes graduates of the last {limit} years; add graduation_year to your profile"
            " (beyond the limit: no chance)",
        )
        return
    years = years_since_graduation(profile.graduation_year, season_year)
    if years > limit:
        check.block(
            "graduated-too-long-ago",
            f"takes graduates of the last {limit} years; you graduated in {profile.graduation_year}, "
            f"{years} years before the {season_year} season",
            "Nothing in your profile changes this (some programs waive the limit for recent US clinical "
            "experience: ask); if the limit is out of date, correct max_years_since_graduation (and its source)",
        )
    else:
        check.met("graduation", name, f"{years} years (limit {limit})", "within its limit on years since graduation")


def _hidden_graduation_limit(profile: Profile, check: _Checker, season_year: int, name: str) -> None:
    """The program's limit is unknown: it may filter when you graduated longer ago than common limits allow."""
    if check.weights is None:
        return
    common = int(check.weights["unknown_requirement.common_graduation_limit"])
    if profile.graduation_year is None:
        years = None
        value = "its limit: unknown; your graduation year: not given"
    else:
        years = years_since_graduation(profile.graduation_year, season_year)
        value = f"its limit: unknown; yours: {years} years"
    if years is not None and years <= common:
        return
    yours = "add graduation_year to your profile" if years is None else f"you graduated {years} years before"
    check.hidden(
        "graduation",
        name,
        value,
        f"unknown: ask whether it limits years since graduation; limits of {common} years or fewer are common "
        f"({yours}): if it has one you exceed, no chance",
    )


def _check_step2_minimum(profile: Profile, program: Program, check: _Checker) -> None:
    minimum = program.min_step2
    if minimum is None:
        _hidden_step2_minimum(profile, check)
        return
    if profile.step2_ck is None:
        check.unknown(
            "step2_minimum",
            "Step 2 CK minimum",
            f"minimum {minimum}; your score: not given",
            f"unknown: it states a minimum of {minimum}; add step2_ck to your profile (below it: no chance)",
        )
    elif profile.step2_ck < minimum:
        check.block(
            "step2-below-minimum",
            f"your Step 2 CK of {profile.step2_ck} is below its stated minimum of {minimum}",
            "A passed Step 2 CK cannot be retaken: apply where your score meets the minimum; if the minimum is "
            "out of date, correct min_step2 (and its source)",
        )


def _hidden_step2_minimum(profile: Profile, check: _Checker) -> None:
    """The program's minimum is unknown: it may filter when your score is below the minimums that are common."""
    if check.weights is None:
        return
    common = check.weights["unknown_requirement.common_step2_minimum"]
    score = profile.step2_ck
    if score is not None and score >= common:
        return
    value = "its minimum: unknown; " + ("your score: not given" if score is None else f"yours {score}")
    yours = "add step2_ck to your profile" if score is None else f"yours is {score}"
    check.hidden(
        "step2_minimum",
        "Step 2 CK minimum",
        value,
        f"unknown: ask whether it has a Step 2 CK minimum; minimums up to {common:g} are common ({yours}): "
        "if its minimum is above your score, no chance",
    )


def _check_usce(profile: Profile, program: Program, check: _Checker) -> None:
    if program.usce_required is False or not profile.applicant_type.is_img:
        return
    name = "US clinical experience required"
    if program.usce_required is None:
        if profile.usce_months is None or profile.usce_months <= 0:
            yours = "not given" if profile.usce_months is None else "none"
            check.hidden(
                "usce_required",
                name,
                f"its requirement: unknown; your USCE: {yours}",
                "unknown: ask whether it requires US clinical experience; if it does and you have none, no chance",
            )
        return
    if profile.usce_months is None:
        check.unknown(
            "usce_required",
            name,
            "your USCE: not given",
            "unknown: it requires US clinical experience; add usce_months to your profile (none: no chance)",
        )
    elif profile.usce_months <= 0:
        check.block(
            "usce-required",
            "requires US clinical experience and you have none",
            "Get hands-on US clinical experience (an externship or sub-internship) and update usce_months; "
            "if the sheet is wrong, correct usce_required (and its source)",
        )
    else:
        check.met(
            "usce_required", name, f"{profile.usce_months:g} months", "you have the US clinical experience it requires"
        )


def _check_track(profile: Profile, program: Program, check: _Checker) -> None:
    if not profile.targets:
        return
    target = program_target(program)
    if target not in profile.targets:
        wanted = ", ".join(t.value for t in profile.targets)
        check.block(
            "track-not-wanted",
            f"it is {_TARGET_WORDS[target]} ({program.specialty}, {program.track.value}), which you do not accept "
            f"(your targets: {wanted})",
            f'Add "{target.value}" to targets in your profile if you would take it',
        )


# --- soft factors ------------------------------------------------------------------------------------------


def _base_terms(profile: Profile, program: Program, weights: Weights) -> list[Factor]:
    target = program_target(program)
    base = weights.intercept(target)
    kind = profile.applicant_type
    shift = weights.applicant_offset(kind)
    return [
        Factor.known(
            "baseline",
            "Starting point",
            target.value,
            base,
            f"assumed log-odds of an invitation for a reference applicant at {_TARGET_WORDS[target]}",
        ),
        Factor.known(
            "applicant_type", "Applicant type", kind.value, shift, f"assumed shift for {kind.value} applicants"
        ),
    ]


def _clip(value: float, cap: float) -> float:
    return max(-cap, min(cap, value))


def _between(mid: float, low: float, high: float) -> float:
    return max(low, min(high, mid))


def signal_tiers(signals: Collection[str] | Mapping[str, str | None]) -> dict[str, str | None]:
    """The programs signalled and the tier of each: a mapping of code to tier as given, or a collection of codes
    (each signalled with the standard tier, None)."""
    if isinstance(signals, Mapping):
        return dict(signals)
    return dict.fromkeys(signals)


def signal_term(weights: Weights, tier: str | None = None) -> Factor:
    """The soft factor of an ERAS program signal of ``tier`` (None: the standard one) sent to a program: the
    weight of that tier (``signal.gold``, else ``signal.sent``; the evidence is :attr:`Weights.signal_source`)."""
    value = "sent" if tier in (None, "standard") else f"sent ({tier})"
    what = "a signal" if tier in (None, "standard") else f"a {tier} signal"
    ratio = math.exp(weights.signal(tier))
    explanation = f"you sent this program {what} (an assumption: about {ratio:.1f} times the odds of an interview)"
    return Factor.known("signal", "Program signal", value, weights.signal(tier), explanation)


def _soft_terms(
    profile: Profile, program: Program, weights: Weights, signals: Collection[str] | Mapping[str, str | None]
) -> list[Factor]:
    terms = [_step2(profile, program, weights)]
    if profile.applicant_type.is_img:
        terms.append(_img_share(program, weights))
        terms.append(_usce(profile, weights))
    if program_target(program) is Target.PMR:
        terms.append(_pmr_letters(profile, weights))
        terms.append(_pmr_experience(profile, weights))
    terms.append(_research(profile, weights))
    if program_target(program) is Target.PMR:
        terms.append(_pmr_research(profile, weights))
    geo = _geography(profile, program, weights)
    if geo is not None:
        terms.append(geo)
    tiers = signal_tiers(signals)
    if program.code in tiers:
        terms.append(signal_term(weights, tiers[program.code]))
    return terms


def _step2(profile: Profile, program: Program, weights: Weights) -> Factor:
    slope = weights["step2.slope_per_10_points"] / 10
    cap = weights["step2.cap"]
    if program.min_step2 is not None:
        typical = program.min_step2 + weights["step2.typical_above_minimum"]
        lowest_typical = highest_typical = typical
        basis = f"typical ~{typical:g} (its minimum {program.min_step2} + {weights['step2.typical_above_minimum']:g})"
    else:
        typical = weights["step2.reference_typical"]
        spread = weights["step2.unknown_spread"]
        lowest_typical, highest_typical = typical - spread, typical + spread
        basis = f"typical unknown (assumed {lowest_typical:g}-{highest_typical:g})"
    name = "Step 2 CK"
    if profile.step2_ck is None:
        return Factor(
            "step2", name, f"yours: not given; {basis}", 0.0, -cap, cap, "unknown: add step2_ck to your profile"
        )
    score = profile.step2_ck

    def term(at: float) -> float:
        return _clip(slope * (score - at), cap)

    mid, low, high = term(typical), term(highest_typical), term(lowest_typical)
    if low == high:
        above = "above" if score > typical else "below" if score < typical else "at"
        explanation = f"your score is {above} what it typically takes"
    else:
        explanation = "its typical score is unknown: ask or add min_step2 to the sheet"
    return Factor("step2", name, f"yours {score}; {basis}", mid, low, high, explanation)


def _img_share(program: Program, weights: Weights) -> Factor:
    slope = weights["img_share.slope_per_10_points"] / 10
    reference = weights["img_share.reference"]
    penalty = weights["img_share.none_penalty"]

    def term(share: float) -> float:
        return slope * (share - reference) + (penalty if share <= 0 else 0.0)

    name = "IMG share"
    if program.img_share is None:
        low, high = term(weights["img_share.unknown_low"]), term(weights["img_share.unknown_high"])
        return Factor(
            "img_share",
            name,
            "unknown",
            _between(0.0, low, high),
            low,
            high,
            "unknown: ask the program how many of its residents graduated abroad",
        )
    share = program.img_share
    value = term(share)
    if share <= 0:
        explanation = "none of its current residents graduated abroad"
    elif share >= reference:
        explanation = f"{share:g}% of its residents graduated abroad (at or above the neutral {reference:g}%)"
    else:
        explanation = f"only {share:g}% of its residents graduated abroad (below the neutral {reference:g}%)"
    return Factor.known("img_share", name, f"{share:g}%", value, explanation)


def _items(count: int) -> str:
    return f"{count} item" if count == 1 else f"{count} items"


def _capped(per: float, count: float, most: float) -> float:
    return per * min(count, most)


def _usce(profile: Profile, weights: Weights) -> Factor:
    per, most = weights["us_clinical_experience.per_month"], weights["us_clinical_experience.max_counted"]
    penalty = weights["us_clinical_experience.none_penalty"]

    def term(months: float) -> float:
        return penalty if months <= 0 else _capped(per, months, most)

    name = "US clinical experience"
    if profile.usce_months is None:
        low, high = term(0), term(weights["us_clinical_experience.unknown_max_months"])
        return Factor(
            "usce", name, "not given", (low + high) / 2, low, high, "unknown: add usce_months to your profile"
        )
    months = profile.usce_months
    explanation = "no hands-on US clinical experience" if months <= 0 else "hands-on US clinical experience helps"
    return Factor.known("usce", name, f"{months:g} months", term(months), explanation)


_PMR_LETTER = re.compile(r"^(pmr|pm&r|pm_r|pm-r|physiatry|physical[ _-]?medicine.*|rehab.*)$")


def pmr_letter_count(letters: Collection[str]) -> int:
    """How many of the profile's letters are from PM&R (tagged ``pmr``, ``pm&r``, ``physiatry``, ...)."""
    return _pmr_letter_count(tuple(letters))


@functools.lru_cache(maxsize=256)  # asked once a program, for the same few letters
def _pmr_letter_count(letters: tuple[str, ...]) -> int:
    return sum(1 for letter in letters if _PMR_LETTER.match(letter.strip().lower()))


def _pmr_letters(profile: Profile, weights: Weights) -> Factor:
    per, most, penalty = (
        weights["pmr_letters.per_letter"],
        weights["pmr_letters.max_counted"],
        weights["pmr_letters.none_penalty"],
    )

    def term(count: int) -> float:
        return penalty if count <= 0 else _capped(per, count, most)

    name = "PM&R letters"
    if not profile.letters:
        low, high = term(0), term(int(most))
        return Factor(
            "pmr_letters", name, "not given", (low + high) / 2, low, high, "unknown: list your letters in the profile"
        )
    count = pmr_letter_count(profile.letters)
    explanation = (
        "no letter from a PM&R physician" if count == 0 else "letters from PM&R physicians count at PM&R programs"
    )
    return Factor.known("pmr_letters", name, f"{count} of {len(profile.letters)}", term(count), explanation)


def _pmr_experience(profile: Profile, weights: Weights) -> Factor:
    per, most = weights["pmr_experience.per_month"], weights["pmr_experience.max_counted"]
    name = "PM&R experience"
    months = profile.usce_pmr_months
    if months is None and profile.usce_months is not None and profile.usce_months <= 0:
        months = 0.0
    if months is None:
        high = _capped(per, most, most)
        return Factor(
            "pmr_experience", name, "not given", high / 2, 0.0, high, "unknown: add usce_pmr_months to your profile"
        )
    explanation = "no US PM&R clinical experience" if months <= 0 else "US PM&R clinical experience counts"
    return Factor.known("pmr_experience", name, f"{months:g} months", _capped(per, months, most), explanation)


def _research(profile: Profile, weights: Weights) -> Factor:
    per, most = weights["research.per_item"], weights["research.max_counted"]
    name = "Research"
    if profile.research_items is None:
        high = _capped(per, weights["research.unknown_max_items"], most)
        return Factor("research", name, "not given", high / 2, 0.0, high, "unknown: add research_items to your profile")
    items = profile.research_items
    explanation = "no research items" if items == 0 else "research items help a little"
    return Factor.known("research", name, _items(items), _capped(per, items, most), explanation)


def _pmr_research(profile: Profile, weights: Weights) -> Factor:
    per, most = weights["research.pmr_per_item"], weights["research.pmr_max_counted"]
    name = "PM&R research"
    items = profile.pmr_research_items
    if items is None and profile.research_items == 0:
        items = 0
    if items is None:
        high = _capped(per, min(weights["research.unknown_max_items"], most), most)
        return Factor(
            "pmr_research", name, "not given", high / 2, 0.0, high, "unknown: add pmr_research_items to your profile"
        )
    explanation = "no PM&R research" if items == 0 else "PM&R research counts at PM&R programs"
    return Factor.known("pmr_research", name, _items(items), _capped(per, items, most), explanation)


def _geography(profile: Profile, program: Program, weights: Weights) -> Factor | None:
    preferred, avoided = weights["geography.preferred_state"], weights["geography.avoided_state"]
    name = "Geography"
    if program.state is None:
        if not profile.preferred_states and not profile.avoid_states:
            return None
        low = min(0.0, avoided) if profile.avoid_states else 0.0
        high = max(0.0, avoided) if profile.avoid_states else 0.0
        high = max(high, preferred) if profile.preferred_states else high
        return Factor("geography", name, "state unknown", _between(0.0, low, high), low, high, "unknown: add its state")
    state = program.state.upper()
    if state in profile.preferred_states:
        return Factor.known("geography", name, state, preferred, f"{state} is one of your preferred states")
    if state in profile.avoid_states:
        return Factor.known("geography", name, state, avoided, f"{state} is a state you would rather avoid")
    return None


_Run = Callable[[Profile, Program, _Checker, int, H1bEvidence | None], None]

_REQUIREMENT_CHECKS: tuple[tuple[str, Callable[[Program], tuple[object, ...]], _Run], ...] = (
    (
        "visa",
        lambda program: (program.visa_j1, program.visa_h1b, program.step3_for_h1b),
        lambda profile, program, check, _year, evidence: _check_visa(profile, program, check, evidence),
    ),
    (
        "graduation",
        lambda program: (type(program.max_years_since_graduation), program.max_years_since_graduation),
        lambda profile, program, check, year, _evidence: _check_graduation(profile, program, check, year),
    ),
    (
        "step2",
        lambda program: (type(program.min_step2), program.min_step2),
        lambda profile, program, check, _year, _evidence: _check_step2_minimum(profile, program, check),
    ),
    (
        "usce",
        lambda program: (program.usce_required,),
        lambda profile, program, check, _year, _evidence: _check_usce(profile, program, check),
    ),
    (
        "track",
        lambda program: (program.specialty, program.track),
        lambda profile, program, check, _year, _evidence: _check_track(profile, program, check),
    ),
)
"""The hard requirements in the order their filters and terms are joined: each one's name, the facts of a program it
reads (a whole sheet's assessor makes each check once per value of them; the visa check also reads the DOL LCA
evidence's words) and the check. :func:`_requirements` and :meth:`Assessor._cached_requirements` both run this list,
so a check added here is made on both paths."""
