"""The fifth linter (issue 17, fourth pass): the spent ``2026_12_07b`` files train it, any new held-out or
adversarial file is classed as such on its own (so the training never reads it), and what the fourth linter
missed there: tone the model is sure of without a listed cue word, and template fields in parentheses or a
double underscore."""

from __future__ import annotations

from pathlib import Path

import pytest

from matchpilot.letters import lint_received, lint_text
from matchpilot.letters.intent import MODEL_RULES, RECEIVED_MODEL_RULES
from matchpilot.letters.text import sentences

from support.scripts import load_module

ROOT = Path(__file__).resolve().parents[3]
CORPUS = ROOT / "tests" / "letters_corpus"
NEW_BLIND = {
    "heldout_2026_12_07p.txt": "heldout",
    "heldout_2026_12_07p_others.txt": "heldout",
    "heldout_2026_12_07c2.txt": "heldout",
    "heldout_2027_01.txt": "heldout",
    "adversarial_2026_12_07p.txt": "adversarial",
    "adversarial_2027_01.txt": "adversarial",
    "adversarial.txt": "adversarial",
}
"""Names of files that may arrive later (none needs to exist): each must be classed held out or adversarial."""


def rules(text: str) -> set[str]:
    return {finding.rule for finding in lint_text(text)}


def test_a_new_held_out_or_adversarial_file_is_classed_so_by_the_readme_on_its_own() -> None:
    script = load_module("train_lint_model_fifth", ROOT / "scripts" / "train_lint_model.py")
    quality = load_module("lint_quality_fifth", ROOT / "benchmarks" / "lint_quality.py")
    rows, _ = quality.read_table((CORPUS / "README.md").read_text(encoding="utf-8"))
    import fnmatch

    for name, cls in NEW_BLIND.items():
        assert script.readme_class(name) == cls, name
        assert next(c for pattern, c, _ in rows if fnmatch.fnmatch(name, pattern)) == cls, name
        assert name not in script.TRAINING_FILES
        # refused before any file is opened (none of these exists in the repository yet, or it is held out)
        with pytest.raises(ValueError, match="not a training file"):
            script.examples(MODEL_RULES, files=(name,))
        with pytest.raises(ValueError, match="not a training file"):
            script.examples(RECEIVED_MODEL_RULES, files=(name,))


def test_the_spent_2026_12_07b_files_are_training_files_now() -> None:
    script = load_module("train_lint_model_fifth", ROOT / "scripts" / "train_lint_model.py")
    for name in ("heldout_2026_12_07b.txt", "heldout_2026_12_07b_others.txt", "adversarial_2026_12_07b.txt"):
        assert script.readme_class(name) == "training"
        assert name in script.TRAINING_FILES
    assert "training_2026_12_07d.txt" in script.TRAINING_FILES
    assert not any(
        name.startswith(("heldout_2026_12_07p", "adversarial_2026_12_07p")) for name in script.TRAINING_FILES
    )


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("I know my application is full of red flags.", "tone-self-deprecating"),
        ("I'm aware I'm a long shot and probably shouldn't even be writing.", "tone-self-deprecating"),
        ("My scores are nothing to write home about, I'm afraid.", "tone-self-deprecating"),
        ("The other residencies I saw were sweatshops.", "tone-disparaging"),
        ("Other programs treat IMGs like second-class residents, but yours doesn't.", "tone-disparaging"),
    ],
)
def test_tone_the_model_is_sure_of_needs_no_listed_cue_word(text: str, rule: str) -> None:
    """The fourth linter's model scored these above 0.9 but its finding needed a word from a fixed list."""
    assert rule in rules(text)


@pytest.mark.parametrize(
    "text",
    [
        "Honestly I'm a determined applicant and I work hard for my patients.",
        "Unlike many programs, yours sponsors H-1B visas, which matters to me.",
        "I visited several hospitals this season and learned something at each.",
    ],
)
def test_plain_facts_and_praise_stay_quiet(text: str) -> None:
    assert rules(text) == set()


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ("Thanks again for our chat about the rotation at (program name), which I found inspiring.", "(program name)"),
        ("I interviewed on January __ and wanted to thank you for the tour.", "__"),
        ("Dear Dr. (last name), thank you for your time.", "(last name)"),
    ],
)
def test_a_template_field_in_parentheses_or_a_double_underscore_is_a_placeholder(text: str, field: str) -> None:
    findings = [f for f in lint_text(text) if f.rule == "placeholder"]
    assert [text[f.start : f.end] for f in findings] == [field]


