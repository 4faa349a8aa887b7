"""How well the letter linter holds on wording its models never saw: cross-validation by corpus file.

For each training file named (default: the newest files other engineers wrote by hand,
``heldout_2026_12_07f.txt``, ``heldout_2026_12_07f_others.txt`` and ``adversarial_2026_12_07f.txt``, which measured
the sixth and seventh linters on 2026-12-07 before they became training data of the eighth, and the ``07e`` files,
which measured the sixth), both sentence models are trained on every *other*
training file (``scripts/train_lint_model.py``), and the whole linter (patterns, models, cues) is measured on the
file left out, as ``benchmarks/lint_quality.py`` measures a held-out file. A file written by another author is the
nearest thing to the unseen wording the linter meets, so this is the estimate the model choices are made on; the
held-out and adversarial files of the corpus are never read here (only training files can be named).

    .venv/bin/python benchmarks/lint_generalisation.py
    .venv/bin/python benchmarks/lint_generalisation.py --leave-out training_2026_12.txt -v
    .venv/bin/python benchmarks/lint_generalisation.py --loso            # leave one hand-written set out
    .venv/bin/python benchmarks/lint_generalisation.py --loso --save /tmp/loso   # also keep each fold's models
    .venv/bin/python benchmarks/lint_generalisation.py --loso --load /tmp/loso   # re-measure kept models

**Leave one set out** (``--loso``, the model-selection criterion since the ninth linter): the seven blind sets
written by hand by other engineers (:data:`SETS`: ``07b``, ``07c``, ``07e``, ``07f``, ``07g``, ``07h``, ``07i``,
``07j`` since the twelfth linter, ``07k`` since the thirteenth, ``07l`` since the fourteenth, ``07m`` since the
fifteenth, ``07n`` since the sixteenth, ``07o`` since the seventeenth; each an applicants' file, a file of programs'
and mentors' messages and an adversarial file) are thirteen authors and rounds.
For each set both models are trained on every training file but that set's three, the whole linter is run on
them, and the fold reports recall per rule, recall over the error and warning rules, false alarms on compliant
messages (applicants' and others') and the adversarial violations found; then the mean and the minimum over the
folds. The patterns of ``lint.py`` were written partly from the misses of these sets, so the figures
flatter the patterns; they are the same for every model choice, which is what the criterion compares.
``--save DIR`` keeps each fold's two models (JSON) and ``--load DIR`` measures kept models again (a change of the
gates in ``lint.py`` or ``received.py`` needs no retraining).

Since the tenth linter each fold also fits the second stage (``train_lint_model.train_stack``: gradient-boosted
trees over each message's evidence, ``matchpilot.letters.stack``) on the fold's training files and models, kept
as ``<set>_stack.json`` with ``--save``. ``--no-stack`` measures the linter without it (the ninth linter's
method), ``--stack-gates`` which gates judge what it adds (``lint.STACK_GATES``), ``--stack-floor F`` a higher
lowest threshold for its boosters (measured without refitting them):

    .venv/bin/python benchmarks/lint_generalisation.py --loso --save /tmp/loso             # the tenth linter
    .venv/bin/python benchmarks/lint_generalisation.py --loso --load /tmp/loso --no-stack  # without the stage
    .venv/bin/python benchmarks/lint_generalisation.py --loso --load /tmp/loso --stack-gates none

Since the eleventh linter: ``--attribute`` says which stage (patterns, linear pass, second stage) raised each
fold's false alarms; ``--veto P`` (with ``--veto-patterns``) measures a precision gate from the second stage
(``lint.STACK_VETO``, off in the shipped linter) without refitting; ``--hard-weight W`` refits with the compliant
near-twins' own sentences weighed ``W`` times (``train_lint_model.HARD_NEGATIVE_WEIGHT``, 3 shipped), and
``--hard-messages yes|no`` whether the message-level model weighs the compliant twin messages too (yes shipped):

    .venv/bin/python benchmarks/lint_generalisation.py --loso --load /tmp/loso --attribute
    .venv/bin/python benchmarks/lint_generalisation.py --loso --save /tmp/loso1 --hard-weight 1 --hard-messages no

Since the fourteenth linter, ``benchmarks/lint_thresholds.py --load DIR`` re-measures the folds kept here with
thresholds raised, a veto or the precision check (``lint.PRECISION_CHECK``) set per rule, one row per setting with
each fold's false alarms, so a setting is judged by its worst fold.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import statistics
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

from matchpilot.letters import RULES, LintSeverity, intent, lint, received, stack

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = (
    "heldout_2026_12_07f.txt",
    "heldout_2026_12_07f_others.txt",
    "adversarial_2026_12_07f.txt",
    "heldout_2026_12_07e.txt",
    "heldout_2026_12_07e_others.txt",
    "adversarial_2026_12_07e.txt",
)


SETS: dict[str, tuple[str, str, str]] = {
    tag: (f"heldout_2026_12_{tag}.txt", f"heldout_2026_12_{tag}_others.txt", f"adversarial_2026_12_{tag}.txt")
    for tag in ("07b", "07c", "07e", "07f", "07g", "07h", "07i", "07j", "07k", "07l", "07m", "07n", "07o")
}
"""The thirteen blind sets written by hand by other engineers, each spent (training data) since it measured a linter:
an applicants' file, a file of programs' and mentors' messages, an adversarial file."""


