"""An independent check of a match result against its instance (``spec/match.md``, "Stability").

Written apart from the engine on purpose: it shares nothing with :mod:`matchpilot.match.engine` but the domain
values, works on ids with plain dictionaries and sets, and reads the contract's definitions literally, so a
mistake in one is unlikely to be repeated in the other.

A result is *valid* when every applicant is listed once, quotas after reversion hold, every match is mutually
acceptable, couples are matched to a pair on their list (or both unmatched, never split), every supplemental
match comes with the advanced match its list is attached to, and ``unfilled`` tells the truth. It is *stable*
when no single applicant, supplemental list or couple blocks (the definitions follow Roth & Peranson 1999 and
the NRMP's description of supplemental lists and couples).
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from matchpilot.domain.issues import Issue, Severity
from matchpilot.domain.market import Blocking, BlockingKind, MatchInstance, MatchResult, Verification

__all__ = ["verify"]


def _problem(code: str, message: str, where: str) -> Issue:
    return Issue(code, Severity.ERROR, message, where)


@dataclass(slots=True)
class _Seats:
    """Who holds seats at one program, and how the program ranks people."""

    quota: int
    rank: dict[str, int]
    assignees: set[str] = field(default_factory=set)
    sorted_ranks: list[int] = field(default_factory=list)

    def accepts(self, newcomers: Iterable[str]) -> bool:
        """The program takes every newcomer within its best ``quota`` among assignees and newcomers."""
        group = set(newcomers)
        if any(person not in self.rank for person in group):
            return False
        extra = [self.rank[p] for p in group if p not in self.assignees]
        for person in group:
            mine = self.rank[person]
            better = bisect_left(self.sorted_ranks, mine) + sum(1 for r in extra if r < mine)
            if better >= self.quota:
                return False
        return True


def verify(instance: MatchInstance, result: MatchResult) -> Verification:
    """Check ``result`` against ``instance``: every rule a result must keep and every blocking pair or couple.

    Returns a :class:`~matchpilot.domain.market.Verification` whose ``problems`` make the result invalid (each
    an issue naming the applicant, couple or program) and whose ``blocking`` lists, in instance order, every
    single applicant, supplemental list and couple that blocks, with quotas taken after reversion (q').
    """
    problems: list[Issue] = []
    programs = {p.id: p for p in instance.programs}
    couple_of = {member: couple for couple in instance.couples for member in couple.members}
    applicants = {a.id: a for a in instance.applicants}

    quotas = _quotas_after_reversion(instance, result, problems)
    seats = {p.id: _Seats(quotas.get(p.id, p.quota), {a: i for i, a in enumerate(p.rol)}) for p in instance.programs}

    for applicant_id in applicants:
        if applicant_id not in result.matches:
            problems.append(
                _problem("missing-applicant", "is not in the result's matches", f'applicant "{applicant_id}"')
            )
    for applicant_id, program_id in result.matches.items():
        where = f'applicant "{applicant_id}"'
        if applicant_id not in applicants:
            problems.append(_problem("unknown-id", "is not an applicant of the instance", where))
        elif program_id is not None:
            if program_id not in programs:
                problems.append(_problem("unknown-id", f'matched to "{program_id}", which is not a program', where))
            else:
                seats[program_id].assignees.add(applicant_id)
    for applicant_id, program_id in result.supplemental_matches.items():
        where = f'applicant "{applicant_id}"'
        if applicant_id not in applicants:
            problems.append(_problem("unknown-id", "has a supplemental match but is not an applicant", where))
        elif program_id not in programs:
            problems.append(_problem("unknown-id", f'supplemental match "{program_id}" is not a program', where))
        elif applicant_id in seats[program_id].assignees:
            problems.append(_problem("double-seat", f'holds two seats at "{program_id}"', where))
        else:
            seats[program_id].assignees.add(applicant_id)
    for program_id, held in seats.items():
        held.sorted_ranks = sorted(held.rank[a] for a in held.assignees if a in held.rank)
        where = f'program "{program_id}"'
        if len(held.assignees) > held.quota:
            problems.append(
                _problem("over-quota", f"holds {len(held.assignees)} applicants with {held.quota} seats", where)
            )
        claimed = result.unfilled.get(program_id, 0)
        actual = max(held.quota - len(held.assignees), 0)
        if claimed != actual:
            problems.append(
                _problem("wrong-unfilled", f"result says {claimed} seats unfilled, but {actual} are", where)
            )
    for program_id in result.unfilled:
        if program_id not in programs:
            problems.append(_problem("unknown-id", "is in unfilled but is not a program", f'program "{program_id}"'))

    matched = {a: p for a, p in result.matches.items() if a in applicants}
    for applicant in instance.applicants:
        program_id = matched.get(applicant.id)
        where = f'applicant "{applicant.id}"'
        if applicant.id in couple_of or program_id is None or program_id not in programs:
            continue
        if program_id not in applicant.ranked:
            problems.append(_problem("unacceptable", f'matched to "{program_id}", which it did not rank', where))
        if applicant.id not in seats[program_id].rank:
            problems.append(_problem("unacceptable", f'matched to "{program_id}", which did not rank it', where))
    for couple in instance.couples:
        problems += _check_couple(couple.id, couple.members, couple.rol, matched, seats)
    problems += _check_supplemental(instance, result, matched, couple_of, seats)

    blocking = _blocking(instance, result, matched, seats)
    return Verification(tuple(problems), tuple(blocking), MappingProxyType(quotas))


def _quotas_after_reversion(instance: MatchInstance, result: MatchResult, problems: list[Issue]) -> dict[str, int]:
    quotas = {p.id: p.quota for p in instance.programs}
    target = {p.id: p.revert_to for p in instance.programs}
    for donor, moved in result.reverted.items():
        where = f'program "{donor}"'
        if donor not in quotas:
            problems.append(_problem("unknown-id", "is in reverted but is not a program", where))
            continue
        if target[donor] != moved.to:
            expected = f'"{target[donor]}"' if target[donor] else "nowhere"
            problems.append(
                _problem("bad-reversion", f'reverted seats to "{moved.to}"; it reverts to {expected}', where)
            )
            continue
        quotas[donor] -= moved.seats
        quotas[moved.to] += moved.seats
    for program_id, quota in quotas.items():
        if quota < 0:
            problems.append(_problem("bad-reversion", "reverted more seats than it had", f'program "{program_id}"'))
    return quotas


def _check_couple(
    couple_id: str,
    members: tuple[str, str],
    pairs: tuple[tuple[str | None, str | None], ...],
    matched: Mapping[str, str | None],
    seats: Mapping[str, _Seats],
) -> list[Issue]:
    where = f'couple "{couple_id}"'
    current = (matched.get(members[0]), matched.get(members[1]))
    if current == (None, None):
        return []
    if current in pairs:
        issues = []
        for member, program_id in zip(members, current, strict=True):
            if program_id is not None and program_id in seats and member not in seats[program_id].rank:
                issues.append(
                    _problem("unacceptable", f'"{member}" matched to "{program_id}", which did not rank it', where)
                )
        return issues
    if None in current:
        shown = ", ".join(
            f'"{m}" → {p if p is not None else "unmatched"}' for m, p in zip(members, current, strict=True)
        )
        return [_problem("couple-split", f"is split ({shown}); that pair is not on its list", where)]
    return [_problem("unacceptable", f"is matched to [{current[0]}, {current[1]}], a pair not on its list", where)]


def _check_supplemental(
    instance: MatchInstance,
    result: MatchResult,
    matched: Mapping[str, str | None],
    couple_of: Mapping[str, object],
    seats: Mapping[str, _Seats],
) -> list[Issue]:
    issues: list[Issue] = []
    for applicant in instance.applicants:
        program_id = result.supplemental_matches.get(applicant.id)
        if program_id is None:
            continue
        where = f'applicant "{applicant.id}"'
        advanced = matched.get(applicant.id)
        lists = [s for s in applicant.supplemental_lists if advanced is not None and advanced in s.attached_to]
        if not lists:
            issues.append(
                _problem(
                    "supplemental-without-advanced",
                    f'has supplemental match "{program_id}" without a match to an advanced program its list is '
                    "attached to",
                    where,
                )
            )
        elif program_id not in lists[0].rol:
            issues.append(
                _problem(
                    "unacceptable",
                    f'supplemental match "{program_id}" is not on the list attached to "{advanced}"',
                    where,
                )
            )
        elif program_id in seats and applicant.id not in seats[program_id].rank:
            issues.append(_problem("unacceptable", f'supplemental match "{program_id}" did not rank it', where))
    return issues


def _above(ranked: tuple[str, ...], current: str | None) -> tuple[str, ...]:
    """What an applicant ranked above ``current`` (everything when unmatched or matched off the list)."""
    if current is None or current not in ranked:
        return ranked
    return ranked[: ranked.index(current)]


def _blocking(
    instance: MatchInstance, result: MatchResult, matched: Mapping[str, str | None], seats: Mapping[str, _Seats]
) -> list[Blocking]:
    found: list[Blocking] = []
    couple_members = {m for c in instance.couples for m in c.members}
    for applicant in instance.applicants:
        if applicant.id in couple_members:
            continue
        for program_id in _above(applicant.ranked, matched.get(applicant.id)):
            if program_id in seats and seats[program_id].accepts([applicant.id]):
                found.append(Blocking(BlockingKind.SINGLE, (applicant.id,), (program_id,)))
    for applicant in instance.applicants:
        advanced = matched.get(applicant.id)
        for supplemental in applicant.supplemental_lists:
            if advanced is None or advanced not in supplemental.attached_to:
                continue
            for program_id in _above(supplemental.rol, result.supplemental_matches.get(applicant.id)):
                if program_id in seats and seats[program_id].accepts([applicant.id]):
                    found.append(Blocking(BlockingKind.SUPPLEMENTAL, (applicant.id,), (program_id,)))
    for couple in instance.couples:
        first, second = couple.members
        current = (matched.get(first), matched.get(second))
        pairs = couple.rol[: couple.rol.index(current)] if current in couple.rol else couple.rol
        for pair in pairs:
            if pair[0] is not None and pair[0] == pair[1]:
                ok = pair[0] in seats and seats[pair[0]].accepts([first, second])
            else:
                ok = all(
                    program_id is None
                    or program_id == now
                    or (program_id in seats and seats[program_id].accepts([member]))
                    for member, program_id, now in zip(couple.members, pair, current, strict=True)
                )
            if ok:
                found.append(Blocking(BlockingKind.COUPLE, (first, second), pair))
    return found
