"""The JSON forms of match instances and results (``spec/match.md``): dict ↔ domain values.

Reading never stops at the first problem: :func:`parse_instance` and :func:`parse_result` return every problem
as an :class:`~matchpilot.domain.issues.Issue` naming the entry (``applicants[12] "a13": ...``), and
:func:`instance_from_dict` / :func:`result_from_dict` raise :class:`~matchpilot.errors.InvalidDataError` carrying
them all. Keys this version does not know are ignored, since the contract grows only by optional keys.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import chain
from operator import itemgetter
from types import MappingProxyType
from typing import Any

from matchpilot.domain.issues import Issue, Severity
from matchpilot.domain.market import (
    MAX_QUOTA,
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
    check_instance,
    entry_label,
)
from matchpilot.errors import InvalidDataError
from matchpilot.io.format_names import INSTANCE_FORMAT, MATCH_RESULT_FORMAT

__all__ = [
    "INSTANCE_FORMAT",
    "RESULT_FORMAT",
    "PlainMarket",
    "instance_from_dict",
    "instance_to_dict",
    "parse_instance",
    "parse_result",
    "plain_instance",
    "plain_market",
    "result_from_dict",
    "result_to_dict",
]

RESULT_FORMAT = MATCH_RESULT_FORMAT
"""The ``format`` of a result document."""


class _Problems:
    """Collects issues; remembers which entries had structural problems."""

    def __init__(self) -> None:
        self.issues: list[Issue] = []
        self.broken: set[str] = set()

    def add(self, where: str, message: str, code: str = "bad-value") -> None:
        self.issues.append(Issue(code, Severity.ERROR, message, where))
        self.broken.add(where)


def _text(value: object) -> str | None:
    return value if isinstance(value, str) and value.strip() else None


def _integer(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return None


def _id_list(value: object, name: str, where: str, problems: _Problems) -> tuple[str, ...]:
    if not isinstance(value, list):
        problems.add(where, f"{name} must be a list of ids")
        return ()
    bad = [i for i, item in enumerate(value) if _text(item) is None]
    if bad:
        problems.add(where, f"{name} item {bad[0] + 1} is not an id (a non-empty string)")
    return tuple(item for item in value if isinstance(item, str) and item.strip())


def _entries(data: Mapping[str, Any], key: str, problems: _Problems, *, required: bool) -> list[object]:
    value = data.get(key)
    if value is None:
        if required:
            problems.add("instance", f'"{key}" is missing; it must be a list', "missing-key")
        return []
    if not isinstance(value, list):
        problems.add("instance", f'"{key}" must be a list')
        return []
    return value


def parse_instance(data: object) -> tuple[MatchInstance | None, list[Issue]]:
    """Read a ``matchpilot.match-instance/1`` document (already decoded from JSON).

    Returns the instance and ``[]``, or ``None`` and every problem found: wrong types (checked here) and
    every rule of the contract (:func:`matchpilot.domain.market.check_instance`). Each issue names its entry.
    """
    fast = plain_instance(data)
    if fast is not None and not check_instance(fast):
        return fast, []
    problems = _Problems()
    instance = _read_each(data, problems)
    if instance is None:
        return None, problems.issues
    issues = problems.issues + [i for i in check_instance(instance) if i.where not in problems.broken]
    if issues:
        return None, issues
    return instance, []


def _read_each(data: object, problems: _Problems) -> MatchInstance | None:
    """The instance read entry by entry, every problem of its shape added to ``problems``; ``None`` when the
    document is not even an object."""
    if not isinstance(data, dict):
        problems.add("instance", "a match instance must be a JSON object")
        return None
    if data.get("format") != INSTANCE_FORMAT:
        shown = "missing" if "format" not in data else repr(data.get("format"))
        problems.add("instance", f'"format" is {shown}; expected "{INSTANCE_FORMAT}"', "bad-format")
    programs = tuple(
        _program(i, entry, problems) for i, entry in enumerate(_entries(data, "programs", problems, required=True))
    )
    applicants = tuple(
        _applicant(i, entry, problems) for i, entry in enumerate(_entries(data, "applicants", problems, required=True))
    )
    couples = tuple(
        _couple(i, entry, problems) for i, entry in enumerate(_entries(data, "couples", problems, required=False))
    )
    return MatchInstance(programs, applicants, couples)


def _all_text(values: Sequence[object]) -> bool:
    """True when every value is a non-empty string (what :func:`_text` accepts), checked over the whole list."""
    return set(map(type, values)) <= {str} and all(map(str.strip, values))  # type: ignore[arg-type]


def plain_instance(data: object, *, list_entries: bool = True) -> MatchInstance | None:
    """The instance read column by column when the document has the plain shape of the contract (every value of
    the expected JSON type), else ``None``; :func:`parse_instance` then reads it entry by entry to name each
    problem. Gives the same instance as the entry-by-entry reading; only much faster on a national market. The
    instance is not checked against the rules of the contract
    (:func:`~matchpilot.domain.market.check_instance` does that).

    ``list_entries=False`` leaves the entries of the programs' and applicants' own lists unchecked, for a caller
    that at once looks every one of them up among the ids
    (:func:`~matchpilot.domain.market.index_instance`, which finds no instance when one is not a known id)."""
    if type(data) is not dict or data.get("format") != INSTANCE_FORMAT:
        return None
    raw_programs, raw_applicants = data.get("programs"), data.get("applicants")
    raw_couples = data.get("couples")
    if type(raw_programs) is not list or type(raw_applicants) is not list:
        return None
    if raw_couples is not None and type(raw_couples) is not list:
        return None
    if not set(map(type, raw_programs)) <= {dict} or not set(map(type, raw_applicants)) <= {dict}:
        return None
    ids = [entry.get("id") for entry in raw_programs]
    quotas = [entry.get("quota") for entry in raw_programs]
    rols = [entry.get("rol", []) for entry in raw_programs]
    reverts = [entry.get("revert_to") for entry in raw_programs]
    if not _all_text(ids) or not set(map(type, quotas)) <= {int} or not set(map(type, rols)) <= {list}:
        return None
    if list_entries and not _all_text(list(chain.from_iterable(rols))):
        return None
    if not _all_text([r for r in reverts if r is not None]):
        return None
    programs = tuple(map(ProgramEntry, ids, quotas, map(tuple, rols), reverts))

    problems = _Problems()
    applicant_ids = [entry.get("id") for entry in raw_applicants]
    applicant_rols = [entry.get("rol") for entry in raw_applicants]
    given = [rol for rol in applicant_rols if rol is not None]
    if not _all_text(applicant_ids) or not set(map(type, given)) <= {list}:
        return None
    if list_entries and not _all_text(list(chain.from_iterable(given))):
        return None
    if len(given) == len(applicant_rols):  # every applicant gave a list (a market without couples)
        applicants = list(map(ApplicantEntry, applicant_ids, map(tuple, given)))
    else:
        applicants = [
            ApplicantEntry(applicant_id, tuple(rol) if rol is not None else None)
            for applicant_id, rol in zip(applicant_ids, applicant_rols, strict=True)
        ]
    for index, entry in enumerate(raw_applicants):
        lists = entry.get("supplemental_lists")
        if lists is not None and lists != []:
            applicants[index] = _applicant(index, entry, problems)
    couples = tuple(_couple(i, entry, problems) for i, entry in enumerate(raw_couples or ()))
    if problems.issues:
        return None
    return MatchInstance(programs, tuple(applicants), couples)


@dataclass(frozen=True, slots=True)
class PlainMarket:
    """A valid match instance without couples or supplemental lists, read straight into columns by
    :func:`plain_market` (the form :func:`matchpilot.match.engine.run_match_columns` takes).

    The ids in order; each program's quota and the position of the program its seats revert to (-1: none);
    every program's list as the positions of the applicants it ranks, and every applicant's list as the
    positions of the programs it ranks, the lists one after the other with their lengths. Arrays are NumPy
    ``int64``.
    """

    program_ids: list[str]
    applicant_ids: list[str]
    quotas: Any
    revert_to: Any
    program_rol: Any
    program_rol_lengths: Any
    applicant_rol: Any
    applicant_rol_lengths: Any


def plain_market(data: object) -> PlainMarket | None:
    """The instance in ``data`` read straight into columns (:class:`PlainMarket`) when it is a valid market
    without couples or supplemental lists in the plain shape of the contract, else ``None``.

    ``None`` says nothing about validity: anything unusual, anything wrong, couples or supplemental lists, and
    the caller reads the document entry by entry (:func:`instance_from_dict`), which names every problem. Only
    when this function returns columns would that reading have found no problem and given the same market.
    Whole columns at a time: the list entries become positions by hashing their bytes in NumPy
    (:func:`_positions`: an unknown id, or an entry that is not a string, stops it), and repeats are found by
    sorting the keys ``list * ids + position``.
    """
    if type(data) is not dict or data.get("format") != INSTANCE_FORMAT:
        return None
    raw_programs, raw_applicants, raw_couples = data.get("programs"), data.get("applicants"), data.get("couples")
    if type(raw_programs) is not list or type(raw_applicants) is not list:
        return None
    if not (raw_couples is None or (type(raw_couples) is list and not raw_couples)):
        return None
    try:  # an entry that is not an object has no .get
        program_ids = [entry.get("id") for entry in raw_programs]
        quotas = [entry.get("quota") for entry in raw_programs]
        program_rols = [entry.get("rol", []) for entry in raw_programs]
        reverts = [entry.get("revert_to") for entry in raw_programs]
        applicant_ids = [entry.get("id") for entry in raw_applicants]
        applicant_rols = [entry.get("rol") for entry in raw_applicants]
        extra = [entry.get("supplemental_lists") for entry in raw_applicants]
    except AttributeError:
        return None
    if not _all_text(program_ids) or not _all_text(applicant_ids) or not set(map(type, quotas)) <= {int}:
        return None
    if not set(map(type, program_rols)) <= {list} or not set(map(type, applicant_rols)) <= {list, type(None)}:
        return None
    if not set(map(type, extra)) <= {list, type(None)} or any(extra):
        return None
    program_index = _index(program_ids)
    if program_index is None:
        return None
    import numpy as np

    try:
        quota = np.array(quotas, dtype=np.int64) if quotas else np.zeros(0, np.int64)
    except OverflowError:
        return None
    if len(quota) and not 0 <= int(quota.min()) <= int(quota.max()) <= MAX_QUOTA:
        return None
    revert_to = _reversions(reverts, program_index)
    if revert_to is None:
        return None
    program_rol = _list_positions(applicant_ids, program_rols)
    if program_rol is None:
        return None
    applicant_rol = _list_positions(program_ids, [rol if rol is not None else [] for rol in applicant_rols])
    if applicant_rol is None:
        return None
    return PlainMarket(program_ids, applicant_ids, quota, revert_to, *program_rol, *applicant_rol)


def _index(ids: list[str]) -> dict[str, int] | None:
    """Each id's position, or ``None`` when an id repeats. The keys are equal copies of the ids made one after the
    other in memory, so that looking a million list entries up reads a few megabytes rather than the whole
    decoded document (about a third faster)."""
    copies = "\x00".join(ids).split("\x00")
    index = dict(zip(copies if len(copies) == len(ids) else ids, range(len(ids)), strict=True))
    return index if len(index) == len(ids) else None


def _reversions(reverts: list[object], program_index: dict[str, int]) -> Any:
    """The position each program reverts to (-1: none), or ``None`` when one names an unknown program, the
    program itself, or the reversions form a cycle."""
    import numpy as np

    target = np.full(len(reverts), -1, np.int64)
    for position, revert in enumerate(reverts):
        if revert is None:
            continue
        to = program_index.get(revert) if type(revert) is str else None
        if to is None or to == position:
            return None
        target[position] = to
    done = target < 0  # chains followed to their end without meeting a cycle
    for start in np.flatnonzero(~done).tolist():
        path: dict[int, None] = {}
        node = start
        while not done[node]:
            if node in path:
                return None
            path[node] = None
            node = int(target[node])
        done[list(path)] = True
    return target


def _list_positions(ids: list[str], lists: list[list[Any]]) -> tuple[Any, Any] | None:
    """The positions among ``ids`` (distinct non-empty strings) of the entries on ``lists`` (one after the other)
    and the lists' lengths; ``None`` when an entry is not one of the ids, the ids repeat, or a list names one
    twice."""
    import numpy as np

    lengths = np.fromiter(map(len, lists), np.int64, len(lists))
    count = int(lengths.sum())
    if count == 0:
        return (np.zeros(0, np.int64), lengths) if _index(ids) is not None else None
    try:
        positions = _positions(ids, lists, count)
    except _Unhashable:  # ids the byte hashing cannot take: one dict lookup per entry
        index = _index(ids)
        if index is None:
            return None
        try:
            found = itemgetter(*chain.from_iterable(lists))(index)
        except (KeyError, TypeError):  # not an id, or not even a string (a list, an object)
            return None
        positions = np.fromiter(found if count > 1 else (found,), np.int64, count)
    if positions is None:
        return None
    keys = np.repeat(np.arange(len(lists), dtype=np.int64) * len(ids), lengths) + positions
    if len(lists) * len(ids) < 2**32:
        keys = keys.astype(np.uint32)  # sorted twice as fast
    keys.sort()
    if np.any(keys[1:] == keys[:-1]):
        return None
    return positions, lengths


class _Unhashable(Exception):
    """The ids cannot be hashed as bytes (one holds a NUL or is longer than 32 bytes, or probing went on too
    long): they are looked up one by one in a dict instead."""


_WORD_MASKS = [(1 << (8 * n)) - 1 for n in range(8)] + [(1 << 64) - 1]
_MIX = (0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F)
_MAX_PROBES = 64


def _words(strings: Iterable[str], count: int) -> list[Any]:
    """The UTF-8 bytes of each of ``count`` strings as 64-bit words, zero after the string's end (one NumPy
    ``uint64`` array per word, at most four): two strings are equal exactly when their words are.

    The strings are joined with NUL between them and encoded once; each word is read at once for every string
    from the bytes (unaligned) and cut at the string's end with a mask. :class:`_Unhashable` when a string holds
    a NUL or is longer than 32 bytes; ``TypeError`` when one is not a string."""
    import numpy as np

    raw = "\x00".join(strings).encode("utf-8", "surrogatepass")
    size = len(raw)
    padded = np.zeros(size + 40, np.uint8)
    padded[:size] = np.frombuffer(raw, np.uint8)
    ends = np.flatnonzero(padded[:size] == 0)
    if len(ends) != count - 1:
        raise _Unhashable
    starts = np.empty(count, np.int64)
    starts[0] = 0
    starts[1:] = ends + 1
    lengths = np.empty(count, np.int64)
    lengths[:-1] = ends - starts[:-1]
    lengths[-1] = size - starts[-1]
    n_words = -(-int(lengths.max()) // 8)
    if n_words > 4:
        raise _Unhashable
    unaligned = np.ndarray(shape=(size + 33,), dtype="<u8", buffer=padded, strides=(1,))
    masks = np.array(_WORD_MASKS, np.uint64)
    return [unaligned[starts + 8 * j] & masks[np.clip(lengths - 8 * j, 0, 8)] for j in range(max(n_words, 1))]


def _slots(words: list[Any], bits: int) -> Any:
    """Where each string's words land in a table of ``2**bits`` places (a multiplicative hash)."""
    import numpy as np

    mix, more = np.uint64(_MIX[0]), np.uint64(_MIX[1])
    hashed = words[0] * mix
    for word in words[1:]:
        hashed ^= hashed >> np.uint64(29)
        hashed += word
        hashed *= more
    hashed ^= hashed >> np.uint64(32)
    hashed *= mix
    return (hashed >> np.uint64(64 - bits)).astype(np.int64)


