"""Match Week use cases on real databases (SQLite always, PostgreSQL when configured): documents, plans, the
unfilled list, the plan, offers, after SOAP, the cheat sheet and the demo — each one transaction, nothing
half-saved."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from matchpilot.domain.portfolio import CategoryBounds
from matchpilot.errors import InputError, InvalidDataError, NotFoundError
from matchpilot.services import Services
from matchpilot.services import soap_week as week
from matchpilot.services.demo import load_demo
from matchpilot.services.soap import load_rules

RULES = load_rules().rules
GOOD = (
    "code,name,specialty,track,positions,state,contact\n"
    "7001340C0,Brookside Rehabilitation (fictional),PM&R,categorical,2,NY,x\n"
    "7002140P0,Clearwater Medicine (fictional),Internal Medicine,preliminary,3,NJ,\n"
)
BAD = "code,name,specialty,track,positions,state\n7003340C0,,PM&R,categorical,many,NY\n"


@pytest.fixture
def demo(services: Services) -> Services:
    load_demo(services)
    return services


def test_the_demo_loads_documents_plans_and_the_cheat_sheet(demo: Services) -> None:
    docs = week.documents(demo)
    assert [s.key for s in docs.statements] == ["general", "pmr", "prelim"]
    assert len(docs.letters) == 4
    plans = week.list_plans(demo)
    assert [(p.name, p.default) for p in plans] == [("best-case", False), ("worst-case", True)]
    assert week.get_cheatsheet(demo) is not None
    assert "Three core reasons" in week.cheatsheet_text(demo)


def test_the_worst_case_plan_on_the_demo_list_spends_no_slot_on_a_visa_refusing_program(demo: Services) -> None:
    report = week.import_demo_unfilled(demo)
    assert report.programs > 45 and report.off_sheet == 5
    plan = week.soap_plan(demo, RULES).plan  # the default plan: worst-case
    assert plan.plan == "worst-case" and 0 < len(plan.applications) <= 45
    sheet = {p.code: p for p in demo.list_programs().programs}
    for application in plan.applications:
        assert application.personal_statement in {"pmr", "prelim", "general"}
        known = sheet.get(application.code)
        if known is not None:
            assert known.visa_j1 is not False
    assert len(plan.applications) + len(plan.excluded) == report.programs
    assert week.plan_csv(week.soap_plan(demo, RULES)).decode().startswith("code,name,specialty,track,category")


def test_a_bad_unfilled_list_saves_nothing_and_names_the_rows(demo: Services, tmp_path: Path) -> None:
    good, bad = tmp_path / "good.csv", tmp_path / "bad.csv"
    good.write_text(GOOD, encoding="utf-8")
    bad.write_text(BAD, encoding="utf-8")
    assert week.import_unfilled(demo, good).programs == 2
    with pytest.raises(InvalidDataError) as raised:
        week.import_unfilled(demo, bad)
    assert "nothing was saved" in str(raised.value)
    assert {issue.where for issue in raised.value.issues} == {"row 2, column name", "row 2, column positions"}
    kept, source = week.stored_unfilled(demo)
    assert [p.code for p in kept] == ["7001340C0", "7002140P0"] and source is not None and "good.csv" in source
    assert kept[0].extra == {"contact": "x"}


def test_plans_are_stored_by_name_with_one_default(services: Services) -> None:
    first = week.add_plan(services, "a", {"pmr": CategoryBounds(5, 10)}, rules=RULES)
    assert first.default  # the first plan becomes the default
    week.add_plan(services, "b", {"prelim": CategoryBounds(10, 15)}, rules=RULES, default=True)
    week.add_plan(services, "a", {"pmr": CategoryBounds(6, 12)}, rules=RULES, max_applications=40)
    plans = {p.name: p for p in week.list_plans(services)}
    assert (plans["a"].default, plans["b"].default) == (False, True)
    assert plans["a"].bounds["pmr"] == CategoryBounds(6, 12) and plans["a"].max_applications == 40
    with pytest.raises(InvalidDataError):
        week.add_plan(services, "c", {"pmr": CategoryBounds(40, None), "prelim": CategoryBounds(10, 20)}, rules=RULES)
    assert "c" not in {p.name for p in week.list_plans(services)}
    week.remove_plan(services, "a")
    with pytest.raises(NotFoundError):
        week.remove_plan(services, "a")


def test_documents_are_replaced_by_key_and_checked(services: Services) -> None:
    assert not week.add_statement(services, "pmr", "PM&R SOAP PS", "first (fictional)")
    assert week.add_statement(services, "PMR", "PM&R SOAP PS", "second (fictional)")
    week.add_letter(services, "letter-pmr-1", "Dr. A (fictional)", "PM&R")
    with pytest.raises(InvalidDataError):
        week.add_letter(services, "Bad Key", "", "PM&R")
    docs = week.documents(services)
    assert [(s.key, s.text) for s in docs.statements] == [("pmr", "second (fictional)")]
    assert [x.key for x in docs.letters] == ["letter-pmr-1"]
    entry = week.set_assignment(services, "specialty:Neurology", "general", ["letter-pmr-1"])
    assert week.documents(services).rule.entries[entry.target].letters == ("letter-pmr-1",)


ROUND_1 = datetime(2027, 3, 18, 13, 30, tzinfo=UTC)  # Thursday 09:30 EDT: round 1 of 2027 (all rounds Thursday)
ROUND_2 = datetime(2027, 3, 18, 16, 30, tzinfo=UTC)  # Thursday 12:30 EDT: round 2


def test_offers_follow_the_soap_rules(demo: Services) -> None:
    week.import_demo_unfilled(demo)
    report = week.soap_plan(demo, RULES)
    plan = report.plan
    week.save_plan_applications(demo, report, rules=RULES, now=ROUND_1)
    first, second = plan.applications[0].code, plan.applications[1].code
    deadline = datetime(2027, 3, 18, 15, 0, tzinfo=UTC)  # the end of round 1 (11:00 EDT)
    week.record_offer(demo, first, 1, deadline, rules=RULES, now=ROUND_1)
    week.record_offer(demo, second, 1, None, rules=RULES, now=ROUND_1)
    with pytest.raises(InputError, match="at most one offer"):
        week.record_offer(demo, first, 2, None, rules=RULES, now=ROUND_2)
    with pytest.raises(InputError, match="rounds 1 to 4"):
        week.record_offer(demo, plan.applications[2].code, 9, None, rules=RULES, now=ROUND_1)
    with pytest.raises(NotFoundError):
        week.record_offer(demo, "0000000X0", 1, None, rules=RULES, now=ROUND_1)
    report_now = week.decide_offers(demo, RULES, now=datetime(2027, 3, 18, 14, 0, tzinfo=UTC))
    assert report_now.decision is not None and len(report_now.decision.options) == 3
    assert report_now.decision.best.value == max(o.value for o in report_now.decision.options)
    assert "binding" in report_now.reminder
    stored = {o.code: o for o in week.list_offers(demo)}
    assert stored[first].deadline == deadline
    week.set_offer_status(demo, first, "accepted", rules=RULES, now=ROUND_1)
    statuses = {o.code: o.status for o in week.list_offers(demo)}
    assert statuses == {first: "accepted", second: "declined"}
    with pytest.raises(InputError, match="binding"):
        week.record_offer(demo, plan.applications[2].code, 2, None, rules=RULES, now=ROUND_2)
    with pytest.raises(InputError, match="binding"):
        week.set_offer_status(demo, second, "accepted", rules=RULES, now=ROUND_1)
    after = week.decide_offers(demo, RULES, now=datetime(2027, 3, 18, 16, 0, tzinfo=UTC))
    assert after.decision is None and after.accepted is not None
    outreach = week.after_soap(demo)
    assert first not in {p.code for p in outreach.programs}
    assert all(p.visa != "no" for p in outreach.programs)
    assert [p.category for p in outreach.programs] == sorted(
        (p.category for p in outreach.programs), key=["pmr", "prelim", "other"].index
    )


def test_a_cheat_sheet_with_the_wrong_count_is_not_saved(services: Services) -> None:
    with pytest.raises(InvalidDataError):
        week.save_cheatsheet(services, {"reasons": ["a"], "qualities": [], "stories": []})
    assert week.get_cheatsheet(services) is None
    with pytest.raises(InputError, match="no cheat sheet yet"):
        week.cheatsheet_text(services)


def test_without_a_profile_or_a_list_the_plan_says_what_to_do(services: Services) -> None:
    with pytest.raises(InputError, match="no profile yet"):
        week.soap_plan(services, RULES)
    load_demo(services)
    with pytest.raises(InputError, match="no unfilled list"):
        week.soap_plan(services, RULES)
