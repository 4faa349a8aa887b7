"""The column-wise fast paths of reading, checking and indexing a match instance give exactly what the
entry-by-entry code gives: the same instance, the same verdict (and so the same messages), the same arrays."""

from __future__ import annotations

import copy
import dataclasses
import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from match_reference import markets
from prepare_reference import reference_prepare

from matchpilot.domain.market import (
    ApplicantEntry,
    MatchInstance,
    ProgramEntry,
    SupplementalList,
    _check_each,
    _looks_valid,
    check_instance,
    index_instance,
)
from matchpilot.errors import InvalidDataError
from matchpilot.io.match_json import (
    _Problems,
    _read_each,
    instance_to_dict,
    parse_instance,
    plain_instance,
    plain_market,
)
from matchpilot.match import engine, generate_market, run_match
from matchpilot.services.match import run_match_file


def _program(instance: MatchInstance, index: int, **changes: Any) -> MatchInstance:
    programs = list(instance.programs)
    programs[index] = dataclasses.replace(programs[index], **changes)
    return dataclasses.replace(instance, programs=tuple(programs))


def _applicant(instance: MatchInstance, index: int, **changes: Any) -> MatchInstance:
    applicants = list(instance.applicants)
    applicants[index] = dataclasses.replace(applicants[index], **changes)
    return dataclasses.replace(instance, applicants=tuple(applicants))


def _break(instance: MatchInstance, how: int, where: int) -> MatchInstance:
    """One of the ways an instance can break the contract, at entry ``where`` (modulo the entries there are)."""
    p = where % len(instance.programs)
    a = where % len(instance.applicants)
    program, applicant = instance.programs[p], instance.applicants[a]
    other = instance.programs[(p + 1) % len(instance.programs)].id
    if how == 0:
        return _program(instance, p, id=other)  # duplicate (or, with one program, unchanged)
    if how == 1:
        return _program(instance, p, id=" ")
    if how == 2:
        return _program(instance, p, quota=-1)
    if how == 3:
        return _program(instance, p, rol=(*program.rol, *program.rol[:1]))
    if how == 4:
        return _program(instance, p, rol=(*program.rol, "ghost"))
    if how == 5:
        return _program(instance, p, revert_to="nowhere")
    if how == 6:
        return _program(instance, p, revert_to=program.id)
    if how == 7:
        return _program(_program(instance, p, revert_to=other), (p + 1) % len(instance.programs), revert_to=program.id)
    if how == 8:
        return _applicant(instance, a, rol=(*applicant.ranked, *applicant.ranked[:1]))
    if how == 9:
        return _applicant(instance, a, rol=(*applicant.ranked, "nowhere"))
    if how == 10:
        return _applicant(instance, a, id=instance.applicants[(a + 1) % len(instance.applicants)].id)
    if how == 11:
        return _applicant(instance, a, rol=applicant.ranked)  # a couple member given a list of its own
    if how == 12:
        extra = SupplementalList((program.id,), ())
        return _applicant(instance, a, supplemental_lists=(*applicant.supplemental_lists, extra))
    return dataclasses.replace(instance, applicants=(*instance.applicants, ApplicantEntry("")))


@settings(max_examples=300, deadline=None)
@given(markets(), st.lists(st.tuples(st.integers(0, 13), st.integers(0, 50)), max_size=3))
def test_the_column_checks_find_a_problem_exactly_when_the_entry_checks_do(
    instance: MatchInstance, changes: list[tuple[int, int]]
) -> None:
    for how, where in changes:
        instance = _break(instance, how, where)
    found = _check_each(instance)
    assert _looks_valid(instance) == (not found)
    assert check_instance(instance) == found


@settings(max_examples=200, deadline=None)
@given(markets(), st.data())
def test_reading_column_by_column_gives_the_instance_read_entry_by_entry(
    instance: MatchInstance, data: st.DataObject
) -> None:
    document: Any = copy.deepcopy(instance_to_dict(instance))
    entries = [e for key in ("programs", "applicants", "couples") for e in document.get(key, [])]
    for _ in range(data.draw(st.integers(0, 2))):
        entry = data.draw(st.sampled_from(entries))
        key = data.draw(st.sampled_from(sorted(entry)))
        entry[key] = data.draw(st.sampled_from([None, "", " ", 1, 1.0, True, [], [1], ["x"], {}, "P0"]))
    fast = plain_instance(document)
    problems = _Problems()
    slow = _read_each(document, problems)
    if fast is not None:
        assert not problems.issues
        assert fast == slow
    _instance, issues = parse_instance(document)
    if not problems.issues and slow is not None:
        assert issues == check_instance(slow)


