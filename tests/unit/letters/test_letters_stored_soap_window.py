"""The SOAP window built from the dated Match Week schedule and the stored offers and replies (rule
``soap-unsolicited`` without ``--context``)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

from matchpilot.domain.letters_log import Reply
from matchpilot.domain.match_week import SoapOffer
from matchpilot.domain.rules import EventKind
from matchpilot.letters import Draft, LintContext, check_context
from matchpilot.services.letters import soap_window_from
from matchpilot.services.soap import load_rules

SCHEDULE = load_rules().rules.match_week(2026)


def test_the_window_runs_from_the_match_status_to_the_end_of_soap() -> None:
    assert SCHEDULE is not None
    window = soap_window_from(SCHEDULE)
    assert (window.starts_on, window.ends_on) == (date(2026, 3, 16), date(2026, 3, 19))
    assert dict(window.contacted_by) == {}


def test_offers_count_from_their_round_and_replies_from_their_day() -> None:
    assert SCHEDULE is not None
    offers = [
        SoapOffer("1001140P0", 4, datetime(2026, 3, 19, 15, 0, tzinfo=UTC), "open"),
        SoapOffer("1002140P0", 9, None, "declined"),  # a round the schedule lacks: from the first day
        SoapOffer("1003140P0", 1, datetime(2025, 3, 19, 15, 0, tzinfo=UTC), "expired"),  # another year's offer
    ]
    replies = [
        Reply("1004140P0", date(2026, 3, 17), "Are you free for an interview today?"),
        Reply("1005140P0", date(2026, 1, 10), "Thank you for interviewing with us."),  # before SOAP
    ]
    window = soap_window_from(SCHEDULE, offers, replies)
    assert dict(window.contacted_by) == {
        "1001140P0": date(2026, 3, 19),
        "1002140P0": date(2026, 3, 16),
        "1004140P0": date(2026, 3, 17),
    }


def test_without_a_soap_ends_event_the_last_round_closes_the_window() -> None:
    assert SCHEDULE is not None
    shorter = replace(SCHEDULE, events=tuple(e for e in SCHEDULE.events if e.kind is not EventKind.SOAP_ENDS))
    assert soap_window_from(shorter).ends_on == date(2026, 3, 19)


def test_the_rule_fires_only_for_programs_that_did_not_contact_you() -> None:
    assert SCHEDULE is not None
    window = soap_window_from(SCHEDULE, [SoapOffer("1001140P0", 1, None, "open")])
    context = LintContext(today=date(2026, 3, 19), soap=window)  # round 1 is on Thursday the 19th
    text = "Dear Dr. Example,\nI am very interested in your program.\n"
    assert [f.rule for f in check_context(text, Draft("1001140P0"), context)] == []
    assert [f.rule for f in check_context(text, Draft("1009140P0"), context)] == ["soap-unsolicited"]
    before = Draft("1001140P0", send_on=date(2026, 3, 18))  # round 1 is on the 19th
    assert [f.rule for f in check_context(text, before, context)] == ["soap-unsolicited"]
