"""Train the letter linter's sentence-intent models and write them beside :mod:`matchpilot.letters.intent`.

    .venv/bin/python scripts/train_lint_model.py            # train and write the models
    .venv/bin/python scripts/train_lint_model.py --check    # exit 1 when a committed model differs
    .venv/bin/python scripts/train_lint_model.py --cv       # also print 5-fold cross-validated recall

Two models: ``lint_model.json`` scores the applicant's own sentences (the text rules the model reads),
``received_model.json`` the sentences of programs' messages (the ``program-*`` rules) and mentors' letters
(``third-party-pressure``); each rule of the second is trained on its sender's messages only.

Reads only the training files of ``tests/letters_corpus`` (:data:`TRAINING_FILES`; never a held-out or the
adversarial file: ``heldout_2026_12.txt`` and ``heldout_2026_12_others.txt`` measured the second linter on
2026-12-06 and are training files since 2026-12-07, see the corpus README) and cuts each message into
sentences. A sentence is a positive example of a rule when its message is one sentence long and expects the
rule, or when the patterns find the rule in that sentence; in a longer message whose rule the patterns do not
locate, the sentence a first model scores highest for the rule is taken as the positive one (one round of
multiple-instance learning) and the message's other sentences are left out for that rule. A sentence is a
negative example when its message expects none of the model's rules (compliant messages, first-choice claims,
placeholders); rules a message merely allows are left out. Features and scoring are those of
:mod:`matchpilot.letters.intent`; the training is deterministic (liblinear), so the same corpus always gives the
same files.

Beside each sentence model a **message-level model** is fitted (the same features and classifier over whole
messages: 1 when the message expects the rule, 0 when it is its sender's rule and not expected, left out when
allowed), with its own thresholds from 5-fold cross-validation over messages; at run time a rule it flags that no
sentence reaches is placed on the sentence scored highest for it, when that sentence scores at least
``intent.MESSAGE_LOW``. It reads intent spread over several sentences; leaving each hand-written blind set out
(``benchmarks/lint_generalisation.py --loso``) chose it.

Then the **second stage** (``lint_stack.json``, :func:`train_stack`, since the tenth linter): per rule a
gradient-boosted model (scikit-learn ``HistGradientBoostingClassifier``, ``random_state=0``, one thread) over each
training message's evidence (:func:`matchpilot.letters.stack.evidence`), the evidence of each message read with
both linear models fitted without it (five groups of messages); thresholds from 5-fold cross-validation with
:data:`STACK_BUDGET`, floor :data:`STACK_FLOOR`. Leaving each blind set out chose it (docs/letters.md).

Since the eleventh linter the sentence models weigh a compliant near-twin's own sentences (:func:`hard_negatives`:
what a compliant message says where its violating twin breaks a rule) :data:`HARD_NEGATIVE_WEIGHT` times as much
as other negatives, in the fit, the threshold search's folds and the second stage's out-of-group models, and the
message-level model the compliant messages holding one (:data:`HARD_MESSAGES`); leaving each of the seven blind
sets out chose both, at 3 (docs/letters.md).
"""

from __future__ import annotations

import argparse
import functools
import json
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer  # type: ignore[import-untyped]
from sklearn.linear_model import LogisticRegression  # type: ignore[import-untyped]
from sklearn.model_selection import KFold  # type: ignore[import-untyped]

