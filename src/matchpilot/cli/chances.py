"""``matchpilot chances``: the chance of an interview and of a match at each program, with the reasons."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import typer
from rich.markup import escape
from rich.table import Table

from matchpilot.cli.common import console, err_console, get_services, print_issues
from matchpilot.errors import InputError, InvalidDataError
from matchpilot.io.chances_json import (
    CHANCES_COHORT_FORMAT,
    CHANCES_FORMAT,
    CHANCES_REPORT_FORMAT,
    chances_to_dict,
    cohort_status_to_dict,
    prediction_report_to_dict,
)

if TYPE_CHECKING:
    from matchpilot.chances import Factor, Interval, OutlookChange, ProgramChance
    from matchpilot.services.chances import ChancesReport, ProgramEstimate
    from matchpilot.services.predictions import PredictionReport

__all__ = [
    "app",
    "chances",
    "cohort_command",
    "report_command",
    "weights",
]

app = typer.Typer(
    help="Your chance of an interview and of a match at each program of your sheet, with the reasons: hard "
    "filters (and how to change them), soft factors, and ranges where facts are unknown. Every weight is a "
    "documented assumption, not NRMP data (see docs/chances.md).",
)


_TIERS = ("standard", "gold", "silver")


def _signals(values: list[str]) -> dict[str, str | None]:
    """``CODE`` or ``CODE:TIER`` per item (repeated, or separated by commas): code -> tier (None: standard)."""
    found: dict[str, str | None] = {}
    for value in values:
        for part in value.split(","):
            code, _, tier = part.strip().partition(":")
            tier = tier.strip().lower()
            if tier and tier not in _TIERS:
                raise InputError(
                    f"--signal {part.strip()!r}: {tier!r} is not a signal tier; use one of {', '.join(_TIERS)}"
                )
            if code.strip():
                found[code.strip()] = tier or None
    return found


@app.callback(invoke_without_command=True)
def chances(
    ctx: typer.Context,
    program: str | None = typer.Option(None, "--program", help="Show every filter and factor of this program code."),
    as_json: bool = typer.Option(False, "--json", help=f"Print JSON (format {CHANCES_FORMAT}) instead of tables."),
    weights_file: Path | None = typer.Option(
        None, "--weights", help="A weights TOML file (keys left out keep their defaults; see `chances weights`)."
    ),
    outcomes_file: Path | None = typer.Option(
        None,
        "--outcomes",
        help="A CSV/XLSX file with columns code, outcome (invited, rejected, silent) to learn from instead of the "
        "outcomes you recorded (`matchpilot outcome record`); a what-if, not kept.",
    ),
    signal: list[str] = typer.Option(
        [],
        "--signal",
        metavar="CODE[:TIER]",
        help="A program code you signalled, with its tier where the specialty has tiers (CODE:gold); repeat, or "
        "separate with commas.",
    ),
    season: int | None = typer.Option(
        None,
        "--season",
        help="The year your applications are sent (default: this season, which ends on Match Day).",
    ),
) -> None:
    """Estimate your chances at every program of your sheet: filtered programs say why and how to change it,
    the others show a range (unknown facts widen it) and their top reasons."""
    if ctx.invoked_subcommand is not None:
        return
    from matchpilot.services.chances import chances_for, read_outcomes
    from matchpilot.services.predictions import keep_shown

    if season is not None and not 1950 <= season <= 2100:
        raise InputError(f"--season {season}: must be a year between 1950 and 2100")
    services = get_services()
    if outcomes_file is not None:
        outcomes = read_outcomes(outcomes_file)
    else:  # the outcomes recorded with `matchpilot outcome record`, as My list and `pick` learn from them
        from matchpilot.services.picks import list_outcomes

        outcomes = [(o.code, o.outcome) for o in list_outcomes(services)]
    signals = _signals(signal)
    report = chances_for(services, weights_path=weights_file, outcomes=outcomes, signals=signals, season_year=season)
    known = {e.program.code for e in report.estimates}
    unknown_signals = [code for code in signals if code not in known]
    if unknown_signals:
        raise InputError(f"--signal: no program with code {', '.join(map(repr, unknown_signals))} in your sheet")
    if outcomes_file is None and season is None:  # what-ifs (outcomes from a file, another season) are not kept
        keep_shown(services, report)
    chosen = report.estimate(program) if program is not None else None
    if as_json:
        typer.echo(json.dumps(chances_to_dict(report, chosen), indent=2, ensure_ascii=False))
        return
    print_issues(report.issues, title="Outcomes not learned from")
    if chosen is not None:
        from matchpilot.services.picks import signal_effects_for

        _show_one(report, chosen, signal_effects_for(report, chosen.program.code, weights_path=weights_file))
    else:
        _show_all(report)


@app.command("weights")
def weights(
    out: Path | None = typer.Option(None, "--out", help="Write the default weights file here (to edit it)."),
    check: Path | None = typer.Option(None, "--check", help="Check a weights file: every problem names its key."),
) -> None:
    """Print the default weights file (every number a documented assumption), write it to a file to edit
    with --out, or check an edited file with --check."""
    from matchpilot.services.chances import check_weights_file, default_weights_text

    if check is not None:
        issues = check_weights_file(check)
        if issues:
            raise InvalidDataError(f"{check}: the weights file has errors", issues)
        console.print(f"{escape(str(check))}: no errors (keys left out keep their defaults).", highlight=False)
        return
    text = default_weights_text()
    if out is None:
        typer.echo(text, nl=False)
        return
    if out.exists():
        raise InputError(f"{out}: already exists; choose another name or remove it first")
    try:
        out.write_text(text, encoding="utf-8")
    except OSError as error:
        raise InputError(f"{out}: cannot be written ({error.strerror})") from None
    console.print(
        f"Wrote the default weights to {escape(str(out))}. Edit it, then run "
        f"[bold]matchpilot chances --weights {escape(str(out))}[/bold].",
        highlight=False,
    )


@app.command("cohort")
def cohort_command(
    consent: str | None = typer.Option(
        None,
        "--consent",
        help="yes: let your recorded outcomes join the cohort of this server (pooled, never shown to anyone); "
        "no: take them out from now on.",
    ),
    as_json: bool = typer.Option(False, "--json", help=f"Print JSON (format {CHANCES_COHORT_FORMAT})."),
) -> None:
    """Learning from the applicants on this server: whether your outcomes are pooled, and what the pool holds.
    Only pooled per-program terms resting on at least 5 applicants are ever used (see docs/chances.md)."""
    from matchpilot.services.cohort import cohort_status, parse_consent, set_consent

    services = get_services()
    if consent is not None:
        set_consent(services, parse_consent(consent))
    status = cohort_status(services)
    if as_json:
        typer.echo(json.dumps(cohort_status_to_dict(status), indent=2, ensure_ascii=False))
        return
    if status.consent:
        console.print("You share your recorded outcomes with the cohort of this server.", highlight=False)
    else:
        console.print(
            "You do not share your recorded outcomes with the cohort of this server "
            "([bold]matchpilot chances cohort --consent yes[/bold] to share them).",
            highlight=False,
        )
    if status.applicants is not None:
        console.print(
            f"The cohort: {status.applicants} applicants share {status.outcomes} outcomes; "
            f"{status.programs} programs have a term fitted to them.",
            highlight=False,
        )
    if status.note:
        console.print(f"[dim]{escape(status.note[0].upper() + status.note[1:])}.[/dim]", highlight=False)


@app.command("report")
def report_command(
    as_json: bool = typer.Option(
        False, "--json", help=f"Print JSON (format {CHANCES_REPORT_FORMAT}) instead of tables."
    ),
) -> None:
    """How well the chances shown earlier did against the outcomes you recorded: the Brier score against a
    plain baseline, a reliability table, and what so few outcomes can and cannot say (see docs/chances.md)."""
    from matchpilot.services.predictions import prediction_report

    found = prediction_report(get_services())
    if as_json:
        typer.echo(json.dumps(prediction_report_to_dict(found), indent=2, ensure_ascii=False))
        return
    _show_prediction_report(found)


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{100 * value:.0f}%"


def _show_prediction_report(found: PredictionReport) -> None:
    scores = found.scores
    console.print("[bold]How the chances shown earlier did[/bold]", highlight=False)
    if scores.brier is not None and scores.baseline_brier is not None:
        console.print(
            f"Brier score {scores.brier:.3f} over {scores.count} outcomes ({scores.invited} invited); the baseline "
            f"(your invitation rate, {_pct(scores.base_rate)}, for every program) scores {scores.baseline_brier:.3f}. "
            "Lower is better; 0 is perfect.",
            highlight=False,
        )
        if scores.skill is not None:
            if not found.conclusive:
                verdict = "too few outcomes to say better or worse"
            else:
                verdict = ("better" if scores.skill > 0 else "no better") + " than the baseline"
            console.print(f"Skill {scores.skill:+.2f}: {verdict}.", highlight=False)
        table = Table(title="Reliability: predicted against what happened", title_justify="left")
        for column in ("predicted", "outcomes", "mean predicted", "invited", "95% interval"):
            table.add_column(column, overflow="fold")
        for b in scores.bins:
            interval = "" if b.observed_low is None else f"{_pct(b.observed_low)} to {_pct(b.observed_high)}"
            table.add_row(
                f"{_pct(b.low)}-{_pct(b.high)}",
                str(b.count),
                _pct(b.mean_predicted),
                "" if b.observed is None else f"{_pct(b.observed)} ({b.invited})",
                interval,
            )
        console.print(table)
    console.print(escape(found.words), highlight=False)
    notes = []
    if found.silent:
        notes.append(
            f"{found.silent} silent outcome{'s' if found.silent != 1 else ''} not scored (silence may still "
            "become an invitation)"
        )
    if found.unpredicted:
        notes.append(
            f"{len(found.unpredicted)} outcome{'s' if len(found.unpredicted) != 1 else ''} recorded before "
            f"any chance was shown for the program: {', '.join(found.unpredicted)}"
        )
    for note in notes:
        console.print(f"[dim]{escape(note)}.[/dim]", highlight=False)


# --- text ---------------------------------------------------------------------------------------------------

_UNKNOWN = "[dim]unknown[/dim]"


def _range(interval: Interval) -> str:
    return escape(interval.as_percent())


def _reason(factor: Factor) -> str:
    if factor.unknown:
        return f"{factor.name} {factor.low:+.1f} to {factor.high:+.1f}: {factor.explanation}"
    return f"{factor.contribution:+.2f} {factor.name} ({factor.value})"


def _show_all(report: ChancesReport) -> None:
    console.print(
        f"Season {report.season_year}; weights: {escape(report.weights_source)}.",
        highlight=False,
    )
    if not report.estimates:
        err_console.print("Your sheet has no programs. Import some with [bold]matchpilot programs import FILE[/bold].")
        return
    open_ = report.open
    table = Table(title=f"{len(open_)} programs you can apply to", title_justify="left")
    for column in ("code", "name", "kind", "interview", "match", "top reasons"):
        table.add_column(column, overflow="fold")
    for estimate in open_:
        chance = estimate.chance
        reasons = "; ".join(_reason(f) for f in chance.top_factors(3)) or "no factor for or against"
        if chance.observed is not None:
            reasons = f"recorded: {chance.observed.value}; " + reasons
        table.add_row(
            estimate.program.code,
            escape(estimate.program.name),
            chance.category.value,
            _range(chance.p_interview),
            _range(chance.p_match),
            escape(reasons),
        )
    if open_:
        console.print(table)
    filtered = report.filtered
    if filtered:
        out = Table(title=f"{len(filtered)} programs filtered out (chance 0)", title_justify="left")
        for column in ("code", "name", "why", "how to change it"):
            out.add_column(column, overflow="fold")
        for estimate in filtered:
            out.add_row(
                estimate.program.code,
                escape(estimate.program.name),
                escape("; ".join(f.reason for f in estimate.chance.filtered)),
                escape("; ".join(f.remedy for f in estimate.chance.filtered)),
            )
        console.print(out)
    if report.change is not None:
        _show_change(report.change)
    line = _cohort_line(report)
    if line:
        console.print(escape(line), highlight=False)
    console.print(
        "[dim]Ranges, not guesses: unknown facts widen them. Every weight is an assumption, not NRMP data; "
        "see `matchpilot chances weights` and docs/chances.md.[/dim]"
    )


def _cohort_line(report: ChancesReport) -> str:
    """How much of the chances comes from the cohort of the server (empty when nothing does)."""
    touched = report.cohort_programs
    if not touched or report.cohort is None:
        return ""
    shifts = [f.contribution for e in touched for f in e.chance.factors if f.key == "cohort"]
    return (
        f"Applicants on this server: {len(touched)} of your programs include a term fitted to the outcomes of "
        f"{report.cohort.applicants} applicants who share them ({min(shifts):+.2f} to {max(shifts):+.2f} log-odds; "
        "each rests on at least 5 applicants)."
    )


def _show_change(change: OutlookChange, limit: int = 5) -> None:
    console.print("\n[bold]How your outlook changed[/bold]")
    console.print(escape(change.summary), highlight=False)
    for evidence in change.evidence:
        console.print(f"  - {escape(evidence.describe())}", highlight=False)
    moved = [d for d in change.programs if abs(d.delta) >= 0.005][:limit]
    if moved:
        table = Table(title="Largest changes", title_justify="left")
        for column in ("code", "before", "after", "why"):
            table.add_column(column, overflow="fold")
        for delta in moved:
            table.add_row(delta.code, _range(delta.before), _range(delta.after), escape(delta.why))
        console.print(table)


def _show_one(
    report: ChancesReport, estimate: ProgramEstimate, effects: tuple[tuple[str, ProgramChance], ...] = ()
) -> None:
    program, chance = estimate.program, estimate.chance
    console.print(
        f"[bold]{escape(program.name)}[/bold] ({escape(program.code)}), {chance.category.value}", highlight=False
    )
    console.print(f"Interview: {_range(chance.p_interview)}   Match: {_range(chance.p_match)}", highlight=False)
    if chance.observed is not None:
        console.print(f"Recorded outcome: {chance.observed.value}", highlight=False)
    for tier, signalled in effects:
        console.print(
            f"A {escape(tier)} signal would raise your chance of an interview from {chance.p_interview.mid:.0%} to "
            f"{signalled.p_interview.mid:.0%} (middle estimates; what a signal does is an assumption of the model).",
            highlight=False,
        )
    for found in chance.filtered:
        console.print(f"[red]Filtered:[/red] {escape(found.reason)}", highlight=False)
        console.print(f"  How to change it: {escape(found.remedy)}", highlight=False)
    table = Table(title="Factors (log-odds of an invitation)", title_justify="left")
    for column in ("factor", "value", "contribution", "range", "why"):
        table.add_column(column, overflow="fold")
    for factor in chance.factors:
        table.add_row(
            escape(factor.name),
            escape(factor.value),
            f"{factor.contribution:+.2f}",
            f"{factor.low:+.2f} to {factor.high:+.2f}" if factor.unknown else "",
            escape(factor.explanation),
        )
    console.print(table)
    console.print(
        f"[dim]Weights: {escape(report.weights_source)}. Season {report.season_year}. Unknown facts give a range "
        "instead of a guess.[/dim]",
        highlight=False,
    )
