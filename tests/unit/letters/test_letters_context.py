"""The context rules: letters of intent, cadence, thank-you timing, after the rank list, SOAP, duplicates."""

from __future__ import annotations

from datetime import date
from types import MappingProxyType

import pytest

from matchpilot.io.lint_json import parse_context
from matchpilot.letters import (
    Draft,
    Interview,
    LintContext,
    LoggedMessage,
    SoapWindow,
    check_context,
    lint_in_context,
    season_of,
    similarity,
)

A, B, C = "1111340C0", "2222340C0", "3333340A0"
INTENT = "Dear Dr. Rivera,\n\nI am writing to let you know that I will rank your program first.\n\nAmina\n"
THANKS = "Dear Dr. Rivera,\n\nThank you for the interview yesterday and our talk about the SCI unit.\n\nAmina\n"
NOTE = "Dear Ms. Lee,\n\nCould you tell me whether your program sponsors J-1 visas?\n\nAmina\n"


def rules(text: str, draft: Draft, context: LintContext, **kwargs: object) -> set[str]:
    return {f.rule for f in check_context(text, draft, context, **kwargs)}  # type: ignore[arg-type]


def test_loi_multiple_counts_the_log_and_the_other_drafts() -> None:
    logged = LoggedMessage(B, date(2026, 1, 20), "intent", "")
    context = LintContext(today=date(2026, 2, 1), messages=(logged,))
    assert "loi-multiple" in rules(INTENT, Draft(A, "other"), context)
    assert "loi-multiple" not in rules(INTENT, Draft(B, "other"), context)
    fresh = LintContext(today=date(2026, 2, 1))
    assert "loi-multiple" not in rules(INTENT, Draft(A), fresh)
    assert "loi-multiple" in rules(INTENT, Draft(A), fresh, others=[(Draft(C), INTENT)])


def test_loi_multiple_reads_first_choice_claims_in_logged_text() -> None:
    logged = LoggedMessage(B, date(2026, 1, 20), "other", "You are my number one choice.")
    assert "loi-multiple" in rules(INTENT, Draft(A), LintContext(today=date(2026, 2, 1), messages=(logged,)))


def test_loi_multiple_looks_at_this_season_only() -> None:
    last_season = LoggedMessage(B, date(2025, 1, 20), "intent", "")
    assert "loi-multiple" not in rules(INTENT, Draft(A), LintContext(today=date(2026, 2, 1), messages=(last_season,)))


def test_loi_not_first() -> None:
    context = LintContext(today=date(2026, 2, 1), rank_list=(B, A))
    findings = check_context(INTENT, Draft(A), context)
    (finding,) = [f for f in findings if f.rule == "loi-not-first"]
    assert finding.severity.value == "error" and "number 2" in finding.message
    assert INTENT[finding.start : finding.end] == "I am writing to let you know that I will rank your program first."
    assert "loi-not-first" not in rules(INTENT, Draft(B), context)
    assert "loi-not-first" in rules(INTENT, Draft(C), context)
    assert "loi-not-first" not in rules(NOTE, Draft(A), context)


def test_cadence_pre_interview() -> None:
    before = LoggedMessage(A, date(2025, 10, 1), "visa-inquiry", NOTE)
    context = LintContext(today=date(2025, 10, 20), messages=(before,))
    assert "cadence-pre-interview" in rules(NOTE, Draft(A), context)
    assert "cadence-pre-interview" not in rules(NOTE, Draft(B), context)
    assert "cadence-pre-interview" not in rules(NOTE, Draft(A, requested=True), context)
    interviewed = LintContext(
        today=date(2025, 12, 2), messages=(before,), interviews=(Interview(A, date(2025, 12, 1)),)
    )
    assert "cadence-pre-interview" not in rules(THANKS, Draft(A, "thank-you"), interviewed)
    replied = LintContext(today=date(2025, 10, 20), messages=(LoggedMessage(A, date(2025, 10, 1), "reply"),))
    assert "cadence-pre-interview" not in rules(NOTE, Draft(A), replied)


@pytest.mark.parametrize(
    ("sent", "fires"),
    [(date(2025, 12, 1), True), (date(2025, 12, 2), False), (date(2025, 12, 4), False), (date(2025, 12, 5), True)],
)
def test_thank_you_timing(sent: date, fires: bool) -> None:
    context = LintContext(interviews=(Interview(A, date(2025, 12, 1), ("Dr. Rivera",)),))
    found = rules(THANKS, Draft(A, "thank-you", sent), context)
    assert ("thank-you-timing" in found) is fires
    assert "thank-you-timing" not in rules(NOTE, Draft(A, "other", sent), context)


