"""`matchpilot portfolio` commands."""

from __future__ import annotations

import typer

app = typer.Typer(help="portfolio (in progress)", no_args_is_help=True)
