"""``matchpilot evidence``: bring in public evidence (the DOL H-1B LCA disclosure file) and link its employers
to the institutions of your sheet.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import typer
from rich.markup import escape
from rich.table import Table

from matchpilot.cli.common import console, err_console, get_services
from matchpilot.errors import InputError

__all__ = ["app", "import_lca", "link", "links", "unlink"]

app = typer.Typer(
    help="Public evidence for your sheet: import the US Department of Labor's H-1B LCA disclosure file and link "
    "its employers to your institutions; `programs show CODE` then shows what it says about H-1B residents.",
    no_args_is_help=True,
)


@app.command("import-lca")
def import_lca(
    file: Path = typer.Argument(..., help="The DOL H-1B LCA disclosure file as downloaded (.xlsx or .csv)."),
    yes: bool = typer.Option(
        False, "--yes", help="Also link the employers whose suggested institution is a sure match (92% or more)."
    ),
) -> None:
    """Import a DOL H-1B LCA disclosure file: keep the resident-physician cases, one per case number.

    The same file twice changes nothing; a newer file adds to the evidence. A file that is not an LCA disclosure
    file is refused, naming the columns it lacks.
    """
    from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TimeElapsedColumn

    from matchpilot.services.evidence import import_lca as run

    services = get_services()
    try:
        handle = file.open("rb")
    except OSError as error:
        raise InputError(f"{file}: cannot open the file ({error.strerror})") from None
    size = file.stat().st_size
    with (
        handle,
        Progress(
            TextColumn("reading {task.description}"),
            BarColumn(),
            DownloadColumn() if file.suffix.lower() != ".xlsx" else TextColumn("{task.completed:,.0f} rows"),
            TimeElapsedColumn(),
            console=err_console,
            transient=True,
        ) as bar,
    ):
        task = bar.add_task(escape(file.name), total=size if file.suffix.lower() != ".xlsx" else None)

        def progress(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total or None)

        report = run(services, handle, file.name, size=size, progress=progress, accept_sure=yes)
    if report.already:
        console.print(f"{escape(file.name)}: this file was imported before; nothing changed.", highlight=False)
    else:
        console.print(
            f"{escape(file.name)} ({report.layout} layout): {report.rows_read:,} rows read; kept "
            f"{report.residents:,} resident case{'s' if report.residents != 1 else ''} and {report.fellows:,} clinical "
            f"fellow case{'s' if report.fellows != 1 else ''} ({report.added:,} new, {report.replaced:,} updated, "
            f"{report.unchanged:,} already known).",
            highlight=False,
        )
    for suggestion in report.accepted:
        console.print(
            f"Linked {escape(suggestion.employer.name)} ({suggestion.employer.state or 'no state'}) to "
            f"{escape(suggestion.institution.name)} ({suggestion.confidence:.0%}).",
            highlight=False,
        )
    if report.suggestions:
        console.print(
            f"{len(report.suggestions)} employer link{'s' if len(report.suggestions) != 1 else ''} to confirm: "
            "see [bold]matchpilot evidence links[/bold]" + ("" if yes else "; [bold]--yes[/bold] links the sure ones"),
            highlight=False,
        )


@app.command("links")
def links(
    as_json: bool = typer.Option(False, "--json", help="Print JSON instead of tables."),
) -> None:
    """List employers linked to your institutions, links you undid, and suggestions to confirm."""
    from matchpilot.services.evidence import links_review

    review = links_review(get_services())
    if as_json:
        typer.echo(
            json.dumps(
                {
                    "linked": [
                        {
                            "employer": e.name,
                            "state": e.link.employer_state,
                            "institution": e.link.institution,
                            "confidence": e.link.confidence,
                            "decided_by": e.link.decided_by,
                            "cases": e.cases,
                        }
                        for e in review.linked
                    ],
                    "unlinked": [{"employer": e.name, "state": e.link.employer_state} for e in review.unlinked],
                    "suggestions": [
                        {
                            "employer": s.employer.name,
                            "state": s.employer.state,
                            "institution": s.institution.name,
                            "confidence": s.confidence,
                            "sure": s.sure,
                            "cases": s.employer.cases,
                        }
                        for s in review.suggestions
                    ],
                    "without_suggestion": review.unmatched,
                },
                indent=2,
            )
        )
        return
    _table(
        "Linked",
        ["employer", "state", "institution", "confidence", "cases"],
        [
            [
                e.name,
                e.link.employer_state,
                e.link.institution or "",
                "by you" if e.link.confidence is None else f"{e.link.confidence:.0%}",
                str(e.cases),
            ]
            for e in review.linked
        ],
    )
    _table(
        "Suggested (confirm with: matchpilot evidence link EMPLOYER INSTITUTION)",
        ["employer", "state", "institution", "confidence", "cases"],
        [
            [s.employer.name, s.employer.state, s.institution.name, f"{s.confidence:.0%}", str(s.employer.cases)]
            for s in review.suggestions
        ],
    )
    if review.unlinked:
        _table("Links you undid", ["employer", "state"], [[e.name, e.link.employer_state] for e in review.unlinked])
    if review.unmatched:
        console.print(
            f"{review.unmatched} employer{'s' if review.unmatched != 1 else ''} in your evidence "
            "match no institution of your sheet.",
            highlight=False,
        )


def _table(title: str, columns: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    if not rows:
        console.print(f"{title}: none.", highlight=False)
        return
    table = Table(title=title, title_justify="left")
    for column in columns:
        table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row(*(escape(cell) for cell in row))
    console.print(table)


@app.command("link")
def link(
    employer: str = typer.Argument(..., help="The employer's name as in the LCA file (case and punctuation ignored)."),
    institution: str = typer.Argument(..., help="The institution as written on your sheet."),
    state: str | None = typer.Option(None, "--state", help="The employer's state, when it is in several."),
) -> None:
    """Link an employer of the LCA file to an institution of your sheet (replaces an earlier decision)."""
    from matchpilot.services.evidence import link_employer

    saved = link_employer(get_services(), employer, institution, state=state)
    console.print(f"Linked {escape(employer)} to {escape(saved.institution or '')}.", highlight=False)


@app.command("accept")
def accept(
    all_: bool = typer.Option(False, "--all", help="Accept every suggestion, not only the sure ones."),
) -> None:
    """Accept the suggested links: the sure ones (92% or more), or all of them with --all."""
    from matchpilot.services.evidence import accept_suggestions

    accepted = accept_suggestions(get_services(), sure_only=not all_)
    for suggestion in accepted:
        console.print(
            f"Linked {escape(suggestion.employer.name)} to {escape(suggestion.institution.name)} "
            f"({suggestion.confidence:.0%}).",
            highlight=False,
        )
    if not accepted:
        console.print("No suggestion to accept.", highlight=False)


@app.command("unlink")
def unlink(
    employer: str = typer.Argument(..., help="The employer's name as in the LCA file."),
    state: str | None = typer.Option(None, "--state", help="The employer's state, when it is in several."),
) -> None:
    """Undo an employer's link: its cases count for no institution and it is not suggested again."""
    from matchpilot.services.evidence import unlink_employer

    unlink_employer(get_services(), employer, state=state)
    console.print(f"Unlinked {escape(employer)}: its cases count for no institution.", highlight=False)
