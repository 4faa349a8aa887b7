"""``matchpilot demo``: load the fictional demo data."""

from __future__ import annotations

import typer

from matchpilot.cli.common import console, get_services


def demo(
    seed: int | None = typer.Option(None, "--seed", help="Generate a different fictional market."),
    if_empty: bool = typer.Option(False, "--if-empty", help="Do nothing when the sheet already has programs."),
) -> None:
    """Load the fictional demo market and applicant into the current database (replaces your sheet and
    profile; every demo program's name ends in '(fictional)')."""
    from matchpilot.services.demo import load_demo  # loads the Match Week services too: only when asked

    report = load_demo(get_services(), seed=seed, if_empty=if_empty)
    if report.loaded:
        console.print(f"Loaded {report.programs} fictional programs and the demo applicant (seed {report.seed}).")
    else:
        console.print(f"Your sheet already has {report.programs} programs; demo data not loaded.")