from matchpilot.letters.findings import RECEIVED_RULES
from matchpilot.letters.intent import MODEL_FORMAT, MODEL_RULES, RECEIVED_MODEL_RULES, analyse
from matchpilot.letters.lint import lint_patterns
from matchpilot.letters.received import received_patterns
from matchpilot.letters.text import Piece, sentences

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "letters_corpus"
TRAINING_FILES = (
    "training_2026_12.txt",
    "tuning.txt",
    "heldout_2026_12.txt",
    "heldout_2026_12_others.txt",
    "training_2026_12_07.txt",
    "heldout_2026_12_07.txt",
    "heldout_2026_12_07_others.txt",
    "training_2026_12_07b.txt",
    "heldout_2026_12_07b.txt",
    "heldout_2026_12_07b_others.txt",
    "adversarial_2026_12_07b.txt",
    "training_2026_12_07d.txt",
    "heldout_2026_12_07c.txt",
    "heldout_2026_12_07c_others.txt",
    "adversarial_2026_12_07c.txt",
    "heldout_2026_12_07e.txt",
    "heldout_2026_12_07e_others.txt",
    "adversarial_2026_12_07e.txt",
    "training_2026_12_07f.txt",
    "heldout_2026_12_07f.txt",
    "heldout_2026_12_07f_others.txt",
    "adversarial_2026_12_07f.txt",
    "heldout_2026_12_07g.txt",
    "heldout_2026_12_07g_others.txt",
    "adversarial_2026_12_07g.txt",
    "heldout_2026_12_07h.txt",
    "heldout_2026_12_07h_others.txt",
    "adversarial_2026_12_07h.txt",
    "heldout_2026_12_07i.txt",
    "heldout_2026_12_07i_others.txt",
    "adversarial_2026_12_07i.txt",
    "heldout_2026_12_07j.txt",
    "heldout_2026_12_07j_others.txt",
    "adversarial_2026_12_07j.txt",
    "heldout_2026_12_07k.txt",
    "heldout_2026_12_07k_others.txt",
    "adversarial_2026_12_07k.txt",
    "heldout_2026_12_07l.txt",
    "heldout_2026_12_07l_others.txt",
    "adversarial_2026_12_07l.txt",
    "heldout_2026_12_07m.txt",
    "heldout_2026_12_07m_others.txt",
    "adversarial_2026_12_07m.txt",
    "heldout_2026_12_07n.txt",
    "heldout_2026_12_07n_others.txt",
    "adversarial_2026_12_07n.txt",
    "heldout_2026_12_07o.txt",
    "heldout_2026_12_07o_others.txt",
    "adversarial_2026_12_07o.txt",
)
"""The files the models are fitted to; each is classed ``training`` or ``tuning`` by the corpus README."""
OUTPUT = ROOT / "src" / "matchpilot" / "letters" / "lint_model.json"
RECEIVED_OUTPUT = ROOT / "src" / "matchpilot" / "letters" / "received_model.json"
THRESHOLD = 0.6
FALSE_POSITIVE_BUDGET = 0.003
"""Each rule's threshold is raised until at most this share of negative sentences score above it, in 5-fold
cross-validation on the training sentences (never below ``THRESHOLD``)."""
RECEIVED_FALSE_POSITIVE_BUDGET = 0.005
"""The budget for the model of messages from others (its cue words guard its findings; 1% let 3-4 false alarms in
67 through on a file left out, 0.5% one or two)."""
C = 8.0
MIN_DF = 2
"""A word n-gram is a feature when at least this many training sentences (or messages, for the message-level
model) hold it."""
TOL = 1e-4
"""liblinear's stopping tolerance (scikit-learn's default)."""
MESSAGE_MODEL = True
"""Whether a message-level model is fitted beside the sentence model (see :func:`_fit_messages`)."""
MESSAGE_FALSE_POSITIVE_BUDGET = 0.01
"""The message-level model's false-positive budget (messages, not sentences) for the applicant's rules (floor
``THRESHOLD``)."""
RECEIVED_MESSAGE_THRESHOLDS = (0.02, 0.5)
"""Budget and floor of the message-level model for messages from others."""
STACK_OUTPUT = ROOT / "src" / "matchpilot" / "letters" / "lint_stack.json"
STACK = True
"""Whether the second stage (:mod:`matchpilot.letters.stack`) is fitted and written (see :func:`train_stack`)."""
STACK_GROUPS = 5
"""The training messages are split into this many groups (message ``i`` in group ``i % STACK_GROUPS``); each
group's evidence comes from linear models fitted on the other groups."""
STACK_BUDGET = 0.005
"""Each booster's threshold keeps its 5-fold cross-validated false positives within this share of the negative
messages (never below ``STACK_FLOOR``)."""
STACK_FLOOR = 0.7
"""The lowest threshold of a booster (0.5 let 0.7 points more false alarms through, left out set by set, for 0.4
points more violations found; docs/letters.md)."""
HARD_NEGATIVE_WEIGHT = 3.0
"""The weight, in the sentence model's fit, of a compliant near-twin's own sentences (:func:`hard_negatives`: what a
compliant message says where its violating twin breaks a rule); 1.0 weighs them as every other sentence (and
leaves the fit exactly as before)."""
_HEADER = re.compile(r"^### (?P<id>\S+)\s*\|\s*(?P<rules>[^|]*?)\s*(?P<rest>(?:\|.*)?)$")
_FIELD = re.compile(r"\|\s*(?P<key>allow|from):\s*(?P<value>[^|]*?)\s*(?=\||$)")
_SENDER_OF = {rule: sender for sender, rules in RECEIVED_RULES.items() for rule in rules}


_ROW = re.compile(r"^\|\s*`(?P<file>[^`]+)`\s*\|\s*(?P<cls>\w+)\s*\|")
TRAINING_CLASSES = ("training", "tuning")


def readme_class(name: str) -> str | None:
    """The class the corpus README's table gives the file ``name`` (its first matching row), or None."""
    import fnmatch

    for line in (CORPUS / "README.md").read_text(encoding="utf-8").splitlines():
        row = _ROW.match(line)
        if row and fnmatch.fnmatch(name, row["file"]):
            return row["cls"]
    return None


def _rules(text: str | None) -> frozenset[str]:
    if not text or text.strip() == "-":
        return frozenset()
    return frozenset(part.strip() for part in text.split(",") if part.strip())


def records(path: Path) -> list[tuple[str, frozenset[str], frozenset[str], str]]:
    """``(text, expected, allowed, sender)`` for every message of a corpus file (sender as the README says)."""
    out: list[tuple[str, frozenset[str], frozenset[str], str]] = []
    header: re.Match[str] | None = None
    lines: list[str] = []
    for line in [*path.read_text(encoding="utf-8").splitlines(), "### end | -"]:
        match = _HEADER.match(line)
        if match:
            if header is not None:
                fields = {m["key"]: m["value"] for m in _FIELD.finditer(header["rest"])}
                expected, allowed = _rules(header["rules"]), _rules(fields.get("allow"))
                senders = {_SENDER_OF[r] for r in expected | allowed if r in _SENDER_OF}
                sender = fields.get("from") or (senders.pop() if len(senders) == 1 else "me")
                out.append(("\n".join(lines).strip("\n"), expected, allowed, sender))
            header, lines = match, []
        else:
            lines.append(line)
    return out


