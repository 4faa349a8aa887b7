"""The sentence-intent model of the letter linter: a linear classifier over word n-grams, scored in pure Python.

The model is trained by ``scripts/train_lint_model.py`` (scikit-learn: TF-IDF over word 1-3-grams of the
normalised sentence, one logistic regression per rule) on the labelled training corpus
``tests/letters_corpus/training_2026_12.txt``, and written to ``lint_model.json`` beside this module. At run time
nothing is trained and scikit-learn is not needed: this module reproduces the vectoriser (sublinear term
frequency, inverse document frequency, unit length) and the linear scores exactly, so the linter stays offline,
deterministic and fast. The JSON file is package data, read once.

Each file also holds a message-level model (same features, fitted on whole messages): a rule it flags that no
sentence reaches is given to the sentence scored highest for it when that sentence scores at least
:data:`MESSAGE_LOW` (intent spread over several sentences; see :func:`score_sentences`).
"""

from __future__ import annotations

import json
import math
import re
from functools import cache
from importlib import resources
from typing import Any

from matchpilot.letters.text import normalise

__all__ = [
    "MODEL_FORMAT",
    "MODEL_RULES",
    "RECEIVED_MODEL_RULES",
    "Model",
    "analyse",
    "flagged",
    "load_model",
    "message_scores",
    "score_sentences",
]

MODEL_FORMAT = "matchpilot.lint-model/1"
MODEL_RULES: tuple[str, ...] = (
    "ask-rank",
    "request-commitment",
    "conditional-promise",
    "tone-pleading",
    "tone-self-deprecating",
    "tone-disparaging",
)
"""The rules the model scores (placeholders and first-choice claims are read by patterns alone)."""
RECEIVED_MODEL_RULES: tuple[str, ...] = (
    "program-asks-rank",
    "program-asks-other-programs",
    "program-requests-commitment",
    "program-offer-outside-match",
    "third-party-pressure",
)
"""The rules the second model (``received_model.json``) scores: programs' messages and mentors' letters."""
_FILES = {"me": "lint_model.json", "program": "received_model.json", "mentor": "received_model.json"}

_TOKEN = re.compile(r"[a-z0-9]+(?:'[a-z]+)?|\?")
_MAX_N = 3
_FRAME_CLASSES: dict[str, str] = {
    word: name
    for name, words in {
        "SELF": "i me my mine myself",
        "YOU": "you your yours yourself",
        "WE": "we us our ours",
        "THEY": "he she him her his hers they them their applicant candidate student mentee trainee",
        "RANK": "rank ranks ranked ranking rankings list listed listing rol place placed placing position positions"
        " standing stand stands fall falls land slot tier order merit top first highest high higher highly",
        "MATCH": "match matched matching matches select selected selection chosen choose pick picked take taken"
        " accept accepted spot spots seat seats",
        "CHANCE": "chance chances odds likely likelihood prospects probability possibility competitive compare"
        " compared comparison against",
        "ASK": "know tell share inform confirm let clarify disclose reveal indicate ask asking request requesting"
        " wonder wondering curious whether please kindly may could would can appreciate grateful ?",
        "PROMISE": "promise promised guarantee guaranteed assure assurance assured commit committed commitment"
        " pledge word ensure sure certain certainty firm binding sign signed signature contract agreement",
        "COND": "if unless provided exchange return deal condition once then otherwise else",
        "NEG": "not never no cannot nor without",
        "OTHER": "other others rest elsewhere most many every all those competition",
        "BAD": "bad poor poorly mediocre weak weaker worse worst terrible awful horrible disorganized chaotic"
        " toxic malignant rude cold unfriendly unhappy miserable mess hopeless bitter boring sloppy dismissive"
        " arrogant unprofessional embarrassed embarrassing disappointing disappointed lacking low average pathetic"
        " trash lame circus sweatshop sweatshops disgrace disaster",
        "BEG": "beg begging plead pleading desperate desperately mercy anything everything need needs last only hope",
        "PRESSURE": "must expect insist demand require relationship collaboration favour favor favours favors owe"
        " remember regret disappointed awkward suffer strain damage consequences watching",
        "OUTSIDE": "outside before bypass early direct directly prematch advance",
    }.items()
    for word in words.split()
}
"""Word classes of the semantic frame: who (self, you, we, a third person), about what (rank, match, chance,
promise, a condition, another program, a bad word, begging, pressure, outside the Match), and how (asking,
negating). Their n-grams let a wording never seen share features with the seen ones ("where I stand on your
ranking" and "my position on your merit list" are both SELF RANK YOU RANK)."""


