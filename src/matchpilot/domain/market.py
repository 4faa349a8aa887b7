"""Match markets: the instance the NRMP-style engine reads and the result it returns (``spec/match.md``).

An *instance* is a market: programs with their quota and rank order list (ROL) of applicants, applicants with
their ROL of programs and optional supplemental PGY-1 lists, couples with their ROL of program pairs, and
reversions (seats a program leaves unfilled go to another program). A *result* says who matched where, which
seats moved by reversion, which seats stayed unfilled, and every blocking pair the engine's own check found.

The values here are plain and immutable; :func:`check_instance` lists every way an instance breaks the rules of
the contract, as :class:`~matchpilot.domain.issues.Issue` values naming the offending entry.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from itertools import chain
from operator import itemgetter
from types import MappingProxyType
from typing import Any

from matchpilot.domain.issues import Issue, Severity

__all__ = [
    "MAX_QUOTA",
    "ApplicantEntry",
    "Blocking",
    "BlockingKind",
    "CoupleEntry",
    "MarketIndex",
    "MatchInstance",
    "MatchResult",
    "MatchStats",
    "ProgramEntry",
    "Reversion",
    "SupplementalList",
    "Verification",
    "check_instance",
    "entry_label",
    "index_instance",
]


@dataclass(frozen=True, slots=True)
class ProgramEntry:
    """A program in a match instance: its id, its quota, its ROL of applicant ids (best first) and, optionally,
    the program its unfilled seats revert to."""

    id: str
    quota: int
    rol: tuple[str, ...] = ()
    revert_to: str | None = None


@dataclass(frozen=True, slots=True)
class SupplementalList:
    """A supplemental PGY-1 ROL, used only if its applicant matches one of the advanced programs it is
    ``attached_to``."""

    attached_to: tuple[str, ...]
    rol: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ApplicantEntry:
    """An applicant in a match instance.

    ``rol`` is ``None`` when the applicant gave no list of their own (always so for a couple member, whose
    couple's list replaces it); :attr:`ranked` reads it as a tuple either way.
    """

    id: str
    rol: tuple[str, ...] | None = None
    supplemental_lists: tuple[SupplementalList, ...] = ()

    @property
    def ranked(self) -> tuple[str, ...]:
        """The applicant's own ROL, empty when none was given."""
        return self.rol if self.rol is not None else ()


@dataclass(frozen=True, slots=True)
class CoupleEntry:
    """Two applicants who rank pairs of programs together; ``None`` on one side of a pair means "no match" for
    that member."""

    id: str
    members: tuple[str, str]
    rol: tuple[tuple[str | None, str | None], ...] = ()


@dataclass(frozen=True, slots=True)
class MatchInstance:
    """A whole market: programs, applicants and couples, in the order they were given."""

    programs: tuple[ProgramEntry, ...]
    applicants: tuple[ApplicantEntry, ...]
    couples: tuple[CoupleEntry, ...] = ()

    @property
    def positions(self) -> int:
        """The number of seats offered before any reversion."""
        return sum(program.quota for program in self.programs)


class BlockingKind(StrEnum):
    """How a blocking pair blocks: a single applicant's primary list, a supplemental list, or a couple."""

    SINGLE = "single"
    SUPPLEMENTAL = "supplemental"
    COUPLE = "couple"


@dataclass(frozen=True, slots=True)
class Blocking:
    """A blocking pair (``single``, ``supplemental``: one applicant, one program) or a blocking couple
    (``couple``: both members and the pair of programs, ``None`` for "no match" on one side)."""

    kind: BlockingKind
    applicants: tuple[str, ...]
    programs: tuple[str | None, ...]

    def __str__(self) -> str:
        """Plain words, e.g. ``a3 and 1001340A0 (single)``."""
        who = " and ".join(self.applicants)
        where = " + ".join(p if p is not None else "no match" for p in self.programs)
        return f"{who} with {where} ({self.kind.value})"


@dataclass(frozen=True, slots=True)
class Reversion:
    """Seats a donor program left unfilled that went to program ``to``."""

    to: str
    seats: int


_NO_MAP: Mapping[str, int] = MappingProxyType({})


@dataclass(frozen=True, slots=True)
class MatchStats:
    """Figures about one run: sizes, how many applicants matched, proposals made, time in the algorithm alone.

    ``engine`` says which implementation ran (``numba`` or ``python``); ``rounds`` counts the re-entry rounds
    after the first pass; ``stopped_at_bound`` is true when the bound on cycling (couples) stopped the run.
    """

    applicants: int
    programs: int
    matched: int
    proposals: int
    solve_seconds: float = 0.0
    engine: str = ""
    rounds: int = 0
    stopped_at_bound: bool = False


@dataclass(frozen=True, slots=True)
class MatchResult:
    """The outcome of a match (``spec/match.md``, result format).

    ``matches`` has every applicant (``None`` when unmatched); ``supplemental_matches`` the PGY-1 program of
    each applicant matched through a supplemental list; ``reverted`` the seats each donor moved; ``unfilled``
    the programs with seats left after reversion; ``unstable`` every blocking pair or couple found.
    """

    matches: Mapping[str, str | None]
    supplemental_matches: Mapping[str, str]
    reverted: Mapping[str, Reversion]
    unfilled: Mapping[str, int]
    unstable: tuple[Blocking, ...]
    stats: MatchStats

    @property
    def is_stable(self) -> bool:
        """True when no blocking pair or couple was found."""
        return not self.unstable


@dataclass(frozen=True, slots=True)
class Verification:
    """What an independent check of a result found: ``problems`` makes the result invalid (over quota,
    unacceptable pair, couple split, ...), ``blocking`` lists every blocking pair or couple."""

    problems: tuple[Issue, ...] = ()
    blocking: tuple[Blocking, ...] = ()
    quotas: Mapping[str, int] = field(default_factory=lambda: _NO_MAP)

    @property
    def valid(self) -> bool:
        """True when the result respects every rule of the contract (it may still be unstable)."""
        return not self.problems

    @property
    def ok(self) -> bool:
        """True when the result is valid and stable."""
        return self.valid and not self.blocking


def entry_label(kind: str, index: int, entry_id: object) -> str:
    """Where an entry is, as users read it: ``applicants[12] "a13"`` (index from 0, as in the JSON array)."""
    if isinstance(entry_id, str) and entry_id:
        return f'{kind}[{index}] "{entry_id}"'
    return f"{kind}[{index}]"


def _error(code: str, message: str, where: str) -> Issue:
    return Issue(code, Severity.ERROR, message, where)


def _repeats(items: Iterable[object]) -> list[object]:
    counts = Counter(items)
    return [item for item, n in counts.items() if n > 1]


def _show(items: Sequence[object]) -> str:
    return ", ".join(f'"{item}"' if item is not None else "null" for item in items)


def check_instance(instance: MatchInstance) -> list[Issue]:
    """Every way ``instance`` breaks the rules of ``spec/match.md``, one error per problem.

    Each issue's ``where`` names the entry (``programs[3] "1001340A0"``). Checked: unique non-empty ids, quotas from
    0 to :data:`MAX_QUOTA`, lists without repeats whose ids exist, couple members without lists of their own,
    couples of two distinct applicants (each in one couple at most) with pairs that are not both ``null``,
    supplemental lists attached to advanced programs on the primary list (for a couple member: on that member's side
    of the pairs), at most one supplemental list per advanced program, no supplemental list ranking a program it is
    attached to, and reversions to existing programs that never form a cycle. Returns ``[]`` for a valid instance.

    A valid instance (the usual case) is recognised by whole-list checks (sets and counts over every list at
    once); only when one of them fails does the entry-by-entry pass run to word every problem, so the messages
    are the same either way.
    """
    if index_instance(instance) is not None:
        return []
    return _check_each(instance)


@dataclass(frozen=True, slots=True)
class MarketIndex:
    """Where every id of a valid instance stands, found once for the check and the engine's indexing.

    ``program_index`` / ``applicant_index`` map ids to their positions; ``program_rol`` holds the positions of
    the applicants on every program's list, the lists one after the other (``program_rol_lengths`` entries
    each), and ``applicant_rol`` the positions of the programs on every applicant's own list
    (:attr:`ApplicantEntry.ranked`; empty for a couple member), likewise with ``applicant_rol_lengths``. The
    arrays are NumPy ``int64``.
    """

    program_index: Mapping[str, int]
    applicant_index: Mapping[str, int]
    program_rol: Any
    program_rol_lengths: Any
    applicant_rol: Any
    applicant_rol_lengths: Any


def index_instance(instance: MatchInstance) -> MarketIndex | None:
    """The positions of every id of ``instance`` (:class:`MarketIndex`), or ``None`` exactly when
    :func:`check_instance` finds a problem.

    The plain parts of the instance (ids, quotas, the programs' and applicants' own lists) are checked a whole
    column at a time: each list entry is turned into a position by one dict lookup (an unknown id stops it), and
    repeats are found by sorting the keys ``owner * ids + position`` of all lists at once. Couples, supplemental
    lists and reversions (few entries) are checked entry by entry, with the messages' own checks.
    """
    programs, applicants = instance.programs, instance.applicants
    program_list = [p.id for p in programs]
    applicant_list = [a.id for a in applicants]
    program_index = dict(zip(_compact(program_list), range(len(program_list)), strict=True))
    applicant_index = dict(zip(_compact(applicant_list), range(len(applicant_list)), strict=True))
    program_ids, applicant_ids = program_index.keys(), applicant_index.keys()
    couple_list = [c.id for c in instance.couples]
    if (
        len(program_index) != len(program_list)
        or len(applicant_index) != len(applicant_list)
        or len(set(couple_list)) != len(couple_list)
        or not all(map(str.strip, chain(program_list, applicant_list, couple_list)))
    ):
        return None
    if programs and not 0 <= min(p.quota for p in programs) <= max(p.quota for p in programs) <= MAX_QUOTA:
        return None
    program_rols = [p.rol for p in programs]
    program_rol = _positions(applicant_index, program_rols)
    if program_rol is None or _repeats_within(program_rol, len(applicant_list)):
        return None
    couple_of: dict[str, str] = {}
    sides: dict[str, set[str]] = {}
    known_programs, known_applicants = set(program_ids), set(applicant_ids)
    for index, couple in enumerate(instance.couples):
        if _check_couple(index, couple, known_programs, known_applicants, couple_of, sides):
            return None
    for program in programs:
        if program.revert_to is not None and (program.revert_to not in program_ids or program.revert_to == program.id):
            return None
    if _check_reversion_cycles(programs):
        return None
    applicant_rol = _positions(program_index, [a.ranked for a in applicants])
    if applicant_rol is None or _repeats_within(applicant_rol, len(program_list)):
        return None
    for index, applicant in enumerate(applicants):
        couple_id = couple_of.get(applicant.id)
        if couple_id is None and not applicant.supplemental_lists:
            continue
        if couple_id is not None and applicant.rol is not None:
            return None
        where = entry_label("applicants", index, applicant.id)
        primary = sides.get(applicant.id, set()) if couple_id is not None else set(applicant.ranked)
        if _check_supplemental(where, applicant, primary, known_programs, couple_id is not None):
            return None
    return MarketIndex(program_index, applicant_index, program_rol[0], program_rol[1], *applicant_rol)


def _compact(ids: list[str]) -> list[str]:
    """Equal copies of ``ids``, made one after the other in memory (so a dict keyed by them is read from a few
    megabytes instead of from all over the decoded document: looking 500,000 list entries up is a third faster).
    ``ids`` itself when an id holds the separator."""
    copies = "\x00".join(ids).split("\x00")
    return copies if len(copies) == len(ids) else ids


def _positions(index: dict[str, int], lists: Sequence[Sequence[str]]) -> tuple[Any, Any] | None:
    """The positions of the ids on ``lists`` (one after the other) and the lists' lengths, as NumPy arrays;
    ``None`` when one id is not in ``index``. One pass: ``itemgetter`` looks every id up in one C loop."""
    import numpy as np

    lengths = np.fromiter(map(len, lists), np.int64, len(lists))
    count = int(lengths.sum())
    if count == 0:
        return np.zeros(0, np.int64), lengths
    try:
        found = itemgetter(*chain.from_iterable(lists))(index)
    except (KeyError, TypeError):  # not an id, or not even a string (a list, an object)
        return None
    return np.fromiter(found if count > 1 else (found,), np.int64, count), lengths


def _repeats_within(positions_and_lengths: tuple[Any, Any], ids: int) -> bool:
    """True when one of the lists names the same position twice: the keys ``list * ids + position`` of every
    entry, sorted, hold two equal neighbours."""
    import numpy as np

    positions, lengths = positions_and_lengths
    if len(positions) < 2:
        return False
    keys = np.repeat(np.arange(len(lengths), dtype=np.int64) * ids, lengths) + positions
    keys.sort()
    return bool(np.any(keys[1:] == keys[:-1]))


def _looks_valid(instance: MatchInstance) -> bool:
    """True exactly when :func:`_check_each` would find nothing (see :func:`index_instance`)."""
    return index_instance(instance) is not None


MAX_QUOTA = 1_000_000_000
"""The largest quota the match counts: a program's seats, with every seat reverted to it, are summed in 64-bit
integers, which a larger quota could overflow (no program has a thousandth of it)."""


def _check_each(instance: MatchInstance) -> list[Issue]:
    """Every problem of :func:`check_instance`, found entry by entry."""
    issues: list[Issue] = []
    program_ids = {p.id for p in instance.programs}
    applicant_ids = {a.id for a in instance.applicants}
    issues += _check_ids("programs", [p.id for p in instance.programs])
    issues += _check_ids("applicants", [a.id for a in instance.applicants])
    issues += _check_ids("couples", [c.id for c in instance.couples])

    couple_of: dict[str, str] = {}
    sides: dict[str, set[str]] = {}
    for index, couple in enumerate(instance.couples):
        issues += _check_couple(index, couple, program_ids, applicant_ids, couple_of, sides)

    for index, program in enumerate(instance.programs):
        where = entry_label("programs", index, program.id)
        if program.quota < 0:
            issues.append(_error("bad-quota", f"quota is {program.quota}; it must be 0 or more", where))
        elif program.quota > MAX_QUOTA:
            issues.append(_error("bad-quota", f"quota is {program.quota}; it must be at most {MAX_QUOTA:,}", where))
        issues += _check_list(where, "rol", program.rol, applicant_ids, "an applicant")
        if program.revert_to is not None and program.revert_to not in program_ids:
            issues.append(_error("unknown-id", f'revert_to names "{program.revert_to}", which is not a program', where))
        elif program.revert_to == program.id:
            issues.append(_error("reversion-cycle", "revert_to names the program itself", where))
    issues += _check_reversion_cycles(instance.programs)

    for index, applicant in enumerate(instance.applicants):
        where = entry_label("applicants", index, applicant.id)
        couple_id = couple_of.get(applicant.id)
        if couple_id is not None and applicant.rol is not None:
            issues.append(
                _error(
                    "couple-member-rol",
                    f'belongs to couple "{couple_id}", whose list replaces its own; give it no rol',
                    where,
                )
            )
        issues += _check_list(where, "rol", applicant.ranked, program_ids, "a program")
        primary = sides.get(applicant.id, set()) if couple_id is not None else set(applicant.ranked)
        issues += _check_supplemental(where, applicant, primary, program_ids, couple_id is not None)
    return issues


def _check_ids(kind: str, ids: Sequence[str]) -> list[Issue]:
    issues: list[Issue] = []
    seen: dict[str, int] = {}
    for index, entry_id in enumerate(ids):
        where = entry_label(kind, index, entry_id)
        if not entry_id.strip():
            issues.append(_error("missing-id", "id is empty", where))
        elif entry_id in seen:
            issues.append(_error("duplicate-id", f"id is also used by {kind}[{seen[entry_id]}]", where))
        else:
            seen[entry_id] = index
    return issues


def _check_list(where: str, name: str, items: Sequence[str], known: set[str], what: str) -> list[Issue]:
    issues: list[Issue] = []
    repeated = _repeats(items)
    if repeated:
        issues.append(_error("repeated-entry", f"{name} lists {_show(repeated)} more than once", where))
    unknown = [item for item in dict.fromkeys(items) if item not in known]
    if unknown:
        noun = "is not" if len(unknown) == 1 else "are not"
        issues.append(_error("unknown-id", f"{name} ranks {_show(unknown)}, which {noun} {what}", where))
    return issues


def _check_couple(
    index: int,
    couple: CoupleEntry,
    program_ids: set[str],
    applicant_ids: set[str],
    couple_of: dict[str, str],
    sides: dict[str, set[str]],
) -> list[Issue]:
    where = entry_label("couples", index, couple.id)
    issues: list[Issue] = []
    members = couple.members
    if members[0] == members[1]:
        issues.append(_error("bad-couple", f'has "{members[0]}" twice; a couple is two different applicants', where))
    for member in dict.fromkeys(members):
        if member not in applicant_ids:
            issues.append(_error("unknown-id", f'member "{member}" is not an applicant', where))
        elif member in couple_of:
            issues.append(_error("bad-couple", f'member "{member}" is already in couple "{couple_of[member]}"', where))
        else:
            couple_of[member] = couple.id
    for side, member in enumerate(members):
        sides.setdefault(member, set()).update(p for pair in couple.rol if (p := pair[side]) is not None)
    for rank, pair in enumerate(couple.rol, start=1):
        if pair[0] is None and pair[1] is None:
            issues.append(_error("empty-pair", f"pair {rank} is [null, null]; one side must name a program", where))
    repeated = _repeats(couple.rol)
    if repeated:
        shown = "; ".join(f"[{_show(pair)}]" for pair in repeated)  # type: ignore[arg-type]
        issues.append(_error("repeated-entry", f"rol lists {shown} more than once", where))
    unknown = [
        p for p in dict.fromkeys(p for pair in couple.rol for p in pair) if p is not None and p not in program_ids
    ]
    if unknown:
        noun = "is not a program" if len(unknown) == 1 else "are not programs"
        issues.append(_error("unknown-id", f"rol ranks {_show(unknown)}, which {noun}", where))
    return issues


def _check_supplemental(
    where: str, applicant: ApplicantEntry, primary: set[str], program_ids: set[str], in_couple: bool
) -> list[Issue]:
    issues: list[Issue] = []
    carried: dict[str, int] = {}
    side = "this member's side of the couple's pairs" if in_couple else "the primary list"
    for number, supplemental in enumerate(applicant.supplemental_lists, start=1):
        name = "supplemental list" if len(applicant.supplemental_lists) == 1 else f"supplemental list {number}"
        if not supplemental.attached_to:
            issues.append(_error("unattached-supplemental", f"{name} is attached to no advanced program", where))
        repeated = _repeats(supplemental.attached_to)
        if repeated:
            issues.append(_error("repeated-entry", f"{name} is attached to {_show(repeated)} more than once", where))
        for program in dict.fromkeys(supplemental.attached_to):
            if program not in program_ids:
                issues.append(_error("unknown-id", f'{name} attached to "{program}", which is not a program', where))
            elif program not in primary:
                issues.append(
                    _error("not-on-primary", f'{name} attached to "{program}", which is not on {side}', where)
                )
            elif program in carried:
                issues.append(
                    _error(
                        "two-supplemental-lists",
                        f'advanced program "{program}" carries supplemental lists {carried[program]} and {number}; '
                        "it may carry one",
                        where,
                    )
                )
            else:
                carried[program] = number
        issues += _check_list(where, name, supplemental.rol, program_ids, "a program")
        own = [program for program in supplemental.rol if program in supplemental.attached_to]
        if own:
            issues.append(
                _error("supplemental-ranks-advanced", f"{name} ranks {_show(own)}, which it is attached to", where)
            )
    return issues


def _check_reversion_cycles(programs: Sequence[ProgramEntry]) -> list[Issue]:
    position: dict[str, int] = {}
    for i, program in enumerate(programs):
        position.setdefault(program.id, i)
    target = {
        p.id: p.revert_to
        for i, p in enumerate(programs)
        if p.revert_to is not None and p.revert_to != p.id and position[p.id] == i
    }
    issues: list[Issue] = []
    reported: set[str] = set()
    for start in target:
        chain = [start]
        seen = {start}
        node = target.get(start)
        while node is not None and node not in seen:
            chain.append(node)
            seen.add(node)
            node = target.get(node)
        if node is None or node in reported:
            continue
        cycle = chain[chain.index(node) :]
        reported.update(cycle)
        first = min(cycle, key=lambda p: position[p])
        ordered = cycle[cycle.index(first) :] + cycle[: cycle.index(first)]
        shown = " → ".join([*ordered, first])
        issues.append(
            _error(
                "reversion-cycle",
                f"reversions form a cycle: {shown}",
                entry_label("programs", position[first], first),
            )
        )
    return issues
