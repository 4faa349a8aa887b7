"""The engine's indexing as it was written first, entry by entry with dicts (kept to check the column-wise
:func:`matchpilot.match.engine._prepare` gives the same arrays)."""

from __future__ import annotations

from typing import Any

from matchpilot.domain.market import MatchInstance
from matchpilot.match.engine import _chain_order, _int, _packed


def reference_prepare(instance: MatchInstance) -> tuple[Any, ...]:
    """The kernel's arguments, built one entry at a time."""
    program_ids = tuple(p.id for p in instance.programs)
    applicant_ids = tuple(a.id for a in instance.applicants)
    prog_index = {pid: i for i, pid in enumerate(program_ids)}
    app_index = {aid: i for i, aid in enumerate(applicant_ids)}
    n_a = len(applicant_ids)

    rank_of: list[dict[int, int]] = []
    p_ptr = [0]
    p_app: list[int] = []
    for program in instance.programs:
        ranked = [app_index[a] for a in program.rol]
        rank_of.append({a: r for r, a in enumerate(ranked)})
        p_app += ranked
        p_ptr.append(len(p_app))
    p_pos = [-1] * len(p_app)

    a_couple = [-1] * n_a
    couple_side: dict[int, int] = {}
    for c, couple in enumerate(instance.couples):
        for side, member in enumerate(couple.members):
            a_couple[app_index[member]] = c
            couple_side[app_index[member]] = side

    # supplemental lists, numbered over all applicants; attach[a][program] = list number
    s_ptr = [0]
    s_prog: list[int] = []
    s_rank: list[int] = []
    attach: dict[int, dict[int, int]] = {}
    for a, applicant in enumerate(instance.applicants):
        for supplemental in applicant.supplemental_lists:
            number = len(s_ptr) - 1
            for pid in supplemental.rol:
                p = prog_index[pid]
                r = rank_of[p].get(a)
                if r is not None:
                    s_prog.append(p)
                    s_rank.append(r)
            s_ptr.append(len(s_prog))
            mine = attach.setdefault(a, {})
            for pid in supplemental.attached_to:
                mine[prog_index[pid]] = number

    a_ptr = [0]
    a_prog: list[int] = []
    a_rank: list[int] = []
    a_supp: list[int] = []
    no_attach: dict[int, int] = {}
    for a, applicant in enumerate(instance.applicants):
        mine = attach.get(a, no_attach)
        k = 0
        for pid in applicant.ranked if a_couple[a] < 0 else ():
            p = prog_index[pid]
            r = rank_of[p].get(a)
            if r is None:
                continue
            a_prog.append(p)
            a_rank.append(r)
            a_supp.append(mine.get(p, -1))
            p_pos[p_ptr[p] + r] = k
            k += 1
        a_ptr.append(len(a_prog))

    c_ptr = [0]
    c_cols: list[list[int]] = [[], [], [], [], [], []]  # prog0, prog1, rank0, rank1, supp0, supp1
    c_mem0: list[int] = []
    c_mem1: list[int] = []
    for couple in instance.couples:
        pair_members = (app_index[couple.members[0]], app_index[couple.members[1]])
        c_mem0.append(pair_members[0])
        c_mem1.append(pair_members[1])
        for pair in couple.rol:
            row = [-1, -1, 0, 0, -1, -1]
            for side in (0, 1):
                named = pair[side]
                if named is None:
                    continue
                p = prog_index[named]
                r = rank_of[p].get(pair_members[side])
                if r is None:
                    break
                row[side] = p
                row[2 + side] = r
                row[4 + side] = attach.get(pair_members[side], no_attach).get(p, -1)
            else:
                for column, value in zip(c_cols, row, strict=True):
                    column.append(value)
        c_ptr.append(len(c_cols[0]))

    rev_to = [-1] * len(program_ids)
    for i, program in enumerate(instance.programs):
        if program.revert_to is not None:
            rev_to[i] = prog_index[program.revert_to]
    rev_order = _chain_order(rev_to)

    a_ptr_array, a_prog_array, a_rank_array = _int(a_ptr), _int(a_prog), _int(a_rank)
    args = (
        a_ptr_array, a_prog_array, a_rank_array, _int(a_supp), _int(a_couple),
        _int(p_ptr), _int(p_app), _int(p_pos), _int([p.quota for p in instance.programs]),
        _int(s_ptr), _int(s_prog), _int(s_rank),
        _int(c_ptr), *(_int(column) for column in c_cols), _int(c_mem0), _int(c_mem1),
        _int(rev_to), _int(rev_order), _packed(a_ptr_array, a_prog_array, a_rank_array),
    )  # fmt: skip
    members = tuple((c.members[0], c.members[1]) for c in instance.couples)
    del members
    return args