_CUE_FEATURES: dict[str, re.Pattern[str]] = {
    # a condition without "if": "should you rank me...", "provided I am...", "as long as", "once you", "were you to"
    "@CONDITION": re.compile(
        r"(?:^|[,;:] ?|\b(?:and|but|so) )(?:should (?:you|your|the)|were (?:you|your|the)\b[^.?!]{0,40}?\bto"
        r"|provided|providing|as long as|so long as|assuming|on condition|on the condition|once (?:you|your|i|we|the)"
        r"|in the event|given that you|the day you|the moment you|whenever you)\b"
    ),
    # a trade: "in return", "reciprocate", "mutual", "both of us", "a deal", "you scratch my back"
    "@TRADE": re.compile(
        r"\b(?:in return|in exchange|reciprocat\w*|mutual\w*|both of us|each other|two way|return the favou?r"
        r"|same in kind|likewise|quid pro quo|scratch|deal|fair trade|meet (?:me|you) halfway|hand in hand)\b"
    ),
    # an assurance about a rank or place: "assurance / guarantee / confirm ... rank / place / list"
    "@ASSURE_RANK": re.compile(
        r"\b(?:assur\w*|reassur\w*|guarantee\w*|confirm\w*|promise\w*|certain\w*|rest easy|peace of mind"
        r"|word|commit\w*)\b[^.?!]{0,60}?\b(?:rank\w*|place|placed|list|listed|spot|position|match\w*|slot|seat)\b"
    ),
    # sarcasm: "so-called", "of course", "oh sure", "yeah right", "real gem"
    "@SARCASM": re.compile(
        r"\b(?:so called|of course|oh sure|yeah right|sure thing|what a|real gem|how lovely|how nice|charming"
        r"|wonderful(?:ly)? (?:chaotic|disorganized|rude|cold)|lovely|famous|legendary)\b"
    ),
}
"""Phrase cues read as extra features of a sentence (each a single feature): wordings of a condition, a trade, an
assurance about a rank, or sarcasm that no single word shows."""
_SCARE_QUOTES = re.compile(r"(?:^|\s)[\"\u201c\u2018'][A-Za-z][\w -]{1,30}?[\"\u201d\u2019'](?=[\s.,;:!?]|$)")


def _frame(words: list[str]) -> list[str]:
    frame: list[str] = []
    for word in words:
        name = _FRAME_CLASSES.get(word)
        if name is not None and (not frame or frame[-1] != name):
            frame.append(name)
    return frame


CHAR_GRAMS: tuple[int, ...] = ()
"""Lengths of the character n-grams of each word (padded with a space on each side, as scikit-learn's ``char_wb``)
read as features too, ``#``-prefixed; none when empty (measured by leaving each blind set out and not kept: see
docs/letters.md). A model trained with them says so (``char_grams``) and is scored with them."""
CONTEXT = True
"""Whether a sentence's features include those of the sentence before it (see :func:`analyse`)."""
MESSAGE_LOW = 0.5
"""The sentence score at which a rule the message-level model flags is placed on the message's likeliest sentence
(0.3 let one more false alarm through in 676 compliant messages left out, for no more violations found)."""


def analyse(sentence: str, context: str | None = None, char_grams: tuple[int, ...] | None = None) -> list[str]:
    """The features of one sentence: word 1- to 3-grams of its normalised text (``?`` is a word), and 1- to
    3-grams of its semantic frame (the sequence of the classes of its words, ``@``-prefixed; words of no class
    are skipped and a class repeated at once is read once), and one feature for each phrase cue of
    :data:`_CUE_FEATURES` the sentence carries (scare quotes around a word count as sarcasm).

    ``context`` is the sentence before it in the message (None for the first): the classes of its frame and its
    phrase cues are features too, prefixed ``<`` (``<@RANK``, ``<@TRADE``), so intent spread over two sentences
    ("I have a list. Where do I sit on yours?") is read on the second. ``char_grams``: the character n-gram
    lengths to add (default :data:`CHAR_GRAMS`; a model passes its own)."""
    words = _TOKEN.findall(normalise(sentence))
    grams: list[str] = []
    for n in range(1, _MAX_N + 1):
        grams += [" ".join(words[i : i + n]) for i in range(len(words) - n + 1)]
    frame = _frame(words)
    for n in range(1, _MAX_N + 1):
        grams += ["@" + " ".join(frame[i : i + n]) for i in range(len(frame) - n + 1)]
    for n in CHAR_GRAMS if char_grams is None else char_grams:
        for word in words:
            padded = f" {word} "
            grams += ["#" + padded[i : i + n] for i in range(len(padded) - n + 1)]
    text = " ".join(words)
    grams += [name for name, cue in _CUE_FEATURES.items() if cue.search(text)]
    if _SCARE_QUOTES.search(sentence):
        grams.append("@SARCASM")
    if context and CONTEXT:
        before = _TOKEN.findall(normalise(context))
        grams += sorted({"<@" + name for name in _frame(before)})
        joined = " ".join(before)
        grams += ["<" + name for name, cue in _CUE_FEATURES.items() if cue.search(joined)]
    return grams


