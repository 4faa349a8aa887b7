"""Issue 17's context rules: ``already-answered`` (the sheet answers the visa question), ``follow-up-excess`` (one
thank-you and one later update per program; three on one day) and ``loi-timing`` (not before mid-January, not
after certifying), each beside a near miss that must stay quiet; and who holds a letter of intent."""

from __future__ import annotations

from datetime import date
from types import MappingProxyType

from matchpilot.io.lint_json import parse_context
from matchpilot.letters import Draft, Interview, LintContext, LoggedMessage, SheetAnswers, check_context
from matchpilot.letters.cadence import MESSAGE_KINDS, intent_holders, kind_label

A = "1001340C0"
VISA = "Dear Program Coordinator,\n\nCould you tell me whether your program sponsors J-1 visas?\n\nAmina\n"
CURRICULUM = "Dear Program Coordinator,\n\nCould you tell me how call is scheduled for PGY-2 residents?\n\nAmina\n"
UPDATE = "Dear Dr. Rivera,\n\nI wanted to share that I passed Step 3 last week.\n\nAmina\n"
THANKS = "Dear Dr. Rivera,\n\nThank you for the interview yesterday.\n\nAmina\n"
INTENT = "Dear Dr. Rivera,\n\nYour program is my first choice, and I will rank it first.\n\nAmina\n"


def rules(text: str, draft: Draft, context: LintContext) -> list[str]:
    return [f.rule for f in check_context(text, draft, context)]


def sheet(**facts: object) -> LintContext:
    answers = SheetAnswers(**facts)  # type: ignore[arg-type]
    return LintContext(today=date(2026, 11, 2), sheet=MappingProxyType({A: answers}))


def test_a_visa_question_the_sheet_answers_from_a_recent_source_warns() -> None:
    context = sheet(visa_j1=True, visa_h1b=False, source="program website", checked_on=date(2026, 9, 1))
    found = check_context(VISA, Draft(A, "visa-inquiry"), context)
    assert [f.rule for f in found] == ["already-answered"]
    assert "J-1 sponsored: yes" in found[0].message and "program website" in found[0].message
    assert rules(VISA, Draft(A, "other"), context) == ["already-answered"]  # by its words, whatever its kind


def test_near_misses_of_already_answered_stay_quiet() -> None:
    recent = date(2026, 9, 1)
    assert rules(VISA, Draft(A, "visa-inquiry"), sheet(visa_j1=None, visa_h1b=True, checked_on=recent)) == []
    old = sheet(visa_j1=True, visa_h1b=True, checked_on=date(2024, 9, 1))  # not a recent source
    assert rules(VISA, Draft(A, "visa-inquiry"), old) == []
    undated = sheet(visa_j1=True, visa_h1b=True, source="FREIDA")
    assert rules(VISA, Draft(A, "visa-inquiry"), undated) == []
    answered = sheet(visa_j1=True, visa_h1b=True, checked_on=recent)
    assert rules(CURRICULUM, Draft(A, "other"), answered) == []  # not what the sheet answers
    assert rules(VISA, Draft("2002340C0", "visa-inquiry"), answered) == []  # another program's row
    told = "Dear Dr. Rivera,\n\nI will need a J-1 visa, which I know your program sponsors.\n\nAmina\n"
    assert rules(told, Draft(A, "update"), answered) == []  # says it, does not ask it


def test_a_step3_question_the_sheet_answers_warns() -> None:
    text = "Dear Coordinator,\n\nMay I know whether Step 3 is required before H-1B sponsorship?\n\nAmina\n"
    context = sheet(step3_for_h1b=True, checked_on=date(2026, 10, 1))
    assert rules(text, Draft(A, "other"), context) == ["already-answered"]


def _after_interview(*messages: LoggedMessage) -> LintContext:
    return LintContext(today=date(2027, 1, 20), messages=messages, interviews=(Interview(A, date(2027, 1, 10)),))