@pytest.mark.parametrize("text", ["See (a) and (b) in the attached form.", "The (new) program starts in July."])
def test_words_in_parentheses_that_are_no_field_are_no_placeholder(text: str) -> None:
    assert "placeholder" not in rules(text)


@pytest.mark.parametrize(
    "text",
    [
        "Can you ensure I receive the interview materials this time?",
        "Could you share a sample resident contract, so I can understand the benefits?",
        "If possible, kindly send me the visa checklist before Match Day so I can plan.",
        "Kindly do the needful and confirm receipt of my documents before the deadline.",
    ],
)
def test_a_confirmation_contract_or_date_with_no_rank_or_place_is_no_request_for_a_commitment(text: str) -> None:
    """The fourth linter's model flagged these for the word "confirm", "contract", "ensure" or "before Match"."""
    assert "request-commitment" not in rules(text)


@pytest.mark.parametrize(
    "text",
    [
        "Can you ensure I'm ranked to match this time?",
        "P.S. Please make sure I match with you.",
        "Would you sign me before the Match so I can stop worrying?",
        "Please give me your word that I will be matched at your program.",
    ],
)
def test_a_request_for_a_promise_about_a_rank_or_place_is_still_found(text: str) -> None:
    assert "request-commitment" in rules(text)


def test_a_curious_whether_about_the_list_asks_for_rank() -> None:
    assert "ask-rank" in rules("Just curious whether I'm high on your list or more of a backup.")
    assert "ask-rank" not in rules("Just curious whether the clinic has Spanish-speaking patients.")


@pytest.mark.parametrize(
    ("sender", "text", "rule"),
    [
        (
            "program",
            "Please return the signed offer letter before the rank list deadline.",
            "program-offer-outside-match",
        ),
        (
            "program",
            "We can secure your spot now; there's no need to wait for the Match.",
            "program-offer-outside-match",
        ),
        (
            "program",
            "Promise us you'll put us at number one and we'll take care of the rest.",
            "program-requests-commitment",
        ),
        (
            "mentor",
            "Please keep me informed of the committee's ranking decision about this applicant.",
            "third-party-pressure",
        ),
        ("mentor", "I will remember this favour when your residents apply to our fellowship.", "third-party-pressure"),
        ("mentor", "Do not disappoint me on this one; I have told the family it is settled.", "third-party-pressure"),
    ],
)
def test_what_the_fourth_linter_missed_in_programs_and_mentors_messages(sender: str, text: str, rule: str) -> None:
    assert rule in {f.rule for f in lint_received(text, sender)}


@pytest.mark.parametrize(
    ("sender", "text"),
    [
        ("mentor", "Kindly keep me posted if you need a second letter about him."),
        ("mentor", "I will not forget how kindly your program received our students."),
        ("program", "Please sign and return the attached visa questionnaire before the end of the month."),
    ],
)
def test_their_compliant_near_twins_stay_quiet(sender: str, text: str) -> None:
    assert lint_received(text, sender) == []


def test_an_emoji_before_a_capital_ends_a_sentence() -> None:
    """A texting-style program email ran its friendly opener and its offer into one sentence."""
    text = "loved chatting at the pre-interview dinner 🙂 Please return the signed offer letter before the deadline."
    assert [piece.text for piece in sentences(text)] == [
        "loved chatting at the pre-interview dinner 🙂",
        "Please return the signed offer letter before the deadline.",
    ]
    assert [piece.text for piece in sentences("thanks 🙏 see you")] == ["thanks 🙏 see you"]


@pytest.mark.parametrize(
    "text",
    [
        "I need your confirmation that I will be selected so I can stop interviewing.",
        "Is it possible to get an offer letter before March?",
        "Kindly consider me for a direct appointment outside the NRMP.",
        "Hey Dr. Patel — any chance you could lock me in before Match Day? I'm ready to sign today.",
    ],
)
def test_a_confirmation_of_a_selection_an_offer_or_an_appointment_is_still_a_request_for_a_commitment(
    text: str,
) -> None:
    assert "request-commitment" in rules(text)
