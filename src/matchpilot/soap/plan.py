"""The SOAP plan: a stored distribution plan instantiated on the list of unfilled programs.

A **distribution plan** (the seed guide's "best case / worst case", step 3.2) gives category bounds, e.g.
"20-25 PM&R, 10-15 preliminary/transitional, the rest categorical alternatives I would accept", and an
optional count limit. Instantiating it on the unfilled list (:func:`build_plan`):

1. every program of the list is either an **application** or **excluded** with a reason: a position that does
   not complete a partial match, a program whose sheet says it does not sponsor the visa the applicant needs
   (unknown sponsorship is allowed, and flagged), a hard filter of the chances model, a category the plan
   takes none of, or a program the optimizer did not choose;
2. the others become portfolio candidates: ``p`` is the middle chance of a match from the chances model,
   ``utility`` the sheet's interest (1-5) or :data:`SOAP_UTILITY` by category, ``category`` the SOAP category;
3. the exact portfolio optimizer (:func:`matchpilot.portfolio.solve`, category DP or nested greedy) chooses
   the best applications under the SOAP cap of the year (dated data) and the plan's bounds. A plan's minimums
   are **targets**: when the list has fewer programs of a category open to the applicant than the target, the
   plan takes what there is, says which target could not be met (:attr:`SoapPlan.targets_not_met`) and how
   the slots were used instead; it never fails for that;
4. each application gets its personal statement variant and letters (:func:`assign_documents`), with a
   warning for every variant or letter the plan needs that is not stored.

:func:`matchpilot.io.soap_json.plan_to_dict` writes the plan as the ``matchpilot.soap-plan/1`` document.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

from matchpilot.chances import Interval, Weights, estimate_program
from matchpilot.domain.issues import Issue, Severity
from matchpilot.domain.match_week import DistributionPlan
from matchpilot.domain.portfolio import Candidate, CategoryBounds, PortfolioProblem
from matchpilot.domain.profile import Profile, VisaNeed
from matchpilot.domain.program import Program, Track
from matchpilot.errors import InputError, InvalidDataError
from matchpilot.portfolio import solve
from matchpilot.soap.documents import (
    CATEGORIES,
    CATEGORY_LABELS,
    AssignmentRule,
    Letter,
    Statement,
    assign_documents,
    soap_category,
)
from matchpilot.soap.eligibility import MatchStatus
from matchpilot.soap.unfilled import UnfilledEntry

__all__ = [
    "PLAN_CSV_COLUMNS",
    "SOAP_UTILITY",
    "DistributionPlan",
    "PlanApplication",
    "PlanExclusion",
    "SoapPlan",
    "build_plan",
    "complementary_tracks",
    "format_bounds",
    "parse_bounds_text",
    "plan_csv_rows",
    "plan_issues",
    "soap_words",
    "visa_status",
]


SOAP_UTILITY: Mapping[str, float] = MappingProxyType({"pmr": 3.0, "prelim": 2.0, "other": 1.0})
"""What a SOAP position is worth when the sheet gives no interest (1-5) for the program: an assumption (PM&R is
the goal; a PGY-1 year keeps the PM&R path open; another specialty is the least wanted). Rate programs in the
sheet's ``interest`` column to override it."""

PLAN_CSV_COLUMNS: tuple[str, ...] = (
    "code",
    "name",
    "specialty",
    "track",
    "category",
    "state",
    "visa",
    "personal_statement",
    "letters",
    "chance_low",
    "chance_high",
    "on_sheet",
    "why",
)
"""The columns of the application list export (one row per application, in the plan's order)."""

_RANGE = re.compile(r"^\s*(\d{1,4})\s*(?:(-|\u2013|\.\.)\s*(\d{1,4})?|(\+))?\s*$")
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 ._-]{0,99}$")


