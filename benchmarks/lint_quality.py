"""Quality of the letter linter on the labelled corpus in ``tests/letters_corpus``.

Reads every ``*.txt`` file of the corpus folder and classes each by the table in the folder's README (a row's
file may be a pattern such as ``heldout_2026_12*.txt``): ``training`` and ``tuning`` (used to build the linter),
``heldout`` (never tuned on), ``adversarial`` (written to escape the linter; reported, not gated); a file the
table does not list is reported as ``unlisted``. For each file it prints the date the file was written relative
to the linter it measures (both read from the README), the recall of every text rule, the false-alarm rate on
compliant messages, and the time per message; then the targets: recall >= 0.95 on error and warning rules,
recall 1.0 on every error rule (issue 5; issue 17 asks >= 0.95 on unseen wording), false alarms on <= 3% of
compliant messages.

    .venv/bin/python benchmarks/lint_quality.py            # every file, summary
    .venv/bin/python benchmarks/lint_quality.py -v         # also every miss and false alarm
    .venv/bin/python benchmarks/lint_quality.py --file heldout
    .venv/bin/python benchmarks/lint_quality.py --class training --class tuning   # never opens a held-out file

Held-out files that measured one linter are classed ``training`` afterwards (the README says which and when);
the held-out measure of the ninth linter is ``heldout_2026_12_07h*.txt`` (and ``adversarial_2026_12_07h.txt``,
``adversarial.txt``), and any new ``heldout*.txt`` or ``adversarial_*.txt`` file is classed held out or adversarial
by the README's pattern rows. How the linter holds on a file its models never saw is estimated by
``benchmarks/lint_generalisation.py`` (cross-validation by file, or ``--loso`` by hand-written blind set).

Exit status 0 when every target is met on the training, tuning and held-out files read, 1 otherwise (the
adversarial and unlisted files are reported, not gated).
"""

from __future__ import annotations

import argparse
import fnmatch
import re
import statistics
import sys
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from matchpilot.letters import RECEIVED_RULES, RULES, SENDERS, TEXT_RULES, LintSeverity, lint_received, lint_text

CORPUS_DIR = Path(__file__).resolve().parent.parent / "tests" / "letters_corpus"
FILES = ("tuning", "heldout", "adversarial")
"""The corpus files of the first linter (the benchmark reads every file of the folder; see :func:`corpus_files`)."""
GATED_CLASSES = ("training", "tuning", "heldout")
"""Classes of files whose targets decide the exit status; ``adversarial`` and unlisted files are reported only."""
GATED = ("tuning", "heldout")
RECALL_TARGET = 0.95
ERROR_RECALL_TARGET = 1.0
FALSE_ALARM_TARGET = 0.03

_HEADER = re.compile(r"^### (?P<id>\S+)\s*\|\s*(?P<rules>[^|]*?)\s*(?P<rest>(?:\|.*)?)$")
_FIELD = re.compile(r"\|\s*(?P<key>allow|from):\s*(?P<value>[^|]*?)\s*(?=\||$)")
LINTED_RULES: tuple[str, ...] = TEXT_RULES + tuple(rule for rules in RECEIVED_RULES.values() for rule in rules)
"""Every rule a corpus may expect: the applicant's text rules and the rules for messages from others."""


@dataclass(frozen=True)
class Sample:
    """One labelled message: the rules it must trigger and those it may trigger."""

    id: str
    text: str
    expected: frozenset[str]
    allowed: frozenset[str]
    sender: str = "me"

    @property
    def compliant(self) -> bool:
        """True when no error or warning rule is expected."""
        return all(RULES[rule].severity is LintSeverity.INFO for rule in self.expected)


def _rules(text: str | None) -> frozenset[str]:
    if not text or text.strip() == "-":
        return frozenset()
    rules = frozenset(part.strip() for part in text.split(",") if part.strip())
    unknown = rules - set(LINTED_RULES)
    if unknown:
        raise ValueError(f"unknown rule ids in the corpus: {sorted(unknown)}")
    return rules


