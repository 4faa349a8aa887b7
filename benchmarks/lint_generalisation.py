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
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
from pathlib import Path
from types import ModuleType

from matchpilot.letters import intent

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = (
    "heldout_2026_12_07f.txt",
    "heldout_2026_12_07f_others.txt",
    "adversarial_2026_12_07f.txt",
    "heldout_2026_12_07e.txt",
    "heldout_2026_12_07e_others.txt",
    "adversarial_2026_12_07e.txt",
)


def _load(name: str, path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def main(argv: list[str] | None = None) -> int:
    """Run the cross-validation by file; returns 0 (the figures are reported, not gated)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--leave-out", action="append", help="training file(s) to leave out, one run each")
    parser.add_argument("-v", "--verbose", action="store_true", help="list every miss and unexpected finding")
    args = parser.parse_args(argv)
    train = _load("train_lint_model", ROOT / "scripts" / "train_lint_model.py")
    quality = _load("lint_quality", ROOT / "benchmarks" / "lint_quality.py")
    names = tuple(args.leave_out or DEFAULT)
    unknown = [n for n in names if n not in train.TRAINING_FILES]
    if unknown:
        parser.error(f"not a training file: {', '.join(unknown)}")
    original = intent.load_model
    try:
        for name in names:
            files = tuple(f for f in train.TRAINING_FILES if f != name)
            models = {
                "me": intent.Model(train.train(intent.MODEL_RULES, files)),
                "program": intent.Model(train.train(intent.RECEIVED_MODEL_RULES, files)),
            }
            models["mentor"] = models["program"]
            intent.load_model = lambda sender="me", models=models: models[sender]  # type: ignore[assignment]
            report = quality.evaluate(name, quality.load(Path(name).stem))
            print(f"{name}: models trained without it on {', '.join(files)}")
            print(quality.render(report, verbose=args.verbose))
            print()
    finally:
        intent.load_model = original  # type: ignore[assignment]
    return 0


if __name__ == "__main__":
    sys.exit(main())