def parse_bounds_text(text: str, *, where: str) -> CategoryBounds:
    """Read a bound as people write it: ``20-25``, an en dash, ``10`` (exactly 10), ``5+`` or ``5-`` (at least
    5), ``0-5``. Raises :class:`InputError` naming ``where`` when it is none of these."""
    found = _RANGE.match(text)
    if not found:
        raise InputError(f"{where} {text!r}: write a range such as 20-25, an exact number such as 10, or 5+")
    low = int(found.group(1))
    if found.group(4) or (found.group(2) and found.group(3) is None):
        return CategoryBounds(low, None)
    high = low if found.group(2) is None else int(found.group(3))
    if high < low:
        raise InputError(f"{where} {text!r}: the upper end {high} is below the lower end {low}")
    return CategoryBounds(low, high)


def format_bounds(bounds: CategoryBounds) -> str:
    """A bound in plain words: ``20-25``, ``10``, ``5 or more``."""
    if bounds.max is None:
        return f"{bounds.min} or more"
    if bounds.max == bounds.min:
        return str(bounds.min)
    return f"{bounds.min}-{bounds.max}"


def plan_issues(plan: DistributionPlan, *, cap: int | None) -> list[Issue]:
    """The problems of a plan about to be stored, each naming its field: a bad name, an unknown category, a
    limit out of range or above the SOAP cap, minimums that add up to more than the limit."""
    issues: list[Issue] = []
    if not _NAME.match(plan.name):
        issues.append(
            Issue("bad-name", Severity.ERROR, f"{plan.name!r} is not a plan name (letters, digits, ' ._-')", "name")
        )
    for name, bounds in plan.bounds.items():
        if name not in CATEGORIES:
            issues.append(
                Issue("unknown-category", Severity.ERROR, f"use one of: {', '.join(CATEGORIES)}", f"category {name}")
            )
        elif bounds.min < 0 or (bounds.max is not None and bounds.max < bounds.min):
            issues.append(Issue("bad-bounds", Severity.ERROR, "the bounds are out of order", f"category {name}"))
    limit = plan.max_applications
    if limit is not None and limit < 1:
        issues.append(Issue("bad-value", Severity.ERROR, "the limit must be at least 1", "max_applications"))
    if limit is not None and cap is not None and limit > cap:
        issues.append(
            Issue(
                "over-cap",
                Severity.ERROR,
                f"{limit} is above the SOAP cap of {cap} applications this year",
                "max_applications",
            )
        )
    total = sum(b.min for b in plan.bounds.values())
    ceiling = min((v for v in (limit, cap) if v is not None), default=None)
    if ceiling is not None and total > ceiling:
        detail = ", ".join(f"{n} {b.min}" for n, b in plan.bounds.items() if b.min)
        issues.append(
            Issue(
                "infeasible",
                Severity.ERROR,
                f"the minimums add up to {total} ({detail}), more than the {ceiling} applications allowed",
                "bounds",
            )
        )
    return issues


def complementary_tracks(status: MatchStatus) -> frozenset[Track] | None:
    """The tracks a partially matched applicant may apply to in SOAP (None: every track)."""
    if status is MatchStatus.PARTIALLY_MATCHED_ADVANCED:
        return frozenset({Track.PRELIMINARY, Track.TRANSITIONAL})
    if status is MatchStatus.PARTIALLY_MATCHED_PGY1:
        return frozenset({Track.ADVANCED, Track.PHYSICIAN})
    return None


def visa_status(profile: Profile, program: Program) -> tuple[str, str]:
    """Whether ``program`` sponsors the visa ``profile`` needs: ``("yes" | "no" | "unknown", plain words)``.

    ``yes`` when the applicant needs no visa (or has not said they need one).
    """
    need = profile.visa_need
    j1, h1b = program.visa_j1, program.visa_h1b
    if need is None or need is VisaNeed.NONE:
        return "yes", "no visa needed"
    if need is VisaNeed.J1:
        return {
            True: ("yes", "sponsors J-1"),
            False: ("no", "does not sponsor J-1"),
            None: ("unknown", "J-1: unknown"),
        }[j1]
    if need is VisaNeed.H1B:
        return {
            True: ("yes", "sponsors H-1B"),
            False: ("no", "does not sponsor H-1B"),
            None: ("unknown", "H-1B: unknown"),
        }[h1b]
    if j1 is True or h1b is True:
        return "yes", "sponsors J-1" if j1 is True else "sponsors H-1B"
    if j1 is False and h1b is False:
        return "no", "sponsors neither J-1 nor H-1B"
    return "unknown", "J-1 and H-1B sponsorship: unknown"