def parse_corpus(text: str) -> list[Sample]:
    """Read a corpus file (see ``tests/letters_corpus/README.md``) into samples."""
    samples: list[Sample] = []
    current: re.Match[str] | None = None
    lines: list[str] = []

    def close() -> None:
        if current is not None:
            body = "\n".join(lines).strip("\n")
            fields = {m["key"]: m["value"] for m in _FIELD.finditer(current["rest"])}
            expected, allowed = _rules(current["rules"]), _rules(fields.get("allow"))
            senders = {RULES[rule].sender for rule in expected | allowed} - {"me"}
            sender = fields.get("from") or (senders.pop() if len(senders) == 1 else "me")
            if sender not in SENDERS:
                raise ValueError(f"unknown sender {sender!r} in the corpus (use {', '.join(SENDERS)})")
            samples.append(Sample(current["id"], body, expected, allowed, sender))

    for line in text.splitlines():
        header = _HEADER.match(line)
        if header:
            close()
            current, lines = header, []
        elif current is not None:
            lines.append(line)
    close()
    ids = [s.id for s in samples]
    if len(ids) != len(set(ids)):
        raise ValueError("duplicate sample ids in the corpus")
    return samples


def load(name: str) -> list[Sample]:
    """The samples of ``tests/letters_corpus/<name>.txt``."""
    return parse_corpus((CORPUS_DIR / f"{name}.txt").read_text(encoding="utf-8"))


_ROW = re.compile(r"^\|\s*`(?P<file>[^`]+)`\s*\|\s*(?P<cls>\w+)\s*\|\s*(?P<written>\d{4}-\d{2}-\d{2})\s*\|")
_LINTER = re.compile(r"^Linter measured:\s*(?P<day>\d{4}-\d{2}-\d{2})", re.MULTILINE)


@dataclass(frozen=True)
class CorpusFile:
    """A corpus file with its class and the day it was written (from the README table; None when unlisted)."""

    path: Path
    cls: str
    written: date | None

    @property
    def name(self) -> str:
        """The file name without ``.txt``."""
        return self.path.stem


def read_table(readme: str) -> tuple[list[tuple[str, str, date]], date | None]:
    """The README's rows ``(file pattern, class, written)`` and the day of the linter measured."""
    rows = [
        (m["file"], m["cls"], date.fromisoformat(m["written"]))
        for line in readme.splitlines()
        if (m := _ROW.match(line))
    ]
    linter = _LINTER.search(readme)
    return rows, date.fromisoformat(linter["day"]) if linter else None


def corpus_files(folder: Path = CORPUS_DIR) -> tuple[list[CorpusFile], date | None]:
    """Every ``*.txt`` file of ``folder``, classed by the README table (first matching row), sorted by name."""
    rows, linter = read_table((folder / "README.md").read_text(encoding="utf-8"))
    out: list[CorpusFile] = []
    for path in sorted(folder.glob("*.txt")):
        match = next(((cls, written) for pattern, cls, written in rows if fnmatch.fnmatch(path.name, pattern)), None)
        out.append(CorpusFile(path, match[0], match[1]) if match else CorpusFile(path, "unlisted", None))
    return out, linter


def relative(written: date | None, linter: date | None) -> str:
    """When a file was written relative to the linter it measures, in words."""
    if written is None or linter is None:
        return "date not in the README table"
    days = (linter - written).days
    if days == 0:
        return f"written {written}, the same day as the linter it measures ({linter})"
    side = "before" if days > 0 else "after"
    return f"written {written}, {abs(days)} day{'s' if abs(days) != 1 else ''} {side} the linter it measures ({linter})"


@dataclass
class Report:
    """Per-rule recall and the false alarms of one corpus file."""

    name: str
    samples: int = 0
    compliant: int = 0
    false_alarms: list[tuple[str, list[str]]] = field(default_factory=list)
    hits: dict[str, int] = field(default_factory=dict)
    totals: dict[str, int] = field(default_factory=dict)
    misses: list[tuple[str, str]] = field(default_factory=list)
    extras: list[tuple[str, str]] = field(default_factory=list)
    ms_per_message: float = 0.0

    def recall(self, rule: str) -> float | None:
        """Share of the messages expecting ``rule`` on which it was found (None when none expects it)."""
        total = self.totals.get(rule, 0)
        return self.hits.get(rule, 0) / total if total else None

    @property
    def false_alarm_rate(self) -> float:
        """Share of compliant messages with any finding they neither expect nor allow."""
        return len(self.false_alarms) / self.compliant if self.compliant else 0.0

    def failures(self) -> list[str]:
        """The targets this file misses, in words (empty when all are met)."""
        out: list[str] = []
        for rule in LINTED_RULES:
            recall = self.recall(rule)
            severity = RULES[rule].severity
            if recall is None or severity is LintSeverity.INFO:
                continue
            target = ERROR_RECALL_TARGET if severity is LintSeverity.ERROR else RECALL_TARGET
            if recall < target:
                out.append(f"{rule} recall {recall:.3f} < {target}")
        if self.false_alarm_rate > FALSE_ALARM_TARGET:
            out.append(f"false alarms {self.false_alarm_rate:.3f} > {FALSE_ALARM_TARGET}")
        return out


