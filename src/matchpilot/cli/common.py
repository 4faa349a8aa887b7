"""What every command group shares: the consoles, the services of the current invocation, issue tables."""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

import typer
from rich.console import Console, ConsoleDimensions
from rich.markup import escape

from matchpilot.domain.issues import Issue
from matchpilot.errors import InputError, NextStep

if TYPE_CHECKING:
    from matchpilot.services import Services

__all__ = [
    "console",
    "deliver",
    "err_console",
    "freeze_imports",
    "freeze_imports_later",
    "get_services",
    "one_blas_thread",
    "own_process",
    "print_issues",
    "reading_width",
    "server_collector",
    "set_database_url",
]

PIPE_WIDTH = 1000
"""The width tables are laid out at when the output is not a terminal (a pipe, a file, a script reading it): wide
enough that a table row is one line, so ``grep`` finds a whole row and a phrase is never split across lines."""


class _Console(Console):
    """Rich's console, made for output people grep and pipe.

    Text is never hard-wrapped (``soft_wrap``): a message is one logical line at any terminal width, and the
    terminal folds it. When the output is not a terminal, tables are laid out at :data:`PIPE_WIDTH` whatever
    ``COLUMNS`` says, so what a script reads does not depend on the width of the window it was started from.
    """

    def __init__(self, *, stderr: bool = False) -> None:
        super().__init__(stderr=stderr, soft_wrap=True)

    @property
    def size(self) -> ConsoleDimensions:
        """The terminal's size, or :data:`PIPE_WIDTH` columns when the output is not a terminal."""
        if not self.is_terminal:
            return ConsoleDimensions(PIPE_WIDTH, 25)
        return Console.size.fget(self)  # type: ignore[attr-defined,no-any-return]

    @size.setter
    def size(self, new_size: tuple[int, int]) -> None:
        Console.size.fset(self, new_size)  # type: ignore[attr-defined]


def reading_width() -> int:
    """The width prose blocks made for reading (the Match Week timeline) wrap at: the terminal's width up to
    :data:`READING_WIDTH`, and :data:`READING_WIDTH` when the output is not a terminal."""
    return min(console.width, READING_WIDTH)


READING_WIDTH = 80
"""At most this many columns for prose laid out in indented blocks: lines stay easy to read."""

console = _Console()
err_console = _Console(stderr=True)

_state: dict[str, object] = {}


def set_database_url(url: str | None) -> None:
    """Remember the ``--db`` option of this invocation (None: settings decide)."""
    _state["database_url"] = url
    _state.pop("services", None)


def freeze_imports_later() -> None:
    """Called by the ``matchpilot`` process itself (never by a program that embeds the CLI, such as the tests):
    when the services are first built, every object made so far (the imported modules, their tables and
    constants) is moved out of the garbage collector's sight (:func:`gc.freeze`), so its collections during
    the command scan only what the command makes (at 5,000 programs ``pick`` spent ~0.1 s of CPU rescanning
    the imports). :func:`freeze_imports` does it again when a command has imported more (the web app).

    Until then the collector runs a hundred times less often: while modules load it only walks, again and again,
    objects that will be frozen anyway (~40 ms of CPU of ``pick``); the first freeze restores its thresholds."""
    _state["freeze"] = True
    _state["thresholds"] = gc.get_threshold()
    first, *older = gc.get_threshold()
    gc.set_threshold(first * 100, *older)


def own_process() -> bool:
    """Whether this is the ``matchpilot`` process itself (its console script or ``python -m matchpilot``), not a
    program that embeds the CLI, such as the tests: settings that last for the whole process are made only then."""
    return bool(_state.get("freeze"))


def freeze_imports() -> None:
    """:func:`gc.freeze` now, in the ``matchpilot`` process itself only (see :func:`freeze_imports_later`)."""
    if _state.get("freeze"):
        gc.freeze()
        thresholds = _state.pop("thresholds", None)
        if isinstance(thresholds, tuple):
            gc.set_threshold(*thresholds)


SERVER_YOUNG_THRESHOLD = 7000
"""The youngest generation's collection threshold of the ``matchpilot serve`` process: ten times CPython's 700.

A page makes thousands of new containers (templates' contexts, rows, tags); at 700 the collector walks the
young objects several times per page and, every tenth walk, the middle generation too — where everything a
computation kept waits (at 5,000 programs My list's estimates: ~33,000 objects, 7-14 ms a walk). At 7,000 those
walks are rarer: measured over 20 of My list's first answers in one process (``benchmarks/page_collector.py``),
the collector's time inside an answer fell from 13.2-14.0 to 10.5-12.1 ms on average and its worst answer from
24-33 to 12-21 ms, for 16-20 MB more at the peak (``benchmarks/RESULTS.md``, item 10, ninth pass)."""