@dataclass(frozen=True, slots=True)
class PlanApplication:
    """One application of the plan, with its documents, its chance and why it is there."""

    code: str
    name: str
    specialty: str
    track: Track
    category: str
    state: str | None
    visa: str
    personal_statement: str | None
    letters: tuple[str, ...]
    chance: Interval
    why: str
    on_sheet: bool
    utility: float


@dataclass(frozen=True, slots=True)
class PlanExclusion:
    """A program of the unfilled list that is not applied to: ``kind`` is ``not-complementary``, ``visa``,
    ``filter``, ``plan`` (a category the plan takes none of) or ``not-chosen``; ``reason`` says why."""

    code: str
    name: str
    category: str
    kind: str
    reason: str


@dataclass(frozen=True, slots=True)
class SoapPlan:
    """A plan instantiated on an unfilled list: the applications (best first), the exclusions (in the list's
    order), warnings, the count limit applied, the expected worth of the list (independence model) and, in
    plain words, each target the list could not meet and how its slots were used instead."""

    plan: str
    limit: int
    visa_need: str
    applications: tuple[PlanApplication, ...]
    excluded: tuple[PlanExclusion, ...]
    warnings: tuple[str, ...]
    bounds: Mapping[str, CategoryBounds]
    value: float
    targets_not_met: tuple[str, ...] = ()

    @property
    def by_category(self) -> dict[str, int]:
        """How many applications of each category."""
        counts = Counter(a.category for a in self.applications)
        return {c: counts.get(c, 0) for c in CATEGORIES}


def _exclusion_reason(
    entry: UnfilledEntry,
    profile: Profile,
    allowed_tracks: frozenset[Track] | None,
    status: MatchStatus,
    plan: DistributionPlan,
    filters: Sequence[tuple[str, str]],
) -> tuple[str, str] | None:
    program = entry.program
    category = soap_category(program)
    if allowed_tracks is not None and program.track not in allowed_tracks:
        if status is MatchStatus.PARTIALLY_MATCHED_ADVANCED:
            need = "you matched to an advanced position and need a PGY-1 (preliminary or transitional)"
        else:
            need = "you matched to a PGY-1 position and need the advanced (PGY-2) position"
        return "not-complementary", f"not a complementary position ({program.track.value}): {need}"
    visa, words = visa_status(profile, program)
    if visa == "no":
        return "visa", words
    for code, reason in filters:
        if code != "visa-not-sponsored":
            return "filter", soap_words(reason)
    bounds = plan.bounds.get(category)
    if bounds is not None and bounds.max == 0:
        return "plan", f"plan {plan.name!r} takes no {CATEGORY_LABELS[category]} programs"
    return None