@settings(max_examples=300, deadline=None)
@given(
    markets(supplemental=False, max_applicants=12, max_programs=6),
    st.lists(st.tuples(st.integers(0, 13), st.integers(0, 50)), max_size=3),
    st.data(),
)
def test_reading_straight_into_columns_finds_a_market_exactly_when_the_entry_reading_finds_no_problem(
    instance: MatchInstance, changes: list[tuple[int, int]], data: st.DataObject
) -> None:
    for how, where in changes:
        instance = _break(instance, how, where)
    document: Any = copy.deepcopy(instance_to_dict(instance))
    touched = data.draw(st.booleans())
    if touched:
        entries = [e for key in ("programs", "applicants") for e in document.get(key, [])]
        entry = data.draw(st.sampled_from(entries))
        key = data.draw(st.sampled_from([*sorted(entry), "rol", "supplemental_lists", "revert_to"]))
        entry[key] = data.draw(st.sampled_from([None, "", " ", 1, 1.0, True, [], [1], ["x"], {}, "P0", "a0"]))
    columns = plain_market(document)
    read, issues = parse_instance(document)
    singles = read is not None and not read.couples and not any(a.supplemental_lists for a in read.applicants)
    if columns is None:
        assert touched or not singles or issues
        return
    assert read is not None and not issues and singles
    index = index_instance(read)
    assert index is not None
    assert columns.program_ids == [p.id for p in read.programs]
    assert columns.applicant_ids == [a.id for a in read.applicants]
    assert columns.quotas.tolist() == [p.quota for p in read.programs]
    positions = {p.id: i for i, p in enumerate(read.programs)}
    assert columns.revert_to.tolist() == [positions.get(p.revert_to, -1) for p in read.programs]
    for name in ("program_rol", "program_rol_lengths", "applicant_rol", "applicant_rol_lengths"):
        assert np.array_equal(getattr(columns, name), getattr(index, name)), name


def test_an_untouched_document_is_read_by_the_fast_path() -> None:
    instance = generate_market(300, 40, couples_share=0.1, supplemental_share=0.2, reversion_share=0.1, seed=3)
    assert plain_instance(instance_to_dict(instance)) == instance
    assert _looks_valid(instance)


def _same_arrays(instance: MatchInstance) -> None:
    new = engine._prepare(instance).args
    old = reference_prepare(instance)
    assert len(new) == len(old)
    for index, (mine, theirs) in enumerate(zip(new, old, strict=True)):
        assert mine.dtype == theirs.dtype, index
        assert np.array_equal(mine, theirs), index


@settings(max_examples=300, deadline=None)
@given(markets(max_applicants=12, max_programs=6))
def test_indexing_by_columns_gives_the_arrays_of_indexing_entry_by_entry(instance: MatchInstance) -> None:
    _same_arrays(instance)


def test_indexing_a_generated_market_with_couples_supplemental_lists_and_reversion() -> None:
    for seed in range(3):
        _same_arrays(
            generate_market(2000, 200, couples_share=0.05, supplemental_share=0.2, reversion_share=0.1, seed=seed)
        )


def test_indexing_an_empty_market() -> None:
    _same_arrays(MatchInstance((ProgramEntry("P", 0),), ()))
    _same_arrays(MatchInstance((), (ApplicantEntry("a"),)))


@settings(max_examples=100, deadline=None)
@given(markets(max_applicants=12, max_programs=6))
def test_the_checks_index_names_every_list_entry_and_the_engine_reuses_it(instance: MatchInstance) -> None:
    index = index_instance(instance)
    assert index is not None
    program_ids = [p.id for p in instance.programs]
    applicant_ids = [a.id for a in instance.applicants]
    on_programs = [applicant_ids[i] for i in index.program_rol.tolist()]
    assert on_programs == [a for p in instance.programs for a in p.rol]
    assert index.program_rol_lengths.tolist() == [len(p.rol) for p in instance.programs]
    on_applicants = [program_ids[i] for i in index.applicant_rol.tolist()]
    assert on_applicants == [p for a in instance.applicants for p in a.ranked]
    assert index.applicant_rol_lengths.tolist() == [len(a.ranked) for a in instance.applicants]
    assert run_match(instance, engine="python", index=index) == run_match(instance, engine="python")


