"""The season view: warnings before the applicant oversteps, per-program timelines, the context from the log."""

from __future__ import annotations

from datetime import date

from matchpilot.letters import Draft, Interview, LintSeverity, LoggedMessage, check_context
from matchpilot.letters.cadence import (
    MESSAGE_KINDS,
    Reply,
    claims_first_choice,
    context_from_log,
    kind_label,
    season_warnings,
    thank_you_window,
    timeline,
)

A, B = "1111340C0", "2222340C0"
INTENT = "Dear Dr. Rivera,\n\nI will rank your program first.\n\nAmina\n"
NOTE = "Dear Ms. Lee,\n\nDoes your program sponsor J-1 visas?\n\nAmina\n"


def codes(warnings: list) -> set[tuple[str, str]]:  # type: ignore[type-arg]
    return {(w.code, w.program) for w in warnings}


def test_one_pre_interview_message_warns_before_a_second() -> None:
    sent = [LoggedMessage(A, date(2025, 10, 1), "visa-inquiry", NOTE)]
    found = season_warnings(sent, [], date(2025, 10, 5))
    assert codes(found) == {("pre-interview-once", A)}
    assert "2025-10-01" in found[0].message


def test_two_pre_interview_messages_are_an_overstep() -> None:
    sent = [LoggedMessage(A, date(2025, 10, 1), "visa-inquiry", NOTE), LoggedMessage(A, date(2025, 10, 20))]
    interviews = [Interview(A, date(2025, 12, 1))]
    found = season_warnings(sent, interviews, date(2025, 11, 1))
    assert codes(found) == {("pre-interview-twice", A)}
    assert found[0].severity is LintSeverity.WARNING


def test_replies_and_requested_messages_do_not_count_before_the_interview() -> None:
    sent = [
        LoggedMessage(A, date(2025, 10, 1), "visa-inquiry", NOTE),
        LoggedMessage(A, date(2025, 10, 3), "reply", "Thank you, I will send it."),
        LoggedMessage(A, date(2025, 10, 4), "update", "", requested=True),
        LoggedMessage(B, date(2025, 10, 1), "update"),
        LoggedMessage(B, date(2025, 10, 9), "update"),
    ]
    replies = [Reply(B, date(2025, 10, 8), "Please send your new score.")]
    found = season_warnings(sent, [], date(2025, 10, 10), replies=replies)
    assert codes(found) == {("pre-interview-once", A), ("pre-interview-once", B)}


def test_after_the_interview_the_pre_interview_warning_goes() -> None:
    sent = [LoggedMessage(A, date(2025, 10, 1), "visa-inquiry", NOTE)]
    interviews = [Interview(A, date(2025, 11, 10))]
    sent.append(LoggedMessage(A, date(2025, 11, 11), "thank-you", "Thank you."))
    assert season_warnings(sent, interviews, date(2025, 11, 12)) == []


def test_thank_you_is_soon_due_then_late() -> None:
    interviews = [Interview(A, date(2025, 11, 10), ("Dr. Ana Rivera",))]
    assert thank_you_window(date(2025, 11, 10)) == (date(2025, 11, 11), date(2025, 11, 13))
    assert codes(season_warnings([], interviews, date(2025, 11, 10))) == {("thank-you-soon", A)}
    for day in (11, 12, 13):
        (due,) = season_warnings([], interviews, date(2025, 11, day))
        assert due.code == "thank-you-due" and due.by == date(2025, 11, 13)
        assert due.severity is LintSeverity.WARNING
    assert codes(season_warnings([], interviews, date(2025, 11, 14))) == {("thank-you-late", A)}
    assert season_warnings([], [Interview(A, date(2025, 12, 1))], date(2025, 11, 14)) == []


