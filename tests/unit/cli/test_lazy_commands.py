"""The root of the CLI loads each command's module only when that command is run or its help is shown
(issue 13, item 10: ``matchpilot --help`` within 0.3 s), and lists every command exactly as before."""

from __future__ import annotations

import inspect
import subprocess
import sys

import pytest
import typer.main

from matchpilot.cli import main

_COMMAND_MODULES = {f"matchpilot.cli.{lazy.module}" for lazy in main._COMMANDS.values()}


def _cli_modules_after(*argv: str) -> set[str]:
    code = (
        "import sys\n"
        "from matchpilot.cli.main import main\n"
        "try:\n"
        f"    main({list(argv)!r})\n"
        "except SystemExit:\n"
        "    pass\n"
        "print('\\n'.join(sorted(m for m in sys.modules if m.startswith('matchpilot.cli.'))), file=sys.stderr)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return set(done.stderr.split())


def test_root_help_imports_no_command_module() -> None:
    loaded = _cli_modules_after("--help")
    assert not loaded & _COMMAND_MODULES, sorted(loaded & _COMMAND_MODULES)


def test_a_group_imports_its_own_module_and_no_other() -> None:
    loaded = _cli_modules_after("match", "--help")
    assert "matchpilot.cli.match" in loaded
    assert not loaded & (_COMMAND_MODULES - {"matchpilot.cli.match"}), sorted(loaded)


def _help(group: object, capsys: pytest.CaptureFixture[str]) -> str:
    capsys.readouterr()
    with pytest.raises(SystemExit):
        group.main(["--help"], prog_name="matchpilot")  # type: ignore[attr-defined]
    return capsys.readouterr().out


def test_root_help_is_the_same_before_and_after_every_command_is_loaded(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "100")
    group = typer.main.get_command(main.app)
    listed = _help(group, capsys)
    commands = dict(group.commands.items())  # type: ignore[attr-defined]  # loads every command
    assert list(commands) == list(main._COMMANDS)
    assert _help(group, capsys) == listed
    for name, command in commands.items():
        first_paragraph = inspect.cleandoc(command.short_help or command.help or "").split("\n\n")[0]
        assert main._COMMANDS[name].summary == first_paragraph, name
        assert not command.hidden and not command.deprecated, name


def test_soap_practice_is_added_once_however_often_the_root_is_built() -> None:
    for _ in range(2):
        soap = typer.main.get_command(main.app).commands["soap"]  # type: ignore[attr-defined]
        assert "practice" in soap.commands
    from matchpilot.cli import soap

    assert sum(info.name == "practice" for info in soap.app.registered_groups) == 1


def test_an_unknown_command_is_still_refused() -> None:
    group = typer.main.get_command(main.app)
    assert group.get_command(None, "nope") is None  # type: ignore[attr-defined,arg-type]
    assert "nope" not in group.commands  # type: ignore[attr-defined]
