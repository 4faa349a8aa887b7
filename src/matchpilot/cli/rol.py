"""``matchpilot rol``: build the rank order list, attach supplemental PGY-1 lists, check it, export it.

The list is stored per owner; ``check`` applies the NRMP's rules (dated data: the 300-rank limit, the fee
beyond 20) and says when your order looks like an order by chance rather than preference. ``rol couple`` keeps a
couple's paired list; ``rol certify`` records the day the list was certified (the letters linter reads it).
"""

from __future__ import annotations

from pathlib import Path

import typer
from rich.markup import escape
from rich.table import Table

from matchpilot.cli.common import console, deliver, get_services, print_issues

__all__ = [
    "add",
    "app",
    "certify",
    "check",
    "couple_add",
    "couple_export",
    "couple_remove",
    "couple_set_partner",
    "couple_show",
    "export",
    "move",
    "pgy1",
    "remove",
    "show",
    "supplemental_add",
    "supplemental_remove",
]

app = typer.Typer(
    help="Your rank order list (ROL): show, add, move, remove, attach supplemental PGY-1 lists, check it "
    "against the NRMP's rules, export it for the NRMP's system.",
    no_args_is_help=True,
)
supplemental_app = typer.Typer(
    help="Supplemental PGY-1 lists attached to advanced programs (used only if you match that advanced program).",
    no_args_is_help=True,
)
app.add_typer(supplemental_app, name="supplemental")
couple_app = typer.Typer(
    help="A couple's paired list: pairs of (your program, your partner's program), either side may be 'none' "
    "(no match), best first.",
    no_args_is_help=True,
)
app.add_typer(couple_app, name="couple")


def _show_list() -> None:
    from matchpilot.services.rank_lists import export_list_rows, rank_list

    services = get_services()
    rows = export_list_rows(services)
    rol = rank_list(services)
    if not rol.primary:
        console.print("Your rank order list is empty. Add programs with [bold]matchpilot rol add CODE[/bold].")
        return
    table = Table(title="Rank order list", title_justify="left")
    for column in ("List", "Rank", "Code", "Track", "Program"):
        table.add_column(column, justify="right" if column == "Rank" else "left")
    for row in rows:
        where = row.list_name if not row.attached_to else f"{row.list_name} (for {', '.join(row.attached_to)})"
        table.add_row(escape(where), str(row.rank), escape(row.code), row.track or "?", escape(row.name or "unknown"))
    console.print(table)
    if rol.pgy1_held:
        console.print("You already hold a PGY-1: advanced programs need no supplemental list.")
    if rol.certified_on is not None:
        console.print(f"Certified on {rol.certified_on.isoformat()}.", highlight=False)


@app.command("show")
def show() -> None:
    """Show the list: the primary list in order, then each supplemental list and what it is attached to."""
    _show_list()


@app.command("add")
def add(
    code: str = typer.Argument(..., help="The program's code (as on your sheet)."),
    at: int | None = typer.Option(None, "--at", min=1, help="The rank to put it at (default: last)."),
) -> None:
    """Add a program to the primary list (last, or at a rank)."""
    from matchpilot.services.rank_lists import add_program

    rol = add_program(get_services(), code, at)
    console.print(f"Added; your list has {len(rol.primary)} programs.", highlight=False)


@app.command("move")
def move(
    code: str = typer.Argument(..., help="The program's code."),
    to: int = typer.Argument(..., min=1, help="The new rank (1 = first)."),
) -> None:
    """Move a program to another rank."""
    from matchpilot.services.rank_lists import move_program

    move_program(get_services(), code, to)
    console.print(f"Moved {escape(code.strip().upper())} to rank {to}.", highlight=False)


@app.command("remove")
def remove(code: str = typer.Argument(..., help="The program's code.")) -> None:
    """Remove a program from the primary list and from every supplemental list."""
    from matchpilot.services.rank_lists import remove_program

    rol = remove_program(get_services(), code)
    console.print(f"Removed; your list has {len(rol.primary)} programs.", highlight=False)


