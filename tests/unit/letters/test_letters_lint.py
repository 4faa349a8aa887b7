"""The text rules of the letter linter: each fires on paraphrases, stays quiet on what the rules allow, and
points at the offending words."""

from __future__ import annotations

import pytest

from matchpilot.letters import RULES, TEXT_RULES, LintSeverity, lint_text


def rules_in(text: str) -> set[str]:
    return {finding.rule for finding in lint_text(text)}


def letter(sentence: str) -> str:
    return f"Dear Dr. Rivera,\n\nThank you for the interview on Tuesday. {sentence}\n\nSincerely,\nAmina Yusuf\n"


FIRES = {
    "ask-rank": [
        "Could you tell me where I fall on your rank list?",
        "Is there any chance of knowing if I'll be ranked to match?",
        "Would you be able to let me know whether I am likely to be ranked highly?",
        "Where do I stand on your list?",
        "What rank will you place me?",
        "Have you decided my rank?",
        "I\u2019d really appreciate knowing how highly you plan to rank me.",
        "Please let me know whether I made your rank list.",
        "Am I in your top ten?",
        "I was wondering how I stack up against the other applicants you interviewed.",
        "Any hint about my position on your rank order list would help me.",
        "Will the committee be ranking me this year?",
    ],
    "request-commitment": [
        "Could you guarantee me a position?",
        "Would your program be willing to commit to ranking me?",
        "Is a pre-match offer something you could consider for me?",
        "Please hold a spot for me until my certificate arrives.",
        "I would appreciate an assurance that I will be ranked to match.",
        "Can you promise that I will match at Lakeview?",
        "I hope the committee will rank me at the top.",
    ],
    "conditional-promise": [
        "If you rank me highly, I will rank you first.",
        "I will rank Lakeview number one if I can be sure you will rank me to match.",
        "Promise me a spot and I will put your program at the top of my list.",
        "As long as your program ranks me in a matching position, you will be my first choice.",
    ],
    "placeholder": [
        "I enjoyed our talk about [topic].",
        "My name is {{ applicant_name }}.",
        "My AAMC ID is XXXX-XXXX.",
        "I look forward to hearing from Dr. Lastname.",
        "We met on MM/DD/YYYY.",
    ],
    "tone-pleading": [
        "I am begging you to consider me.",
        "Please, please give me this opportunity.",
        "This is my last chance to become a doctor in the US.",
        "I would do anything to be part of your program.",
    ],
    "tone-self-deprecating": [
        "I know I am a weak applicant.",
        "My board scores are poor and I understand if that rules me out.",
        "I am not smart enough for a program like yours.",
        "I'm just an IMG, so I was surprised to be invited.",
    ],
    "tone-disparaging": [
        "Your program is much better than the others I saw.",
        "The other programs I visited were disorganized.",
        "Unlike the other places I interviewed, your residents actually seemed happy.",
        "None of the other programs come close.",
    ],
    "first-choice-claim": [
        "I will rank you first.",
        "Lakeview is my number one choice.",
        "Your program will be #1 on my rank list.",
        "Please accept this email as my letter of intent.",
    ],
}

QUIET = [
    "Your program is among my top choices, and I would be honored to train there.",
    "I plan to rank your program highly.",
    "Does your program sponsor J-1 visas, and is Step 3 required for H-1B sponsorship?",
    "How is call divided between the PGY-2 and PGY-3 years?",
    "I am writing to share that my Step 3 score is now available in ERAS.",
    "I understand programs cannot share how they will rank applicants, and I am not asking.",
    "I know you can't promise anything, and I'm grateful for the interview.",
    "Thank you for the chance to meet your residents.",
    "Please find attached my updated CV.",
    "Do I have a chance to visit the inpatient unit again?",
    "PM&R has been my first choice of specialty for years.",
    "One of my top choices is your program.",
    "I cannot yet say which program will be first on my list.",
    "Unlike many programs, yours sponsors H-1B visas.",
    "I passed Step 1 on my second attempt and scored 251 on Step 2 CK.",
    "Could you put me in touch with a resident who trained abroad?",
    "I am committed to a career in neurorehabilitation.",
    "When are rank order lists due for applicants this year?",
    "I hope to match at a program like yours.",
    "Whether or not I match with you, I am grateful for the day.",
    "I graduated in the top five percent of my class.",
    "Your program is one of the best in the region for spinal cord injury care.",
]


@pytest.mark.parametrize(
    ("rule", "sentence"), [(rule, sentence) for rule, sentences in FIRES.items() for sentence in sentences]
)
def test_rule_fires_on_paraphrases(rule: str, sentence: str) -> None:
    assert rule in rules_in(letter(sentence)), sentence