def build_plan(
    plan: DistributionPlan,
    entries: Sequence[UnfilledEntry],
    profile: Profile,
    *,
    weights: Weights,
    season_year: int,
    cap: int,
    max_letters: int,
    statements: Mapping[str, Statement],
    letters: Sequence[Letter],
    rule: AssignmentRule,
    match_status: MatchStatus = MatchStatus.UNMATCHED,
) -> SoapPlan:
    """Instantiate ``plan`` on the unfilled list ``entries`` for ``profile`` (the steps are in the module
    docstring).

    ``cap`` is the year's SOAP application cap and ``max_letters`` the ERAS letters per application (both
    dated data the caller reads); ``season_year`` the application season for the chances model. Minimums the
    list cannot meet are lowered to what the list has, and said in :attr:`SoapPlan.targets_not_met`.
    """
    allowed = complementary_tracks(match_status)
    limit = cap if plan.max_applications is None else min(plan.max_applications, cap)
    excluded: dict[str, PlanExclusion] = {}
    candidates: list[Candidate] = []
    info: dict[str, tuple[UnfilledEntry, Interval, str, float, str]] = {}
    for entry in entries:
        program = entry.program
        category = soap_category(program)
        chance = estimate_program(profile, program, weights, season_year=season_year)
        filters = [(f.code, f.reason) for f in chance.filtered]
        reason = _exclusion_reason(entry, profile, allowed, match_status, plan, filters)
        if reason is not None:
            excluded[program.code] = PlanExclusion(program.code, program.name, category, *reason)
            continue
        utility = float(program.interest) if program.interest is not None else SOAP_UTILITY[category]
        why = _why(entry, profile, category, chance.p_match, [f.explanation for f in chance.top_factors(2)])
        info[program.code] = (entry, chance.p_match, why, utility, category)
        candidates.append(Candidate(program.code, chance.p_match.mid, utility, 1, category))

    bounds = {name: b for name, b in plan.bounds.items() if name in CATEGORIES and b.max != 0}
    available: Counter[str] = Counter(c.category or "other" for c in candidates)
    reachable = {name: CategoryBounds(min(b.min, available[name]), b.max) for name, b in bounds.items()}
    try:
        result = solve(PortfolioProblem(tuple(candidates), max_applications=limit, categories=reachable))
    except InvalidDataError:
        relaxed = {name: CategoryBounds(0, b.max) for name, b in bounds.items()}
        try:
            result = solve(PortfolioProblem(tuple(candidates), max_applications=limit, categories=relaxed))
        except InvalidDataError as error:
            raise _infeasible(plan, error, entries, excluded, candidates) from None
    chosen = set(result.chosen)
    counts = Counter(info[code][4] for code in result.chosen)
    for candidate in candidates:
        if candidate.id in chosen:
            continue
        entry = info[candidate.id][0]
        category = info[candidate.id][4]
        cat_bounds = bounds.get(category)
        if cat_bounds is not None and cat_bounds.max is not None and counts[category] >= cat_bounds.max:
            why_not = (
                f"not chosen: plan {plan.name!r} takes at most {cat_bounds.max} {CATEGORY_LABELS[category]} "
                "programs, and those chosen are worth more to you"
            )
        elif len(chosen) >= limit:
            why_not = f"not chosen: the {limit} applications went to programs worth more to you"
        else:
            why_not = "not chosen: it adds nothing to the list"
        excluded[candidate.id] = PlanExclusion(candidate.id, entry.program.name, category, "not-chosen", why_not)

    applications: list[PlanApplication] = []
    missing_statements: Counter[str] = Counter()
    other_problems: Counter[str] = Counter()
    for code in result.chosen:
        entry, interval, why, utility, category = info[code]
        program = entry.program
        assignment = assign_documents(program, rule, statements, letters, max_letters=max_letters)
        for problem_text in assignment.problems:
            if problem_text.startswith("missing personal statement variant"):
                missing_statements[f"{assignment.wanted_statement}|{category}"] += 1
            else:
                other_problems[problem_text] += 1
        visa, _ = visa_status(profile, program)
        applications.append(
            PlanApplication(
                code=program.code,
                name=entry.unfilled.name,
                specialty=entry.unfilled.specialty,
                track=program.track,
                category=category,
                state=entry.unfilled.state or program.state,
                visa=visa,
                personal_statement=assignment.statement,
                letters=assignment.letters,
                chance=interval,
                why=why,
                on_sheet=entry.on_sheet,
                utility=utility,
            )
        )
    warnings = _warnings(applications, missing_statements, other_problems, letters, entries, profile, limit)
    ordered_excluded = tuple(excluded[e.program.code] for e in entries if e.program.code in excluded)
    need = profile.visa_need.value if profile.visa_need is not None else "none"
    shortfalls = _targets_not_met(bounds, applications, available, ordered_excluded, limit)
    return SoapPlan(
        plan.name,
        limit,
        need,
        tuple(applications),
        ordered_excluded,
        tuple(warnings),
        bounds,
        result.value,
        shortfalls,
    )