def _load(name: str, path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def _graded(rule: str) -> bool:
    return RULES[rule].severity is not LintSeverity.INFO


def _fold(report: object) -> tuple[int, int, int, int]:
    """(error and warning findings found, expected, false alarms, compliant messages) of one file's report."""
    hits = sum(n for rule, n in report.hits.items() if _graded(rule))  # type: ignore[attr-defined]
    totals = sum(n for rule, n in report.totals.items() if _graded(rule))  # type: ignore[attr-defined]
    return hits, totals, len(report.false_alarms), report.compliant  # type: ignore[attr-defined]


def _models(
    train: ModuleType, files: tuple[str, ...], tag: str, save: Path | None, load: Path | None
) -> tuple[dict[str, intent.Model], dict[str, Any]]:
    """The fold's two models (and their data): trained on ``files``, or read from ``load``; written to ``save``
    when given."""
    data = {}
    for sender, rules in (("me", intent.MODEL_RULES), ("program", intent.RECEIVED_MODEL_RULES)):
        if load is not None:
            data[sender] = json.loads((load / f"{tag}_{sender}.json").read_text(encoding="utf-8"))
        else:
            data[sender] = train.train(rules, files)
        if save is not None:
            save.mkdir(parents=True, exist_ok=True)
            (save / f"{tag}_{sender}.json").write_text(train.dump(data[sender]), encoding="utf-8")
    models = {sender: intent.Model(model) for sender, model in data.items()}
    models["mentor"] = models["program"]
    return models, data


def _stackers(
    train: ModuleType,
    files: tuple[str, ...],
    tag: str,
    data: dict[str, Any],
    save: Path | None,
    load: Path | None,
    floor: float | None = 0.0,
) -> dict[str, stack.Stacker | None]:
    """The fold's second stage (None for every sender when the training script fits none or ``floor`` is None):
    trained on the fold's ``files`` and models ``data``, or read from ``load`` when kept there; written to
    ``save`` when given; each booster's threshold raised to ``floor`` at least (a candidate measured without
    refitting)."""
    if not train.STACK or floor is None:
        return dict.fromkeys(("me", "program", "mentor"))
    kept = load / f"{tag}_stack.json" if load is not None else None
    if kept is not None and kept.is_file():
        fitted = json.loads(kept.read_text(encoding="utf-8"))
    else:
        fitted = train.train_stack(data, files)
    if save is not None:
        save.mkdir(parents=True, exist_ok=True)
        (save / f"{tag}_stack.json").write_text(train.dump(fitted), encoding="utf-8")
    for part in ("me", "program"):
        for booster in fitted[part]["boosters"].values():
            booster["threshold"] = max(booster["threshold"], floor)
    return {
        "me": stack.Stacker(fitted["me"]),
        "program": stack.Stacker(fitted["program"]),
        "mentor": stack.Stacker(fitted["program"]),
    }


def stages(sample: Any) -> tuple[dict[str, str], int]:
    """Each rule reported on ``sample`` that it neither expects nor allows, with the first stage that reports it
    (``patterns`` when the patterns alone report it, else ``linear`` when the linear pass — patterns, linear models
    and their gates — does, else ``stack``), and how many such rules of the linear pass :data:`lint.STACK_VETO`
    removed."""
    ok = sample.expected | sample.allowed
    if sample.sender == "me":
        patterns = {f.rule for f in lint.lint_patterns(sample.text)}
        linear = {f.rule for f in lint._linear(sample.text)[0]}
        final = {f.rule for f in lint.lint_text(sample.text)}
    else:
        patterns = {f.rule for f in received.received_patterns(sample.text, sample.sender)}
        linear = {f.rule for f in received._linear(sample.text, sample.sender)[0]}
        final = {f.rule for f in received.lint_received(sample.text, sample.sender)}
    first = {rule: "patterns" if rule in patterns else "linear" if rule in linear else "stack" for rule in final - ok}
    return first, len((linear - ok) - final)


def attribute(samples: list[Any]) -> dict[str, int]:
    """Which stage raises the false alarms on the compliant messages of ``samples``: each rule reported that the
    message neither expects nor allows is counted once under its first stage (:func:`stages`); ``vetoed`` counts
    the unexpected rules the linear pass reported that :data:`lint.STACK_VETO` removed."""
    out = dict.fromkeys(("patterns", "linear", "stack", "vetoed"), 0)
    for sample in samples:
        if not sample.compliant:
            continue
        first, vetoed = stages(sample)
        for stage in first.values():
            out[stage] += 1
        out["vetoed"] += vetoed
    return out


Counts = tuple[int, int, int, int]
"""One file's violations found, violations, false alarms and compliant messages."""


def fold_summary(folds: list[tuple[Counts, Counts, Counts]]) -> dict[str, dict[str, float]]:
    """The mean and the worst over the folds (each: applicants', others' and adversarial counts) of each share:
    ``me``, ``others``, ``adv`` (recall; worst is the lowest) and their ``_fa`` (false alarms; worst is the
    highest)."""
    shares: dict[str, list[float]] = {"me": [], "me_fa": [], "others": [], "others_fa": [], "adv": [], "adv_fa": []}
    for me, others, adversarial in folds:
        for key, (a, b) in (
            ("me", me[:2]),
            ("me_fa", me[2:]),
            ("others", others[:2]),
            ("others_fa", others[2:]),
            ("adv", adversarial[:2]),
            ("adv_fa", adversarial[2:]),
        ):
            shares[key].append(a / b if b else 0.0)
    return {
        "mean": {k: statistics.mean(v) for k, v in shares.items()},
        "worst": {k: (max(v) if k.endswith("_fa") else min(v)) for k, v in shares.items()},
    }


def leave_one_set_out(
    train: ModuleType,
    quality: ModuleType,
    *,
    verbose: bool,
    save: Path | None = None,
    load: Path | None = None,
    tags: tuple[str, ...] = tuple(SETS),
    floor: float | None = 0.0,
    attribution: bool = False,
) -> str:
    """Run the leave-one-set-out cross-validation and return its report (per fold, then mean and minimum; with
    ``attribution``, which stage raised the false alarms of each fold, :func:`attribute`)."""
    original = intent.load_model
    stack_loaders = (lint.load_stacker, received.load_stacker)
    rows: list[tuple[str, tuple[int, int, int, int], tuple[int, int, int, int], tuple[int, int, int, int]]] = []
    per_rule: dict[str, list[tuple[int, int]]] = {}
    out: list[str] = []
    try:
        for tag in tags:
            left_out = SETS[tag]
            files = tuple(f for f in train.TRAINING_FILES if f not in left_out)
            models, data = _models(train, files, tag, save, load)
            stackers = _stackers(train, files, tag, data, save, load, floor)
            intent.load_model = lambda sender="me", models=models: models[sender]  # type: ignore[assignment]
            lint.load_stacker = received.load_stacker = lambda sender="me", s=stackers: s[sender]  # type: ignore[assignment]
            reports = [quality.evaluate(name, quality.load(Path(name).stem)) for name in left_out]
            if attribution:
                for name in left_out:
                    stages = attribute(quality.load(Path(name).stem))
                    out.append(f"false alarms by stage, {name}: " + ", ".join(f"{k} {v}" for k, v in stages.items()))
            for report in reports[:2]:
                for rule, total in report.totals.items():
                    if _graded(rule):
                        per_rule.setdefault(rule, []).append((report.hits.get(rule, 0), total))
            rows.append((tag, *(_fold(report) for report in reports)))  # type: ignore[arg-type]
            if verbose:
                out.extend(quality.render(report, verbose=True) for report in reports)
    finally:
        intent.load_model = original
        lint.load_stacker, received.load_stacker = stack_loaders
    out.append(
        f"{'set left out':<13}{'applicants':>18}{'false alarms':>15}{'others':>16}{'false alarms':>15}"
        f"{'adversarial':>14}{'false alarms':>14}"
    )

    def cell(found: int, total: int) -> str:
        return f"{found}/{total} {found / total if total else 0:.3f}"

    for tag, me, others, adversarial in rows:
        out.append(
            f"{tag:<13}{cell(me[0], me[1]):>18}{cell(me[2], me[3]):>15}{cell(others[0], others[1]):>16}"
            f"{cell(others[2], others[3]):>15}{cell(adversarial[0], adversarial[1]):>14}"
            f"{cell(adversarial[2], adversarial[3]):>14}"
        )
    for label, worst in fold_summary([(me, others, adversarial) for _, me, others, adversarial in rows]).items():
        out.append(
            f"{label:<13}{worst['me']:>18.3f}{worst['me_fa']:>15.3f}{worst['others']:>16.3f}"
            f"{worst['others_fa']:>15.3f}{worst['adv']:>14.3f}{worst['adv_fa']:>14.3f}"
        )
    pooled = {rule: (sum(h for h, _ in v), sum(t for _, t in v)) for rule, v in per_rule.items()}
    out.append("recall per rule over the folds (applicants' and others' files; min over folds):")
    for rule, (hits, total) in sorted(pooled.items()):
        low = min(h / t for h, t in per_rule[rule] if t)
        out.append(f"  {rule:<30}{hits:>5}/{total:<5}{hits / total:.3f}   min {low:.3f}")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    """Run the cross-validation by file or by set; returns 0 (the figures are reported, not gated)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--leave-out", action="append", help="training file(s) to leave out, one run each")
    parser.add_argument("--loso", action="store_true", help="leave each hand-written blind set out in turn")
    parser.add_argument("--set", action="append", choices=tuple(SETS), help="with --loso: only these sets")
    parser.add_argument("--save", type=Path, help="with --loso: keep each fold's models in this folder")
    parser.add_argument("--load", type=Path, help="with --loso: measure the models kept in this folder")
    parser.add_argument("-v", "--verbose", action="store_true", help="list every miss and unexpected finding")
    parser.add_argument("--no-stack", action="store_true", help="measure the linter without its second stage")
    parser.add_argument("--stack-floor", type=float, default=0.0, help="raise each booster's threshold to this")
    parser.add_argument(
        "--stack-gates", choices=("all", "policy", "none"), help="the gates of the second stage (lint.STACK_GATES)"
    )
    parser.add_argument(
        "--augment", action="store_true", help="add the sentences generated from the rule definitions to training"
    )
    parser.add_argument("--attribute", action="store_true", help="with --loso: which stage raised each false alarm")
    parser.add_argument(
        "--veto", type=float, help="the lowest stage probability for a rule only the linear models found (every rule)"
    )
    parser.add_argument("--veto-rule", action="append", default=[], help="RULE=P: the same for one rule")
    parser.add_argument("--veto-patterns", action="store_true", help="the veto also judges the patterns' rules")
    parser.add_argument(
        "--hard-weight", type=float, help="weight of compliant near-twins' own sentences in the sentence models' fit"
    )
    parser.add_argument(
        "--hard-messages", choices=("yes", "no"), help="whether the message-level model weighs compliant twins too"
    )
    parser.add_argument("--min-df", type=int, help="refit with n-grams in at least this many training texts")
    parser.add_argument("--tol", type=float, help="refit with this liblinear stopping tolerance")
    args = parser.parse_args(argv)
    if args.veto is not None:
        lint.STACK_VETO = dict.fromkeys(intent.MODEL_RULES, args.veto)
    for item in args.veto_rule:
        rule, _, value = item.partition("=")
        lint.STACK_VETO = {**lint.STACK_VETO, rule: float(value)}
    lint.STACK_VETO_PATTERNS = args.veto_patterns
    if args.stack_gates:
        lint.STACK_GATES = received.STACK_GATES = args.stack_gates
    floor = None if args.no_stack else args.stack_floor
    train = _load("train_lint_model", ROOT / "scripts" / "train_lint_model.py")
    train.AUGMENT = args.augment or train.AUGMENT
    if args.hard_weight is not None:
        train.HARD_NEGATIVE_WEIGHT = args.hard_weight
    if args.hard_messages is not None:
        train.HARD_MESSAGES = args.hard_messages == "yes"
    if args.min_df is not None:
        train.MIN_DF = args.min_df
    if args.tol is not None:
        train.TOL = args.tol
    quality = _load("lint_quality", ROOT / "benchmarks" / "lint_quality.py")
    if args.loso:
        tags = tuple(args.set or SETS)
        print(
            leave_one_set_out(
                train,
                quality,
                verbose=args.verbose,
                save=args.save,
                load=args.load,
                tags=tags,
                floor=floor,
                attribution=args.attribute,
            )
        )
        return 0
    names = tuple(args.leave_out or DEFAULT)
    unknown = [n for n in names if n not in train.TRAINING_FILES]
    if unknown:
        parser.error(f"not a training file: {', '.join(unknown)}")
    original = intent.load_model
    stack_loaders = (lint.load_stacker, received.load_stacker)
    try:
        for name in names:
            files = tuple(f for f in train.TRAINING_FILES if f != name)
            models, data = _models(train, files, Path(name).stem, None, None)
            stackers = _stackers(train, files, Path(name).stem, data, None, None, floor)
            intent.load_model = lambda sender="me", models=models: models[sender]  # type: ignore[assignment]
            lint.load_stacker = received.load_stacker = lambda sender="me", s=stackers: s[sender]  # type: ignore[assignment]
            report = quality.evaluate(name, quality.load(Path(name).stem))
            print(f"{name}: models trained without it on {', '.join(files)}")
            print(quality.render(report, verbose=args.verbose))
            print()
    finally:
        intent.load_model = original  # type: ignore[assignment]
        lint.load_stacker, received.load_stacker = stack_loaders
    return 0


if __name__ == "__main__":
    sys.exit(main())
