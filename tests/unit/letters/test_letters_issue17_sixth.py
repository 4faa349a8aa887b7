"""The sixth linter (issue 17, fifth pass): the spent ``2026_12_07c`` files train it (the new ``2026_12_07e``
files are held out by the README on their own), phrase cues the fifth linter had no feature for (a condition
without "if", a trade, an assurance about a rank, sarcasm), and two false alarms: an errand asked with "can I
count on you", and a program's sample contract sent to be read before Match Day."""

from __future__ import annotations

from pathlib import Path

import pytest

from matchpilot.letters import lint_received, lint_text
from matchpilot.letters.intent import analyse

ROOT = Path(__file__).resolve().parents[3]


def rules(text: str) -> set[str]:
    return {finding.rule for finding in lint_text(text)}


@pytest.mark.parametrize(
    "text",
    [
        "Can I count on you to forward my CV to Dr. Okafor before the interview day?",
        "Could I count on your coordinator to send me the schedule for the second look?",
        "May I count on you to pass my updated transcript to the committee?",
    ],
)
def test_an_errand_asked_with_count_on_is_no_request_for_a_commitment(text: str) -> None:
    assert "request-commitment" not in rules(text)


@pytest.mark.parametrize(
    "text",
    [
        "Can I count on you to rank me to match?",
        "Can I count on being ranked to match?",
        "Could I count on a spot in your program?",
    ],
)
def test_count_on_a_rank_or_a_place_is_still_a_request_for_a_commitment(text: str) -> None:
    assert "request-commitment" in rules(text)


@pytest.mark.parametrize(
    "text",
    [
        "Attached is a sample contract so you can review the salary and benefits before Match Day.",
        "We have attached a sample contract for you to review before Match Day; it is for information only.",
        "A copy of our contract is on the website so you can read it before the Match.",
    ],
)
def test_a_sample_contract_to_read_before_match_day_is_no_offer_outside_the_match(text: str) -> None:
    assert "program-offer-outside-match" not in {f.rule for f in lint_received(text, "program")}


@pytest.mark.parametrize(
    "text",
    [
        "Please sign the sample contract and return it before Match Day.",
        "We can offer you a contract before the Match if you sign this week.",
    ],
)
def test_signing_a_contract_before_the_match_is_still_an_offer_outside_it(text: str) -> None:
    assert "program-offer-outside-match" in {f.rule for f in lint_received(text, "program")}


@pytest.mark.parametrize(
    ("text", "feature"),
    [
        ("Should you rank me highly, you will be my first choice.", "@CONDITION"),
        ("Were you to rank me to match, I would rank you first.", "@CONDITION"),
        ("Provided I am ranked to match, your program goes first on my list.", "@CONDITION"),
        ("As long as I match there, I will put you at the top.", "@CONDITION"),
        ("I would happily reciprocate.", "@TRADE"),
        ("It would be a mutual commitment, good for both of us.", "@TRADE"),
        ("Could you give me some assurance that I will be placed on your list?", "@ASSURE_RANK"),
        ("Any guarantee of a spot would ease my mind.", "@ASSURE_RANK"),
        ("Unlike the so-called teaching hospital I saw last week, yours cares.", "@SARCASM"),
        ('Their "excellent" mentorship was nowhere to be seen.', "@SARCASM"),
    ],
)
def test_phrase_cues_are_features_of_the_sentence(text: str, feature: str) -> None:
    assert feature in analyse(text)


@pytest.mark.parametrize(
    "text",
    [
        "Should I send my updated CV to you or to the coordinator?",
        "Thank you for the interview; I enjoyed meeting both residents.",
        "Could you confirm that you received my letter?",
        "I am a little nervous, of the good kind.",
    ],
)
def test_plain_sentences_carry_no_phrase_cue(text: str) -> None:
    assert not {"@CONDITION", "@TRADE", "@ASSURE_RANK", "@SARCASM"} & set(analyse(text))


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("Should you rank me to match, your program will be my number one.", "conditional-promise"),
        ("Were you to rank me highly, I would rank you first.", "conditional-promise"),
        ("Could you give me some assurance that I will be ranked to match?", "request-commitment"),
    ],
)
def test_conditions_without_if_and_assurances_of_a_rank_are_found(text: str, rule: str) -> None:
    assert rule in rules(text)


@pytest.mark.parametrize(
    "text",
    [
        "Any assurance about where I will be placed would put my mind at rest.",
        "Could I get some reassurance on my position on your list?",
        "A guarantee regarding my spot would mean the world to me.",
    ],
)
def test_asking_for_an_assurance_about_a_rank_or_place_is_a_request_for_a_commitment(text: str) -> None:
    assert "request-commitment" in rules(text)


@pytest.mark.parametrize(
    "text",
    [
        "I understand there is no guarantee about my ranking.",
        "Any reassurance about the visa timeline would help.",
        "I asked about the so-called July effect during the interview.",
    ],
)
def test_no_assurance_asked_or_no_program_mocked_stays_quiet(text: str) -> None:
    assert not {"request-commitment", "tone-disparaging"} & rules(text)


def test_sarcasm_about_another_programs_so_called_teaching_is_disparaging() -> None:
    text = "Of course, the so-called teaching at Riverside was just residents reading slides."
    assert "tone-disparaging" in rules(text)


@pytest.mark.parametrize(
    "text",
    [
        "Northfield's position on my list will mirror my position on Northfield's.",
        "Your place on my rank list will depend on my place on yours.",
    ],
)
def test_one_list_mirroring_the_other_is_a_conditional_promise(text: str) -> None:
    assert "conditional-promise" in rules(text)


def test_asking_not_about_ones_position_is_no_conditional_promise() -> None:
    assert "conditional-promise" not in rules("My position on your list is something I will not ask about.")


@pytest.mark.parametrize(
    "text",
    [
        "Let's just say one program's idea of \"wellness\" was a pizza party in the middle of a long call.",
        'I saw how some of your neighbours "teach" - mostly by leaving interns alone at night.',
        "You had read my application, which is more than I can say for a couple of the others.",
    ],
)
def test_scare_quotes_and_faint_praise_about_other_programs_are_disparaging(text: str) -> None:
    assert "tone-disparaging" in rules(text)


def test_a_quoted_word_about_this_program_is_no_disparaging() -> None:
    assert "tone-disparaging" not in rules('Residents here described the program as "family", and I saw why.')


def test_a_hyphenated_position_held_for_me_is_a_request_for_a_commitment() -> None:
    text = "I was hoping the program could hold a PGY-1 position open for me for the following year."
    assert "request-commitment" in rules(text)