def _same(left: list[Any], right: list[Any], at_left: Any, at_right: Any) -> Any:
    """Per pair, whether string ``at_left[i]`` of ``left`` equals string ``at_right[i]`` of ``right``."""
    equal = left[0][at_left] == right[0][at_right]
    for mine, theirs in zip(left[1:], right[1:], strict=True):
        equal &= mine[at_left] == theirs[at_right]
    return equal


def _positions(ids: list[str], lists: list[list[Any]], count: int) -> Any | None:
    """The positions among ``ids`` of the ``count`` entries on ``lists``, found by hashing their bytes in NumPy
    (open addressing, every string probed at once, round by round); ``None`` when an entry is not one of the ids
    (or not a string) or the ids repeat. A million entries take a few hundredths of a second, a third of one
    dict lookup each: the lookups read a small table instead of every string's hash and characters.
    :class:`_Unhashable` when the ids cannot be hashed so (see :func:`_words`)."""
    import numpy as np

    if not ids:
        return None
    keys = _words(ids, len(ids))
    try:
        wanted = _words(chain.from_iterable(lists), count)
    except TypeError:  # an entry that is not a string
        return None
    width = max(len(keys), len(wanted))
    keys += [np.zeros(len(ids), np.uint64)] * (width - len(keys))
    wanted += [np.zeros(count, np.uint64)] * (width - len(wanted))
    bits = max((4 * len(ids) - 1).bit_length(), 4)
    size = 1 << bits
    table = np.full(size, -1, np.int64)
    pending, slot = np.arange(len(ids), dtype=np.int64), _slots(keys, bits)
    for _round in range(_MAX_PROBES):
        if not len(pending):
            break
        here = table[slot]
        taken = here >= 0
        if np.any(_same(keys, keys, here[taken], pending[taken])):
            return None  # an id given twice
        table[slot[~taken]] = pending[~taken]
        placed = ~taken
        placed[placed] = table[slot[placed]] == pending[placed]  # of two ids for one free place, one wins
        slot = np.where(taken, (slot + 1) & (size - 1), slot)  # a loser tries the same place again
        pending, slot = pending[~placed], slot[~placed]
    else:
        raise _Unhashable
    found = np.empty(count, np.int64)
    pending, slot = np.arange(count, dtype=np.int64), _slots(wanted, bits)
    for _round in range(_MAX_PROBES):
        if not len(pending):
            return found
        here = table[slot]
        if np.any(here < 0):
            return None  # an empty place: not one of the ids
        hit = _same(keys, wanted, here, pending)
        found[pending[hit]] = here[hit]
        pending, slot = pending[~hit], (slot[~hit] + 1) & (size - 1)
    raise _Unhashable


