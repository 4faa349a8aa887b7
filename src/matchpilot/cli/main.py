"""The root of the ``matchpilot`` command, and the one place where errors become exit codes.

Exit codes: 0 success; 1 a check found what it looks for (e.g. an unstable match); 2 bad input, a missing
record, a bad setting or an unreachable database — with one clear message on stderr, never a traceback.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator, Mapping, MutableMapping
from dataclasses import dataclass
from typing import Any

import typer
from rich.markup import escape
from typer.core import TyperCommand, TyperGroup

from matchpilot.cli import common
from matchpilot.errors import InvalidDataError, MatchpilotError
from matchpilot.io.format_names import INSTANCE_FORMAT, MATCH_RESULT_FORMAT

__all__ = ["app", "main"]


@dataclass(frozen=True, slots=True)
class _Lazy:
    """One command of the root, loaded from its module only when it is run or its own help is shown.

    ``summary`` is the line the root's help lists for it (the first paragraph of the command's own help,
    ``tests/unit/cli/test_lazy_commands.py`` checks that they agree), so ``matchpilot --help`` imports none of
    the command modules. ``group``: a Typer app (``attribute``) added as a group; otherwise a function added as
    a command, with ``help`` naming the module's attribute holding its help text when it is not the docstring.
    """

    module: str
    attribute: str
    summary: str
    group: bool = False
    help: str | None = None


# In the order Typer listed them when they were added eagerly: the commands, then the groups.
_COMMANDS: dict[str, _Lazy] = {
    "pick": _Lazy(
        "pick",
        "pick",
        "Choose where to apply: the provably best list within your limits (a count, an ERAS-fee budget, bounds "
        "per kind of position), from your profile, your sheet and the outcomes you recorded. Shows each "
        "program's chance range and reasons, the expected outcome of the list, and every program left out with "
        "why. Without --max or --budget, at most 45 applications.",
        help="PICK_HELP",
    ),
    "simulate": _Lazy(
        "simulate",
        "simulate",
        "Simulate the Match many times around your rank order list: your chance of matching at all, at each\n"
        "program on your list, and of going unmatched, each with a 95% interval; what-ifs share the same draws.",
    ),
    "backup": _Lazy(
        "backup",
        "backup",
        "Write everything of one owner (profile, sheet, outcomes, lists, SOAP data, ...) to a JSON file that\n"
        "`matchpilot restore` brings back identical. The file is written whole or not at all.",
    ),
    "restore": _Lazy(
        "backup",
        "restore",
        "Restore a backup in one transaction: all of it or nothing. Refuses a damaged file, a backup from a\n"
        "newer matchpilot, and an owner who already has data (unless --replace).",
    ),
    "demo": _Lazy(
        "demo",
        "demo",
        "Load the fictional demo market and applicant into the current database (replaces your sheet and\n"
        "profile; every demo program's name ends in '(fictional)'). With --clear, remove them again.",
    ),
    "next": _Lazy(
        "home",
        "next_steps",
        "Say what to do now: the season's stage, its next dates (from the dated rules) and the steps your\n"
        "workspace needs, most pressing first, each with the command that does it.",
    ),
    "serve": _Lazy(
        "serve",
        "serve",
        "Start the web app on this computer and print its address (stop it with Ctrl+C). In multi-user mode\n"
        "(MATCHPILOT_MULTI_USER=1) start the server for many accounts instead (docs/server.md).",
    ),
    "profile": _Lazy(
        "profile", "app", "Your applicant profile: scores, visa need, experience and preferences.", group=True
    ),
    "programs": _Lazy("programs", "app", "Your program intelligence sheet (CSV/XLSX in and out).", group=True),
    "match": _Lazy(
        "match",
        "app",
        "The NRMP-style match: run an instance, verify a result, generate a fictional market (formats: "
        f"{INSTANCE_FORMAT} in, {MATCH_RESULT_FORMAT} out; see docs/match-engine.md).",
        group=True,
    ),
    "portfolio": _Lazy(
        "portfolio",
        "app",
        "Which programs to apply to: the provably best application portfolio and its diminishing-returns curve.",
        group=True,
    ),
    "chances": _Lazy(
        "chances",
        "app",
        "Your chance of an interview and of a match at each program of your sheet, with the reasons: hard "
        "filters (and how to change them), soft factors, and ranges where facts are unknown. Every weight is a "
        "documented assumption, not NRMP data (see docs/chances.md).",
        group=True,
    ),
    "letters": _Lazy(
        "letters",
        "app",
        "Letters to programs: templates that keep to the NRMP's rules, a linter that flags what the rules "
        "forbid, and a log of what you sent and received.",
        group=True,
    ),
    "soap": _Lazy(
        "soap",
        "app",
        "Match Week (SOAP): whether you may take part, the hour-by-hour timeline in your own time zone with "
        "iCalendar reminders, your documents and distribution plans, the plan on the unfilled list, offers with "
        "the decision help, and what to do after SOAP. Rules are dated data with sources (see `matchpilot rules "
        "show`).",
        group=True,
    ),
    "rules": _Lazy(
        "rules",
        "app",
        "The yearly rules matchpilot applies, as dated data with sources; correct them with your own file "
        "(--rules FILE or MATCHPILOT_RULES_FILE, see docs/soap.md).",
        group=True,
    ),
    "outcome": _Lazy(
        "outcome",
        "app",
        "Record what programs answered you (an interview invitation, a rejection, or silence so far): the "
        "chances model learns from them and `matchpilot pick` updates your list.",
        group=True,
    ),
    "evidence": _Lazy(
        "evidence",
        "app",
        "Public evidence for your sheet: import the US Department of Labor's H-1B LCA disclosure file and link "
        "its employers to your institutions; `programs show CODE` then shows what it says about H-1B residents.",
        group=True,
    ),
    "materials": _Lazy(
        "materials",
        "app",
        "Your application materials: three personal statement variants (pmr, bridge, general), ERAS experience "
        "entries and letters of recommendation, each checked with reasons.",
        group=True,
    ),
    "rol": _Lazy(
        "rol",
        "app",
        "Your rank order list (ROL): show, add, move, remove, attach supplemental PGY-1 lists, check it against "
        "the NRMP's rules, export it for the NRMP's system.",
        group=True,
    ),
    "admin": _Lazy("admin", "app", "Accounts of a multi-user server (docs/server.md).", group=True),
}


def _load(name: str, lazy: _Lazy) -> Any:
    """The Click command of ``name``, built from its module as ``app.add_typer``/``app.command`` built it."""
    module = importlib.import_module(f"matchpilot.cli.{lazy.module}")
    holder = typer.Typer()
    if lazy.group:
        sub = getattr(module, lazy.attribute)
        if name == "soap":  # matchpilot soap practice
            practice = importlib.import_module("matchpilot.cli.soap_practice")
            if not any(info.name == "practice" for info in sub.registered_groups):
                sub.add_typer(practice.practice_app, name="practice")
        holder.add_typer(sub, name=name)
    else:
        help_text = getattr(module, lazy.help) if lazy.help else None
        holder.command(name, help=help_text)(getattr(module, lazy.attribute))
        holder.command("_")(_placeholder)  # with one command Typer would make it the root itself
    command = typer.main.get_group(holder).commands[name]
    _plain_flags(command)
    return command


def _placeholder() -> None:
    """Not a command (keeps the holder a group)."""


class _Commands(MutableMapping[str, Any]):
    """The root's commands, each imported on first use (``matchpilot --help`` lists them without importing)."""

    def __init__(self, added: Mapping[str, Any]) -> None:
        self._loaded: dict[str, Any] = {}
        self._names: list[str] = list(_COMMANDS)
        for name, command in added.items():
            self[name] = command

    def __getitem__(self, name: str) -> Any:
        if name not in self._loaded:
            if name not in _COMMANDS or name not in self._names:
                raise KeyError(name)
            self._loaded[name] = _load(name, _COMMANDS[name])
        return self._loaded[name]

    def __setitem__(self, name: str, command: Any) -> None:
        self._loaded[name] = command
        if name not in self._names:
            self._names.append(name)

    def __delitem__(self, name: str) -> None:
        self._names.remove(name)
        self._loaded.pop(name, None)

    def __iter__(self) -> Iterator[str]:
        return iter(list(self._names))

    def __len__(self) -> int:
        return len(self._names)

    def __contains__(self, name: object) -> bool:
        return name in self._names

    def listed(self, name: str) -> Any:
        """What the root's help lists for ``name``: the command if it is loaded, else its summary alone."""
        if name in self._loaded or name not in _COMMANDS:
            return self.get(name)
        return TyperCommand(name=name, help=_COMMANDS[name].summary)


