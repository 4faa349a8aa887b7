"""A non-linear second stage for the letter linter, measured by leaving one hand-written blind set out.

Candidate of issue 17's tenth pass: a small gradient-boosted model (scikit-learn
``HistGradientBoostingClassifier``, fixed ``random_state``) per rule over one message's *stacked* evidence: the
sentence model's highest score for every rule, the message-level model's score for every rule, the rule's second
highest and mean sentence score, the number of sentences and of question marks, and whether the patterns and the
whole linter report the rule. It is fitted on out-of-fold evidence (the training messages split into five groups;
each group's evidence comes from both linear models fitted on the other four groups, and the linter run with
them), so it learns how far to trust the linear models where they were not fitted. Each rule's threshold is the
one that keeps its cross-validated false positives within a budget of the negative messages.

For each blind set left out (the folds of ``benchmarks/lint_generalisation.py --loso``), the linear models are
trained on every other training file (or read from ``--load DIR``, kept by ``lint_generalisation.py --loso
--save DIR``), the stacker on their out-of-fold evidence, and the left-out set's three files are scored:

- ``linter``: the current linter alone (the baseline: exactly ``lint_generalisation.py --loso``'s figures);
- ``union@B``: the linter's findings plus every rule the stacker flags (budget ``B``);
- ``replace@B``: the stacker decides every rule the linear models score (the linter keeps placeholders and
  first-choice claims).

    .venv/bin/python benchmarks/lint_stacking.py --load /tmp/loso
    .venv/bin/python benchmarks/lint_stacking.py --load /tmp/loso --set 07h

It measures the candidate before it had gates (what it adds is not judged by the linear pass's gates, and the
program rules' boosters are not restricted to a program's messages); the shipped stage
(``matchpilot.letters.stack``, fitted by ``scripts/train_lint_model.py``) is measured by
``benchmarks/lint_generalisation.py --loso``. ``benchmarks/RESULTS.md`` has the figures and the decision.
"""

from __future__ import annotations

import argparse
import json
import math
import statistics
import sys
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np
from sklearn.ensemble import HistGradientBoostingClassifier  # type: ignore[import-untyped]
from sklearn.model_selection import KFold, cross_val_predict  # type: ignore[import-untyped]

from matchpilot.letters import RULES, LintSeverity, intent, lint, lint_received, lint_text, received
from matchpilot.letters.lint import lint_patterns
from matchpilot.letters.received import received_patterns
from matchpilot.letters.text import sentences

ROOT = Path(__file__).resolve().parent.parent
GROUPS = 5
BUDGETS = (0.005, 0.01, 0.02)
FLOOR = 0.5
Evidence = tuple[str, str, frozenset[str], frozenset[str]]
"""A message: its text, sender, expected and allowed rules."""


def _rules_of(sender: str) -> tuple[str, ...]:
    return intent.MODEL_RULES if sender == "me" else intent.RECEIVED_MODEL_RULES


def _own(sender: str, rule: str) -> bool:
    return RULES[rule].sender == sender


def features(text: str, sender: str, model: intent.Model) -> tuple[dict[str, list[float]], set[str]]:
    """Per rule of ``model``, the stacked evidence of one message (run with ``model`` as the linter's model), and
    the rules the linter reports."""
    rules = _rules_of(sender)
    pieces = sentences(text)
    scores = [model.scores(p.text, pieces[k - 1].text if k else None) for k, p in enumerate(pieces)]
    message = (
        model.message.scores(" ".join(p.text for p in pieces))
        if model.message is not None and pieces
        else dict.fromkeys(rules, 0.0)
    )
    found = {f.rule for f in (lint_text(text) if sender == "me" else lint_received(text, sender))}
    patterns = {f.rule for f in (lint_patterns(text) if sender == "me" else received_patterns(text, sender))}
    best = {rule: max((s[rule] for s in scores), default=0.0) for rule in rules}
    out: dict[str, list[float]] = {}
    for rule in rules:
        ordered = sorted((s[rule] for s in scores), reverse=True) or [0.0]
        out[rule] = [
            *(best[q] for q in rules),
            *(message[q] for q in rules),
            ordered[1] if len(ordered) > 1 else 0.0,
            statistics.fmean(ordered),
            math.log1p(len(pieces)),
            float(text.count("?")),
            float(rule in patterns),
            float(rule in found),
            float(bool(found & set(rules))),
        ]
    return out, found