class Model:
    """A trained model: per feature its idf and weights (one per rule), per rule an intercept and threshold."""

    def __init__(self, data: dict[str, Any]) -> None:
        if data.get("format") != MODEL_FORMAT:
            raise ValueError(f"not a {MODEL_FORMAT} file")
        self.rules: tuple[str, ...] = tuple(data["rules"])
        self.idf: dict[str, float] = data["idf"]
        self.weights: dict[str, list[float]] = data["weights"]
        self.intercepts: list[float] = data["intercepts"]
        self.thresholds: list[float] = data["thresholds"]
        self.char_grams: tuple[int, ...] = tuple(data.get("char_grams", ()))
        message = data.get("message")
        self.message: Model | None = (
            Model({**message, "format": MODEL_FORMAT, "char_grams": self.char_grams}) if message else None
        )

    def scores(self, sentence: str, context: str | None = None) -> dict[str, float]:
        """The probability-like score in [0, 1] of each rule for ``sentence`` (after ``context``, the sentence
        before it in the message, if any)."""
        counts: dict[str, int] = {}
        for gram in analyse(sentence, context, self.char_grams):
            if gram in self.idf:
                counts[gram] = counts.get(gram, 0) + 1
        values = {gram: (1.0 + math.log(count)) * self.idf[gram] for gram, count in counts.items()}
        norm = math.sqrt(sum(v * v for v in values.values())) or 1.0
        totals = list(self.intercepts)
        for gram, value in values.items():
            weights = self.weights.get(gram)
            if weights is None:
                continue
            for k, weight in enumerate(weights):
                totals[k] += weight * value / norm
        return {rule: 1.0 / (1.0 + math.exp(-total)) for rule, total in zip(self.rules, totals, strict=True)}

    def flags(self, sentence: str, context: str | None = None) -> set[str]:
        """The rules whose score reaches their threshold for ``sentence`` (after ``context``, if any)."""
        return flagged(self.scores(sentence, context), self)


def flagged(scores: dict[str, float], model: Model) -> set[str]:
    """The rules of ``scores`` that reach ``model``'s threshold for them."""
    return {rule for rule, threshold in zip(model.rules, model.thresholds, strict=True) if scores[rule] >= threshold}


@cache
def load_model(sender: str = "me") -> Model | None:
    """The model shipped with the package for messages from ``sender`` (``me``: the applicant's own, the default;
    ``program`` or ``mentor``: messages from others); None when the file is absent (e.g. while it is trained)."""
    source = resources.files("matchpilot.letters").joinpath(_FILES[sender])
    if not source.is_file():
        return None
    return Model(json.loads(source.read_text(encoding="utf-8")))


def score_sentences(
    sentences: list[str], sender: str = "me", rules: tuple[str, ...] | None = None
) -> list[tuple[set[str], dict[str, float]]]:
    """For each sentence (in the order of the message: each is read after the one before it), the rules the model
    for ``sender`` flags (only ``rules`` when given) and every rule's score (nothing when no model ships).

    When the model carries a message-level model and the message has more than one sentence, a rule the whole
    message is flagged for and no sentence reaches is added to the sentence scored highest for it, if that one
    scores at least :data:`MESSAGE_LOW` (the linter's gates then judge it as any other model finding)."""
    model = load_model(sender)
    if model is None:
        return [(set(), {}) for _ in sentences]
    out = []
    for k, sentence in enumerate(sentences):
        scores = model.scores(sentence, sentences[k - 1] if k else None)
        found = flagged(scores, model)
        out.append((found if rules is None else found & set(rules), scores))
    if model.message is not None and len(sentences) > 1:
        # the whole message read at once: a rule it flags that no sentence reaches goes to the sentence scored
        # highest for it, when that one scores at least MESSAGE_LOW
        for rule in sorted(flagged(model.message.scores(" ".join(sentences)), model.message)):
            if (rules is not None and rule not in rules) or any(rule in found for found, _ in out):
                continue
            best = max(range(len(out)), key=lambda k: out[k][1][rule])
            if out[best][1][rule] >= MESSAGE_LOW:
                out[best][0].add(rule)
    return out


def message_scores(sentences: list[str], sender: str = "me") -> dict[str, float]:
    """The message-level model's score of each rule for the message made of ``sentences`` (read as one text);
    empty when no model ships or it carries no message-level model."""
    model = load_model(sender)
    if model is None or model.message is None:
        return {}
    return model.message.scores(" ".join(sentences))