class _TranslatingGroup(TyperGroup):
    """The root group: every command runs inside it, so this is where errors become exit codes."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _plain_flags(self)  # the root's own options; each command gets the same when it is loaded
        self.commands = _Commands(self.commands)
        self._listing = False

    def format_help(self, ctx: Any, formatter: Any) -> None:
        """The root's help lists each command by its summary, without importing the command's module."""
        self._listing = True
        try:
            super().format_help(ctx, formatter)
        finally:
            self._listing = False

    def list_commands(self, ctx: Any) -> list[str]:
        return list(self.commands)  # the names alone: TyperGroup's reads every command

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        if self._listing and isinstance(self.commands, _Commands):
            return self.commands.listed(cmd_name)
        return super().get_command(ctx, cmd_name)

    def invoke(self, ctx: Any) -> Any:  # typer vendors its own click; its Context type is private
        try:
            return super().invoke(ctx)
        except InvalidDataError as error:
            common.err_console.print(f"[bold red]error:[/bold red] {escape(str(error))}", highlight=False)
            common.print_issues(error.issues)
            _print_next_step(error)
            raise typer.Exit(2) from None
        except MatchpilotError as error:
            common.err_console.print(f"[bold red]error:[/bold red] {escape(str(error))}", highlight=False)
            _print_next_step(error)
            raise typer.Exit(2) from None


def _print_next_step(error: MatchpilotError) -> None:
    if error.next_step is not None:
        common.err_console.print(f"next: {escape(common.next_step_command(error.next_step))}", highlight=False)


def _plain_flags(command: Any) -> None:
    """Show on/off flags (``--json``, ``--help``) without a value type in help: they take no value, and Typer
    would otherwise print ``<bool>`` beside them as if one were expected."""
    for param in getattr(command, "params", ()):
        if getattr(param, "is_flag", False) and param.metavar is None:
            param.metavar = ""
    made = command.get_help_option  # --help is made when help is shown, not kept in ``params``

    def help_option(ctx: Any) -> Any:
        option = made(ctx)
        if option is not None and option.metavar is None:
            option.metavar = ""
        return option

    command.get_help_option = help_option
    commands = getattr(command, "commands", {})
    if not isinstance(commands, _Commands):  # the root's commands get theirs when they are loaded
        for sub in commands.values():
            _plain_flags(sub)


app = typer.Typer(
    cls=_TranslatingGroup,
    name="matchpilot",
    help="matchpilot: an open, explainable residency application strategist (profile, program sheet, "
    "match engine, SOAP).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


@app.callback()
def _root(
    db: str | None = typer.Option(
        None,
        "--db",
        help="Database URL (default: MATCHPILOT_DATABASE_URL, else a SQLite file in your user data directory).",
        envvar="MATCHPILOT_DATABASE_URL",
    ),
) -> None:
    """matchpilot: an open, explainable residency application strategist."""
    common.set_database_url(db)


def main(argv: list[str] | None = None) -> None:
    """Run the CLI (errors are translated by the root group)."""
    common.freeze_imports_later()
    app(args=argv)
