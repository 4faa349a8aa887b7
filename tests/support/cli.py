"""Running the CLI as a user does, for the end-to-end tests: the exit code, stdout and stderr of one command."""

from __future__ import annotations

from typer.testing import CliRunner

from matchpilot.cli import main

_runner = CliRunner()


def run(*args: str) -> tuple[int, str, str]:
    """Run ``matchpilot ARGS...``; an exception other than an exit is raised, so a traceback is never hidden."""
    result = _runner.invoke(main.app, list(args))
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def said(text: str) -> str:
    """What a table or wrapped text says, as one line of words (borders and line breaks dropped)."""
    return " ".join(text.replace("│", " ").replace("┃", " ").split())