Labels = dict[str, list[int | None]]
Sentence = tuple[str, str | None]
"""A training sentence and the sentence before it in its message (None for the first)."""


def _sender_rules(sender: str) -> tuple[str, ...]:
    return MODEL_RULES if sender == "me" else RECEIVED_RULES.get(sender, ())


@functools.cache
def _pieces(text: str) -> tuple[Piece, ...]:
    """A message's sentences (remembered: both models and both rounds of the training read every message)."""
    return tuple(sentences(text))


@functools.cache
def _cut(text: str, sender: str) -> tuple[tuple[Piece, ...], tuple[frozenset[str], ...] | None]:
    """A message's sentences and, for a longer message, the rules the patterns find in each (remembered: both
    rounds of the training read every message)."""
    pieces = _pieces(text)
    if len(pieces) <= 1:
        return pieces, None
    return pieces, tuple(frozenset(found) for found in _locate(text, list(pieces), sender))


def _locate(text: str, pieces: list[Piece], sender: str) -> list[set[str]]:
    """Which rules the patterns find in each sentence of a longer message (to label its sentences)."""
    found: list[set[str]] = [set() for _ in pieces]
    findings = lint_patterns(text) if sender == "me" else received_patterns(text, sender)
    for finding in findings:
        for k, piece in enumerate(pieces):
            if finding.start < piece.end and piece.start < finding.end:
                found[k].add(finding.rule)
    return found


AUGMENT = False
"""Whether sentences generated from the rule definitions (:func:`generated_records`) are added to the training
messages (a candidate measured by leaving each blind set out, see docs/letters.md)."""
_ASK_FRAMES = (
    "Could you tell me {}?",
    "Can you please let me know {}?",
    "Kindly inform me {}.",
    "May I know {}?",
    "I request you to kindly tell me {}.",
    "I was wondering {}.",
    "I would be grateful if you could share {}.",
    "Would it be possible to know {}?",
    "Please do let me know {}.",
    "I wish to know {}.",
    "Is it possible to find out {}?",
    "Do you mind sharing {}?",
)
_RANK_OBJECTS = (
    "where I stand on your rank list",
    "my position in your merit list",
    "how you plan to rank me",
    "whether I will be ranked to match",
    "how high I am on your list",
    "whether I am above the line",
    "my chances of matching at your program",
    "whether I am likely to be ranked highly",
    "which tier of your list I am in",
    "the status of my ranking",
)
_COMMIT_OBJECTS = (
    "a guarantee that I will be ranked to match",
    "whether you can promise me a position",
    "your assurance that I will match here",
    "whether I could sign a contract before Match Day",
    "whether you can hold a spot for me outside the Match",
    "a firm commitment that I will be on your list",
)
_ALLOWED_OBJECTS = (
    "whether my application is still under consideration",
    "where I stand in terms of being considered for an interview",
    "whether you sponsor J-1 visas",
    "the interview schedule",
    "when the second look day is",
    "whether Step 3 is required before starting",
    "how call is structured for interns",
    "whether you received my updated CV",
    "the dates of the virtual open house",
    "which platform the interview uses",
)
_CONDITIONS = (
    "If you {p}, I will {q}.",
    "Should you {p}, I will {q}.",
    "Provided you {p}, I will {q}.",
    "As long as you {p}, I will {q}.",
    "I will {q} if you {p}.",
    "Once you {p}, I will {q}.",
)
_PROGRAM_ACTS = (
    "rank me highly",
    "rank me to match",
    "can assure me a place",
    "confirm I will match",
    "put me at the top of your list",
)
_MY_RANKS = ("rank you first", "make your program my number one choice", "put you at the top of my list")
_TONE = {
    "tone-pleading": (
        "Please, I am begging you to give me a chance.",
        "I desperately need this position.",
        "This is my last chance, please do not let me down.",
        "I will do anything to train with you.",
        "I beg you to consider my application.",
    ),
    "tone-self-deprecating": (
        "I know I am a weak applicant.",
        "My scores are poor and I am not good enough.",
        "I am probably not as strong as your other candidates.",
        "I know my application is below average.",
        "My CV is nothing special.",
    ),
    "tone-disparaging": (
        "Unlike the other programs I visited, your faculty actually cared.",
        "The other interviews were disorganized.",
        "Most programs I saw this season were mediocre.",
        "Your program is much better than the others I saw.",
        "The residents at the other places looked miserable.",
    ),
}
_ALLOWED_STATEMENTS = (
    "I will rank your program highly.",
    "Your program is among my top choices.",
    "I passed Step 1 on my second attempt.",
    "Unlike many programs, yours sponsors H-1B visas.",
    "If you have any questions, I will be glad to answer them.",
    "I would be glad to train at your program.",
    "Thank you again for the interview.",
)


