"""CPU time per message of the letter linter, with and without the field detector of the twelfth linter.

Lints every message of the corpus files named (default: the ``07g`` applicants' and others' files, 454 messages)
with :func:`matchpilot.letters.lint_text` or :func:`matchpilot.letters.lint_received`, three rounds, each round
once without the field detector (``lint._field_spans`` emptied) and once with it, alternated so a shared machine's
load falls on both alike; prints the median CPU time per message (``time.process_time``) of each:

    .venv/bin/python benchmarks/lint_speed.py
    .venv/bin/python benchmarks/lint_speed.py --file heldout_2026_12_07j --rounds 5
    .venv/bin/python benchmarks/lint_speed.py --windows   # with and without the pairs of the sixteenth linter

``--windows`` compares the linter with and without its reading of adjacent sentence pairs (``lint.WINDOW_RULES``)
instead of the field detector.
"""

from __future__ import annotations

import argparse
import importlib.util
import statistics
import sys
import time
from pathlib import Path
from typing import Any

from matchpilot.letters import lint, lint_received, lint_text

ROOT = Path(__file__).resolve().parent.parent


def _records(name: str) -> list[tuple[str, str]]:
    spec = importlib.util.spec_from_file_location("train_lint_model_speed", ROOT / "scripts" / "train_lint_model.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return [(text, sender) for text, _, _, sender in module.records(ROOT / "tests" / "letters_corpus" / f"{name}.txt")]


def _round(messages: list[tuple[str, str]]) -> float:
    start = time.process_time()
    for text, sender in messages:
        if sender == "me":
            lint_text(text)
        else:
            lint_received(text, sender)
    return (time.process_time() - start) / len(messages) * 1000


def main(argv: list[str] | None = None) -> int:
    """Time the linter; returns 0 (the figures are reported, not gated)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--file", action="append", help="corpus file(s), by name without .txt")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--windows", action="store_true", help="time the sentence pairs instead of the fields")
    args = parser.parse_args(argv)
    names = args.file or ["heldout_2026_12_07g", "heldout_2026_12_07g_others"]
    messages = [record for name in names for record in _records(name)]
    name, part = ("WINDOW_RULES", "the sentence pairs") if args.windows else ("_field_spans", "the field detector")
    shipped = getattr(lint, name)
    _round(messages[:20])  # load the models once
    times: dict[str, list[float]] = {"without": [], "with": []}
    variants: dict[str, Any] = {"without": () if args.windows else lambda text: [], "with": shipped}
    try:
        for _ in range(args.rounds):
            for label, value in variants.items():
                setattr(lint, name, value)
                times[label].append(_round(messages))
    finally:
        setattr(lint, name, shipped)
    for label, values in times.items():
        print(
            f"{label} {part}: {len(messages)} messages, {statistics.median(values):.2f} ms of CPU per "
            f"message (median of {args.rounds}: {', '.join(f'{v:.2f}' for v in values)})"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
