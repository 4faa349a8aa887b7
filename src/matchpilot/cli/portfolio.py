"""`matchpilot portfolio` commands: choose which programs to apply to (``spec/portfolio.md``).

``matchpilot portfolio optimize PROBLEM.json`` writes the result JSON to stdout (or to ``-o FILE``) and a short
human summary on stderr (``--quiet`` leaves it out), so ``> result.json`` and pipes get clean JSON.
"""

from __future__ import annotations

from pathlib import Path

import typer
from rich.table import Table

from matchpilot.cli import common
from matchpilot.domain.portfolio import PortfolioProblem, PortfolioResult
from matchpilot.io.format_names import PROBLEM_FORMAT

__all__ = ["app", "optimize"]

app = typer.Typer(
    help="Which programs to apply to: the provably best application portfolio and its diminishing-returns curve.",
    no_args_is_help=True,
)


_OPTIMIZE_HELP = (
    "Choose the portfolio that maximizes the objective within every limit and write the result JSON to stdout "
    "(or -o). Exact under independence: the nested greedy for a count limit (with the diminishing-returns curve), "
    "dynamic programs for a budget and for category bounds. Approximate with --correlation. A short summary goes "
    "to stderr unless --quiet."
)


@app.command("optimize", help=_OPTIMIZE_HELP)
def optimize(
    problem: Path = typer.Argument(
        ...,
        metavar="PROBLEM.json",
        help=f"A {PROBLEM_FORMAT} file: candidates (id, p, utility, cost, category) and limits.",
    ),
    output: Path | None = typer.Option(
        None, "--output", "-o", metavar="RESULT.json", help="Write the result JSON here instead of stdout."
    ),
    correlation: float | None = typer.Option(
        None,
        "--correlation",
        min=0.0,
        max=1.0,
        help="Outcomes move together through one latent applicant strength (0 = independent, 1 = fully). "
        "Uses an approximate sample-average greedy (optimal: false).",
    ),
    samples: int = typer.Option(1000, "--samples", min=1, help="Scenarios drawn for --correlation."),
    seed: int = typer.Option(0, "--seed", help="Random seed for --correlation (same seed, same answer)."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Do not print the summary on stderr."),
) -> None:
    """Solve PROBLEM.json with :func:`matchpilot.services.portfolio.optimize_file`; print or write the result.

    Steps: read and solve (errors propagate to the root group, which prints them and exits 2); write the
    result JSON to stdout or ``output``; print the summary on stderr unless ``quiet``.
    """
    from matchpilot.services.portfolio import Correlation, optimize_file, render_result, write_result

    model = None if correlation is None else Correlation(rho=correlation, samples=samples, seed=seed)
    loaded, result = optimize_file(problem, correlation=model)
    if output is None:
        typer.echo(render_result(result), nl=False)
    else:
        write_result(result, output)
    if not quiet:
        _summary(loaded, result, output)


def _summary(problem: PortfolioProblem, result: PortfolioResult, output: Path | None) -> None:
    """Print what a person wants to see first: how good the list is, how it was found, and the list."""
    console = common.err_console
    exact = "exact" if result.optimal else "approximate"
    label = "chance of at least one success" if problem.objective.value == "p_any" else "expected outcome"
    console.print(
        f"[bold]{len(result.chosen)}[/bold] of {result.candidates} candidates chosen; {label} "
        f"[bold]{result.value:.4g}[/bold] ({exact}, {result.method}, {result.solve_seconds * 1000:.1f} ms)",
        highlight=False,
    )
    if result.estimate is not None:
        console.print(f"with correlated outcomes (sampled): {result.estimate:.4g}", highlight=False)
    if result.curve:
        points = [h for h in (1, 5, 10, 15, 20, 30, 45, 60, 90) if h <= len(result.curve)]
        if len(result.curve) not in points:
            points.append(len(result.curve))
        shown = ", ".join(f"{h}: {result.curve[h - 1]:.4g}" for h in points)
        console.print(f"best value by number of applications — {shown}", highlight=False)
    by_id = {c.id: c for c in problem.candidates}
    table = Table(title="chosen, best first" if result.curve is None else "chosen, in the order added")
    for column in ("#", "id", "chance", "utility", "cost", "category"):
        table.add_column(column, justify="right" if column in ("#", "chance", "utility", "cost") else "left")
    for rank, chosen_id in enumerate(result.chosen, 1):
        c = by_id[chosen_id]
        table.add_row(str(rank), c.id, _percent(c.p), f"{c.utility:g}", str(c.cost), c.category or "")
    if result.chosen:
        console.print(table)
    _signals_summary(problem, result)
    if output is not None:
        console.print(f"result written to {output}", highlight=False, markup=False)


def _signals_summary(problem: PortfolioProblem, result: PortfolioResult) -> None:
    """With signals: each signalled group, its tier and the chosen programs it covers; the signals used."""
    if not result.signals_used:
        return
    console = common.err_console
    members: dict[str, list[str]] = {}
    for candidate in problem.candidates:
        if candidate.signal is not None and candidate.id in result.chosen:
            members.setdefault(candidate.signal.group, []).append(candidate.id)
    table = Table(title="signalled")
    for column in ("group", "tier", "programs applied to"):
        table.add_column(column, overflow="fold")
    for group, tier in result.signalled.items():
        table.add_row(group, tier, ", ".join(members.get(group, [])))
    if result.signalled:
        console.print(table)
    used = "; ".join(
        f"{pool} {tier}: {count} of {problem.signals[pool][tier]}"
        for pool, tiers in result.signals_used.items()
        for tier, count in tiers.items()
    )
    console.print(f"signals used — {used}", highlight=False)
    if result.bound is not None:
        console.print(
            f"not proven optimal: no choice does better than {result.bound:.4g} (proven bound)", highlight=False
        )


def _percent(p: float) -> str:
    """A chance for people: whole percents, one decimal below 10% (``0.5%``, ``22%``)."""
    return f"{p:.1%}" if p < 0.1 else f"{p:.0%}"