def generated_records() -> Iterator[tuple[str, frozenset[str], frozenset[str], str]]:
    """Applicants' sentences generated from the rule definitions (request frames in many Englishes crossed with
    what is asked for, conditions crossed with a ranking promise, stock tone sentences) and compliant twins
    (the same frames asking what the rules allow); each a one-sentence message."""
    none: frozenset[str] = frozenset()
    for frame in _ASK_FRAMES:
        for obj in _RANK_OBJECTS:
            yield frame.format(obj), frozenset({"ask-rank"}), none, "me"
        for obj in _COMMIT_OBJECTS:
            yield frame.format(obj), frozenset({"request-commitment"}), frozenset({"ask-rank"}), "me"
        for obj in _ALLOWED_OBJECTS:
            yield frame.format(obj), none, none, "me"
    for condition in _CONDITIONS:
        for act in _PROGRAM_ACTS:
            for mine in _MY_RANKS:
                yield (
                    condition.format(p=act, q=mine),
                    frozenset({"conditional-promise"}),
                    frozenset({"ask-rank", "request-commitment", "first-choice-claim"}),
                    "me",
                )
    for rule, texts in _TONE.items():
        for text in texts:
            yield text, frozenset({rule}), none, "me"
    for text in _ALLOWED_STATEMENTS:
        yield text, none, none, "me"


def _training_records(files: tuple[str, ...]) -> Iterator[tuple[str, frozenset[str], frozenset[str], str]]:
    """The messages of ``files``, each checked first to be a training file: named in :data:`TRAINING_FILES` and
    classed training or tuning by the corpus README (a held-out or adversarial file is refused)."""
    for name in files:
        if name not in TRAINING_FILES or readme_class(name) not in TRAINING_CLASSES:
            raise ValueError(f"{name} is not a training file (the corpus README must class it training or tuning)")
        yield from records(CORPUS / name)
    if AUGMENT and files:
        yield from generated_records()


_WORD = re.compile(r"[a-z0-9']+")


@functools.cache
def hard_negatives(files: tuple[str, ...]) -> frozenset[str]:
    """The sentences by which a compliant message of ``files`` differs from a violating near-twin in the same file
    and from the same sender: the two share a sentence and differ by at most two on each side, or both are one
    sentence long with at least half their words in common. The compliant twin says what the rules allow right
    where its twin breaks one: the boundary the linter must learn."""
    out: set[str] = set()
    for name in files:
        messages = [
            (tuple(p.text for p in _pieces(text)), _graded(expected), sender)
            for text, expected, _, sender in records(CORPUS / name)
        ]
        violating = [(set(m), sender) for m, bad, sender in messages if bad]
        index: dict[str, list[int]] = {}
        for j, (pieces, _) in enumerate(violating):
            for piece in pieces:
                index.setdefault(piece, []).append(j)
        singles = [(set(_WORD.findall(next(iter(v)).lower())), sender) for v, sender in violating if len(v) == 1]
        for pieces, bad, sender in messages:
            if bad:
                continue
            mine = set(pieces)
            for j in {j for piece in mine for j in index.get(piece, ())}:
                theirs, who = violating[j]
                if who == sender and len(mine - theirs) <= 2 and len(theirs - mine) <= 2:
                    out.update(mine - theirs)
            if len(mine) == 1:
                words = set(_WORD.findall(pieces[0].lower()))
                for other, who in singles:
                    if who == sender and words and len(words & other) * 2 >= len(words | other):
                        out.add(pieces[0])
                        break
    return frozenset(out)


HARD_MESSAGES = True
"""Whether the message-level model weighs a compliant near-twin message :data:`HARD_NEGATIVE_WEIGHT` times too
(a candidate measured by leaving each blind set out; docs/letters.md)."""


@functools.cache
def hard_messages(files: tuple[str, ...]) -> frozenset[str]:
    """The compliant messages of ``files`` (as the message-level model reads them) whose own sentences include a
    hard negative (:func:`hard_negatives`)."""
    hard = hard_negatives(files)
    out = set()
    for name in files:
        for text, expected, _, _ in records(CORPUS / name):
            pieces = [p.text for p in _pieces(text)]
            if not _graded(expected) and hard.intersection(pieces):
                out.add(" ".join(pieces))
    return frozenset(out)


def _graded(expected: frozenset[str]) -> bool:
    from matchpilot.letters.findings import RULES, LintSeverity

    return any(RULES[rule].severity is not LintSeverity.INFO for rule in expected if rule in RULES)


def _sample_weights(texts: list[Sentence], files: tuple[str, ...]) -> np.ndarray | None:
    """Per sentence of ``texts``, :data:`HARD_NEGATIVE_WEIGHT` for a compliant twin's own sentence, else 1 (None
    when the weight is 1: the fit is then exactly the unweighted one)."""
    if HARD_NEGATIVE_WEIGHT == 1.0:
        return None
    hard = hard_negatives(files) | (hard_messages(files) if HARD_MESSAGES else frozenset())
    return np.array([HARD_NEGATIVE_WEIGHT if text in hard else 1.0 for text, _ in texts])