_EXCLUSION_WORDS: Mapping[str, str] = MappingProxyType(
    {
        "not-complementary": "do not complete your match",
        "visa": "do not sponsor the visa you need",
        "filter": "are ruled out by a requirement",
        "plan": "the plan takes none of",
    }
)


def _targets_not_met(
    bounds: Mapping[str, CategoryBounds],
    applications: Sequence[PlanApplication],
    available: Mapping[str, int],
    excluded: Sequence[PlanExclusion],
    limit: int,
) -> tuple[str, ...]:
    """Each minimum the plan could not meet, in plain words, with how its slots were used instead."""
    chosen = Counter(a.category for a in applications)
    out: list[str] = []
    missing_total = 0
    for category in CATEGORIES:
        target = bounds.get(category)
        if target is None or chosen[category] >= target.min:
            continue
        missing = target.min - chosen[category]
        missing_total += missing
        label = CATEGORY_LABELS[category]
        kinds = Counter(x.kind for x in excluded if x.category == category and x.kind in _EXCLUSION_WORDS)
        why = "; ".join(f"{n} {_EXCLUSION_WORDS[kind]}" for kind, n in kinds.most_common())
        count = available.get(category, 0)
        if count >= target.min:
            text = (
                f"Target not met: at least {target.min} {label} applications, but {limit} applications in all "
                f"cannot hold every minimum of the plan; {chosen[category]} chosen."
            )
        else:
            has = f"no {label} program" if count == 0 else f"only {count} {label} program{'s' if count != 1 else ''}"
            text = (
                f"Target not met: at least {target.min} {label} applications, but the list has {has} you can "
                "apply to" + (f" (others on the list: {why})" if why else "") + f"; {chosen[category]} chosen."
            )
        out.append(text)
    if out:
        extra = []
        for category in CATEGORIES:
            target = bounds.get(category)
            above = chosen[category] - (target.min if target is not None else 0)
            if above > 0:
                extra.append(f"{above} {CATEGORY_LABELS[category]}")
        unused = limit - len(applications)
        used = "the slots went to " + ", ".join(extra) if extra else "no other program could take the slots"
        out.append(
            f"Instead of the {missing_total} missing application{'s' if missing_total != 1 else ''}, {used}"
            + (f"; {unused} of your {limit} applications are left unused." if unused > 0 else ".")
        )
    return tuple(out)


_ASK = re.compile(r"\bunknown: ask(?: the program)?\s+(?P<what>(?:how|whether|if|what|which)\b[^;()]*)", re.IGNORECASE)
_SUBJECT_UNKNOWN = re.compile(r"^(?P<subject>[^;:]+?) is unknown: ask\b[^;]*", re.IGNORECASE)
_CONTACT = re.compile(r"\b(ask|contact|e-?mail|call|phone|write to)\b", re.IGNORECASE)


def soap_words(text: str) -> str:
    """A factor's words fit for SOAP, when an applicant may not contact a program until it contacts them: an
    unknown fact reads "the sheet does not say ..." instead of advice to ask, e-mail or call the program."""
    text = _ASK.sub(lambda m: "the sheet does not say " + m.group("what"), text)
    text = _SUBJECT_UNKNOWN.sub(lambda m: "the sheet does not say " + m.group("subject").strip(), text)
    parts = [part for part in re.split(r"(;\s*)", text)]
    kept = ["the sheet does not say" if _CONTACT.search(part) else part for part in parts]
    return "".join(kept)