def test_a_sent_thank_you_clears_the_reminder() -> None:
    interviews = [Interview(A, date(2025, 11, 10))]
    thanks = [LoggedMessage(A, date(2025, 11, 11), "thank-you", "Thank you.")]
    assert season_warnings(thanks, interviews, date(2025, 11, 12)) == []
    earlier = [LoggedMessage(A, date(2025, 11, 1), "thank-you", "Thank you.")]  # before the interview: not it
    assert codes(season_warnings(earlier, interviews, date(2025, 11, 12))) >= {("thank-you-due", A)}


def test_letters_of_intent_warn_once_sent_and_err_when_twice() -> None:
    one = [LoggedMessage(A, date(2026, 1, 20), "intent", INTENT)]
    found = season_warnings(one, [], date(2026, 1, 25))
    assert {c for c in codes(found) if c[0].startswith("intent")} == {("intent-sent", A)}
    claim = LoggedMessage(B, date(2026, 1, 28), "strong-interest", INTENT)  # a first-choice claim by its words
    both = season_warnings([*one, claim], [], date(2026, 2, 1))
    assert {c for c in codes(both) if c[0].startswith("intent")} == {("intent-twice", A), ("intent-twice", B)}
    assert both[0].severity is LintSeverity.ERROR


def test_only_the_season_of_today_counts() -> None:
    last_season = [LoggedMessage(A, date(2025, 1, 20), "intent", INTENT)]
    assert season_warnings(last_season, [], date(2025, 9, 1)) == []
    future = [LoggedMessage(A, date(2025, 9, 5), "update")]  # logged for a day after today: not yet sent
    assert season_warnings(future, [], date(2025, 9, 1)) == []


def test_errors_come_first() -> None:
    sent = [
        LoggedMessage(A, date(2026, 1, 20), "intent", INTENT),
        LoggedMessage(B, date(2026, 1, 21), "intent", INTENT),
    ]
    interviews = [Interview(A, date(2026, 1, 30))]
    found = season_warnings(sent, interviews, date(2026, 1, 31))
    severities = [w.severity for w in found]
    assert severities == sorted(severities, key=[LintSeverity.ERROR, LintSeverity.WARNING, LintSeverity.INFO].index)


def test_timeline_orders_one_programs_history() -> None:
    entries = timeline(
        A,
        [LoggedMessage(A, date(2025, 11, 11), "thank-you", "Thanks"), LoggedMessage(B, date(2025, 11, 1))],
        [Interview(A, date(2025, 11, 10), ("Dr. Ana Rivera",))],
        [Reply(A, date(2025, 11, 11), "Glad to have met you")],
        notes={(A, date(2025, 11, 10)): "SCI unit"},
    )
    assert [(e.on.day, e.what) for e in entries] == [(10, "interview"), (11, "reply"), (11, "message")]
    assert entries[0].title == "Interview with Dr. Ana Rivera" and entries[0].detail == "SCI unit"
    assert entries[2].title == "Post-interview thank-you"


def test_kinds_and_first_choice_claims() -> None:
    assert {"thank-you", "intent", "reply", "other"} <= set(MESSAGE_KINDS)
    assert kind_label("reply") == "your reply to the program" and kind_label("custom") == "custom"
    assert claims_first_choice("intent", "")
    assert claims_first_choice("other", INTENT)
    assert not claims_first_choice("thank-you", NOTE)


def test_the_context_from_the_log_feeds_the_context_rules() -> None:
    context = context_from_log(
        [LoggedMessage(B, date(2026, 1, 20), "intent", INTENT)], [], today=date(2026, 2, 1), rank_list=[A, B]
    )
    assert context.rank_list == (A, B)
    rules = {f.rule for f in check_context(INTENT, Draft(A, "intent"), context)}
    assert "loi-multiple" in rules
    assert context_from_log([], [], today=None, rank_list=[]).rank_list is None


def test_a_thank_you_stays_due_across_the_start_of_a_season() -> None:
    # a season ends on Match Day (20 March 2026); the next one starts the day after
    interviews = [Interview(A, date(2026, 3, 20))]
    assert codes(season_warnings([], interviews, date(2026, 3, 21))) == {("thank-you-due", A)}
    assert season_warnings([], interviews, date(2026, 3, 30)) == []