def test_after_rol() -> None:
    context = LintContext(today=date(2026, 2, 26), rank_list=(A,), rank_list_certified_on=date(2026, 2, 25))
    assert "after-rol" in rules(NOTE, Draft(A), context)
    assert "after-rol" not in rules(NOTE, Draft(A, requested=True), context)
    assert "after-rol" not in rules(NOTE, Draft(A, send_on=date(2026, 2, 24)), context)


def test_soap_unsolicited() -> None:
    soap = SoapWindow(date(2026, 3, 16), date(2026, 3, 19), MappingProxyType({B: date(2026, 3, 17)}))
    context = LintContext(soap=soap)
    assert "soap-unsolicited" in rules(NOTE, Draft(A, send_on=date(2026, 3, 17)), context)
    assert "soap-unsolicited" in rules(NOTE, Draft(B, send_on=date(2026, 3, 16)), context)
    assert "soap-unsolicited" not in rules(NOTE, Draft(B, send_on=date(2026, 3, 17)), context)
    assert "soap-unsolicited" not in rules(NOTE, Draft(A, send_on=date(2026, 3, 20)), context)


def test_duplicate_letter() -> None:
    letter = (
        "Dear Dr. Rivera,\n\nThank you for the interview. I enjoyed learning about the program, its residents and "
        "its faculty, and I remain very interested in training there. The inpatient unit, the weekly teaching "
        "conference and the way residents lead family meetings all made a strong impression on me, and I would be "
        "honored to learn from your team.\n\nAmina\n"
    )
    twin = letter.replace("Rivera", "Okafor")
    context = LintContext(today=date(2026, 1, 10), messages=(LoggedMessage(B, date(2026, 1, 5), "thank-you", twin),))
    assert "duplicate-letter" in rules(letter, Draft(A), context)
    assert "duplicate-letter" not in rules(letter, Draft(B), context)
    assert "duplicate-letter" not in rules(NOTE, Draft(A), context)
    assert similarity(letter, twin) > 0.8 > similarity(letter, NOTE)


def test_without_a_date_the_date_rules_are_skipped() -> None:
    soap = SoapWindow(date(2026, 3, 16), date(2026, 3, 19))
    context = LintContext(soap=soap, rank_list_certified_on=date(2026, 2, 25))
    assert rules(NOTE, Draft(A), context) == set()


def test_lint_in_context_merges_text_and_context_findings() -> None:
    context = LintContext(today=date(2026, 2, 1), rank_list=(B, A))
    found = [f.rule for f in lint_in_context(INTENT, Draft(A), context)]
    assert found == ["first-choice-claim", "loi-not-first"]


def test_season_of() -> None:
    assert season_of(date(2025, 6, 1)) == 2025
    assert season_of(date(2026, 3, 20)) == 2025
    assert season_of(date(2025, 5, 31)) == 2025  # after Match Day 2025: the season of Match 2026


def test_parse_context_reads_the_documented_shape() -> None:
    data = {
        "format": "matchpilot.letters-context/1",
        "today": "2026-01-20",
        "rank_list": [A, B],
        "rank_list_certified_on": None,
        "soap": {
            "starts_on": "2026-03-16",
            "ends_on": "2026-03-19",
            "contacted_by": [{"program": B, "on": "2026-03-16"}],
        },
        "interviews": [{"program": A, "on": "2025-11-12", "interviewers": ["Dr. Ana Rivera"]}],
        "messages": [
            {"program": A, "kind": "thank-you", "sent_on": "2025-11-13", "text": "Thanks!", "requested": False}
        ],
        "drafts": {"thanks.txt": {"program": A, "kind": "thank-you", "send_on": "2025-11-13"}},
    }
    context, issues = parse_context(data)
    assert issues == [] and context is not None
    assert context.rank_list == (A, B)
    assert context.soap is not None and context.soap.contacted(B, date(2026, 3, 16))
    assert context.draft_for("some/folder/thanks.txt") == Draft(A, "thank-you", date(2025, 11, 13))
    assert context.interviews[0].interviewers == ("Dr. Ana Rivera",)


def test_parse_context_names_every_problem() -> None:
    data = {
        "format": "other/2",
        "today": "20 Jan",
        "colour": "blue",
        "messages": [{"program": A}, "x"],
        "rank_list": [A, A],
        "soap": {"starts_on": "2026-03-19", "ends_on": "2026-03-16"},
        "drafts": {"a.txt": {"kind": "intent"}},
    }
    context, issues = parse_context(data)
    assert context is None
    where = {issue.where for issue in issues}
    assert {"format", "today", "colour", "messages[0].sent_on", "messages[1]", "rank_list", "soap.ends_on"} <= where
    assert "drafts['a.txt'].program" in where
    assert parse_context([1, 2])[0] is None