def test_a_second_thank_you_or_a_second_later_update_is_follow_up_excess() -> None:
    thanked = LoggedMessage(A, date(2027, 1, 11), "thank-you", THANKS)
    updated = LoggedMessage(A, date(2027, 1, 15), "update", UPDATE)
    assert "follow-up-excess" in rules(THANKS, Draft(A, "thank-you", date(2027, 1, 12)), _after_interview(thanked))
    context = _after_interview(thanked, updated)
    found = check_context(UPDATE, Draft(A, "strong-interest", date(2027, 1, 20)), context)
    assert [f.rule for f in found] == ["follow-up-excess"] and "2027-01-15" in found[0].message


def test_near_misses_of_follow_up_excess_stay_quiet() -> None:
    thanked = LoggedMessage(A, date(2027, 1, 11), "thank-you", THANKS)
    assert rules(UPDATE, Draft(A, "update", date(2027, 1, 20)), _after_interview(thanked)) == []  # one of each
    asked = LoggedMessage(A, date(2027, 1, 15), "update", UPDATE, requested=True)
    assert rules(UPDATE, Draft(A, "update", date(2027, 1, 20)), _after_interview(thanked, asked)) == []
    replied = LoggedMessage(A, date(2027, 1, 15), "update", UPDATE)
    assert rules(THANKS, Draft(A, "reply", date(2027, 1, 20)), _after_interview(thanked, replied)) == []
    elsewhere = LoggedMessage("2002340C0", date(2027, 1, 15), "update", "Another program's update.")
    assert rules(UPDATE, Draft(A, "update", date(2027, 1, 20)), _after_interview(thanked, elsewhere)) == []


def test_three_messages_to_one_program_on_one_day_are_flagged() -> None:
    day = date(2026, 11, 5)
    one = LoggedMessage(A, day, "other", UPDATE)
    two = LoggedMessage(A, day, "update", UPDATE)
    context = LintContext(today=day, messages=(one, two))
    found = check_context(CURRICULUM, Draft(A, "other", day), context)
    assert "follow-up-excess" in [f.rule for f in found]
    assert "message 3" in next(f.message for f in found if f.rule == "follow-up-excess")
    other_day = LintContext(today=day, messages=(one, LoggedMessage(A, date(2026, 11, 4), "update", UPDATE)))
    assert "follow-up-excess" not in rules(CURRICULUM, Draft(A, "other", day), other_day)


def test_a_letter_of_intent_before_mid_january_or_after_certifying_is_loi_timing() -> None:
    early = rules(INTENT, Draft(A, "intent", date(2027, 1, 5)), LintContext())
    assert early == ["loi-timing"]
    assert rules(INTENT, Draft(A, "intent", date(2027, 2, 1)), LintContext()) == []  # late January, February
    certified = LintContext(rank_list_certified_on=date(2027, 2, 20))
    assert rules(INTENT, Draft(A, "intent", date(2027, 2, 25)), certified) == ["after-rol", "loi-timing"]
    assert rules(UPDATE, Draft(A, "update", date(2027, 1, 5)), LintContext()) == []  # not a letter of intent


def test_the_context_file_reads_the_sheet_and_names_bad_values() -> None:
    data = {
        "sheet": [{"program": A, "visa_j1": True, "visa_h1b": None, "source": "FREIDA", "checked_on": "2026-09-01"}],
    }
    context, issues = parse_context(data)
    assert issues == [] and context is not None
    assert context.sheet[A] == SheetAnswers(True, None, None, "FREIDA", date(2026, 9, 1))
    _, issues = parse_context({"sheet": [{"program": A, "visa_j1": "yes", "colour": 1}]})
    assert {issue.where for issue in issues} == {"sheet[0].visa_j1", "sheet[0].colour"}


def test_a_withdrawn_letter_of_intent_no_longer_holds() -> None:
    sent = LoggedMessage(A, date(2027, 1, 20), "intent", INTENT)
    assert intent_holders([sent], date(2027, 1, 25)) == [A]
    withdrawn = LoggedMessage(A, date(2027, 1, 24), "withdrawal", "I have changed my plans.")
    assert intent_holders([sent, withdrawn], date(2027, 1, 25)) == []
    assert intent_holders([sent], date(2027, 4, 1)) == []  # another season
    assert "withdrawal" in MESSAGE_KINDS and "withdrawal" in kind_label("withdrawal")
