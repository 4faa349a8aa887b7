"""Checks of an applicant's rank order list against the NRMP's rules, and its export for typing into the NRMP's
system (pure: data in, issues out).

Sources (``domain/RULES.md``): the NRMP R3 system guide (a list holds at most 300 programs; ranks beyond 20 cost
a fee — both dated values passed in as :class:`~matchpilot.domain.rank_list.RankListLimits`), nrmp.org "About
supplemental rank order lists" (advanced programs need a PGY-1; supplemental lists hold PGY-1 programs), and
nrmp.org "How the matching algorithm works" with Roth & Peranson (1999): the algorithm is applicant-proposing, so
ranking a program higher never lowers the chance of matching elsewhere; the best list is the true order of
preference.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from matchpilot.domain.issues import Issue, Severity
from matchpilot.domain.profile import VisaNeed
from matchpilot.domain.program import Program, Track
from matchpilot.domain.rank_list import CoupleRankList, RankListLimits, RankOrderList

__all__ = [
    "PREFERENCE_ADVICE",
    "CoupleExportRow",
    "ExportRow",
    "check_couple_list",
    "check_rank_list",
    "couple_export_rows",
    "couple_export_text",
    "discordant_pairs",
    "export_rows",
    "export_text",
]

PREFERENCE_ADVICE = (
    "Rank in your true order of preference: the NRMP algorithm is applicant-proposing, so ranking a program "
    "higher never lowers your chance at the programs below it (nrmp.org 'How the matching algorithm works'; "
    "Roth & Peranson 1999)."
)
"""The advice given when a list looks ordered by perceived chance rather than preference."""


def _issue(code: str, severity: Severity, message: str, where: str = "") -> Issue:
    return Issue(code, severity, message, where)


def _label(code: str, programs: Mapping[str, Program]) -> str:
    program = programs.get(code)
    return f"{program.name} ({code})" if program is not None else code


def discordant_pairs(order: Sequence[str], interest: Mapping[str, int]) -> list[tuple[str, str]]:
    """The pairs ``(higher, lower)`` of ``order`` where the program ranked higher has a *lower* interest score
    than one ranked below it (programs without a score are skipped). Empty when the order agrees with the scores.
    """
    scored = [code for code in order if code in interest]
    return [
        (scored[i], scored[j])
        for i in range(len(scored))
        for j in range(i + 1, len(scored))
        if interest[scored[i]] < interest[scored[j]]
    ]


def _kendall(order: Sequence[str], score: Mapping[str, float]) -> float | None:
    """Kendall's tau between list order (best first) and ``score`` (higher = should be first); None when fewer
    than 3 programs have a score."""
    scored = [code for code in order if code in score]
    if len(scored) < 3:
        return None
    agree = disagree = 0
    for i in range(len(scored)):
        for j in range(i + 1, len(scored)):
            a, b = score[scored[i]], score[scored[j]]
            if a > b:
                agree += 1
            elif a < b:
                disagree += 1
    total = len(scored) * (len(scored) - 1) / 2
    return (agree - disagree) / total


def _visa_problem(program: Program, need: VisaNeed | None) -> tuple[Severity, str] | None:
    if need is None or need is VisaNeed.NONE:
        return None
    j1, h1b = program.visa_j1, program.visa_h1b
    if need is VisaNeed.J1:
        ok, wanted = j1, "J-1"
    elif need is VisaNeed.H1B:
        ok, wanted = h1b, "H-1B"
    else:
        ok = True if (j1 or h1b) else (False if (j1 is False and h1b is False) else None)
        wanted = "J-1 or H-1B"
    if ok is False:
        return Severity.WARNING, f"does not sponsor {wanted}, which you need"
    if ok is None:
        return Severity.WARNING, f"unknown whether it sponsors {wanted}: ask the program before the rank-list deadline"
    return None


def check_rank_list(
    rol: RankOrderList,
    programs: Mapping[str, Program],
    limits: RankListLimits,
    *,
    visa_need: VisaNeed | None = None,
    chances: Mapping[str, float] | None = None,
) -> list[Issue]:
    """Every problem of ``rol``, as issues a user can read and fix.

    Takes the list, the sheet's programs by code, the dated ``limits`` and, optionally, the visa the applicant
    needs and each program's middle chance of a match (to tell an order by chance from an order by preference).
    Checks, in this order:

    1. ``unknown-program``: a code the sheet does not hold (its track, visa policy and name are unknown);
    2. ``duplicate``: a code twice on the primary list or on one supplemental list;
    3. ``advanced-without-pgy1``: an advanced program with no supplemental list while no PGY-1 is held;
       ``supplemental-not-advanced`` / ``supplemental-not-on-list``: a supplemental list attached to a program
       that is not advanced or not on the primary list; ``supplemental-not-pgy1``: a supplemental list ranking a
       program that is not a preliminary or transitional PGY-1;
    4. ``too-many-ranks`` (error): more unique programs than ``limits.max_ranks``;
       ``fee-beyond-free`` (warning): more than ``limits.free_ranks``, with the number that costs extra;
    5. ``visa-not-sponsored`` / ``visa-unknown``: a program that does not (or may not) sponsor the visa needed;
    6. ``ordered-by-chance``: the interest scores disagree with the order (with :data:`PREFERENCE_ADVICE`).

    Returns ``[]`` for a list with nothing to report.
    """
    issues: list[Issue] = []
    for code in rol.unique_programs:
        if code not in programs:
            issues.append(
                _issue(
                    "unknown-program",
                    Severity.WARNING,
                    "is not on your program sheet: its track and visa policy are unknown",
                    code,
                )
            )
    seen: set[str] = set()
    for rank, code in enumerate(rol.primary, start=1):
        if code in seen:
            issues.append(_issue("duplicate", Severity.ERROR, f"is ranked twice (again at rank {rank})", code))
        seen.add(code)
    for number, supplemental in enumerate(rol.supplemental, start=1):
        where = f"supplemental list {number}"
        repeated = sorted({c for c in supplemental.codes if supplemental.codes.count(c) > 1})
        if repeated:
            issues.append(_issue("duplicate", Severity.ERROR, f"ranks {', '.join(repeated)} more than once", where))
        for code in supplemental.attached_to:
            program = programs.get(code)
            if code not in rol.primary:
                issues.append(
                    _issue(
                        "supplemental-not-on-list",
                        Severity.ERROR,
                        f"is attached to {code}, which is not on your primary list",
                        where,
                    )
                )
            elif program is not None and program.track is not Track.ADVANCED:
                issues.append(
                    _issue(
                        "supplemental-not-advanced",
                        Severity.ERROR,
                        f"is attached to {_label(code, programs)}, "
                        f"a {program.track.value} program; supplemental lists go with advanced programs",
                        where,
                    )
                )
        for code in supplemental.codes:
            program = programs.get(code)
            if program is not None and not program.track.is_pgy1_only:
                issues.append(
                    _issue(
                        "supplemental-not-pgy1",
                        Severity.ERROR,
                        f"ranks {_label(code, programs)}, a "
                        f"{program.track.value} program; a supplemental list holds preliminary or transitional "
                        "PGY-1 programs",
                        where,
                    )
                )
    if not rol.pgy1_held:
        for code in rol.primary:
            program = programs.get(code)
            if program is not None and program.track is Track.ADVANCED and rol.supplemental_for(code) is None:
                issues.append(
                    _issue(
                        "advanced-without-pgy1",
                        Severity.WARNING,
                        "is an advanced (PGY-2) program with no "
                        "supplemental PGY-1 list: if you match here you have no first year. Attach a list of "
                        "preliminary or transitional programs (or record that you already hold a PGY-1)",
                        code,
                    )
                )
    count = len(rol.unique_programs)
    cited_max = f" ({limits.max_source})" if limits.max_source else ""
    cited_free = f" ({limits.free_source})" if limits.free_source else ""
    if count > limits.max_ranks:
        issues.append(
            _issue(
                "too-many-ranks",
                Severity.ERROR,
                f"{count} programs ranked; a rank order list holds at most "
                f"{limits.max_ranks}{cited_max}. Remove {count - limits.max_ranks}.",
                "rank order list",
            )
        )
    if count > limits.free_ranks:
        extra = count - limits.free_ranks
        issues.append(
            _issue(
                "fee-beyond-free",
                Severity.WARNING,
                f"{count} programs ranked: {extra} beyond the {limits.free_ranks} "
                f"the base fee covers cost an additional fee per program{cited_free}",
                "rank order list",
            )
        )
    for code in rol.unique_programs:
        program = programs.get(code)
        if program is None:
            continue
        found = _visa_problem(program, visa_need)
        if found is not None:
            severity, message = found
            kind = "visa-not-sponsored" if message.startswith("does not") else "visa-unknown"
            issues.append(_issue(kind, severity, message, _label(code, programs)))
    issues += _order_issues(rol.primary, programs, chances)
    return issues


def _order_issues(
    order: Sequence[str], programs: Mapping[str, Program], chances: Mapping[str, float] | None
) -> list[Issue]:
    interest = {c: p.interest for c in order if (p := programs.get(c)) is not None and p.interest is not None}
    pairs = discordant_pairs(order, interest)
    if not pairs:
        return []
    by_interest = _kendall(order, {c: float(v) for c, v in interest.items()})
    by_chance = _kendall(order, chances) if chances else None
    worst = max(pairs, key=lambda pair: interest[pair[1]] - interest[pair[0]])
    high, low = worst
    example = (
        f"you ranked {_label(high, programs)} (interest {interest[high]}) above {_label(low, programs)} "
        f"(interest {interest[low]})"
    )
    if by_chance is not None and by_interest is not None and by_chance > by_interest:
        lead = "Your list looks ordered by your chances rather than by your own interest scores"
    else:
        lead = "Your interest scores disagree with your order"
    message = f"{lead}: {len(pairs)} pair{'s' if len(pairs) != 1 else ''} out of order, e.g. {example}. " + (
        PREFERENCE_ADVICE
    )
    return [_issue("ordered-by-chance", Severity.WARNING, message, "rank order list")]


@dataclass(frozen=True, slots=True)
class ExportRow:
    """One line of the exported list: ``list_name`` (``primary`` or ``supplemental N``), the rank within that
    list, the code, the program's name (empty when unknown) and its track letter (empty when unknown);
    ``attached_to`` names the advanced programs of a supplemental list."""

    list_name: str
    rank: int
    code: str
    name: str
    track: str
    attached_to: tuple[str, ...] = ()


def export_rows(rol: RankOrderList, programs: Mapping[str, Program]) -> list[ExportRow]:
    """The list in entry order with program codes: the primary list, then each supplemental list."""
    rows: list[ExportRow] = []

    def row(list_name: str, rank: int, code: str, attached: tuple[str, ...] = ()) -> ExportRow:
        program = programs.get(code)
        name = program.name if program is not None else ""
        track = program.track.letter if program is not None else ""
        return ExportRow(list_name, rank, code, name, track, attached)

    rows += [row("primary", rank, code) for rank, code in enumerate(rol.primary, start=1)]
    for number, supplemental in enumerate(rol.supplemental, start=1):
        rows += [
            row(f"supplemental {number}", rank, code, supplemental.attached_to)
            for rank, code in enumerate(supplemental.codes, start=1)
        ]
    return rows


def export_text(rol: RankOrderList, programs: Mapping[str, Program]) -> str:
    """The list as plain text ready to type into the NRMP's system: one ``rank. code  name`` line per entry, the
    primary list first, then each supplemental list under a heading naming the advanced programs it serves."""
    lines = ["Primary rank order list"]
    rows = export_rows(rol, programs)
    current = "primary"
    for item in rows:
        if item.list_name != current:
            current = item.list_name
            lines += ["", f"{item.list_name.capitalize()} (PGY-1), attached to {', '.join(item.attached_to)}"]
        lines.append(f"{item.rank:>3}. {item.code}  {item.name}".rstrip())
    if not rol.primary:
        lines.append("  (empty)")
    return "\n".join(lines) + "\n"


# --- couples ------------------------------------------------------------------------------------------------


def check_couple_list(
    couple: CoupleRankList,
    programs: Mapping[str, Program],
    limits: RankListLimits,
    *,
    visa_need: VisaNeed | None = None,
) -> list[Issue]:
    """Every problem of a couple's paired list, as issues (``where`` names the pair's rank or the program).

    Checks: ``couple-no-partner`` (warning: pairs but no partner recorded); ``couple-both-no-match`` (error: a
    pair with "no match" on both sides); ``couple-duplicate`` (error: the same pair twice);
    ``couple-too-many-pairs`` (error: more pairs than ``limits.max_ranks``); ``unknown-program`` (warning: a
    program of mine that the sheet does not hold); ``visa-not-sponsored`` / ``visa-unknown`` (warnings: a program
    on my side that does not, or may not, sponsor the visa I need; the partner's side is theirs to check).
    Returns ``[]`` for an empty list or one with nothing to report.
    """
    issues: list[Issue] = []
    if couple.pairs and not (couple.partner_name or couple.partner_id):
        issues.append(
            _issue(
                "couple-no-partner",
                Severity.WARNING,
                "has pairs but no partner: record your partner's name with the list",
                "couple's list",
            )
        )
    first_rank: dict[tuple[str | None, str | None], int] = {}
    for rank, pair in enumerate(couple.pairs, start=1):
        where = f"couple's list, rank {rank}"
        if pair.mine is None and pair.partner is None:
            issues.append(
                _issue(
                    "couple-both-no-match",
                    Severity.ERROR,
                    'is "no match" on both sides: a pair needs a program for at least one partner',
                    where,
                )
            )
        key = (pair.mine, pair.partner)
        if key in first_rank:
            issues.append(
                _issue(
                    "couple-duplicate",
                    Severity.ERROR,
                    f"repeats the pair {pair.label()} of rank {first_rank[key]}",
                    where,
                )
            )
        else:
            first_rank[key] = rank
    if len(couple.pairs) > limits.max_ranks:
        cited = f" ({limits.max_source})" if limits.max_source else ""
        excess = len(couple.pairs) - limits.max_ranks
        issues.append(
            _issue(
                "couple-too-many-pairs",
                Severity.ERROR,
                f"{len(couple.pairs)} pairs ranked; a couple's list holds at most {limits.max_ranks}{cited}. "
                f"Remove {excess}.",
                "couple's list",
            )
        )
    mine = list(dict.fromkeys(pair.mine for pair in couple.pairs if pair.mine is not None))
    for code in mine:
        program = programs.get(code)
        if program is None:
            issues.append(
                _issue(
                    "unknown-program",
                    Severity.WARNING,
                    "(your side of the couple's list) is not on your program sheet: its track and visa policy are "
                    "unknown",
                    code,
                )
            )
            continue
        found = _visa_problem(program, visa_need)
        if found is not None:
            severity, message = found
            kind = "visa-not-sponsored" if message.startswith("does not") else "visa-unknown"
            issues.append(_issue(kind, severity, f"{message} (your side of the couple's list)", _label(code, programs)))
    return issues


@dataclass(frozen=True, slots=True)
class CoupleExportRow:
    """One pair of the exported couple's list: its rank, my program (code and name; empty for "no match") and the
    partner's program code (empty for "no match")."""

    rank: int
    mine: str
    mine_name: str
    partner: str


def couple_export_rows(couple: CoupleRankList, programs: Mapping[str, Program]) -> list[CoupleExportRow]:
    """The couple's list in entry order, one row per pair."""
    rows = []
    for rank, pair in enumerate(couple.pairs, start=1):
        program = programs.get(pair.mine) if pair.mine is not None else None
        rows.append(
            CoupleExportRow(rank, pair.mine or "", program.name if program is not None else "", pair.partner or "")
        )
    return rows


def couple_export_text(couple: CoupleRankList, programs: Mapping[str, Program]) -> str:
    """The couple's list as plain text ready to type into the NRMP's system: a heading naming the partner, then
    one ``rank. my code  name  |  partner's code`` line per pair ("No match" for an empty side), in entry order."""
    partner = couple.partner_name or "(partner not recorded)"
    if couple.partner_id:
        partner += f" ({couple.partner_id})"
    lines = [f"Couple's paired rank order list with {partner}"]
    for row in couple_export_rows(couple, programs):
        mine = f"{row.mine}  {row.mine_name}".rstrip() if row.mine else "No match"
        lines.append(f"{row.rank:>3}. {mine}  |  {row.partner or 'No match'}")
    if not couple.pairs:
        lines.append("  (empty)")
    return "\n".join(lines) + "\n"