def server_collector() -> None:
    """In the ``matchpilot`` process itself only (see :func:`own_process`): the collector's thresholds of a
    long-running server (:data:`SERVER_YOUNG_THRESHOLD`), set once its start-up is frozen."""
    if own_process():
        gc.set_threshold(SERVER_YOUNG_THRESHOLD, *gc.get_threshold()[1:])


def one_blas_thread() -> None:
    """Have NumPy load OpenBLAS with one thread, unless the user chose a number (``OPENBLAS_NUM_THREADS``).

    For commands that multiply no matrices (``match run``, ``match verify``, ``pick``: its only products are
    dot products of two vectors of a few hundred numbers, which OpenBLAS never splits between threads): starting
    a thread per core costs ~0.04-0.08 s of CPU while NumPy loads (the threads spin), for nothing. Once NumPy is
    loaded the setting no longer counts, so nothing changes then."""
    if "numpy" not in sys.modules:
        os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")


def get_services() -> Services:
    """The services of this invocation, built once on first use (so ``--help`` never touches a database)."""
    services = _state.get("services")
    if services is None:
        from matchpilot.bootstrap import build_services

        url = _state.get("database_url")
        services = build_services(database_url=url if isinstance(url, str) else None)
        _state["services"] = services
        freeze_imports()
    return services  # type: ignore[return-value]


def print_issues(issues: Iterable[Issue], *, title: str = "Problems") -> None:
    """Print issues on stderr, one per line as ``severity  where: problem`` (errors red, warnings yellow)."""
    issues = list(issues)
    if not issues:
        return
    errors = sum(1 for issue in issues if issue.is_error)
    warnings = len(issues) - errors
    counts = f"{errors} error{'s' if errors != 1 else ''}, {warnings} warning{'s' if warnings != 1 else ''}"
    err_console.print(f"[bold]{title}[/bold] ({counts}):", highlight=False)
    for issue in issues:
        style = "red" if issue.is_error else "yellow"
        err_console.print(
            f"  [{style}]{issue.severity.value:<7}[/{style}] {escape(str(issue))}", highlight=False, soft_wrap=True
        )


_NEXT_STEPS = {
    NextStep.FILL_PROFILE: "save your profile with `matchpilot profile load FILE.toml` (or try the fictional demo: "
    "`matchpilot demo`)",
    NextStep.IMPORT_SHEET: "import your sheet with `matchpilot programs import FILE.csv` (or `matchpilot demo`)",
    NextStep.ADD_TO_RANK_LIST: "add programs with `matchpilot rol add CODE`",
    NextStep.CERTIFY_RANK_LIST: "once certified in the NRMP's system: `matchpilot rol certify --on DATE`",
    NextStep.WRITE_THANK_YOU: "`matchpilot letters new thank-you --program {code}`",
    NextStep.WRITE_LETTER: "`matchpilot letters new strong-interest --program CODE` (or intent)",
    NextStep.REVIEW_PROGRAMS: "`matchpilot programs list --search TEXT`",
    NextStep.EDIT_PROGRAM: "`matchpilot programs set {code} visa_j1|visa_h1b yes|no --source SOURCE`",
    NextStep.PICK_PROGRAMS: "`matchpilot pick`",
    NextStep.PLAN_MATCH_WEEK: "`matchpilot soap timeline`",
    NextStep.CLEAR_DEMO: "`matchpilot demo --clear`",
}
"""How the CLI words each next step an error names (the web app words them as links)."""


def next_step_command(step: NextStep, program: str | None = None) -> str:
    """How the CLI words ``step`` (for ``program`` when it concerns one; CODE otherwise)."""
    return _NEXT_STEPS[step].replace("{code}", program or "CODE")


def deliver(text: str, output: Path | None, what: str) -> None:
    """Print ``text``, or write it to ``output`` and say so (``what``: "the list", "the mentor's letter"…);
    InputError naming the file when it cannot be written."""
    if output is None:
        typer.echo(text, nl=False)
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as error:
        raise InputError(f"{output}: cannot be written ({error.strerror or error})") from None
    console.print(f"Wrote {what} to {escape(str(output))}.", highlight=False)
