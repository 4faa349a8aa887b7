"""``matchpilot pick``: the best list of programs to apply to, from your profile, sheet and recorded outcomes.

Each chosen program comes with its chance range and top reasons; then the expected outcome of the whole list,
the diminishing-returns curve, and the programs left out with why (filtered programs first, with the slots
and fees they would have wasted). ``--json`` and ``--csv`` print machine-readable forms (docs/portfolio.md).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import typer
from rich.markup import escape

from matchpilot.cli.common import console, err_console, get_services, one_blas_thread, print_issues
from matchpilot.cli.tables import TextTable, print_table
from matchpilot.cli.tables import escape as cell
from matchpilot.errors import InputError
from matchpilot.io.format_names import PICK_FORMAT

if TYPE_CHECKING:
    from matchpilot.pick import PickReport

__all__ = ["PICK_HELP", "pick"]

PICK_HELP = (
    "Choose where to apply: the provably best list within your limits (a count, an ERAS-fee budget, bounds per "
    "kind of position), from your profile, your sheet and the outcomes you recorded. Shows each program's chance "
    "range and reasons, the expected outcome of the list, and every program left out with why. Without --max or "
    "--budget, at most 45 applications."
)


def _percent(value: float) -> str:
    return f"{value:.1%}" if value < 0.1 else f"{value:.0%}"


def pick(
    max_applications: int | None = typer.Option(
        None, "--max", min=1, metavar="N", help="Apply to at most N programs (default 45 when no --budget)."
    ),
    budget: int | None = typer.Option(
        None, "--budget", min=0, metavar="USD", help="Spend at most USD dollars on ERAS fees (tiers per specialty)."
    ),
    minimum: list[str] = typer.Option(
        [], "--min", metavar="CATEGORY=N", help="At least N programs of a kind: pmr, prelim, transitional, other."
    ),
    maximum: list[str] = typer.Option(
        [], "--max-in", metavar="CATEGORY=N", help="At most N programs of a kind: pmr, prelim, transitional, other."
    ),
    as_json: bool = typer.Option(False, "--json", help=f"Print JSON (format {PICK_FORMAT})."),
    as_csv: bool = typer.Option(False, "--csv", help="Print CSV: one row per program, chosen first."),
    weights_file: Path | None = typer.Option(None, "--weights", help="A chances weights TOML file."),
    rules_file: Path | None = typer.Option(
        None,
        "--rules",
        envvar="MATCHPILOT_RULES_FILE",
        help="A rules TOML file with your corrections (ERAS fees are read from the dated rules).",
    ),
    season: int | None = typer.Option(None, "--season", help="The year your applications are sent (default: now)."),
    signal: list[str] = typer.Option(
        [],
        "--signal",
        metavar="CODE[:TIER]",
        help="Send an ERAS signal to this program yourself (repeat; TIER such as gold or silver where the specialty "
        "has tiers). The program goes on the list and the other signals are placed around it.",
    ),
    no_signals: bool = typer.Option(
        False, "--no-signals", help="Choose the list without ERAS program signals (as if none were sent)."
    ),
    pin: list[str] = typer.Option(
        [], "--pin", metavar="CODE", help="A program you must apply to: it goes on the list (repeat, or commas)."
    ),
    exclude: list[str] = typer.Option(
        [], "--exclude", metavar="CODE", help="A program you will never apply to: it is left out (repeat, or commas)."
    ),
    threshold: float = typer.Option(
        0.5,
        "--threshold",
        metavar="POINTS",
        help="Mark where one more application adds less than POINTS percentage points to your chance of at "
        "least one match (default 0.5).",
    ),
) -> None:
    """Choose where to apply and explain the choice (the help text is :data:`PICK_HELP`)."""
    one_blas_thread()
    from matchpilot.pick import PickLimits, check_threshold, parse_bound, parse_signal
    from matchpilot.services.picks import pick_for

    if as_json and as_csv:
        raise InputError("choose one of --json and --csv")
    if season is not None and not 1950 <= season <= 2100:
        raise InputError(f"--season {season}: must be a year between 1950 and 2100")
    minimums = dict(parse_bound(text, option="--min") for text in minimum)
    maximums = dict(parse_bound(text, option="--max-in") for text in maximum)
    pinned = frozenset(part.strip() for text in pin for part in text.split(",") if part.strip())
    excluded = frozenset(part.strip() for text in exclude for part in text.split(",") if part.strip())
    limits = PickLimits(max_applications, budget, minimums, maximums, pinned, excluded)
    try:
        check_threshold(threshold)
    except InputError as error:
        raise InputError(f"--{error}") from None
    fixed = [parse_signal(part, option="--signal") for text in signal for part in text.split(",") if part.strip()]
    if fixed and no_signals:
        raise InputError("choose one of --signal and --no-signals")
    report = pick_for(
        get_services(),
        limits,
        weights_path=weights_file,
        rules_path=rules_file,
        season_year=season,
        signals=fixed,
        with_signals=not no_signals,
        threshold=threshold,
    )
    if as_json:
        from matchpilot.io.pick_json import pick_to_dict

        typer.echo(json.dumps(pick_to_dict(report), indent=2, ensure_ascii=False))
        return
    if as_csv:
        from matchpilot.io.pick_json import pick_csv

        typer.echo(pick_csv(report), nl=False)
        return
    print_issues(report.issues, title="Outcomes not learned from")
    _show(report)


def _show(report: PickReport) -> None:
    expected = report.expected
    limit = f"at most {report.count_limit} applications" if report.count_limit is not None else "no count limit"
    if report.limits.budget is not None:
        limit += f", ERAS fees at most US${report.limits.budget}"
    for name, bounds in report.limits.bounds().items():
        upper = "" if bounds.max is None else f" to {bounds.max}"
        limit += f", {name} {bounds.min}{upper}"
    console.print(
        f"[bold]Your list: {expected.applications} programs[/bold] ({escape(limit)}; season {report.season_year}).",
        highlight=False,
    )
    if not report.chosen:
        err_console.print("No program has a chance under these limits: see the programs left out below.")
    else:
        table = TextTable(title="Chosen programs")
        for column in ("#", "code", "name", "kind", "match", "interview", "fee", "top reasons"):
            table.add_column(column, overflow="fold", justify="right" if column in ("#", "fee") else "left")
        for item in report.chosen:
            table.add_row(
                str(item.rank),
                item.program.code,
                cell(item.program.name),
                item.chance.category.value,
                cell(item.chance.p_match.as_percent()),
                cell(item.chance.p_interview.as_percent()),
                f"${item.fee}",
                cell("; ".join(item.reasons)),
            )
        print_table(console, table)
    p_any = expected.p_any
    console.print(
        f"[bold]Expected outcome:[/bold] chance of at least one match {_percent(p_any.mid)} "
        f"(from {_percent(p_any.low)} with every chance at its low end to {_percent(p_any.high)} at its high end); "
        f"about {expected.interviews.mid:.1f} interview invitations ({expected.interviews.low:.1f} to "
        f"{expected.interviews.high:.1f}); expected worth of the best match {expected.value:.2f} of 5; "
        f"ERAS fees US${expected.fee} ({escape(report.fees.describe())}).",
        highlight=False,
    )
    kinds = ", ".join(f"{n} {name}" for name, n in expected.by_category.items())
    if kinds:
        console.print(f"By kind: {kinds}. Method: {report.method} ({'exact' if report.exact else 'approximate'}).")
    if report.applications_curve is not None:
        _show_curve(report)
    if report.money_curve:
        console.print(
            "Best chance of a match by ERAS budget: "
            + ", ".join(f"${pt.x}: {_percent(pt.p_any)}" for pt in report.money_curve[::3]),
            highlight=False,
        )
    if report.outlook:
        console.print(escape(report.outlook), highlight=False)
    filtered = report.filtered
    if filtered:
        out = TextTable(
            title=f"{len(filtered)} programs a hard filter removes: applying would waste {report.wasted_slots} "
            f"application slots and US${report.wasted_fee}",
        )
        for column in ("code", "name", "why", "how to change it"):
            out.add_column(column, overflow="fold")
        for gone in filtered:
            out.add_row(gone.program.code, cell(gone.program.name), cell(gone.reason), cell(gone.remedy))
        print_table(console, out)
    others = [gone for gone in report.left_out if gone.kind != "filtered"]
    if others:
        rest = TextTable(title=f"{len(others)} other programs left out")
        for column in ("code", "name", "kind", "match", "why"):
            rest.add_column(column, overflow="fold")
        for gone in others:
            rest.add_row(
                gone.program.code,
                cell(gone.program.name),
                gone.chance.category.value,
                cell(gone.chance.p_match.as_percent()),
                cell(gone.reason),
            )
        print_table(console, rest)
    if report.signals is not None:
        _show_signals(report)
    for note in report.notes:
        console.print(f"[dim]{escape(note)}[/dim]", highlight=False)
    console.print(
        f"[dim]Chances are ranges from the chances model (weights: {escape(report.weights_source)}); the list "
        "treats programs as independent, so the chance of a match is optimistic. ERAS fees: "
        f"{escape(report.fees.citation)}.[/dim]",
        highlight=False,
    )


def _show_curve(report: PickReport) -> None:
    """The curve of the chance of at least one match against the number of applications, as a short table."""
    curve = report.applications_curve
    if curve is None:
        return
    steps = {step.applications: step for step in curve.fee_steps}
    wanted = {1, 5, 10, 15, 20, 25, 30, 40, 45, 60, 90, curve.chosen, *steps}
    if curve.enough is not None:
        wanted.add(curve.enough)
    table = TextTable(
        title="Your chance of at least one match by number of applications (the best list of each size)",
    )
    table.add_column("applications", justify="right")
    table.add_column("chance without signals", justify="right")
    if curve.with_signals:
        table.add_column("with signals", justify="right")
    table.add_column("ERAS fees", justify="right")
    table.add_column("note", overflow="fold")
    for point in curve.points:
        if point.applications not in wanted:
            continue
        notes = []
        if point.applications == curve.chosen:
            notes.append("your list")
        step = steps.get(point.applications)
        if step is not None:
            notes.append(f"{step.specialty}: US${step.usd} per application from here (was US${step.before})")
        if point.applications == curve.enough:
            notes.append(f"from here one more adds less than {_points(curve.threshold)}")
        row = [str(point.applications), _percent(point.p_any)]
        if curve.with_signals:
            row.append(_percent(point.p_any_signals or 0.0))
        table.add_row(*row, f"${point.fee}", cell("; ".join(notes)))
    print_table(console, table)
    if curve.enough is None:
        console.print(
            f"Every application up to {len(curve.points)} adds at least {_points(curve.threshold)}.",
            highlight=False,
        )
    else:
        console.print(
            f"Past {curve.enough} applications, one more adds less than {_points(curve.threshold)} to "
            "your chance of at least one match (change it with --threshold).",
            highlight=False,
        )


def _show_signals(report: PickReport) -> None:
    from matchpilot.pick.signals import POOL_NAMES

    plan = report.signals
    if plan is None:
        return
    season = plan.season
    counts = "; ".join(f"{POOL_NAMES.get(pool, pool)}: {season.describe(pool)}" for pool in season.pools)
    console.print(
        f"[bold]ERAS program signals[/bold] for the Match of {season.match_year} ({escape(counts)}; source: "
        f"{escape(season.citation)}). Signals cost nothing; the ERAS fees of this list are US${report.expected.fee}.",
        highlight=False,
    )
    if plan.sent:
        table = TextTable(title=f"Where to signal: {len(plan.sent)} signals")
        for column in ("tier", "programs", "interview without → with", "adds to chance of a match", "how chosen"):
            table.add_column(column, overflow="fold")
        for sent in plan.sent:
            table.add_row(
                f"{POOL_NAMES.get(sent.pool, sent.pool)} {sent.tier}",
                ", ".join(p.code for p, _, _ in sent.programs),
                ", ".join(
                    f"{_percent(before.p_interview.mid)} → {_percent(after.p_interview.mid)}"
                    for _, before, after in sent.programs
                ),
                f"+{sent.gain_p_any * 100:.2f} points",
                "by you" if sent.fixed else "optimizer",
            )
        print_table(console, table)
    for unused in plan.unused:
        console.print(
            f"Unused: {unused.count} {escape(POOL_NAMES.get(unused.pool, unused.pool))} {escape(unused.tier)} "
            f"signal{'s' if unused.count != 1 else ''}: {escape(unused.reason)}.",
            highlight=False,
        )
    if plan.best_value is not None and plan.best_p_any is not None:
        cost = plan.best_p_any - report.expected.p_any.mid
        console.print(
            f"Your signals cost {cost * 100:+.2f} points of chance of a match against the best choice "
            f"({_percent(plan.best_p_any)} without your choices; expected worth {plan.best_value:.3f} against "
            f"{report.expected.value:.3f}).",
            highlight=False,
        )
    proof = (
        "proven best"
        if plan.optimal
        else f"best found, not proven best: no choice does better than an expected worth of {plan.bound:.3f}"
        if plan.bound is not None
        else "best found, not proven best"
    )
    console.print(f"Signals chosen by {plan.method} ({proof}).", highlight=False)
    if plan.evidence:
        console.print(f"[dim]What a signal does rests on: {escape(plan.evidence)}[/dim]", highlight=False)


def _points(value: float) -> str:
    """``0.5 percentage points``, ``1 percentage point``."""
    return f"{value:g} percentage point{'' if value == 1 else 's'}"