def examples(
    rules: tuple[str, ...], guess: Any = None, files: tuple[str, ...] = TRAINING_FILES
) -> tuple[list[Sentence], Labels]:
    """The training sentences and, per rule of ``rules``, 1 / 0 / None (left out) for each.

    A rule is labelled only on sentences of its sender's messages (None elsewhere). ``guess`` (a function from
    a rule and a message's sentences to the index of the likeliest one, or None) places a rule the patterns do
    not locate in a longer message; without it such a rule is left out of that message. ``files``: the corpus
    files read (only training files; a cross-validation by file leaves one out).
    """
    texts: list[Sentence] = []
    labels: Labels = {rule: [] for rule in rules}
    for text, expected, allowed, sender in _training_records(files):
        own = set(_sender_rules(sender))
        # A message none of whose sender's rules is among ``rules`` only adds sentences (every label None):
        # where the patterns find rules in it does not matter.
        pieces, located = _cut(text, sender) if own.intersection(rules) else (_pieces(text), None)
        single = located is None
        placed: dict[str, int | None] = {}
        if located is not None:
            for rule in expected & own:
                where = [k for k, rules_there in enumerate(located) if rule in rules_there]
                if where:
                    continue
                placed[rule] = guess(rule, _in_context(pieces)) if guess is not None else None
        for k, piece in enumerate(pieces):
            texts.append((piece.text, pieces[k - 1].text if k else None))
            for rule in rules:
                if rule not in own or rule in allowed:
                    labels[rule].append(None)
                elif single or located is None:
                    labels[rule].append(int(rule in expected))
                elif rule in placed:
                    labels[rule].append(None if placed[rule] is None or placed[rule] != k else 1)
                elif rule in located[k]:
                    labels[rule].append(1 if rule in expected else None)
                else:
                    labels[rule].append(0)
    return texts, labels


def _in_context(pieces: tuple[Piece, ...]) -> list[Sentence]:
    return [(piece.text, pieces[k - 1].text if k else None) for k, piece in enumerate(pieces)]


@functools.cache
def _analysed(sentence: Sentence) -> tuple[str, ...]:
    """:func:`analyse`, remembered: the cross-validation analyses each sentence a dozen times, the same each time."""
    return tuple(analyse(*sentence))


def _vectoriser() -> TfidfVectorizer:
    return TfidfVectorizer(analyzer=_analysed, min_df=MIN_DF, sublinear_tf=True, lowercase=False)


@functools.cache
def _counts(texts: tuple[Sentence, ...]) -> _Counts:
    """:class:`_Counts` of ``texts``, remembered: both rounds of the training and the cross-validation read the same
    sentences."""
    return _Counts(list(texts))