@app.command("pgy1")
def pgy1(
    held: bool = typer.Option(..., "--held/--not-held", help="Whether you already hold (or completed) a PGY-1."),
) -> None:
    """Record whether you already hold a PGY-1 year (then advanced programs need no supplemental list)."""
    from matchpilot.services.rank_lists import set_pgy1_held

    set_pgy1_held(get_services(), held)
    console.print("Recorded: you " + ("hold" if held else "do not hold") + " a PGY-1.")


@supplemental_app.command("add")
def supplemental_add(
    advanced: str = typer.Argument(..., help="The advanced program (on your primary list) the list goes with."),
    codes: list[str] = typer.Argument(..., help="The PGY-1 programs (preliminary or transitional), best first."),
) -> None:
    """Attach a supplemental list of PGY-1 programs to an advanced program (replacing its earlier one). A list
    identical to another one is shared, as the NRMP allows."""
    from matchpilot.services.rank_lists import set_supplemental

    rol = set_supplemental(get_services(), advanced, codes)
    console.print(f"Attached; {len(rol.supplemental)} supplemental lists in all.", highlight=False)


@supplemental_app.command("remove")
def supplemental_remove(advanced: str = typer.Argument(..., help="The advanced program.")) -> None:
    """Detach the supplemental list of an advanced program."""
    from matchpilot.services.rank_lists import set_supplemental

    set_supplemental(get_services(), advanced, [])
    console.print(f"Detached the supplemental list of {escape(advanced.strip().upper())}.", highlight=False)


@app.command("check")
def check(
    rules: Path | None = typer.Option(None, "--rules", help="Your corrections to the dated rules (TOML)."),
) -> None:
    """Check the list against the NRMP's rules: advanced programs with no PGY-1 plan, duplicates, the rank
    limit and the fee beyond the free ranks (dated data), visa sponsorship, and an order that looks driven by
    chance rather than preference. Exit code 1 when an error (a broken rule) is found."""
    from matchpilot.services.rank_lists import check_report

    report = check_report(get_services(), rules_path=rules)
    count = len(report.rol.unique_programs)
    console.print(
        f"{count} programs ranked (limit {report.limits.max_ranks}; {report.limits.free_ranks} included in the "
        "fee). matchpilot is not the NRMP; the current Match Participation Agreement governs.",
        highlight=False,
    )
    if report.couple.pairs:
        console.print(f"{len(report.couple.pairs)} pairs on your couple's list.", highlight=False)
    if not report.issues:
        console.print("OK: nothing to report.")
        return
    print_issues(report.issues, title="Rank order list check")
    if report.errors:
        raise typer.Exit(1)


@app.command("export")
def export(
    output: Path | None = typer.Option(None, "--output", "-o", help="Write here (default: print)."),
    csv: bool = typer.Option(False, "--csv", help="CSV (list, rank, code, name, track, attached_to)."),
) -> None:
    """Export the list in entry order with program codes, ready to type into the NRMP's system."""
    from matchpilot.services.rank_lists import export_list, export_list_rows

    services = get_services()
    if csv:
        header = ["list", "rank", "code", "name", "track", "attached_to"]
        rows = [
            [row.list_name, row.rank, row.code, row.name, row.track, " ".join(row.attached_to)]
            for row in export_list_rows(services)
        ]
        text = _csv_text(header, rows)
    else:
        text = export_list(services)
    deliver(text, output, "the list")


def _csv_text(header: list[str], rows: list[list[object]]) -> str:
    from matchpilot.io.csv_cells import csv_text

    return csv_text(header, rows, numeric=("rank",))