def _messages(train: ModuleType, files: tuple[str, ...]) -> list[Evidence]:
    return [(text, sender, expected, allowed) for text, expected, allowed, sender in train._training_records(files)]


def _oof_models(train: ModuleType, files: tuple[str, ...], full: dict[str, intent.Model], data: dict[str, Any]):
    """For each of :data:`GROUPS` groups of the training messages (message ``i`` in group ``i % GROUPS``), both
    linear models fitted on the other groups (the full models' thresholds: a fold's own threshold search would
    cost five fits more)."""
    out: list[dict[str, intent.Model]] = [{} for _ in range(GROUPS)]
    records = list(train._training_records(files))
    sizes = [len(train._pieces(text)) for text, *_ in records]
    owner = np.repeat(np.arange(len(records)) % GROUPS, sizes)
    for sender, rules in (("me", intent.MODEL_RULES), ("program", intent.RECEIVED_MODEL_RULES)):
        texts, labels = train.examples(rules, train._guesser(data[sender]), files)
        assert len(texts) == len(owner)
        mtexts, mlabels = train.message_examples(rules, files)
        for g in range(GROUPS):
            keep = np.flatnonzero(owner != g)
            sub = [texts[i] for i in keep]
            model = train._fit(sub, {r: [labels[r][i] for i in keep] for r in rules}, rules, files, thresholds=False)
            mkeep = [i for i in range(len(records)) if i % GROUPS != g]
            message = train._fit(
                [mtexts[i] for i in mkeep],
                {r: [mlabels[r][i] for i in mkeep] for r in rules},
                rules,
                files,
                thresholds=False,
            )
            train._counts.cache_clear()  # each subset's counts are read once: keep memory flat
            message["thresholds"] = list(full[sender].message.thresholds) if full[sender].message else []
            for key in ("format", "trained_on"):
                message.pop(key, None)
            model["thresholds"] = list(full[sender].thresholds)
            model["message"] = message
            out[g][sender] = intent.Model(model)
    for g in range(GROUPS):
        out[g]["mentor"] = out[g]["program"]
    return out


def _with_models(models: dict[str, intent.Model], work: Callable[[], Any]) -> Any:
    """``work()`` with ``models`` as the linter's linear models and no second stage (the linter as it was)."""
    original = intent.load_model, lint.load_stacker, received.load_stacker
    intent.load_model = lambda sender="me", models=models: models[sender]  # type: ignore[assignment]
    lint.load_stacker = received.load_stacker = lambda sender="me": None  # type: ignore[assignment]
    try:
        return work()
    finally:
        intent.load_model, lint.load_stacker, received.load_stacker = original


def _classifier() -> HistGradientBoostingClassifier:
    return HistGradientBoostingClassifier(
        max_iter=150, max_depth=3, learning_rate=0.1, early_stopping=False, random_state=0
    )


def fit_stacker(messages: list[Evidence], oof: list[dict[str, intent.Model]]) -> dict[str, Any]:
    """Per rule: the fitted booster and its threshold for each budget of :data:`BUDGETS`."""
    rows: dict[str, list[list[float]]] = {}
    ys: dict[str, list[int]] = {}
    for i, (text, sender, expected, allowed) in enumerate(messages):
        models = oof[i % GROUPS]
        evidence, _ = _with_models(models, lambda: features(text, sender, models[sender]))  # noqa: B023
        for rule, row in evidence.items():
            if not _own(sender, rule) or rule in allowed:
                continue
            rows.setdefault(rule, []).append(row)
            ys.setdefault(rule, []).append(int(rule in expected))
    out: dict[str, Any] = {}
    for rule, x in rows.items():
        X, y = np.asarray(x), np.asarray(ys[rule])
        cv = cross_val_predict(_classifier(), X, y, cv=KFold(5, shuffle=True, random_state=0), method="predict_proba")
        negatives = np.sort(cv[y == 0, 1])[::-1]
        thresholds = {b: max(FLOOR, float(negatives[int(b * len(negatives))]) + 1e-4) for b in BUDGETS}
        out[rule] = (_classifier().fit(X, y), thresholds)
    return out