def instance_from_dict(data: object, *, source: str = "match instance") -> MatchInstance:
    """Like :func:`parse_instance`, but raise :class:`InvalidDataError` (naming ``source``) on any problem."""
    instance, issues = parse_instance(data)
    if instance is None:
        count = f"{len(issues)} problem" + ("s" if len(issues) != 1 else "")
        raise InvalidDataError(f"{source} is not a valid match instance ({count})", issues)
    return instance


def _program(index: int, entry: object, problems: _Problems) -> ProgramEntry:
    if not isinstance(entry, dict):
        problems.add(entry_label("programs", index, None), "each program must be a JSON object")
        return ProgramEntry("", 0)
    where = entry_label("programs", index, entry.get("id"))
    program_id = _text(entry.get("id"))
    if program_id is None:
        problems.add(where, "id must be a non-empty string")
    quota = _integer(entry.get("quota"))
    if quota is None:
        shown = "missing" if "quota" not in entry else f"{entry.get('quota')!r}"
        problems.add(where, f"quota is {shown}; it must be a whole number, 0 or more")
    rol = _id_list(entry.get("rol", []), "rol", where, problems)
    revert_raw = entry.get("revert_to")
    revert_to = _text(revert_raw)
    if revert_raw is not None and revert_to is None:
        problems.add(where, "revert_to must be a program id or null")
    return ProgramEntry(program_id or "", quota if quota is not None else 0, rol, revert_to)