def test_the_match_service_words_a_broken_file_as_the_entry_by_entry_reading_does(tmp_path: Path) -> None:
    instance = generate_market(40, 6, seed=1)
    broken = _program(_applicant(instance, 3, rol=(*instance.applicants[3].ranked, "nowhere")), 0, quota=-1)
    path = tmp_path / "market.json"
    path.write_text(json.dumps(instance_to_dict(broken)), encoding="utf-8")
    with pytest.raises(InvalidDataError) as raised:
        run_match_file(path)
    _instance, issues = parse_instance(instance_to_dict(broken))
    assert list(raised.value.issues) == issues
    assert {issue.code for issue in issues} == {"bad-quota", "unknown-id"}
    assert str(raised.value) == f"{path} is not a valid match instance (2 problems)"


@pytest.mark.parametrize("entry", [1, 1.0, True, None, "", " ", ["a1"], {"id": "a1"}])
@pytest.mark.parametrize("side", ["programs", "applicants"])
def test_the_match_service_words_a_list_entry_that_is_not_an_id_as_the_entry_by_entry_reading_does(
    tmp_path: Path, entry: object, side: str
) -> None:
    document: Any = instance_to_dict(generate_market(40, 6, seed=1))
    listing = next(item for item in document[side] if item.get("rol"))
    listing["rol"].insert(1, entry)
    path = tmp_path / "market.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(InvalidDataError) as raised:
        run_match_file(path)
    _instance, issues = parse_instance(document)
    assert issues and list(raised.value.issues) == issues
    assert "rol item 2 is not an id" in issues[0].message


@pytest.mark.parametrize(
    "rename",
    [
        lambda i: f"applicant-with-a-long-identifier-number-{i:06d}",  # longer than 32 bytes: looked up in a dict
        lambda i: f"é{i}ü",  # several bytes per character
        lambda i: f"a{i}\x00",  # a NUL inside: looked up in a dict
        lambda i: "x" * (i % 40 + 1) + str(i),  # every length from 2 to 45 bytes
    ],
)
def test_reading_straight_into_columns_matches_ids_of_any_bytes(rename: Any) -> None:
    instance = generate_market(400, 30, reversion_share=0.2, seed=5)
    names = {a.id: rename(i) for i, a in enumerate(instance.applicants)}
    renamed = dataclasses.replace(
        instance,
        programs=tuple(dataclasses.replace(p, rol=tuple(names[a] for a in p.rol)) for p in instance.programs),
        applicants=tuple(dataclasses.replace(a, id=names[a.id]) for a in instance.applicants),
    )
    columns = plain_market(instance_to_dict(renamed))
    index = index_instance(renamed)
    assert columns is not None and index is not None
    assert columns.applicant_ids == [names[a.id] for a in instance.applicants]
    for name in ("program_rol", "program_rol_lengths", "applicant_rol", "applicant_rol_lengths"):
        assert np.array_equal(getattr(columns, name), getattr(index, name)), name
    missing = instance_to_dict(renamed)
    missing["programs"][0]["rol"] = [*missing["programs"][0]["rol"], rename(10_000)]
    assert plain_market(missing) is None


def test_ranks_are_the_same_when_the_keys_do_not_fit_one_sort(monkeypatch: pytest.MonkeyPatch) -> None:
    instance = generate_market(600, 40, couples_share=0.05, supplemental_share=0.1, reversion_share=0.1, seed=8)
    joined = engine._prepare(instance).args
    monkeypatch.setattr(engine, "_JOIN_BITS", 8)  # too few bits: the sorted ranks are searched instead
    searched = engine._prepare(instance).args
    for index, (mine, theirs) in enumerate(zip(joined, searched, strict=True)):
        assert np.array_equal(mine, theirs), index
