"""Documents and the assignment rule, and the interview cheat sheet."""

from __future__ import annotations

from soap_week_fixtures import LETTERS, STATEMENTS, program

from matchpilot.soap import (
    AssignmentEntry,
    assign_documents,
    default_rule,
    document_issues,
    parse_cheatsheet,
    render_cheatsheet,
)


def test_the_default_rule_follows_the_guide() -> None:
    rule = default_rule()
    assert rule.entry_for(program(1, "pmr")).statement == "pmr"
    assert rule.entry_for(program(2, "prelim")).statement == "prelim"
    assert rule.entry_for(program(3, "ty")).statement == "prelim"
    assert rule.entry_for(program(4, "other")).statement == "general"


def test_named_letters_are_kept_in_order_and_cut_at_the_eras_maximum() -> None:
    rule = default_rule().with_entries(
        [AssignmentEntry("pmr", "pmr", ("letter-im-1", "letter-pmr-1", "letter-gone", "letter-pmr-2"))]
    )
    got = assign_documents(program(1, "pmr"), rule, STATEMENTS, LETTERS, max_letters=2)
    assert got.letters == ("letter-im-1", "letter-pmr-1")
    assert "missing letter 'letter-gone'" in got.problems
    assert any("ERAS takes at most 2" in p for p in got.problems)


def test_a_missing_variant_is_named() -> None:
    got = assign_documents(program(1, "prelim"), default_rule(), {}, LETTERS, max_letters=4)
    assert got.statement is None and got.wanted_statement == "prelim"
    assert got.problems[0] == "missing personal statement variant 'prelim'"


def test_document_problems_name_their_fields() -> None:
    issues = document_issues("Bad Key", "", "", kind="letter")
    assert {i.where for i in issues} == {"key", "title", "writer"}
    assert document_issues("pmr", "PM&R SOAP PS", "text", kind="statement") == []


def test_the_cheat_sheet_needs_three_reasons_three_qualities_two_stories() -> None:
    sheet, issues = parse_cheatsheet({"reasons": ["a", "b"], "qualities": ["x", "y", " "], "stories": ["s", "t"]})
    assert sheet is None
    assert {i.where for i in issues} == {"reasons", "qualities[3]"}
    good = {"reasons": ["a", "b", "c"], "qualities": ["x", "y", "z"], "stories": ["s", "t"]}
    sheet, issues = parse_cheatsheet(good)
    assert sheet is not None and issues == []
    text = render_cheatsheet(sheet, name="Demo (fictional)")
    assert text.startswith("PM&R SOAP interview cheat sheet — Demo (fictional)")
    assert "  3. c" in text and "Why PM&R?" in text
