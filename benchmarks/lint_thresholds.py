"""The letter linter's recall and false alarms over its decision thresholds, by leaving one blind set out.

Issue 17, thirteenth pass (the fourteenth linter): every left-out estimate of false alarms stood one or two points
under the next blind set's figure, so the thresholds are judged here by their **worst** fold, not their mean. For
each fold kept by ``benchmarks/lint_generalisation.py --loso --save DIR`` (both linear models and the second stage,
fitted without the fold's set), the linter is run on the fold's three files once per *setting*: a setting raises
thresholds (never lowers them) without refitting anything:

- ``sentence:RULE=T``: the sentence model's threshold for ``RULE`` (``all``: every applicant's rule) at least ``T``;
- ``message:RULE=T``: the message-level model's (which places a rule on the sentence scored highest for it);
- ``stack:RULE=T``: the second stage's booster's;
- ``received:RULE=T``: the model for programs' and mentors' messages (sentence level);
- ``veto:RULE=P`` (``veto+patterns:RULE=P``): a rule the linear models (and the patterns) found is kept only when
  the second stage gives it probability ``P`` at least (``lint.STACK_VETO``);
- ``precision:RULE=P``: the shipped precision check (``lint.PRECISION_CHECK``) for ``RULE`` at ``P``
  (``precision:none=0``: no precision check, the thirteenth linter);
- ``received-set:RULE=T``, ``received-message-set:RULE=T``, ``received-stack-set:RULE=T``: *set* (lower or raise)
  the threshold of the sentence model, message-level model or second stage for programs' and mentors' messages.

Several parts of one setting are joined by ``;``. The first row is always the shipped thresholds.

    .venv/bin/python benchmarks/lint_thresholds.py --load /tmp/loso --setting "sentence:all=0.7" \
        --setting "sentence:all=0.8" --setting "stack:all=0.8"

For each setting it prints the applicants' recall over the error and warning rules (pooled, mean and worst fold),
false alarms on compliant applicants' messages (pooled, mean and worst fold, and each fold's count), others'
recall and false alarms, the adversarial violations found, and the false alarms by rule (pooled). With
``--per-rule`` it also prints each rule's pooled recall and worst fold. Figures only: nothing is gated.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

from matchpilot.letters import intent, lint, received, stack

sys.path.insert(0, str(Path(__file__).resolve().parent))
import lint_generalisation as generalisation
import lint_quality as quality

_graded = generalisation._graded


Setting = list[tuple[str, str, float]]
"""(part, rule or ``all``, lowest threshold) triples."""


def parse_setting(text: str) -> Setting:
    """``"sentence:all=0.7;stack:ask-rank=0.8"`` as (part, rule, threshold) triples."""
    out: Setting = []
    for item in filter(None, (part.strip() for part in text.split(";"))):
        part, _, rest = item.partition(":")
        rule, _, value = rest.partition("=")
        if part not in ("sentence", "message", "stack", "received", "veto", "veto+patterns", "precision", *_OTHERS):
            raise ValueError(f"unknown part {part!r}")
        out.append((part, rule, float(value)))
    return out


_SHIPPED_PRECISION = dict(lint.PRECISION_CHECK)
_OTHERS = ("received-set", "received-message-set", "received-stack-set")
"""Parts that *set* (raise or lower) a threshold of the models for programs' and mentors' messages."""


class Fold:
    """One fold's kept models and second stage, with their shipped thresholds remembered."""

    def __init__(self, load: Path, tag: str) -> None:
        self.tag = tag
        data = {
            sender: json.loads((load / f"{tag}_{sender}.json").read_text(encoding="utf-8"))
            for sender in ("me", "program")
        }
        self.models: dict[str, intent.Model] = {sender: intent.Model(model) for sender, model in data.items()}
        self.models["mentor"] = self.models["program"]
        fitted = json.loads((load / f"{tag}_stack.json").read_text(encoding="utf-8"))
        self.stackers = {"me": stack.Stacker(fitted["me"]), "program": stack.Stacker(fitted["program"])}
        self.stackers["mentor"] = self.stackers["program"]
        self._sentence = {s: list(m.thresholds) for s, m in self.models.items()}
        self._message = {s: list(m.message.thresholds) if m.message else [] for s, m in self.models.items()}
        self._stack = {s: {r: b.threshold for r, b in st.boosters.items()} for s, st in self.stackers.items()}

    def apply(self, setting: Setting) -> None:
        """Reset the shipped thresholds, then raise those ``setting`` names."""
        for sender, model in self.models.items():
            model.thresholds = list(self._sentence[sender])
            if model.message is not None:
                model.message.thresholds = list(self._message[sender])
        for sender, stacker in self.stackers.items():
            for rule, booster in stacker.boosters.items():
                booster.threshold = self._stack[sender][rule]
        lint.STACK_VETO, lint.STACK_VETO_PATTERNS = {}, False
        lint.PRECISION_CHECK = dict(_SHIPPED_PRECISION)
        for part, rule, value in setting:
            if part == "precision":
                if rule == "none":
                    lint.PRECISION_CHECK = {}
                else:
                    lint.PRECISION_CHECK = {**lint.PRECISION_CHECK, rule: value}
                continue
            if part.startswith("veto"):
                # a precision check by the second stage: the rule found by the linear models (and, with
                # "+patterns", by the patterns) is kept only when the stage's probability reaches ``value``
                rules = intent.MODEL_RULES if rule == "all" else (rule,)
                lint.STACK_VETO = {**lint.STACK_VETO, **dict.fromkeys(rules, value)}
                lint.STACK_VETO_PATTERNS = lint.STACK_VETO_PATTERNS or part == "veto+patterns"
                continue
            if part in _OTHERS:
                model = self.models["program"]
                if part == "received-set":
                    model.thresholds = [
                        value if rule in ("all", r) else t for r, t in zip(model.rules, model.thresholds, strict=True)
                    ]
                elif part == "received-message-set" and model.message is not None:
                    model.message.thresholds = [
                        value if rule in ("all", r) else t
                        for r, t in zip(model.message.rules, model.message.thresholds, strict=True)
                    ]
                else:
                    for r, booster in self.stackers["program"].boosters.items():
                        if rule in ("all", r):
                            booster.threshold = value
                continue
            sender = "program" if part == "received" else "me"
            model = self.models[sender]
            if part in ("sentence", "received"):
                model.thresholds = [
                    max(t, value) if rule in ("all", r) else t
                    for r, t in zip(model.rules, model.thresholds, strict=True)
                ]
            elif part == "message" and model.message is not None:
                model.message.thresholds = [
                    max(t, value) if rule in ("all", r) else t
                    for r, t in zip(model.message.rules, model.message.thresholds, strict=True)
                ]
            elif part == "stack":
                for r, booster in self.stackers["me"].boosters.items():
                    if rule in ("all", r):
                        booster.threshold = max(booster.threshold, value)


