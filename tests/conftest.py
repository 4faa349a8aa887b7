"""Shared test configuration: Hypothesis profiles, and the CLI's command tree built once per session."""

from __future__ import annotations

import os
from typing import Any

import typer.main
import typer.testing
from hypothesis import HealthCheck, settings

settings.register_profile("matchpilot", deadline=None, suppress_health_check=[HealthCheck.too_slow], print_blob=True)
settings.load_profile("matchpilot")


_built: dict[tuple[int, int, int, int], tuple[typer.Typer, Any]] = {}


def _command_built_once(app: typer.Typer) -> Any:
    """The Click command of ``app``, built the first time it is asked for and kept for the session.

    ``CliRunner.invoke`` rebuilds the whole command tree from the Typer app on every call (Typer reads each
    command's signature and type hints again): about 0.1 s of CPU per invocation for matchpilot's 100 commands,
    more than most commands take to run, in a suite that invokes the CLI over a thousand times. A user's
    ``matchpilot`` process builds the tree once too. The app is kept with its command so that its id is never
    reused; an app given more commands or groups after its first use is built again.
    """
    key = (id(app), len(app.registered_commands), len(app.registered_groups), id(app.registered_callback))
    if key not in _built:
        _built[key] = (app, typer.main.get_command(app))
    return _built[key][1]


if os.environ.get("MATCHPILOT_TEST_REBUILD_CLI") != "1":  # set it to check a suspected stale-command problem
    typer.testing._get_command = _command_built_once  # type: ignore[attr-defined]
