"""``matchpilot backup FILE`` and ``matchpilot restore FILE``: everything of one owner (or all) to JSON and back."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import typer
from rich.markup import escape

from matchpilot.cli.common import console, get_services
from matchpilot.errors import ExistingDataError, InputError
from matchpilot.io.format_names import BACKUP_FORMAT

__all__ = ["backup", "restore"]


def backup(
    file: Path = typer.Argument(..., help=f"Where to write the backup (JSON, format {BACKUP_FORMAT})."),
    owner: str | None = typer.Option(None, "--owner", help="Back up this owner (default: yours, 'local')."),
    everyone: bool = typer.Option(False, "--all", help="Back up every owner of the database."),
) -> None:
    """Write everything of one owner (profile, sheet, outcomes, lists, SOAP data, ...) to a JSON file that
    `matchpilot restore` brings back identical. The file is written whole or not at all."""
    from matchpilot.services.backup import backup as run

    if everyone and owner is not None:
        raise InputError("use --owner NAME or --all, not both")
    report = run(get_services(), file, owner=owner, everyone=everyone)
    _summary("Backed up", report.owners, report.rows)
    console.print(f"Wrote {escape(str(file))} (schema revision {report.revision}).", highlight=False)


def restore(
    file: Path = typer.Argument(..., help="A backup written by `matchpilot backup`."),
    owner: str | None = typer.Option(
        None, "--owner", help="Restore the backup's owner as this owner (or pick this owner from a backup of all)."
    ),
    replace: bool = typer.Option(False, "--replace", help="Replace the data the owner already has."),
) -> None:
    """Restore a backup in one transaction: all of it or nothing. Refuses a damaged file, a backup from a
    newer matchpilot, and an owner who already has data (unless --replace)."""
    from matchpilot.services.backup import restore as run

    try:
        report = run(get_services(), file, owner=owner, replace=replace)
    except ExistingDataError as error:
        raise InputError(
            f"owner {error.owner!r} already has data; restore with --replace to replace it, "
            "or with --owner NAME as another owner"
        ) from error
    _summary("Restored", report.owners, report.rows)


def _summary(verb: str, owners: Mapping[str, Mapping[str, int]], rows: int) -> None:
    for name, counts in owners.items():
        detail = ", ".join(f"{table} {count}" for table, count in sorted(counts.items())) or "no rows"
        console.print(f"[green]{verb}[/green] owner {escape(name)}: {escape(detail)}.", highlight=False)
    console.print(f"{rows} rows in all.")
