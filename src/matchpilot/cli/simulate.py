"""``matchpilot simulate``: how likely your rank order list is to match, and where (Monte Carlo over a market).

Runs on local processes by default (``--workers``) or on a Dask distributed cluster (``--scheduler
tcp://HOST:PORT``); the same seed gives the same figures wherever it runs. NumPy, the engine and Dask are
imported only when the command runs.
"""

from __future__ import annotations

import json

import typer
from rich.markup import escape
from rich.table import Table

from matchpilot.cli.common import console, err_console, get_services
from matchpilot.io.format_names import SIMULATION_FORMAT

__all__ = ["simulate"]


def _percent(value: float) -> str:
    return f"{value:.1%}"


def simulate(
    runs: int = typer.Option(2000, "--runs", min=1, help="How many simulated Matches."),
    seed: int = typer.Option(7, "--seed", min=0, help="Random seed: the same seed gives the same figures."),
    workers: int = typer.Option(1, "--workers", min=1, help="Local worker processes."),
    scheduler: str | None = typer.Option(
        None, "--scheduler", metavar="ADDRESS", help="Run on a Dask distributed cluster (tcp://HOST:PORT)."
    ),
    as_json: bool = typer.Option(False, "--json", help=f"Print the result as JSON ({SIMULATION_FORMAT})."),
    what_if: list[str] = typer.Option(
        [], "--what-if", metavar="swap:A,B|drop:A|add:A", help="Compare a changed list on the same draws (repeat)."
    ),
    market: str = typer.Option("pmr", "--market", help="pmr (about the PM&R Match), national, or sheet."),
    applicants: int | None = typer.Option(None, "--applicants", min=1, help="Describe the market: applicants."),
    programs: int | None = typer.Option(None, "--programs", min=1, help="Describe the market: programs."),
    competition: float | None = typer.Option(
        None, "--competition", help="Describe the market: positions per applicant (lower is harder; 0.915)."
    ),
    market_seed: int = typer.Option(0, "--market-seed", min=0, help="Seed of the generated market."),
) -> None:
    """Simulate the Match many times around your rank order list: your chance of matching at all, at each
    program on your list, and of going unmatched, each with a 95% interval; what-ifs share the same draws."""
    from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

    from matchpilot.io.simulation_json import summary_to_dict
    from matchpilot.services.executors import make_executor
    from matchpilot.services.simulation import SimulationRequest, prepare_simulation, run_prepared

    request = SimulationRequest(
        runs=runs,
        seed=seed,
        market=market,
        applicants=applicants,
        programs=programs,
        competition=competition,
        what_ifs=tuple(what_if),
        market_seed=market_seed,
    )
    executor = make_executor(workers, scheduler)
    prepared = prepare_simulation(get_services(), request)
    with Progress(
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        TextColumn("{task.completed}/{task.total} runs"),
        TimeRemainingColumn(),
        console=err_console,
        transient=True,
        disable=as_json and not err_console.is_terminal,
    ) as progress:
        bar = progress.add_task(f"Simulating on {executor.description}", total=prepared.runs)
        summary = run_prepared(prepared, executor, on_done=lambda n: progress.advance(bar, n))
    data = summary_to_dict(summary, prepared.notes)
    if as_json:
        typer.echo(json.dumps(data, ensure_ascii=False))
        return
    _print(data)


def _print(data: dict[str, object]) -> None:
    market = data["market"]
    assert isinstance(market, dict)
    console.print(
        f"{data['runs']} simulated Matches (seed {data['seed']}) in a fictional {market['name']} market of "
        f"{market['applicants']:,} applicants and {market['programs']:,} programs.",
        highlight=False,
    )
    ci = data["p_match_ci"]
    unmatched_ci = data["unmatched_ci"]
    assert isinstance(ci, list) and isinstance(unmatched_ci, list)
    console.print(
        f"Chance of matching: [bold]{_percent(float(data['p_match']))}[/bold] "  # type: ignore[arg-type]
        f"(95% interval {_percent(ci[0])} to {_percent(ci[1])}); unmatched: "
        f"{_percent(float(data['unmatched']))} ({_percent(unmatched_ci[0])} to {_percent(unmatched_ci[1])}).",  # type: ignore[arg-type]
        highlight=False,
    )
    table = Table(title="Where you match", title_justify="left")
    table.add_column("Rank", justify="right")
    table.add_column("Program")
    table.add_column("Chance", justify="right")
    table.add_column("95% interval", justify="right")
    by_program = data["by_program"]
    by_ci = data["by_program_ci"]
    assert isinstance(by_program, dict) and isinstance(by_ci, dict)
    for rank, (code, value) in enumerate(by_program.items(), start=1):
        low, high = by_ci[code]
        table.add_row(str(rank), escape(code), _percent(value), f"{_percent(low)}-{_percent(high)}")
    console.print(table)
    supplemental = data["supplemental_by_program"]
    assert isinstance(supplemental, dict)
    if supplemental:
        shown = ", ".join(f"{escape(c)} {_percent(v)}" for c, v in supplemental.items() if v > 0)
        console.print(f"PGY-1 through your supplemental lists: {shown or 'none in these runs'}.", highlight=False)
        console.print(
            f"Advanced match with no PGY-1 from your lists: {_percent(float(data['advanced_without_pgy1']))}.",  # type: ignore[arg-type]
            highlight=False,
        )
    what_ifs = data["what_ifs"]
    assert isinstance(what_ifs, list)
    for item in what_ifs:
        low, high = item["difference_ci"]
        console.print(
            f"What if {escape(item['name'])}: chance of matching {_percent(item['p_match'])} "
            f"({item['difference']:+.1%}, 95% interval {low:+.1%} to {high:+.1%}; same draws, "
            f"{item['changed_runs']} runs ended differently).",
            highlight=False,
        )
    notes = data.get("notes", [])
    assert isinstance(notes, list)
    for note in notes:
        console.print(f"note: {escape(note)}", highlight=False)
    if data["stopped_at_bound"]:
        console.print(
            f"note: {data['stopped_at_bound']} engine runs were stopped by the bound on cycling "
            "(supplemental lists can make the algorithm cycle); their match stands as it was.",
            highlight=False,
        )
    console.print(
        "These figures come from a fictional market and the chances model's assumptions, not from NRMP data.",
        highlight=False,
    )
