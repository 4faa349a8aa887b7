"""``matchpilot profile``: load and show the applicant profile."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.table import Table

from matchpilot.cli.common import console, err_console, get_services, print_issues
from matchpilot.errors import InvalidDataError

app = typer.Typer(help="Your applicant profile: scores, visa need, experience and preferences.", no_args_is_help=True)


@app.command("load")
def load(file: Path = typer.Argument(..., help="A profile in TOML or JSON (see docs/formats.md).")) -> None:
    """Check a profile file and save it. Every bad value is reported with its key; nothing is saved from a
    profile with errors (exit code 2)."""
    result = get_services().load_profile_file(file)
    if not result.ok:
        raise InvalidDataError(f"{file}: the profile has errors; nothing was saved", result.issues)
    print_issues(result.issues, title="Warnings")
    console.print(f"[green]Saved[/green] the profile of {result.profile.name if result.profile else ''}.")


@app.command("show")
def show(as_json: bool = typer.Option(False, "--json", help="Print the profile as JSON.")) -> None:
    """Show the stored profile (fields not given are shown as unknown)."""
    from matchpilot.domain.profile import PROFILE_KEYS, profile_to_dict

    profile = get_services().profile()
    if profile is None:
        err_console.print("No profile yet. Load one with [bold]matchpilot profile load FILE[/bold].")
        raise typer.Exit(1)
    data = profile_to_dict(profile)
    if as_json:
        typer.echo(json.dumps(data, indent=2, ensure_ascii=False))
        return
    table = Table(title="Profile", show_header=False, title_justify="left")
    table.add_column("field", style="bold")
    table.add_column("value")
    for key in PROFILE_KEYS:
        value = data.get(key)
        if value is None:
            shown = "[dim]unknown[/dim]"
        elif isinstance(value, list):
            shown = ", ".join(str(v) for v in value) if value else "[dim]none[/dim]"
        elif isinstance(value, bool):
            shown = "yes" if value else "no"
        else:
            shown = str(value)
        table.add_row(key, shown)
    console.print(table)