def _applicant(index: int, entry: object, problems: _Problems) -> ApplicantEntry:
    if not isinstance(entry, dict):
        problems.add(entry_label("applicants", index, None), "each applicant must be a JSON object")
        return ApplicantEntry("")
    where = entry_label("applicants", index, entry.get("id"))
    applicant_id = _text(entry.get("id"))
    if applicant_id is None:
        problems.add(where, "id must be a non-empty string")
    rol = _id_list(entry["rol"], "rol", where, problems) if entry.get("rol") is not None else None
    raw_lists = entry.get("supplemental_lists", [])
    lists: list[SupplementalList] = []
    if raw_lists is None:
        raw_lists = []
    if not isinstance(raw_lists, list):
        problems.add(where, "supplemental_lists must be a list")
        raw_lists = []
    for number, raw in enumerate(raw_lists, start=1):
        if not isinstance(raw, dict):
            problems.add(where, f"supplemental list {number} must be a JSON object")
            continue
        attached = _id_list(raw.get("attached_to", []), f"supplemental list {number} attached_to", where, problems)
        ranked = _id_list(raw.get("rol", []), f"supplemental list {number} rol", where, problems)
        lists.append(SupplementalList(attached, ranked))
    return ApplicantEntry(applicant_id or "", rol, tuple(lists))


