"""`matchpilot match` commands."""

from __future__ import annotations

import typer

app = typer.Typer(help="match (in progress)", no_args_is_help=True)
