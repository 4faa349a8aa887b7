"""The SOAP offer lifecycle at the round boundaries (issue 14), on real databases: an offer belongs to its round
and is open only until that round ends; after that it is expired and cannot be accepted; offers come only from
programs applied to; an acceptance ends SOAP. Times are compared as instants: Match Week is in March, after US
daylight time starts (14 March 2027) and before Europe's, so 11:00 ET is 15:00 UTC, not 16:00."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from matchpilot.errors import InputError, InvalidDataError, NotFoundError
from matchpilot.services import Services
from matchpilot.services import soap_week as week
from matchpilot.services.demo import load_demo
from matchpilot.services.soap import load_rules
from matchpilot.soap import soap_category

RULES = load_rules().rules
ET = ZoneInfo("America/New_York")
SECOND = timedelta(seconds=1)


def round_window(number: int) -> tuple[datetime, datetime]:
    schedule = RULES.match_week(2027)
    assert schedule is not None
    event = schedule.round_event(number)
    assert event is not None and event.end is not None
    return event.start, event.end


@pytest.fixture
def ready(services: Services) -> tuple[Services, list[str]]:
    load_demo(services)
    week.import_demo_unfilled(services)
    report = week.soap_plan(services, RULES)
    week.save_plan_applications(services, report, rules=RULES, now=round_window(1)[0])
    return services, [a.code for a in report.plan.applications]


def test_the_rounds_of_2027_end_on_thursday_in_eastern_daylight_time() -> None:
    ends = [round_window(n)[1].astimezone(UTC) for n in (1, 2, 3, 4)]
    # 11:00, 14:00, 17:00 and 20:00 EDT (UTC-4): the last is already Friday in UTC
    assert ends == [datetime(2027, 3, 18, h, 0, tzinfo=UTC) for h in (15, 18, 21)] + [datetime(2027, 3, 19, tzinfo=UTC)]


@pytest.mark.parametrize("number", [1, 2, 3, 4])
def test_an_offer_is_acceptable_until_the_instant_its_round_ends(
    ready: tuple[Services, list[str]], number: int
) -> None:
    services, codes = ready
    start, end = round_window(number)
    code = codes[number]
    week.record_offer(services, code, number, None, rules=RULES, now=start + timedelta(minutes=5))
    before = end - SECOND
    # the same instant written in other zones: London is still on GMT, Kolkata never moves
    for zone in ("America/New_York", "Europe/London", "Asia/Kolkata"):
        shown = week.list_offers(services, now=before.astimezone(ZoneInfo(zone)), rules=RULES)
        assert [(o.code, o.status, o.acceptable) for o in shown] == [(code, "open", True)]
    decision = week.decide_offers(services, RULES, now=before).decision
    assert decision is not None and code in {o.code for o in decision.options}
    at_end = week.list_offers(services, now=end, rules=RULES)
    assert [(o.status, o.acceptable) for o in at_end] == [("expired", False)]
    decision = week.decide_offers(services, RULES, now=end)
    assert decision.decision is None or code not in {o.code for o in decision.decision.options}
    with pytest.raises(InputError) as raised:
        week.set_offer_status(services, code, "accepted", rules=RULES, now=end)
    message = str(raised.value)
    assert f"round {number}" in message and end.astimezone(ET).strftime("%H:%M EDT") in message
    assert "cannot be accepted" in message
    assert [o.status for o in week.list_offers(services)] == ["open"]  # nothing changed: still as recorded


@pytest.mark.parametrize("number", [1, 2, 3, 4])
def test_an_offer_accepted_a_second_before_its_round_ends_is_accepted(
    ready: tuple[Services, list[str]], number: int
) -> None:
    services, codes = ready
    start, end = round_window(number)
    week.record_offer(services, codes[0], number, None, rules=RULES, now=start)
    week.set_offer_status(services, codes[0], "accepted", rules=RULES, now=end - SECOND)
    assert [o.status for o in week.list_offers(services, now=end, rules=RULES)] == ["accepted"]


def test_a_round_1_offer_is_never_recommended_or_accepted_during_round_2(ready: tuple[Services, list[str]]) -> None:
    services, codes = ready
    start_1, end_1 = round_window(1)
    start_2, _ = round_window(2)
    week.record_offer(services, codes[0], 1, None, rules=RULES, now=start_1 + timedelta(minutes=30))
    week.record_offer(services, codes[1], 2, None, rules=RULES, now=start_2 + timedelta(minutes=10))
    during_2 = start_2 + timedelta(minutes=30)
    report = week.decide_offers(services, RULES, now=during_2)
    assert report.decision is not None and report.decision.round == 2
    assert [o.code for o in report.decision.options] == [codes[1], None]
    assert "Expired" in report.note and "round 1" in report.note
    with pytest.raises(InputError, match=r"round 1.*expired.*11:00 EDT"):
        week.set_offer_status(services, codes[0], "accepted", rules=RULES, now=during_2)
    assert end_1 < during_2


def test_an_offer_of_a_round_that_ended_or_has_not_started_is_not_recorded(ready: tuple[Services, list[str]]) -> None:
    services, codes = ready
    _, end_1 = round_window(1)
    with pytest.raises(InputError, match="round 1 of SOAP 2027 ended Thu 18 Mar 2027, 11:00 EDT"):
        week.record_offer(services, codes[0], 1, None, rules=RULES, now=end_1)
    with pytest.raises(InputError, match="round 3 of SOAP 2027 starts"):
        week.record_offer(services, codes[0], 3, None, rules=RULES, now=end_1)
    with pytest.raises(InputError, match="open only until the round ends"):
        week.record_offer(services, codes[0], 1, end_1 + SECOND, rules=RULES, now=end_1 - timedelta(hours=1))
    with pytest.raises(InputError, match="rounds 1 to 4"):
        week.record_offer(services, codes[0], 5, None, rules=RULES, now=end_1 - SECOND)
    assert week.list_offers(services) == ()


def test_an_offer_from_a_program_not_applied_to_is_refused(ready: tuple[Services, list[str]]) -> None:
    services, codes = ready
    unfilled, _ = week.stored_unfilled(services)
    not_applied = next(p.code for p in unfilled if p.code not in codes)
    with pytest.raises(InputError, match="you did not apply to this program"):
        week.record_offer(services, not_applied, 2, None, rules=RULES, now=round_window(2)[0])
    assert week.list_offers(services) == ()


def test_after_an_acceptance_soap_is_over(ready: tuple[Services, list[str]]) -> None:
    services, codes = ready
    start_2, _ = round_window(2)
    now = start_2 + timedelta(minutes=1)
    for code in codes[:3]:
        week.record_offer(services, code, 2, None, rules=RULES, now=now)
    week.set_offer_status(services, codes[1], "accepted", rules=RULES, now=now)
    assert {o.code: o.status for o in week.list_offers(services)} == {
        codes[0]: "declined",
        codes[1]: "accepted",
        codes[2]: "declined",
    }
    assert week.soap_over(services) is not None
    start_3, _ = round_window(3)
    with pytest.raises(InputError, match="binding"):
        week.record_offer(services, codes[3], 3, None, rules=RULES, now=start_3)
    with pytest.raises(InputError, match="binding"):
        week.set_offer_status(services, codes[0], "accepted", rules=RULES, now=now)
    with pytest.raises(InputError, match="binding"):
        week.add_applications(services, [codes[0]], rules=RULES, now=now)


def test_applications_are_checked_whole_and_nothing_is_half_saved(ready: tuple[Services, list[str]]) -> None:
    services, codes = ready
    before = [a.code for a in week.applications(services)]
    assert before == codes
    with pytest.raises(NotFoundError, match="code 0000000X0: not among your applications"):
        week.remove_applications(services, [codes[0], "0000000X0"])
    assert [a.code for a in week.applications(services)] == before
    unfilled, _ = week.stored_unfilled(services)
    extra = [p.code for p in unfilled if p.code not in codes]
    with pytest.raises(NotFoundError, match="code NOPE: not on your unfilled list"):
        week.add_applications(services, [*extra[:1], "NOPE"], rules=RULES, now=round_window(1)[0])
    assert [a.code for a in week.applications(services)] == before
    week.record_offer(services, codes[0], 1, None, rules=RULES, now=round_window(1)[0])
    with pytest.raises(InvalidDataError, match="cannot be removed"):
        week.remove_applications(services, [codes[0]])
    assert week.remove_applications(services, [codes[1]]) == 1


def _category_code(services: Services, category: str) -> str:
    unfilled, _ = week.stored_unfilled(services)
    sheet = {p.code: p for p in services.list_programs().programs}
    for program in unfilled:
        known = sheet.get(program.code)
        if known is not None and soap_category(known) == category:
            return program.code
    raise AssertionError(f"no {category} program on the demo list")


@pytest.mark.parametrize(
    ("category", "situation"), [("pmr", "matched-pmr"), ("prelim", "matched-pgy1"), ("other", "matched-other")]
)
def test_after_soap_follows_the_acceptance(services: Services, category: str, situation: str) -> None:
    load_demo(services)
    week.import_demo_unfilled(services)
    code = _category_code(services, category)
    now = round_window(1)[0]
    week.add_applications(services, [code], rules=RULES, now=now)
    week.record_offer(services, code, 1, None, rules=RULES, now=now)
    week.set_offer_status(services, code, "accepted", rules=RULES, now=now)
    after = week.after_soap(services)
    assert after.situation == situation and after.programs == ()
    assert after.accepted is not None and after.accepted.code == code
    assert not any("without a position" in line for line in after.advice)


def test_after_soap_unmatched_lists_outreach(services: Services) -> None:
    load_demo(services)
    week.import_demo_unfilled(services)
    after = week.after_soap(services)
    assert after.situation == "unmatched" and after.accepted is None and after.programs


def _rules_with_round_1(start: str, end: str):  # type: ignore[no-untyped-def]
    import tomllib
    from importlib import resources

    from matchpilot.io.rules_toml import merge_rule_data, parse_rules

    base = tomllib.loads(resources.files("matchpilot.data").joinpath("rules.toml").read_text(encoding="utf-8"))
    override = tomllib.loads(
        f"""
        [match_week.2027.events.round-1]
        start = {start}
        end = {end}
        source = "a rehearsal schedule (fictional)"
        checked = 2026
        """
    )
    merged, issues = merge_rule_data(base, override)
    rules, found = parse_rules(merged)
    assert rules is not None and not issues and not [i for i in found if i.is_error]
    return rules


def test_a_round_across_the_us_clock_change_ends_at_its_real_instant(ready: tuple[Services, list[str]]) -> None:
    # A rehearsal round from Sunday 14 March 2027 01:00 EST to 03:30 EDT: the clocks skip 02:00-03:00, so it
    # lasts an hour and a half, and it ends at 07:30 UTC (not 08:30, as EST would give).
    services, codes = ready
    rules = _rules_with_round_1("2027-03-14T01:00:00", "2027-03-14T03:30:00")
    end = datetime(2027, 3, 14, 7, 30, tzinfo=UTC)
    week.record_offer(services, codes[0], 1, None, rules=rules, now=datetime(2027, 3, 14, 6, 30, tzinfo=UTC))
    stored = week.list_offers(services)
    assert stored[0].deadline == end
    london = ZoneInfo("Europe/London")  # still GMT: Europe changes its clocks later in March
    just_before = (end - SECOND).astimezone(london)
    assert [o.acceptable for o in week.list_offers(services, now=just_before, rules=rules)] == [True]
    assert [o.status for o in week.list_offers(services, now=end.astimezone(london), rules=rules)] == ["expired"]
    with pytest.raises(InputError, match="03:30 EDT"):
        week.set_offer_status(services, codes[0], "accepted", rules=rules, now=end)
    week.set_offer_status(services, codes[0], "accepted", rules=rules, now=just_before)
    assert [o.status for o in week.list_offers(services)] == ["accepted"]