def _couple(index: int, entry: object, problems: _Problems) -> CoupleEntry:
    if not isinstance(entry, dict):
        problems.add(entry_label("couples", index, None), "each couple must be a JSON object")
        return CoupleEntry("", ("", ""))
    where = entry_label("couples", index, entry.get("id"))
    couple_id = _text(entry.get("id"))
    if couple_id is None:
        problems.add(where, "id must be a non-empty string")
    raw_members = entry.get("members")
    members = ("", "")
    if (
        isinstance(raw_members, list)
        and len(raw_members) == 2
        and all(_text(member) is not None for member in raw_members)
    ):
        members = (raw_members[0], raw_members[1])
    else:
        problems.add(where, "members must be a list of two applicant ids")
    pairs: list[tuple[str | None, str | None]] = []
    raw_rol = entry.get("rol", [])
    if not isinstance(raw_rol, list):
        problems.add(where, "rol must be a list of pairs")
        raw_rol = []
    for rank, pair in enumerate(raw_rol, start=1):
        if isinstance(pair, list) and len(pair) == 2 and all(side is None or _text(side) is not None for side in pair):
            pairs.append((pair[0], pair[1]))
        else:
            problems.add(where, f"pair {rank} must be [program id or null, program id or null]")
    return CoupleEntry(couple_id or "", members, tuple(pairs))