def measure(
    folds: list[Fold],
    quality: ModuleType,
    sets: dict[str, tuple[str, str, str]],
    generalisation: ModuleType | None = None,
) -> dict[str, Any]:
    """Run the linter on every fold's three files with the fold's models as they are now (with
    ``generalisation``, also which stage raised each false alarm, by rule: ``lint_generalisation.attribute``)."""
    original = intent.load_model
    stack_loaders = (lint.load_stacker, received.load_stacker)
    rows = []
    fa_rules: dict[str, int] = {}
    per_rule: dict[str, list[tuple[int, int]]] = {}
    stages: dict[str, dict[str, int]] = {}
    try:
        for fold in folds:
            intent.load_model = lambda sender="me", m=fold.models: m[sender]  # type: ignore[assignment]
            lint.load_stacker = received.load_stacker = lambda sender="me", s=fold.stackers: s[sender]  # type: ignore[assignment]
            reports = [quality.evaluate(name, quality.load(Path(name).stem)) for name in sets[fold.tag]]
            counts = []
            for k, report in enumerate(reports):
                hits = sum(n for r, n in report.hits.items() if _graded(r))
                totals = sum(n for r, n in report.totals.items() if _graded(r))
                counts.append((hits, totals, len(report.false_alarms), report.compliant))
                if k < 2:
                    for _, unexpected in report.false_alarms:
                        for rule in unexpected:
                            fa_rules[rule] = fa_rules.get(rule, 0) + 1
                    for rule, total in report.totals.items():
                        if _graded(rule):
                            per_rule.setdefault(rule, []).append((report.hits.get(rule, 0), total))
            rows.append((fold.tag, *counts))
            if generalisation is not None:
                for name in sets[fold.tag][:2]:
                    for sample in quality.load(Path(name).stem):
                        if not sample.compliant:
                            continue
                        for rule, stage in generalisation.stages(sample)[0].items():
                            stages.setdefault(rule, {}).setdefault(stage, 0)
                            stages[rule][stage] += 1
    finally:
        intent.load_model = original  # type: ignore[assignment]
        lint.load_stacker, received.load_stacker = stack_loaders
    return {"rows": rows, "fa_rules": fa_rules, "per_rule": per_rule, "stages": stages}


