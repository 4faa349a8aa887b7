"""``matchpilot demo``: load the fictional demo data."""

from __future__ import annotations

import typer

from matchpilot.cli.common import console, get_services
from matchpilot.errors import InputError


def demo(
    seed: int | None = typer.Option(None, "--seed", help="Generate a different fictional market."),
    if_empty: bool = typer.Option(False, "--if-empty", help="Do nothing when the sheet already has programs."),
    clear: bool = typer.Option(
        False, "--clear", help="Remove the demo programs and applicant instead (your own data is kept)."
    ),
) -> None:
    """Load the fictional demo market and applicant into the current database (replaces your sheet and
    profile; every demo program's name ends in '(fictional)'). With --clear, remove them again."""
    from matchpilot.services.demo import clear_demo, load_demo  # loads the Match Week services: only when asked

    if clear:
        if seed is not None or if_empty:
            raise InputError("--clear removes the demo data; leave out --seed and --if-empty")
        cleared = clear_demo(get_services())
        profile = " and the demo applicant's profile" if cleared.profile else ""
        left = f"{cleared.kept} {'program' if cleared.kept == 1 else 'programs'} of your own left"
        console.print(f"Removed {cleared.programs} fictional demo programs{profile}; {left}.")
        return

    report = load_demo(get_services(), seed=seed, if_empty=if_empty)
    if report.loaded:
        console.print(f"Loaded {report.programs} fictional programs and the demo applicant (seed {report.seed}).")
    else:
        console.print(f"Your sheet already has {report.programs} programs; demo data not loaded.")