def instance_to_dict(instance: MatchInstance) -> dict[str, Any]:
    """The instance as a ``matchpilot.match-instance/1`` document; :func:`parse_instance` reads it back."""
    programs: list[dict[str, Any]] = []
    for program in instance.programs:
        item: dict[str, Any] = {"id": program.id, "quota": program.quota, "rol": list(program.rol)}
        if program.revert_to is not None:
            item["revert_to"] = program.revert_to
        programs.append(item)
    applicants: list[dict[str, Any]] = []
    for applicant in instance.applicants:
        person: dict[str, Any] = {"id": applicant.id}
        if applicant.rol is not None:
            person["rol"] = list(applicant.rol)
        if applicant.supplemental_lists:
            person["supplemental_lists"] = [
                {"attached_to": list(s.attached_to), "rol": list(s.rol)} for s in applicant.supplemental_lists
            ]
        applicants.append(person)
    out: dict[str, Any] = {"format": INSTANCE_FORMAT, "programs": programs, "applicants": applicants}
    if instance.couples:
        out["couples"] = [
            {"id": c.id, "members": list(c.members), "rol": [list(pair) for pair in c.rol]} for c in instance.couples
        ]
    return out


def result_to_dict(result: MatchResult) -> dict[str, Any]:
    """The result as a ``matchpilot.match-result/1`` document; :func:`parse_result` reads it back."""
    stats = result.stats
    return {
        "format": RESULT_FORMAT,
        "matches": _copy(result.matches),
        "supplemental_matches": _copy(result.supplemental_matches),
        "reverted": {donor: {"to": r.to, "seats": r.seats} for donor, r in result.reverted.items()},
        "unfilled": _copy(result.unfilled),
        "unstable": [
            {"kind": b.kind.value, "applicants": list(b.applicants), "programs": list(b.programs)}
            for b in result.unstable
        ],
        "stats": {
            "applicants": stats.applicants,
            "programs": stats.programs,
            "matched": stats.matched,
            "proposals": stats.proposals,
            "solve_seconds": stats.solve_seconds,
            "engine": stats.engine,
            "rounds": stats.rounds,
            "stopped_at_bound": stats.stopped_at_bound,
        },
    }


