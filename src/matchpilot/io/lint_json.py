"""The formats of the letter linter: the ``matchpilot.lint-result/1`` document that ``matchpilot letters lint
--json`` and the API's ``POST /api/v1/letters/lint`` both write, one finding as JSON, and the context file the
linter reads (``matchpilot.letters-context/1``, :func:`parse_context`; see docs/letters.md).

The document (see docs/letters.md)::

    {"format": "matchpilot.lint-result/1",
     "files": [{"path": "thanks-lakeview.txt",
                "findings": [{"rule": "ask-rank", "severity": "error", "start": 212, "end": 268,
                              "message": "...", "suggestion": "..."}]}],
     "findings": [...every file's findings, in file order...],
     "errors": 1}

``format`` and ``files`` (each with ``path`` and ``findings``) are the contract; the top-level ``findings`` and
``errors`` (how many findings are errors) are optional keys added so that one message (the API's case) reads
without walking ``files``. The findings are the core's values (:class:`matchpilot.letters.Finding`); this module only
writes them.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from matchpilot.domain.issues import Issue, Severity
from matchpilot.io.format_names import CONTEXT_FORMAT, LINT_RESULT_FORMAT

if TYPE_CHECKING:
    from matchpilot.letters.context import LintContext
    from matchpilot.letters.findings import Finding

__all__ = ["CONTEXT_FORMAT", "LINT_RESULT_FORMAT", "finding_to_dict", "lint_result_to_dict", "parse_context"]


def finding_to_dict(finding: Finding) -> dict[str, Any]:
    """One finding as in the ``matchpilot.lint-result/1`` document: ``rule``, ``severity``, ``start``, ``end``
    (character offsets into the text), ``message`` and ``suggestion`` (null when there is none)."""
    return {
        "rule": finding.rule,
        "severity": finding.severity.value,
        "start": finding.start,
        "end": finding.end,
        "message": finding.message,
        "suggestion": finding.suggestion,
    }


def lint_result_to_dict(files: Sequence[tuple[str, Sequence[Finding]]]) -> dict[str, Any]:
    """The ``matchpilot.lint-result/1`` document of ``files`` (each a name and its findings, in text order):
    per file its ``path`` and ``findings``; then every finding, in file order, and how many are errors."""
    entries = [
        {"path": name, "findings": [finding_to_dict(finding) for finding in findings]} for name, findings in files
    ]
    return {
        "format": LINT_RESULT_FORMAT,
        "files": entries,
        "findings": [finding for entry in entries for finding in entry["findings"]],
        "errors": sum(1 for _, findings in files for finding in findings if finding.is_error),
    }


_TOP_KEYS = frozenset(
    {"format", "today", "messages", "interviews", "rank_list", "rank_list_certified_on", "soap", "drafts", "sheet"}
)
_SHEET_KEYS = frozenset({"program", "visa_j1", "visa_h1b", "step3_for_h1b", "source", "checked_on"})


class _Reader:
    """Collects issues while reading the JSON values, each named by where it is."""

    def __init__(self) -> None:
        self.issues: list[Issue] = []

    def bad(self, where: str, problem: str) -> None:
        self.issues.append(Issue("bad-value", Severity.ERROR, problem, where))

    def mapping(
        self, value: object, where: str, keys: frozenset[str], required: tuple[str, ...] = ()
    ) -> dict[str, Any] | None:
        if not isinstance(value, dict):
            self.bad(where, "must be an object")
            return None
        for key in value:
            if key not in keys:
                self.issues.append(Issue("unknown-key", Severity.ERROR, f"unknown key {key!r}", _join(where, key)))
        for key in required:
            if value.get(key) is None:
                self.issues.append(Issue("missing-value", Severity.ERROR, "a value is required", _join(where, key)))
        return value

    def date(self, value: object, where: str) -> date | None:
        if value is None:
            return None
        if isinstance(value, str):
            try:
                return date.fromisoformat(value.strip())
            except ValueError:
                pass
        self.bad(where, f"{value!r} is not a date like 2026-01-20")
        return None

    def text(self, value: object, where: str, *, default: str = "") -> str:
        if value is None:
            return default
        if not isinstance(value, str):
            self.bad(where, "must be text")
            return default
        return value

    def code(self, value: object, where: str) -> str:
        code = self.text(value, where).strip()
        if value is not None and not code:
            self.bad(where, "must not be empty")
        return code

    def flag(self, value: object, where: str) -> bool:
        if value is None:
            return False
        if not isinstance(value, bool):
            self.bad(where, "must be true or false")
            return False
        return value

    def items(self, value: object, where: str) -> list[Any]:
        if value is None:
            return []
        if not isinstance(value, list):
            self.bad(where, "must be a list")
            return []
        return value


def _join(where: str, key: object) -> str:
    return f"{where}.{key}" if where else str(key)


def parse_context(data: object) -> tuple[LintContext | None, list[Issue]]:
    """Read a context document (the parsed JSON of ``--context``) into a :class:`LintContext`.

    Returns the context and no issues, or None and every issue found, each named by its place
    (``messages[2].sent_on``). Unknown keys, dates not in ISO form and values of the wrong type are errors.
    """
    from matchpilot.letters.context import (  # the core's values; the linter loads on first use
        Draft,
        Interview,
        LintContext,
        LoggedMessage,
        SheetAnswers,
        SoapWindow,
    )

    read = _Reader()
    top = read.mapping(data, "", _TOP_KEYS)
    if top is None:
        return None, read.issues
    if top.get("format") not in (None, CONTEXT_FORMAT):
        read.bad("format", f"must be {CONTEXT_FORMAT!r}")
    messages: list[LoggedMessage] = []
    for n, raw in enumerate(read.items(top.get("messages"), "messages")):
        where = f"messages[{n}]"
        item = read.mapping(
            raw, where, frozenset({"program", "sent_on", "kind", "text", "requested"}), ("program", "sent_on")
        )
        if item is None:
            continue
        sent = read.date(item.get("sent_on"), f"{where}.sent_on")
        program = read.code(item.get("program"), f"{where}.program")
        kind = read.text(item.get("kind"), f"{where}.kind", default="other")
        text = read.text(item.get("text"), f"{where}.text")
        requested = read.flag(item.get("requested"), f"{where}.requested")
        if sent is not None and program:
            messages.append(LoggedMessage(program, sent, kind, text, requested))
    interviews: list[Interview] = []
    for n, raw in enumerate(read.items(top.get("interviews"), "interviews")):
        where = f"interviews[{n}]"
        item = read.mapping(raw, where, frozenset({"program", "on", "interviewers"}), ("program", "on"))
        if item is None:
            continue
        on = read.date(item.get("on"), f"{where}.on")
        program = read.code(item.get("program"), f"{where}.program")
        names = tuple(
            read.text(x, f"{where}.interviewers") for x in read.items(item.get("interviewers"), f"{where}.interviewers")
        )
        if on is not None and program:
            interviews.append(Interview(program, on, names))
    rank_list: tuple[str, ...] | None = None
    if top.get("rank_list") is not None:
        codes = [read.code(x, f"rank_list[{n}]") for n, x in enumerate(read.items(top.get("rank_list"), "rank_list"))]
        if len(set(codes)) != len(codes):
            read.bad("rank_list", "lists a program more than once")
        rank_list = tuple(codes)
    soap: SoapWindow | None = None
    if top.get("soap") is not None:
        item = read.mapping(
            top["soap"], "soap", frozenset({"starts_on", "ends_on", "contacted_by"}), ("starts_on", "ends_on")
        )
        if item is not None:
            starts = read.date(item.get("starts_on"), "soap.starts_on")
            ends = read.date(item.get("ends_on"), "soap.ends_on")
            contacted: dict[str, date] = {}
            for n, raw in enumerate(read.items(item.get("contacted_by"), "soap.contacted_by")):
                where = f"soap.contacted_by[{n}]"
                entry = read.mapping(raw, where, frozenset({"program", "on"}), ("program", "on"))
                if entry is None:
                    continue
                program = read.code(entry.get("program"), f"{where}.program")
                on = read.date(entry.get("on"), f"{where}.on")
                if program and on is not None:
                    contacted[program] = min(on, contacted.get(program, on))
            if starts is not None and ends is not None:
                if ends < starts:
                    read.bad("soap.ends_on", "is before soap.starts_on")
                soap = SoapWindow(starts, ends, MappingProxyType(contacted))
    drafts: dict[str, Draft] = {}
    raw_drafts = top.get("drafts")
    if raw_drafts is not None:
        if not isinstance(raw_drafts, dict):
            read.bad("drafts", "must be an object mapping file names to drafts")
        else:
            for name, raw in raw_drafts.items():
                where = f"drafts[{name!r}]"
                item = read.mapping(raw, where, frozenset({"program", "kind", "send_on", "requested"}), ("program",))
                if item is None:
                    continue
                program = read.code(item.get("program"), f"{where}.program")
                if program:
                    drafts[str(name)] = Draft(
                        program,
                        read.text(item.get("kind"), f"{where}.kind", default="other"),
                        read.date(item.get("send_on"), f"{where}.send_on"),
                        read.flag(item.get("requested"), f"{where}.requested"),
                    )
    sheet: dict[str, SheetAnswers] = {}
    for n, raw in enumerate(read.items(top.get("sheet"), "sheet")):
        where = f"sheet[{n}]"
        item = read.mapping(raw, where, _SHEET_KEYS, ("program",))
        if item is None:
            continue
        program = read.code(item.get("program"), f"{where}.program")
        facts = {key: item.get(key) for key in ("visa_j1", "visa_h1b", "step3_for_h1b")}
        for key, value in facts.items():
            if value is not None and not isinstance(value, bool):
                read.bad(f"{where}.{key}", "must be true, false or null")
        source = read.text(item.get("source"), f"{where}.source").strip() or None
        if program:
            known = [value if isinstance(value, bool) else None for value in facts.values()]
            sheet[program] = SheetAnswers(
                known[0],
                known[1],
                known[2],
                source=source,
                checked_on=read.date(item.get("checked_on"), f"{where}.checked_on"),
            )
    context = LintContext(
        today=read.date(top.get("today"), "today"),
        messages=tuple(messages),
        interviews=tuple(interviews),
        rank_list=rank_list,
        rank_list_certified_on=read.date(top.get("rank_list_certified_on"), "rank_list_certified_on"),
        soap=soap,
        drafts=MappingProxyType(drafts),
        sheet=MappingProxyType(sheet),
    )
    if read.issues:
        return None, read.issues
    return context, []
