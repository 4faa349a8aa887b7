"""The letters log on SQLite and PostgreSQL: messages, interviews and replies are stored and listed per program,
the season view and the lint context read them, and a saved message is never lost."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from matchpilot.domain.letters_log import LoggedMessage
from matchpilot.domain.rank_list import RankOrderList
from matchpilot.errors import InputError
from matchpilot.services import Services
from matchpilot.services import letters as service
from matchpilot.services.demo import load_demo
from matchpilot.services.rank_lists import save_rank_list
from matchpilot.storage import LettersLogStore

from support.db import TODAY, make_services

A, B = "1001340C0", "1002340C0"
INTENT = "Dear Dr. Rivera,\n\nI will rank your program first.\n\nAmina\n"
THANKS = "Dear Dr. Rivera,\n\nThank you for the interview and our talk about the SCI unit.\n\nAmina\n"


def test_messages_interviews_and_replies_are_stored_and_listed(services: Services) -> None:
    assert service.letter_log(services).empty
    service.record_interview(services, A, TODAY - timedelta(days=2), [" Dr. Ana Rivera ", "", "Dr. Li"], "SCI unit ")
    saved = service.record_message(services, f" {A} ", "Thank-You", THANKS, sent_on=TODAY - timedelta(days=1))
    assert (saved.program, saved.kind, saved.sent_on) == (A, "thank-you", TODAY - timedelta(days=1))
    service.record_message(services, B, "visa-inquiry", "Does your program sponsor J-1 visas?")
    service.record_reply(services, A, "It was a pleasure to meet you.")
    log = service.letter_log(services)
    assert [m.program for m in log.messages] == [A, B]
    assert log.interviews[0].interviewers == ("Dr. Ana Rivera", "Dr. Li") and log.interviews[0].notes == "SCI unit"
    assert log.messages[1].sent_on == TODAY  # no day given: today
    only_a = service.letter_log(services, A)
    assert len(only_a.messages) == 1 and len(only_a.replies) == 1 and len(only_a.interviews) == 1
    entries = service.program_timeline(services, A)
    assert [e.what for e in entries] == ["interview", "message", "reply"]
    assert entries[0].detail == "SCI unit" and entries[1].detail == THANKS


def test_bad_records_are_refused_and_save_nothing(services: Services) -> None:
    service.record_message(services, A, "update", "I passed Step 3.")
    with pytest.raises(InputError, match="empty"):
        service.record_message(services, A, "update", "  \n ")
    with pytest.raises(InputError, match="unknown message kind"):
        service.record_message(services, A, "love-letter", "Hello")
    with pytest.raises(InputError, match="after today"):
        service.record_message(services, A, "update", "Hello", sent_on=TODAY + timedelta(days=1))
    with pytest.raises(InputError, match="program code"):
        service.record_reply(services, " ", "Hello")
    assert [m.text for m in service.letter_log(services).messages] == ["I passed Step 3."]


def test_a_saved_message_is_never_lost(services: Services) -> None:
    first = service.record_message(services, A, "thank-you", THANKS, sent_on=TODAY - timedelta(days=1))
    service.record_message(services, A, "thank-you", THANKS, sent_on=TODAY - timedelta(days=1))  # same text: kept
    with pytest.raises(RuntimeError), services.database.transaction() as session:  # a write that fails halfway
        LettersLogStore(session, services.owner_id).add_message(LoggedMessage(B, TODAY, "update", "half-written"))
        raise RuntimeError("power cut")
    load_demo(services)  # replaces the sheet and the profile; the log is keyed by code and stays
    messages = service.letter_log(services).messages
    assert [m.text for m in messages] == [THANKS, THANKS]
    assert messages[0].id == first.id


def test_owners_have_their_own_logs(services: Services, database_url: str) -> None:
    service.record_message(services, A, "update", "mine")
    other = make_services(database_url)
    try:
        assert other.owner_id != services.owner_id
        assert service.letter_log(other).empty
    finally:
        other.database.dispose()


def test_the_season_view_reads_the_stored_log(services: Services) -> None:
    service.record_message(
        services, A, "visa-inquiry", "Does your program sponsor J-1 visas?", sent_on=date(2026, 9, 1)
    )
    service.record_interview(services, B, TODAY - timedelta(days=1), ["Dr. Li"])
    service.record_message(services, B, "intent", INTENT, sent_on=TODAY - timedelta(days=5))
    view = service.season_view(services)
    found = {(w.code, w.program) for w in view.warnings}
    assert {("pre-interview-once", A), ("thank-you-due", B), ("intent-sent", B)} <= found
    assert (view.messages, view.interviews, view.replies) == (2, 1, 0)


def test_lint_reads_the_log_and_the_stored_rank_list(services: Services) -> None:
    service.record_message(services, B, "intent", INTENT, sent_on=TODAY - timedelta(days=3))
    rules = {f.rule for f in service.lint_message(services, INTENT, A, "intent")}
    assert {"loi-multiple", "first-choice-claim"} <= rules
    assert "loi-not-first" not in rules  # no rank order list stored yet
    save_rank_list(services, RankOrderList((B, A)))
    context = service.lint_context(services)
    assert context.rank_list == (B, A) and context.today == TODAY
    assert "loi-not-first" in {f.rule for f in service.lint_message(services, INTENT, A, "intent")}
    service.record_interview(services, A, TODAY - timedelta(days=10))
    late = {f.rule for f in service.lint_message(services, THANKS, A, "thank-you")}
    assert "thank-you-timing" in late


def test_drafts_use_the_logged_interview(services: Services) -> None:
    load_demo(services)
    code = services.list_programs().programs[0].code
    missing = service.compose_draft(services, code, "thank-you")
    assert missing.text is None and {i.where for i in missing.missing} >= {"interviewer", "interview_date"}
    service.record_interview(services, code, TODAY - timedelta(days=1), ["Dr. Ana Rivera"], "the SCI unit.")
    draft = service.compose_draft(services, code, "thank-you")
    assert draft.text is not None and "Dear Dr. Rivera," in draft.text and "the SCI unit" in draft.text
    with pytest.raises(InputError, match="unknown letter kind"):
        service.compose_draft(services, code, "love-letter")