class _Counts:
    """The features of a list of sentences, counted once, from which the TF-IDF matrices of any subset of them are
    built exactly as :func:`_vectoriser` would build them (same vocabulary, same idf, same entries in the same
    order in each row, so liblinear sums them in the same order and the fitted models are the same to the bit).

    ``TfidfVectorizer.fit_transform`` numbers the features in the order they first occur in its documents, keeps
    those in at least two documents, renumbers them alphabetically without reordering a row's entries (so a row
    lists its features in order of first occurrence), counts in float64 (the vectoriser's dtype), and hands the
    counts to a ``TfidfTransformer``; its ``transform`` lists a row's features alphabetically. Each entry here
    remembers its sentence, its feature and its count, in sentence order then order of first occurrence.
    """

    def __init__(self, texts: list[Sentence]) -> None:
        ids: dict[str, int] = {}
        docs: list[int] = []
        grams: list[int] = []
        counts: list[int] = []
        for d, text in enumerate(texts):
            counter: dict[int, int] = {}
            for gram in _analysed(text):
                g = ids.setdefault(gram, len(ids))
                counter[g] = counter.get(g, 0) + 1
            docs.extend([d] * len(counter))
            grams.extend(counter)
            counts.extend(counter.values())
        self.size = len(texts)
        self.doc = np.asarray(docs, dtype=np.intp)
        self.gram = np.asarray(grams, dtype=np.intp)
        self.count = np.asarray(counts, dtype=np.float64)
        self.names = np.array(list(ids), dtype=object)
        order = sorted(range(len(ids)), key=lambda g: self.names[g])
        self.alphabetical = np.empty(len(ids), dtype=np.intp)
        self.alphabetical[np.asarray(order, dtype=np.intp)] = np.arange(len(ids))

    def _rows(self, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The entries of ``rows`` (ascending), in sentence then occurrence order, and each one's row in the
        subset."""
        position = np.full(self.size, -1, dtype=np.intp)
        position[rows] = np.arange(len(rows))
        entries = np.flatnonzero(position[self.doc] >= 0)
        return entries, position[self.doc[entries]]

    def _matrix(self, entries: np.ndarray, row: np.ndarray, column: np.ndarray, n_rows: int, width: int) -> Any:
        import scipy.sparse as sp

        indptr = np.zeros(n_rows + 1, dtype=np.int32)
        np.cumsum(np.bincount(row, minlength=n_rows), out=indptr[1:])
        return sp.csr_array(
            (self.count[entries], column.astype(np.int32), indptr), shape=(n_rows, width), dtype=np.float64
        )

    def fit(self, train: np.ndarray, test: np.ndarray | None = None) -> tuple[Any, Any, np.ndarray, np.ndarray]:
        """The TF-IDF matrices of the sentences ``train`` (fitted on them) and ``test`` (None: no test matrix), the
        vocabulary (alphabetical) and its idf."""
        from sklearn.feature_extraction.text import TfidfTransformer

        entries, row = self._rows(train)
        grams = self.gram[entries]
        df = np.bincount(grams, minlength=len(self.names))
        kept = df >= MIN_DF
        if not kept.any():
            raise ValueError("After pruning, no terms remain. Try a lower min_df or a higher max_df.")
        by_name = np.flatnonzero(kept)[np.argsort(self.alphabetical[kept], kind="stable")]
        column_of = np.full(len(self.names), -1, dtype=np.intp)
        column_of[by_name] = np.arange(len(by_name))
        _, first = np.unique(grams, return_index=True)
        first_seen = np.empty(len(self.names), dtype=np.intp)
        first_seen[grams[first]] = first
        keep = kept[grams]
        entries, row, grams = entries[keep], row[keep], grams[keep]
        order = np.lexsort((first_seen[grams], row))
        entries, row, grams = entries[order], row[order], grams[order]
        transformer = TfidfTransformer(sublinear_tf=True)
        counts = self._matrix(entries, row, column_of[grams], len(train), len(by_name))
        train_matrix = transformer.fit(counts).transform(counts, copy=False)
        test_matrix = None
        if test is not None:
            entries, row = self._rows(test)
            grams = self.gram[entries]
            keep = kept[grams]
            entries, row, grams = entries[keep], row[keep], grams[keep]
            order = np.lexsort((column_of[grams], row))
            entries, row, grams = entries[order], row[order], grams[order]
            counts = self._matrix(entries, row, column_of[grams], len(test), len(by_name))
            test_matrix = transformer.transform(counts, copy=False)
        return train_matrix, test_matrix, self.names[by_name], transformer.idf_


def _classifier() -> LogisticRegression:
    # The dual formulation solves the same problem as liblinear's default primal one (more features than
    # sentences), about ten times faster.
    return LogisticRegression(
        C=C, class_weight="balanced", solver="liblinear", dual=True, max_iter=1000, random_state=0, tol=TOL
    )


def _fit(
    texts: list[Sentence],
    labels: Labels,
    rules: tuple[str, ...],
    files: tuple[str, ...] = TRAINING_FILES,
    *,
    thresholds: bool = True,
) -> dict[str, Any]:
    """The model fitted on ``texts``; its thresholds from cross-validation unless ``thresholds`` is false (the first
    round, whose model only places labels by its scores, uses the default threshold instead)."""
    matrix, _, vocabulary, idf = _counts(tuple(texts)).fit(np.arange(len(texts)))
    weights_of = _sample_weights(texts, files)
    coefs, intercepts = [], []
    for rule in rules:
        keep = [i for i, label in enumerate(labels[rule]) if label is not None]
        y = np.array([labels[rule][i] for i in keep])
        if weights_of is None:
            model = _classifier().fit(matrix[keep], y)
        else:
            model = _classifier().fit(matrix[keep], y, sample_weight=np.where(y == 0, weights_of[keep], 1.0))
        coefs.append(model.coef_[0])
        intercepts.append(round(float(model.intercept_[0]), 6))
    weights: dict[str, list[float]] = {}
    for j, gram in enumerate(vocabulary):
        row = [round(float(coef[j]), 4) for coef in coefs]
        if any(row):
            weights[str(gram)] = row
    from matchpilot.letters import intent

    return {
        **({"char_grams": list(intent.CHAR_GRAMS)} if intent.CHAR_GRAMS else {}),
        "format": MODEL_FORMAT,
        "trained_on": list(files),
        "sentences": len(texts),
        "rules": list(rules),
        "intercepts": intercepts,
        "thresholds": _thresholds(texts, labels, rules, files) if thresholds else [THRESHOLD] * len(rules),
        "idf": {str(gram): round(float(idf), 6) for gram, idf in zip(vocabulary, idf, strict=True)},
        "weights": weights,
    }


def _guesser(data: dict[str, Any]) -> Any:
    from matchpilot.letters.intent import Model

    first = Model(data)
    scores_of = functools.cache(first.scores)

    def guess(rule: str, texts: list[Sentence]) -> int | None:
        if rule not in first.rules:
            return None
        scores = [scores_of(*text)[rule] for text in texts]
        return int(np.argmax(scores)) if scores else None

    return guess


def message_examples(rules: tuple[str, ...], files: tuple[str, ...] = TRAINING_FILES) -> tuple[list[Sentence], Labels]:
    """Whole messages (each read as one text) and, per rule of ``rules``, 1 when the message expects it, 0 when it
    is its sender's rule and not expected, None when allowed or not its sender's rule."""
    texts: list[Sentence] = []
    labels: Labels = {rule: [] for rule in rules}
    for text, expected, allowed, sender in _training_records(files):
        own = set(_sender_rules(sender))
        texts.append((" ".join(piece.text for piece in _pieces(text)), None))
        for rule in rules:
            labels[rule].append(None if rule not in own or rule in allowed else int(rule in expected))
    return texts, labels


def _fit_messages(rules: tuple[str, ...], files: tuple[str, ...]) -> dict[str, Any]:
    """The message-level model: the same features and classifier, fitted on whole messages; each rule's threshold
    from cross-validation with :data:`MESSAGE_FALSE_POSITIVE_BUDGET`."""
    texts, labels = message_examples(rules, files)
    model = _fit(texts, labels, rules, files, thresholds=False)
    cv = _cv_probabilities(texts, labels, rules)
    own = tuple(rules) == MODEL_RULES
    budget, floor = (MESSAGE_FALSE_POSITIVE_BUDGET, THRESHOLD) if own else RECEIVED_MESSAGE_THRESHOLDS
    model["thresholds"] = [_threshold(*cv[rule], budget, floor) for rule in rules]
    for key in ("format", "trained_on"):
        del model[key]
    return model


def train(rules: tuple[str, ...] = MODEL_RULES, files: tuple[str, ...] = TRAINING_FILES) -> dict[str, Any]:
    """Fit the vectoriser and one classifier per rule of ``rules`` on ``files`` (two rounds, see the module
    docstring), and the message-level model beside it (when :data:`MESSAGE_MODEL`)."""
    texts, labels = examples(rules, files=files)
    first = _fit(texts, labels, rules, files, thresholds=False)
    texts, labels = examples(rules, _guesser(first), files)
    model = _fit(texts, labels, rules, files)
    if MESSAGE_MODEL:
        model["message"] = _fit_messages(rules, files)
    return model


def _fit_subset(
    texts: list[Sentence], labels: Labels, keep: list[int], rules: tuple[str, ...], files: tuple[str, ...]
) -> dict[str, Any]:
    """:func:`_fit` on the examples at the positions ``keep``, without a threshold search."""
    return _fit(
        [texts[i] for i in keep], {r: [labels[r][i] for i in keep] for r in rules}, rules, files, thresholds=False
    )


def _out_of_group_models(files: tuple[str, ...], full: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    """For each of :data:`STACK_GROUPS` groups of the training messages, both linear models (sentence and message
    level) fitted on the messages of the other groups, with the thresholds of the ``full`` models (a search of
    their own would cost five fits more each)."""
    from matchpilot.letters.intent import Model

    records = list(_training_records(files))
    owner = np.repeat(np.arange(len(records)) % STACK_GROUPS, [len(_pieces(text)) for text, *_ in records])
    out: list[dict[str, Any]] = [{} for _ in range(STACK_GROUPS)]
    for sender, rules in (("me", MODEL_RULES), ("program", RECEIVED_MODEL_RULES)):
        texts, labels = examples(rules, _guesser(full[sender]), files)
        whole, whole_labels = message_examples(rules, files)
        for g in range(STACK_GROUPS):
            model = _fit_subset(texts, labels, np.flatnonzero(owner != g).tolist(), rules, files)
            kept = [i for i in range(len(records)) if i % STACK_GROUPS != g]
            message = _fit_subset(whole, whole_labels, kept, rules, files)
            _counts.cache_clear()  # each subset's counts are read once: keep memory flat
            message["thresholds"] = list(full[sender]["message"]["thresholds"])
            model["thresholds"] = list(full[sender]["thresholds"])
            model["message"] = message
            out[g][sender] = Model(model)
    for group in out:
        group["mentor"] = group["program"]
    return out


def _booster() -> Any:
    from sklearn.ensemble import HistGradientBoostingClassifier  # type: ignore[import-untyped]

    return HistGradientBoostingClassifier(
        max_iter=150, max_depth=3, learning_rate=0.1, early_stopping=False, random_state=0
    )


def _export(booster: Any, threshold: float) -> dict[str, Any]:
    """A fitted booster as :class:`matchpilot.letters.stack.Booster` reads it."""
    trees = []
    for (predictor,) in booster._predictors:
        trees.append(
            [
                [float(node["value"])]
                if node["is_leaf"]
                else [int(node["feature_idx"]), float(node["num_threshold"]), int(node["left"]), int(node["right"])]
                for node in predictor.nodes
            ]
        )
    return {"baseline": float(booster._baseline_prediction.ravel()[0]), "threshold": threshold, "trees": trees}


def train_stack(data: dict[str, dict[str, Any]], files: tuple[str, ...] = TRAINING_FILES) -> dict[str, Any]:
    """The second stage: per rule of both models a gradient-boosted model over each training message's evidence
    (:func:`matchpilot.letters.lint.stack_evidence`), the evidence of each message read with linear models *not*
    fitted on it (:func:`_out_of_group_models`); ``data``: the full models (``me`` and ``program``)."""
    from sklearn.model_selection import cross_val_predict
    from threadpoolctl import threadpool_limits  # type: ignore[import-untyped]

    from matchpilot.letters import intent
    from matchpilot.letters.lint import stack_evidence
    from matchpilot.letters.received import received_stack_evidence
    from matchpilot.letters.stack import STACK_FORMAT

    groups = _out_of_group_models(files, data)
    rows: dict[str, list[list[float]]] = {}
    ys: dict[str, list[int]] = {}
    original = intent.load_model
    try:
        for i, (text, expected, allowed, sender) in enumerate(_training_records(files)):
            models = groups[i % STACK_GROUPS]
            intent.load_model = lambda who="me", models=models: models[who]  # type: ignore[assignment]
            found = stack_evidence(text) if sender == "me" else received_stack_evidence(text, sender)
            for rule, row in found.items():
                if rule in _sender_rules(sender) and rule not in allowed:
                    rows.setdefault(rule, []).append(row)
                    ys.setdefault(rule, []).append(int(rule in expected))
    finally:
        intent.load_model = original
    out: dict[str, Any] = {"format": STACK_FORMAT, "trained_on": list(files)}
    # one thread: on a shared machine OpenMP's waiting threads cost more than they save on a few thousand rows
    with threadpool_limits(1):
        for sender, rules in (("me", MODEL_RULES), ("program", RECEIVED_MODEL_RULES)):
            boosters = {}
            for rule in rules:
                x, y = np.asarray(rows[rule]), np.asarray(ys[rule])
                folds = KFold(5, shuffle=True, random_state=0)
                cv = cross_val_predict(_booster(), x, y, cv=folds, method="predict_proba")[:, 1]
                boosters[rule] = _export(_booster().fit(x, y), _threshold(cv, y, STACK_BUDGET, STACK_FLOOR))
            out[sender] = {"rules": list(rules), "boosters": boosters}
    return out


def _cv_probabilities(
    texts: list[Sentence], labels: Labels, rules: tuple[str, ...], files: tuple[str, ...] | None = None
) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Per rule, the 5-fold cross-validated scores of its labelled sentences and their labels.

    The folds are shared by the rules, so each fold's vectoriser is fitted once (not once per rule)."""
    folds = KFold(5, shuffle=True, random_state=0)
    scores = {rule: np.full(len(texts), np.nan) for rule in rules}
    counts = _counts(tuple(texts))
    weights_of = _sample_weights(texts, files) if files is not None else None
    for train_index, test_index in folds.split(np.zeros(len(texts))):
        train_matrix, test_matrix, _, _ = counts.fit(train_index, test_index)
        for rule in rules:
            keep = [k for k, i in enumerate(train_index) if labels[rule][i] is not None]
            y = np.array([labels[rule][train_index[k]] for k in keep])
            if len(set(y.tolist())) < 2:
                continue
            if weights_of is None:
                model = _classifier().fit(train_matrix[keep], y)
            else:
                weight = np.where(y == 0, weights_of[train_index[keep]], 1.0)
                model = _classifier().fit(train_matrix[keep], y, sample_weight=weight)
            scores[rule][test_index] = model.predict_proba(test_matrix)[:, 1]
    out = {}
    for rule in rules:
        keep = [i for i, label in enumerate(labels[rule]) if label is not None]
        out[rule] = (scores[rule][keep], np.array([labels[rule][i] for i in keep]))
    return out


def _budget(rules: tuple[str, ...]) -> float:
    return FALSE_POSITIVE_BUDGET if tuple(rules) == MODEL_RULES else RECEIVED_FALSE_POSITIVE_BUDGET


def _threshold(
    probabilities: np.ndarray, y: np.ndarray, budget: float = FALSE_POSITIVE_BUDGET, floor: float = THRESHOLD
) -> float:
    negatives = np.sort(probabilities[y == 0])[::-1]
    allowed = int(budget * len(negatives))
    return round(max(floor, float(negatives[allowed]) + 1e-4), 4)


def _thresholds(
    texts: list[Sentence], labels: Labels, rules: tuple[str, ...], files: tuple[str, ...] | None = None
) -> list[float]:
    """Each rule's threshold: at most the budget's share of negative sentences score above it in
    cross-validation (never below ``THRESHOLD``); ``files``: those the sentences come from (for their weights)."""
    cv = _cv_probabilities(texts, labels, rules, files)
    return [_threshold(*cv[rule], _budget(rules)) for rule in rules]


def cross_validate(rules: tuple[str, ...] = MODEL_RULES) -> None:
    """Print 5-fold cross-validated recall and false positives per rule (sentences of the training files)."""
    texts, labels = examples(rules)
    texts, labels = examples(rules, _guesser(_fit(texts, labels, rules)))
    cv = _cv_probabilities(texts, labels, rules)
    for rule in rules:
        probabilities, y = cv[rule]
        threshold = _threshold(probabilities, y, _budget(rules))
        predicted = (probabilities >= threshold).astype(int)
        tp = int(((predicted == 1) & (y == 1)).sum())
        fp = int(((predicted == 1) & (y == 0)).sum())
        print(
            f"{rule:<28} threshold {threshold:.3f} recall {tp}/{int(y.sum())}  "
            f"false positives {fp}/{int((y == 0).sum())}"
        )


def dump(model: dict[str, Any]) -> str:
    """The model as the text written to disk (stable key order, one line)."""
    return json.dumps(model, sort_keys=True, separators=(",", ":")) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Train, then write or check the model files; returns the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--check", action="store_true", help="compare with the committed models, write nothing")
    parser.add_argument("--cv", action="store_true", help="print cross-validated recall per rule")
    args = parser.parse_args(argv)
    status = 0
    data: dict[str, dict[str, Any]] = {}
    for rules, output in ((MODEL_RULES, OUTPUT), (RECEIVED_MODEL_RULES, RECEIVED_OUTPUT), ((), STACK_OUTPUT)):
        if not rules and not STACK:
            continue
        if args.cv and rules:
            cross_validate(rules)
        if rules:
            data["me" if rules == MODEL_RULES else "program"] = model = train(rules)
        else:
            model = train_stack(data)
        text = dump(model)
        if args.check:
            same = output.is_file() and output.read_text(encoding="utf-8") == text
            print(f"{output.name}: " + ("up to date" if same else "differs from the training corpus: retrain"))
            status = status or (0 if same else 1)
            continue
        output.write_text(text, encoding="utf-8")
        print(f"wrote {output.relative_to(ROOT)} ({len(text) // 1024} KiB)")
    return status


if __name__ == "__main__":
    sys.exit(main())