@pytest.mark.parametrize("sentence", QUIET)
def test_allowed_text_is_quiet(sentence: str) -> None:
    assert rules_in(letter(sentence)) == set(), sentence


def test_allowed_to_volunteer_a_first_choice_to_one_program() -> None:
    """Volunteering "I will rank you first" is allowed text: an info note, never an error."""
    findings = lint_text(letter("I will rank you first, and I do not expect anything in return."))
    assert [f.rule for f in findings] == ["first-choice-claim"]
    assert findings[0].severity is LintSeverity.INFO


def test_asking_is_an_error_but_volunteering_is_not() -> None:
    assert "ask-rank" in rules_in(letter("Where do I stand on your list?"))
    assert "ask-rank" not in rules_in(letter("I will rank your program highly on my list."))


def test_a_statement_of_hope_is_not_a_question() -> None:
    assert rules_in(letter("I remain hopeful that I will train at your program.")) == set()
    assert "ask-rank" in rules_in(letter("I am hoping to learn whether I will be ranked."))


def test_negation_in_one_clause_does_not_excuse_a_question_in_the_next() -> None:
    text = letter("I know you can't share rankings, but could you tell me where I stand on your list?")
    assert "ask-rank" in rules_in(text)


def test_regardless_is_not_a_condition() -> None:
    assert rules_in(letter("I will rank you first regardless of how you rank me.")) == {"first-choice-claim"}


def test_a_conditional_promise_is_one_finding_not_three() -> None:
    findings = lint_text(letter("If you rank me to match, I will rank you first."))
    assert [f.rule for f in findings] == ["conditional-promise"]


def test_span_points_at_the_offending_sentence() -> None:
    text = letter("Could you tell me where I fall on your\nrank list?")
    (finding,) = lint_text(text)
    assert finding.rule == "ask-rank"
    assert text[finding.start : finding.end] == "Could you tell me where I fall on your\nrank list?"


def test_span_of_a_clause_after_but() -> None:
    text = letter("I enjoyed the day, but where do I stand on your list?")
    (finding,) = lint_text(text)
    assert text[finding.start : finding.end] == "but where do I stand on your list?"


def test_placeholder_span_is_the_field_itself() -> None:
    text = "Dear Dr. [Last Name],\n\nThank you for the interview at {{ program_name }}.\n"
    spans = [text[f.start : f.end] for f in lint_text(text) if f.rule == "placeholder"]
    assert spans == ["[Last Name]", "{{ program_name }}"]


def test_quoted_reply_lines_are_not_the_applicants_words() -> None:
    text = "Thank you for your note; yes, I am still very interested.\n\n> Where do you stand on our list?\n"
    assert rules_in(text) == set()


def test_findings_are_ordered_and_inside_the_text() -> None:
    text = letter("I am desperate. Where do I stand on your list? Please rank me highly. [Name]")
    findings = lint_text(text)
    assert findings == sorted(findings, key=lambda f: (f.start, f.end, f.rule))
    for finding in findings:
        assert 0 <= finding.start < finding.end <= len(text)


@pytest.mark.parametrize("rule", [r for r in TEXT_RULES if RULES[r].rewrite])
def test_suggestions_are_themselves_lint_clean(rule: str) -> None:
    suggestion = RULES[rule].rewrite
    assert suggestion is not None
    assert lint_text(suggestion) == []
    assert lint_text(letter(suggestion)) == []


def test_every_finding_cites_its_rule_and_severity_matches_the_spec() -> None:
    expected = {
        "ask-rank": "error",
        "request-commitment": "error",
        "conditional-promise": "error",
        "first-choice-claim": "info",
        "placeholder": "error",
        "tone-pleading": "warning",
        "tone-self-deprecating": "warning",
        "tone-disparaging": "warning",
    }
    assert {rule: RULES[rule].severity.value for rule in TEXT_RULES} == expected
    text = letter("I am begging you. Where do I stand on your list? XXX")
    for finding in lint_text(text):
        assert f"[{finding.rule};" in finding.message
        assert "\n" not in finding.message
        assert finding.severity is RULES[finding.rule].severity


def test_curly_quotes_and_contractions_are_read_like_plain_ones() -> None:
    assert "ask-rank" in rules_in(letter("Could you tell me if I\u2019ll be ranked to match?"))
    assert "first-choice-claim" in rules_in(letter("You\u2019re my No. 1 choice."))


def test_empty_and_blank_text_have_no_findings() -> None:
    assert lint_text("") == []
    assert lint_text("\n\n   \n") == []