def _why(entry: UnfilledEntry, profile: Profile, category: str, chance: Interval, factors: Sequence[str]) -> str:
    program = entry.program
    _, visa_words = visa_status(profile, program)
    parts = [f"{CATEGORY_LABELS[category]}, {program.track.value}", visa_words]
    if visa_words.endswith("unknown"):
        parts[-1] += " (allowed: the sheet does not say)"
    parts.append(f"chance of a match {chance.as_percent()}")
    parts += [soap_words(factor) for factor in factors]
    if not entry.on_sheet:
        parts.append("not on your sheet: its facts are unknown")
    return "; ".join(parts)


def _warnings(
    applications: Sequence[PlanApplication],
    missing_statements: Counter[str],
    other_problems: Counter[str],
    letters: Sequence[Letter],
    entries: Sequence[UnfilledEntry],
    profile: Profile,
    limit: int,
) -> list[str]:
    out: list[str] = []
    for key_category, count in sorted(missing_statements.items()):
        key, category = key_category.split("|", 1)
        out.append(
            f"missing personal statement variant {key!r}: {count} {CATEGORY_LABELS[category]} "
            f"application{'s' if count != 1 else ''} need{'s' if count == 1 else ''} it; store it before you apply"
        )
    for text, count in sorted(other_problems.items()):
        out.append(f"{text} ({count} application{'s' if count != 1 else ''})")
    if applications and not letters:
        out.append("no letters of recommendation are stored: store them before you apply")
    unknown = sum(1 for a in applications if a.visa == "unknown")
    if unknown:
        visa = {"j1": "J-1", "h1b": "H-1B"}.get(profile.visa_need.value if profile.visa_need else "", "visa")
        out.append(
            f"{unknown} application{'s go' if unknown != 1 else ' goes'} to programs whose {visa} sponsorship is "
            "unknown (the sheet does not say): allowed, but a program that does not sponsor it cannot take you"
        )
    off_sheet = sum(1 for e in entries if not e.on_sheet)
    if off_sheet:
        out.append(
            f"{off_sheet} program{'s' if off_sheet != 1 else ''} of the unfilled list "
            f"{'are' if off_sheet != 1 else 'is'} not on your sheet: their facts are unknown"
        )
    if len(applications) < limit:
        out.append(f"{len(applications)} applications chosen: {limit - len(applications)} of your {limit} are unused")
    return out


def _infeasible(
    plan: DistributionPlan,
    error: InvalidDataError,
    entries: Sequence[UnfilledEntry],
    excluded: Mapping[str, PlanExclusion],
    candidates: Sequence[Candidate],
) -> InvalidDataError:
    detail = str(error).removeprefix("the limits cannot all be met: ")
    listed = Counter(soap_category(e.program) for e in entries)
    open_ = Counter(c.category for c in candidates)
    issues = list(error.issues)
    for category in CATEGORIES:
        gone = [x for x in excluded.values() if x.category == category]
        if not gone:
            continue
        kinds = Counter(x.reason for x in gone)
        top = "; ".join(f"{n} {reason}" for reason, n in kinds.most_common(3))
        issues.append(
            Issue(
                "excluded",
                Severity.WARNING,
                f"{listed[category]} on the list, {open_[category]} you can apply to; excluded: {top}",
                f"category {category}",
            )
        )
    return InvalidDataError(
        f"plan {plan.name!r} cannot be met on this unfilled list: {detail}. Choose another plan or lower its bounds",
        issues,
    )


def plan_csv_rows(plan: SoapPlan) -> list[list[str]]:
    """The application list as rows of text under :data:`PLAN_CSV_COLUMNS`."""
    return [
        [
            a.code,
            a.name,
            a.specialty,
            a.track.value,
            a.category,
            a.state or "",
            a.visa,
            a.personal_statement or "",
            " ".join(a.letters),
            f"{a.chance.low:.3f}",
            f"{a.chance.high:.3f}",
            "yes" if a.on_sheet else "no",
            a.why,
        ]
        for a in plan.applications
    ]