def evaluate(name: str, samples: list[Sample]) -> Report:
    """Lint every sample and count hits, misses and false alarms."""
    report = Report(name, samples=len(samples))
    times: list[float] = []
    for sample in samples:
        began = time.perf_counter()
        findings = lint_text(sample.text) if sample.sender == "me" else lint_received(sample.text, sample.sender)
        times.append((time.perf_counter() - began) * 1000)
        found = {finding.rule for finding in findings}
        for rule in sample.expected:
            report.totals[rule] = report.totals.get(rule, 0) + 1
            if rule in found:
                report.hits[rule] = report.hits.get(rule, 0) + 1
            else:
                report.misses.append((sample.id, rule))
        unexpected = sorted(found - sample.expected - sample.allowed)
        for rule in unexpected:
            report.extras.append((sample.id, rule))
        if sample.compliant:
            report.compliant += 1
            if unexpected:
                report.false_alarms.append((sample.id, unexpected))
    report.ms_per_message = statistics.mean(times) if times else 0.0
    return report


def render(report: Report, *, verbose: bool) -> str:
    """The report as text."""
    lines = [f"== {report.name}: {report.samples} messages, {report.compliant} compliant"]
    lines.append(f"{'rule':<28}{'severity':<10}{'found':>7}{'of':>5}{'recall':>9}")
    for rule in TEXT_RULES + tuple(r for r in LINTED_RULES if r not in TEXT_RULES and r in report.totals):
        recall = report.recall(rule)
        shown = "-" if recall is None else f"{recall:.3f}"
        lines.append(
            f"{rule:<28}{RULES[rule].severity.value:<10}{report.hits.get(rule, 0):>7}{report.totals.get(rule, 0):>5}"
            f"{shown:>9}"
        )
    lines.append(
        f"false alarms on compliant messages: {len(report.false_alarms)} of {report.compliant} "
        f"({report.false_alarm_rate:.1%})"
    )
    lines.append(f"unexpected findings on any message: {len(report.extras)}")
    lines.append(f"time: {report.ms_per_message:.2f} ms per message (mean)")
    failures = report.failures()
    lines.append("targets: met" if not failures else "targets MISSED: " + "; ".join(failures))
    if verbose:
        for sample_id, rule in report.misses:
            lines.append(f"  miss   {sample_id}: {rule}")
        for sample_id, rule in report.extras:
            lines.append(f"  extra  {sample_id}: {rule}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; returns the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--file", action="append", help="corpus file(s) to read, by name without .txt (default: all)")
    parser.add_argument(
        "--class", dest="classes", action="append", help="read only the files of this class (training, tuning, ...)"
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="list every miss and unexpected finding")
    args = parser.parse_args(argv)
    files, linter = corpus_files()
    if args.file:
        unknown = set(args.file) - {f.name for f in files}
        if unknown:
            parser.error(f"no corpus file named {', '.join(sorted(unknown))}")
        files = [f for f in files if f.name in args.file]
    if args.classes:
        files = [f for f in files if f.cls in args.classes]
    if not files:
        parser.error("no corpus file is left to read")
    load(files[0].name)  # warm the model once so the first file's timing is a message's, not the loading's
    lint_text("Warm up.")
    ok = True
    for corpus in files:
        report = evaluate(corpus.name, load(corpus.name))
        gated = corpus.cls in GATED_CLASSES
        print(
            f"{corpus.path.name}: class {corpus.cls} ({'gated' if gated else 'reported, not gated'}); "
            f"{relative(corpus.written, linter)}"
        )
        print(render(report, verbose=args.verbose))
        print()
        if gated:
            ok = ok and not report.failures()
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