@app.command("certify")
def certify(
    on: str | None = typer.Option(None, "--on", metavar="DATE", help="The day you certified it (default: today)."),
) -> None:
    """Record that you certified your list in the NRMP's system (certifying again replaces the day). The letters
    linter then warns about unrequested messages sent after it (rule after-rol)."""
    from datetime import date

    from matchpilot.errors import InputError
    from matchpilot.services.rank_lists import certify_rank_list

    day: date | None = None
    if on is not None:
        try:
            day = date.fromisoformat(on.strip())
        except ValueError:
            raise InputError(f"--on: {on!r} is not a date like 2026-02-25") from None
    rol = certify_rank_list(get_services(), day)
    certified = rol.certified_on.isoformat() if rol.certified_on else "?"
    console.print(f"Recorded: your rank order list was certified on {certified}.", highlight=False)


@couple_app.command("show")
def couple_show() -> None:
    """Show the couple's list: the partner, then the pairs in order."""
    from matchpilot.services.rank_lists import couple_list, export_couple_rows

    services = get_services()
    couple = couple_list(services)
    partner = couple.partner_name or "not recorded"
    if couple.partner_id:
        partner += f" ({couple.partner_id})"
    console.print(f"Partner: {escape(partner)}", highlight=False)
    if not couple.pairs:
        console.print("No pairs yet. Add one with [bold]matchpilot rol couple add MY_CODE PARTNER_CODE[/bold].")
        return
    table = Table(title="Couple's paired list", title_justify="left")
    for column in ("Rank", "My program", "Name", "Partner's program"):
        table.add_column(column, justify="right" if column == "Rank" else "left")
    for row in export_couple_rows(services):
        table.add_row(
            str(row.rank), escape(row.mine or "no match"), escape(row.mine_name), escape(row.partner or "no match")
        )
    console.print(table)


@couple_app.command("set-partner")
def couple_set_partner(
    name: str = typer.Argument(..., help="Your partner's name."),
    partner_id: str = typer.Option("", "--id", help="Your partner's NRMP (or AAMC) id."),
) -> None:
    """Record your partner in the couple."""
    from matchpilot.services.rank_lists import set_couple_partner

    couple = set_couple_partner(get_services(), name, partner_id)
    console.print(f"Partner recorded: {escape(couple.partner_name)}.", highlight=False)


@couple_app.command("add")
def couple_add(
    mine: str = typer.Argument(..., metavar="MY_CODE|none", help="Your program's code, or 'none' (no match)."),
    partner: str = typer.Argument(
        ..., metavar="PARTNER_CODE|none", help="Your partner's program code, or 'none' (no match)."
    ),
    at: int | None = typer.Option(None, "--at", min=1, help="The rank to put the pair at (default: last)."),
) -> None:
    """Add a pair to the couple's list (last, or at a rank). Both sides 'none' is refused."""
    from matchpilot.services.rank_lists import add_couple_pair

    couple = add_couple_pair(get_services(), mine, partner, at)
    console.print(f"Added; your couple's list has {len(couple.pairs)} pairs.", highlight=False)


@couple_app.command("remove")
def couple_remove(rank: int = typer.Argument(..., min=1, help="The rank of the pair (1 = first).")) -> None:
    """Remove the pair at a rank."""
    from matchpilot.services.rank_lists import remove_couple_pair

    couple = remove_couple_pair(get_services(), rank)
    console.print(f"Removed; your couple's list has {len(couple.pairs)} pairs.", highlight=False)


@couple_app.command("export")
def couple_export(
    output: Path | None = typer.Option(None, "--output", "-o", help="Write here (default: print)."),
    csv: bool = typer.Option(False, "--csv", help="CSV (rank, my_code, my_program, partner_code)."),
) -> None:
    """Export the couple's list in entry order, ready to type into the NRMP's system ("no match" spelled out)."""
    from matchpilot.services.rank_lists import export_couple_csv, export_couple_list

    services = get_services()
    text = export_couple_csv(services) if csv else export_couple_list(services)
    deliver(text, output, "the couple's list")