def _graded(rule: str) -> bool:
    return RULES[rule].severity is not LintSeverity.INFO


def measure(samples: list[Any], decided: list[set[str]]) -> tuple[int, int, int, int]:
    """(error and warning findings found, expected, false alarms, compliant) as ``lint_quality.evaluate`` counts."""
    hits = totals = alarms = compliant = 0
    for sample, found in zip(samples, decided, strict=True):
        for rule in sample.expected:
            if _graded(rule):
                totals += 1
                hits += rule in found
        if sample.compliant:
            compliant += 1
            alarms += bool(found - sample.expected - sample.allowed)
    return hits, totals, alarms, compliant


def main(argv: list[str] | None = None) -> int:
    """Leave each blind set out; print each variant's fold rows, mean and worst."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--load", type=Path, help="the folds' linear models kept by lint_generalisation --save")
    parser.add_argument("--set", action="append", help="only these sets")
    args = parser.parse_args(argv)
    import lint_generalisation as bench  # beside this script: its folds, its loader, its summary

    train = bench._load("train_lint_model", ROOT / "scripts" / "train_lint_model.py")
    quality = bench._load("lint_quality", ROOT / "benchmarks" / "lint_quality.py")
    tags = tuple(args.set or bench.SETS)
    table: dict[str, list[tuple[str, list[tuple[int, int, int, int]]]]] = {}
    for tag in tags:
        left_out = bench.SETS[tag]
        files = tuple(f for f in train.TRAINING_FILES if f not in left_out)
        data = {}
        for sender, rules in (("me", intent.MODEL_RULES), ("program", intent.RECEIVED_MODEL_RULES)):
            if args.load is not None:
                data[sender] = json.loads((args.load / f"{tag}_{sender}.json").read_text(encoding="utf-8"))
            else:
                data[sender] = train.train(rules, files)
        full = {sender: intent.Model(d) for sender, d in data.items()}
        full["mentor"] = full["program"]
        oof = _oof_models(train, files, full, data)
        stacker = fit_stacker(_messages(train, files), oof)
        variants: dict[str, list[tuple[int, int, int, int]]] = {}
        for name in left_out:
            samples = quality.load(Path(name).stem)
            evidence = [
                _with_models(full, lambda s=s, full=full: features(s.text, s.sender, full[s.sender])) for s in samples
            ]
            probs = [
                {rule: float(stacker[rule][0].predict_proba(np.asarray([row]))[0, 1]) for rule, row in ev.items()}
                for ev, _ in evidence
            ]
            decided: dict[str, list[set[str]]] = {"linter": [found for _, found in evidence]}
            for budget in BUDGETS:
                flagged = [{r for r, p in pr.items() if p >= stacker[r][1][budget]} for pr in probs]
                decided[f"union@{budget}"] = [found | f for (_, found), f in zip(evidence, flagged, strict=True)]
                decided[f"replace@{budget}"] = [
                    (found - set(_rules_of(s.sender))) | f
                    for s, (_, found), f in zip(samples, evidence, flagged, strict=True)
                ]
            for variant, sets in decided.items():
                variants.setdefault(variant, []).append(measure(samples, sets))
        for variant, cells in variants.items():
            table.setdefault(variant, []).append((tag, cells))
        print(f"fold {tag} done", file=sys.stderr, flush=True)
    for variant, rows in table.items():
        print(f"== {variant}")
        for tag, (me, others, adv) in rows:
            print(
                f"{tag:<6} applicants {me[0]}/{me[1]} {me[0] / me[1]:.3f} fa {me[2]}/{me[3]}  "
                f"others {others[0]}/{others[1]} {others[0] / others[1]:.3f} fa {others[2]}/{others[3]}  "
                f"adversarial {adv[0]}/{adv[1]} fa {adv[2]}/{adv[3]}"
            )
        for label, row in bench.fold_summary([(c[0], c[1], c[2]) for _, c in rows]).items():
            print(
                f"{label:<6} applicants {row['me']:.3f} fa {row['me_fa']:.3f}  others {row['others']:.3f} "
                f"fa {row['others_fa']:.3f}  adversarial {row['adv']:.3f} fa {row['adv_fa']:.3f}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