def _copy(mapping: Mapping[str, Any]) -> dict[str, Any]:
    """A plain dict of ``mapping``: copied whole when it is a dict or a read-only view of one (a national result's
    47,000 matches: a fraction of a millisecond instead of ten)."""
    if isinstance(mapping, dict | MappingProxyType):
        return mapping.copy()
    return dict(mapping)


def _mapping(data: Mapping[str, Any], key: str, problems: _Problems, *, required: bool = False) -> dict[str, Any]:
    value = data.get(key)
    if value is None:
        if required:
            problems.add(key, f'"{key}" is missing; it must be an object', "missing-key")
        return {}
    if not isinstance(value, dict):
        problems.add(key, f'"{key}" must be an object')
        return {}
    return value


def parse_result(data: object) -> tuple[MatchResult | None, list[Issue]]:
    """Read a ``matchpilot.match-result/1`` document (already decoded from JSON).

    Returns the result and ``[]``, or ``None`` and every problem with the document's shape. Whether the result
    fits an instance is the verifier's business, not this function's. ``stats`` and the optional maps may be
    missing (read as empty), so results written by other tools can be checked.
    """
    problems = _Problems()
    if not isinstance(data, dict):
        problems.add("result", "a match result must be a JSON object")
        return None, problems.issues
    if data.get("format") != RESULT_FORMAT:
        shown = "missing" if "format" not in data else repr(data.get("format"))
        problems.add("result", f'"format" is {shown}; expected "{RESULT_FORMAT}"', "bad-format")
    matches: dict[str, str | None] = {}
    for key, value in _mapping(data, "matches", problems, required=True).items():
        if value is not None and _text(value) is None:
            problems.add(f'matches "{key}"', "must be a program id or null")
        else:
            matches[key] = value
    supplemental: dict[str, str] = {}
    for key, value in _mapping(data, "supplemental_matches", problems).items():
        if _text(value) is None:
            problems.add(f'supplemental_matches "{key}"', "must be a program id")
        else:
            supplemental[key] = value
    reverted: dict[str, Reversion] = {}
    for key, value in _mapping(data, "reverted", problems).items():
        to = _text(value.get("to")) if isinstance(value, dict) else None
        seats = _integer(value.get("seats")) if isinstance(value, dict) else None
        if to is None or seats is None or seats < 0:
            problems.add(f'reverted "{key}"', 'must be {"to": program id, "seats": whole number ≥ 0}')
        else:
            reverted[key] = Reversion(to, seats)
    unfilled: dict[str, int] = {}
    for key, value in _mapping(data, "unfilled", problems).items():
        seats = _integer(value)
        if seats is None or seats < 0:
            problems.add(f'unfilled "{key}"', "must be a whole number ≥ 0")
        else:
            unfilled[key] = seats
    unstable = _blockings(data.get("unstable", []), problems)
    stats = _stats(data.get("stats"), problems)
    if problems.issues:
        return None, problems.issues
    return (
        MatchResult(
            matches=MappingProxyType(matches),
            supplemental_matches=MappingProxyType(supplemental),
            reverted=MappingProxyType(reverted),
            unfilled=MappingProxyType(unfilled),
            unstable=unstable,
            stats=stats,
        ),
        [],
    )