def summary(result: dict[str, Any]) -> str:
    """One line: applicants' recall, false alarms, others', adversarial."""
    rows = result["rows"]

    def share(k: int, a: int, b: int) -> list[float]:
        return [r[k][a] / r[k][b] if r[k][b] else 0.0 for r in rows]

    def pooled(k: int, a: int) -> int:
        return sum(int(r[k][a]) for r in rows)

    me, me_fa = share(1, 0, 1), share(1, 2, 3)
    others, others_fa, adv = share(2, 0, 1), share(2, 2, 3), share(3, 0, 1)
    return (
        f"applicants {pooled(1, 0)}/{pooled(1, 1)} mean {sum(me) / len(me):.3f} worst {min(me):.3f} | "
        f"false alarms {pooled(1, 2)}/{pooled(1, 3)} mean {100 * sum(me_fa) / len(me_fa):.1f}% "
        f"worst {100 * max(me_fa):.1f}% [{' '.join(str(r[1][2]) for r in rows)}] | "
        f"others {pooled(2, 0)}/{pooled(2, 1)} mean {sum(others) / len(others):.3f} "
        f"fa {pooled(2, 2)}/{pooled(2, 3)} worst {100 * max(others_fa):.1f}% | "
        f"adversarial {pooled(3, 0)}/{pooled(3, 1)} mean {sum(adv) / len(adv):.3f} "
        f"fa {pooled(3, 2)}/{pooled(3, 3)}"
    )


def main(argv: list[str] | None = None) -> int:
    """Print one line per setting; returns 0 (figures are reported, not gated)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--load", type=Path, required=True, help="the folds kept by lint_generalisation --save")
    parser.add_argument("--set", action="append", help="only these folds")
    parser.add_argument("--setting", action="append", default=[], help="thresholds to raise (see the docstring)")
    parser.add_argument("--per-rule", action="store_true", help="also each rule's pooled recall and worst fold")
    parser.add_argument("--attribute", action="store_true", help="for the first row, which stage raised each")
    args = parser.parse_args(argv)
    sets: dict[str, tuple[str, str, str]] = generalisation.SETS
    folds = [Fold(args.load, tag) for tag in (args.set or sets)]
    print("folds: " + " ".join(fold.tag for fold in folds))
    for text in ["", *args.setting]:
        setting = parse_setting(text)
        for fold in folds:
            fold.apply(setting)
        result = measure(folds, quality, sets, generalisation if args.attribute and not text else None)
        print(f"{text or 'shipped thresholds'}: {summary(result)}")
        fa = ", ".join(f"{rule} {n}" for rule, n in sorted(result["fa_rules"].items()))
        print(f"    false alarms by rule: {fa or 'none'}")
        for rule, by_stage in sorted(result["stages"].items()):
            print(f"    {rule}: " + ", ".join(f"{stage} {n}" for stage, n in sorted(by_stage.items())))
        if args.per_rule:
            for rule, pairs in sorted(result["per_rule"].items()):
                hits, total = sum(h for h, _ in pairs), sum(t for _, t in pairs)
                low = min(h / t for h, t in pairs if t)
                print(f"    {rule:<30}{hits:>5}/{total:<5}{hits / total:.3f}   min {low:.3f}")
        sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
