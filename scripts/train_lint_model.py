"""Train the letter linter's sentence-intent model and write ``src/matchpilot/letters/lint_model.json``.

    .venv/bin/python scripts/train_lint_model.py            # train and write the model
    .venv/bin/python scripts/train_lint_model.py --check    # exit 1 when the committed model differs
    .venv/bin/python scripts/train_lint_model.py --cv       # also print 5-fold cross-validated recall

Reads only the training files of ``tests/letters_corpus`` (``training_2026_12.txt`` and ``tuning.txt``; never
the held-out or adversarial files) and cuts each message into sentences. A sentence is a positive example of a
rule when its message is one sentence long and expects the rule; it is a negative example when its message
expects none of the model's rules (compliant messages, first-choice claims, placeholders); rules a message
merely allows are left out. Features and scoring are those of :mod:`matchpilot.letters.intent`; the training is
deterministic (liblinear), so the same corpus always gives the same file.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer  # type: ignore[import-untyped]
from sklearn.linear_model import LogisticRegression  # type: ignore[import-untyped]
from sklearn.model_selection import StratifiedKFold, cross_val_predict  # type: ignore[import-untyped]
from sklearn.pipeline import make_pipeline  # type: ignore[import-untyped]

from matchpilot.letters.intent import MODEL_FORMAT, MODEL_RULES, analyse
from matchpilot.letters.lint import lint_patterns
from matchpilot.letters.text import Piece, sentences

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "letters_corpus"
TRAINING_FILES = ("training_2026_12.txt", "tuning.txt")
OUTPUT = ROOT / "src" / "matchpilot" / "letters" / "lint_model.json"
THRESHOLD = 0.5
FALSE_POSITIVE_BUDGET = 0.002
"""Each rule's threshold is raised until at most this share of negative sentences score above it, in 5-fold
cross-validation on the training sentences (never below ``THRESHOLD``)."""
C = 8.0
_HEADER = re.compile(r"^### (?P<id>\S+)\s*\|\s*(?P<rules>[^|]*?)\s*(?:\|\s*allow:\s*(?P<allow>.*?))?\s*$")


def _rules(text: str | None) -> frozenset[str]:
    if not text or text.strip() == "-":
        return frozenset()
    return frozenset(part.strip() for part in text.split(",") if part.strip())


def records(path: Path) -> list[tuple[str, frozenset[str], frozenset[str]]]:
    """``(text, expected, allowed)`` for every message of a corpus file."""
    out: list[tuple[str, frozenset[str], frozenset[str]]] = []
    header: re.Match[str] | None = None
    lines: list[str] = []
    for line in [*path.read_text(encoding="utf-8").splitlines(), "### end | -"]:
        match = _HEADER.match(line)
        if match:
            if header is not None:
                out.append(("\n".join(lines).strip("\n"), _rules(header["rules"]), _rules(header["allow"])))
            header, lines = match, []
        else:
            lines.append(line)
    return out


def examples() -> tuple[list[str], dict[str, list[int | None]]]:
    """The training sentences and, per rule, 1 / 0 / None (left out) for each."""
    texts: list[str] = []
    labels: dict[str, list[int | None]] = {rule: [] for rule in MODEL_RULES}
    for name in TRAINING_FILES:
        for text, expected, allowed in records(CORPUS / name):
            pieces = sentences(text)
            located = _locate(text, pieces) if len(pieces) > 1 and expected & set(MODEL_RULES) else None
            unlocated = set() if located is None else {r for r in expected if not any(r in f for f in located)}
            for k, piece in enumerate(pieces):
                texts.append(piece.text)
                for rule in MODEL_RULES:
                    if rule in allowed or rule in unlocated:
                        labels[rule].append(None)
                    elif located is None:
                        labels[rule].append(int(rule in expected))
                    elif rule in located[k]:
                        labels[rule].append(1 if rule in expected else None)
                    else:
                        labels[rule].append(0)
    return texts, labels


def _locate(text: str, pieces: list[Piece]) -> list[set[str]]:
    """Which rules the pattern linter finds in each sentence of a longer message (to label its sentences)."""
    found: list[set[str]] = [set() for _ in pieces]
    for finding in lint_patterns(text):
        for k, piece in enumerate(pieces):
            if finding.start < piece.end and piece.start < finding.end:
                found[k].add(finding.rule)
    return found


def _classifier() -> LogisticRegression:
    return LogisticRegression(C=C, class_weight="balanced", solver="liblinear", random_state=0)


def train() -> dict[str, Any]:
    """Fit the vectoriser and one classifier per rule; the model as JSON-ready data."""
    texts, labels = examples()
    vectoriser = TfidfVectorizer(analyzer=analyse, min_df=2, sublinear_tf=True, lowercase=False)
    matrix = vectoriser.fit_transform(texts)
    vocabulary = vectoriser.get_feature_names_out()
    coefs, intercepts = [], []
    for rule in MODEL_RULES:
        keep = [i for i, label in enumerate(labels[rule]) if label is not None]
        model = _classifier().fit(matrix[keep], np.array([labels[rule][i] for i in keep]))
        coefs.append(model.coef_[0])
        intercepts.append(round(float(model.intercept_[0]), 6))
    weights: dict[str, list[float]] = {}
    for j, gram in enumerate(vocabulary):
        row = [round(float(coef[j]), 4) for coef in coefs]
        if any(row):
            weights[str(gram)] = row
    return {
        "format": MODEL_FORMAT,
        "trained_on": list(TRAINING_FILES),
        "sentences": len(texts),
        "rules": list(MODEL_RULES),
        "intercepts": intercepts,
        "thresholds": [_threshold(texts, labels[rule]) for rule in MODEL_RULES],
        "idf": {str(gram): round(float(idf), 6) for gram, idf in zip(vocabulary, vectoriser.idf_, strict=True)},
        "weights": weights,
    }


def _cv_probabilities(texts: list[str], labels: list[int | None]) -> tuple[np.ndarray, np.ndarray]:
    keep = [i for i, label in enumerate(labels) if label is not None]
    x = np.array([texts[i] for i in keep], dtype=object)
    y = np.array([labels[i] for i in keep])
    vectoriser = TfidfVectorizer(analyzer=analyse, min_df=2, sublinear_tf=True, lowercase=False)
    pipeline = make_pipeline(vectoriser, _classifier())
    folds = StratifiedKFold(5, shuffle=True, random_state=0)
    return cross_val_predict(pipeline, x, y, cv=folds, method="predict_proba")[:, 1], y


def _threshold(texts: list[str], labels: list[int | None]) -> float:
    probabilities, y = _cv_probabilities(texts, labels)
    negatives = np.sort(probabilities[y == 0])[::-1]
    allowed = int(FALSE_POSITIVE_BUDGET * len(negatives))
    return round(max(THRESHOLD, float(negatives[allowed]) + 1e-4), 4)


def cross_validate() -> None:
    """Print 5-fold cross-validated recall and false-positive rate per rule (sentences, training files only)."""
    texts, labels = examples()
    for rule in MODEL_RULES:
        probabilities, y = _cv_probabilities(texts, labels[rule])
        threshold = _threshold(texts, labels[rule])
        predicted = (probabilities >= threshold).astype(int)
        tp = int(((predicted == 1) & (y == 1)).sum())
        fp = int(((predicted == 1) & (y == 0)).sum())
        print(
            f"{rule:<24} threshold {threshold:.3f} recall {tp}/{int(y.sum())}  "
            f"false positives {fp}/{int((y == 0).sum())}"
        )


def dump(model: dict[str, Any]) -> str:
    """The model as the text written to disk (stable key order, one line)."""
    return json.dumps(model, sort_keys=True, separators=(",", ":")) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Train, then write or check the model file; returns the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--check", action="store_true", help="compare with the committed model, write nothing")
    parser.add_argument("--cv", action="store_true", help="print cross-validated recall per rule")
    args = parser.parse_args(argv)
    if args.cv:
        cross_validate()
    text = dump(train())
    if args.check:
        same = OUTPUT.is_file() and OUTPUT.read_text(encoding="utf-8") == text
        print("model is up to date" if same else "model differs from the training corpus: retrain")
        return 0 if same else 1
    OUTPUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUTPUT.relative_to(ROOT)} ({len(text) // 1024} KiB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
