"""The fourth linter (issue 17, third pass): frames the third linter missed in the applicant's own English, in
programs' emails and in mentors' letters, the semantic-frame features of the sentence model, and a training
script that reads only the files the corpus README classes ``training`` or ``tuning``."""

from __future__ import annotations

from pathlib import Path

import pytest

from matchpilot.letters import lint_received, lint_text
from matchpilot.letters.intent import MODEL_RULES, analyse

from support.scripts import load_module

ROOT = Path(__file__).resolve().parents[3]
BLIND = (
    "heldout_2026_12_07p.txt",
    "heldout_2026_12_07p_others.txt",
    "adversarial_2026_12_07p.txt",
    "adversarial.txt",
)
"""The files that measure the current linter blind (the 2026_12_07b files measured the fourth and train the
fifth, the 2026_12_07c files measured the fifth and train the sixth, the 2026_12_07e files measured the sixth and
train the seventh, the 2026_12_07f files measured the seventh and train the eighth, the 2026_12_07g files
measured the eighth and train the ninth, the 2026_12_07h files measured the ninth and train the tenth, the
2026_12_07i files measured the tenth and train the eleventh, the 2026_12_07j files measured the eleventh and
train the twelfth, the 2026_12_07k files measured the twelfth and train the thirteenth, the 2026_12_07l files
measured the twelfth and the thirteenth and train the fourteenth, the 2026_12_07m files measured the thirteenth
and the fourteenth and train the fifteenth, the 2026_12_07n files measured the fourteenth and the fifteenth and
train the sixteenth, the 2026_12_07o files measured the fourteenth, the fifteenth and the sixteenth and train the
seventeenth, since 2026-12-07, as the
corpus README says; none of these names needs to exist yet)."""


def rules(text: str) -> set[str]:
    return {finding.rule for finding in lint_text(text)}


def received(text: str, sender: str) -> set[str]:
    return {finding.rule for finding in lint_received(text, sender)}


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("May I ask where I stand in your ranking process after the interviews?", "ask-rank"),
        ("Kindly tell me what is my chance of selection in your residency.", "ask-rank"),
        ("Am I still being considered for a ranked position in your program?", "ask-rank"),
        ("Please let me know if I will be in the first places of your ranking list.", "ask-rank"),
        ("I would like to know if your committee sees me as a candidate who will be matched.", "ask-rank"),
        ("I would be so grateful if you would rank me highly this year.", "request-commitment"),
        ("Could you kindly confirm that I will be ranked high enough to match with you?", "request-commitment"),
        (
            "In case you can tell me I am ranked to match, Elmwood would go straight to the top of my list.",
            "conditional-promise",
        ),
        ("Tell me I am high on your list and you can count on being first on mine.", "conditional-promise"),
        ("My number one spot is yours the moment you say I will match.", "conditional-promise"),
        ("The residents at Millbrook looked miserable and their chief barely spoke to us.", "tone-disparaging"),
    ],
)
def test_frames_the_third_linter_missed_in_the_applicants_english(text: str, rule: str) -> None:
    assert rule in rules(text)


@pytest.mark.parametrize(
    "text",
    [
        "I wanted to ask where I stand in terms of being considered for an interview.",
        "May I know the selection process for the research track?",
        "I would be so grateful if you would send me the rotation schedule.",
        "Could you kindly confirm that my application is complete?",
        "My month at Millbrook was wonderful and the residents there were welcoming.",
        "I had a poor night of sleep in Boston before the interview, but I enjoyed the day.",
    ],
)
def test_their_near_twins_stay_quiet(text: str) -> None:
    assert rules(text) == set()


@pytest.mark.parametrize(
    ("text", "sender", "rule"),
    [
        ("We would be grateful to know whether Pinecrest is your first choice.", "program", "program-asks-rank"),
        ("Informally, are we the program you are most likely to rank first?", "program", "program-asks-rank"),
        ("Be candid with us: will you be ranking Pinecrest first?", "program", "program-asks-rank"),
        ("I would be grateful if you could tell me his position on your rank list.", "mentor", "third-party-pressure"),
        (
            "I request you to kindly assure me that she will be selected in your program.",
            "mentor",
            "third-party-pressure",
        ),
        ("Could you share with me how high Tomas is likely to be on your list?", "mentor", "third-party-pressure"),
        (
            "It would be awkward for our departments if Lena did not end up at your program.",
            "mentor",
            "third-party-pressure",
        ),
        (
            "After the research year you would have a residency spot without going through the Match.",
            "program",
            "program-offer-outside-match",
        ),
        (
            "We will need a signed statement of intent to rank Dunmore as your number one program.",
            "program",
            "program-requests-commitment",
        ),
        ("For our records: did you also interview at Elmhurst this year?", "program", "program-asks-other-programs"),
        ("Any chance you can tell me how she did on your list?", "mentor", "third-party-pressure"),
    ],
)
def test_what_programs_and_mentors_ask_in_new_words(text: str, sender: str, rule: str) -> None:
    assert rule in received(text, sender)


@pytest.mark.parametrize(
    ("text", "sender"),
    [
        ("We will rank you highly and hope to see you in July.", "program"),
        ("We would be grateful to know whether you still plan to attend the second look.", "program"),
        ("I am happy to discuss her position in our lab by phone.", "mentor"),
        ("I can assure you that she will be an excellent colleague.", "mentor"),
        ("All of our positions are filled through the Match; contracts are signed only after Match Day.", "program"),
        ("Please reply to this email stating that you will attend the orientation.", "program"),
        ("She did very well on our wards and in the research lab.", "mentor"),
    ],
)
def test_what_programs_and_mentors_may_say_stays_quiet(text: str, sender: str) -> None:
    assert received(text, sender) == set()


def test_the_model_reads_the_semantic_frame_of_a_sentence() -> None:
    """Two wordings that share no word n-gram about rank share the frame "the applicant, then rank"."""
    first = {gram for gram in analyse("Where do I stand on your list?") if gram.startswith("@")}
    second = {gram for gram in analyse("Kindly tell me my position in the merit ranking.") if gram.startswith("@")}
    assert "@SELF RANK" in first & second


def test_the_training_reads_only_files_the_readme_classes_training_or_tuning() -> None:
    script = load_module("train_lint_model_fourth", ROOT / "scripts" / "train_lint_model.py")
    assert all(script.readme_class(name) in ("training", "tuning") for name in script.TRAINING_FILES)
    assert not set(BLIND) & set(script.TRAINING_FILES)
    for name in BLIND:
        assert script.readme_class(name) not in ("training", "tuning")
        with pytest.raises(ValueError, match="not a training file"):
            script.examples(MODEL_RULES, files=(name,))