def result_from_dict(data: object, *, source: str = "match result") -> MatchResult:
    """Like :func:`parse_result`, but raise :class:`InvalidDataError` (naming ``source``) on any problem."""
    result, issues = parse_result(data)
    if result is None:
        count = f"{len(issues)} problem" + ("s" if len(issues) != 1 else "")
        raise InvalidDataError(f"{source} is not a valid match result ({count})", issues)
    return result


def _blockings(value: object, problems: _Problems) -> tuple[Blocking, ...]:
    if not isinstance(value, list):
        problems.add("unstable", '"unstable" must be a list')
        return ()
    out: list[Blocking] = []
    kinds = {kind.value: kind for kind in BlockingKind}
    for index, item in enumerate(value):
        where = f"unstable[{index}]"
        if not isinstance(item, dict) or item.get("kind") not in kinds:
            problems.add(where, 'must be {"kind": "single" | "supplemental" | "couple", "applicants", "programs"}')
            continue
        applicants = item.get("applicants")
        programs = item.get("programs")
        if not isinstance(applicants, list) or not all(_text(a) is not None for a in applicants):
            problems.add(where, "applicants must be a list of applicant ids")
            continue
        if not isinstance(programs, list) or not all(p is None or _text(p) is not None for p in programs):
            problems.add(where, "programs must be a list of program ids (or null)")
            continue
        out.append(Blocking(kinds[item["kind"]], tuple(applicants), tuple(programs)))
    return tuple(out)


def _stats(value: object, problems: _Problems) -> MatchStats:
    if value is None:
        return MatchStats(applicants=0, programs=0, matched=0, proposals=0)
    if not isinstance(value, dict):
        problems.add("stats", '"stats" must be an object')
        return MatchStats(applicants=0, programs=0, matched=0, proposals=0)
    counts: dict[str, int] = {}
    for key in ("applicants", "programs", "matched", "proposals", "rounds"):
        number = _integer(value.get(key, 0))
        if number is None or number < 0:
            problems.add(f"stats.{key}", "must be a whole number ≥ 0")
            number = 0
        counts[key] = number
    seconds = value.get("solve_seconds", 0.0)
    if isinstance(seconds, bool) or not isinstance(seconds, int | float) or not math.isfinite(seconds) or seconds < 0:
        problems.add("stats.solve_seconds", "must be a number of seconds ≥ 0")
        seconds = 0.0
    engine = value.get("engine", "")
    stopped = value.get("stopped_at_bound", False)
    return MatchStats(
        applicants=counts["applicants"],
        programs=counts["programs"],
        matched=counts["matched"],
        proposals=counts["proposals"],
        solve_seconds=float(seconds),
        engine=engine if isinstance(engine, str) else "",
        rounds=counts["rounds"],
        stopped_at_bound=stopped is True,
    )
