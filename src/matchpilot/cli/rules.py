"""``matchpilot rules``: the dated rules matchpilot applies (SOAP cap and rounds, fees, letters, signals,
rank order list limits, Match Week hours), each with its source and when it was checked."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import typer
from rich.markup import escape
from rich.table import Table

from matchpilot.cli.common import console
from matchpilot.cli.soap import load, rules_option
from matchpilot.io.format_names import RULES_FORMAT

__all__ = ["app", "show"]

app = typer.Typer(
    help="The yearly rules matchpilot applies, as dated data with sources; correct them with your own file "
    "(--rules FILE or MATCHPILOT_RULES_FILE, see docs/soap.md).",
    no_args_is_help=True,
)


@app.callback()
def _rules() -> None:
    """The dated rules and their sources."""


@app.command("show")
def show(
    year: int | None = typer.Option(
        None, "--year", help="Only what applies to this Match year (default: every entry and every schedule)."
    ),
    as_json: bool = typer.Option(False, "--json", help=f"Print JSON (format {RULES_FORMAT}) instead of tables."),
    rules_file: Path | None = rules_option(),
) -> None:
    """Show every rule with the Match years it covers, its value, its source and when it was checked, then
    the Match Week schedules (US Eastern, as the sources write them). With --rules, your corrections are
    merged in and checked; an error names the key path and nothing of your file is used."""
    from matchpilot.io.rules_toml import rules_to_dict
    from matchpilot.services.soap import NOT_THE_NRMP, format_local

    loaded = load(rules_file)
    rules = loaded.rules
    if as_json:
        data = rules_to_dict(rules)
        if year is not None:
            data = _only_year(data, year)
        typer.echo(json.dumps(data, indent=2, ensure_ascii=False))
        return
    if rules_file is not None:
        console.print(f"With your corrections from {escape(str(rules_file))}.", highlight=False)
    table = Table(title="Rules", title_justify="left")
    for column in ("rule", "Match years", "value", "source", "checked"):
        table.add_column(column, overflow="fold")
    for _name, history in rules.histories():
        for entry in history:
            if year is not None and not entry.covers(year):
                continue
            value = _value(entry.value)
            if entry.projected:
                value += "\n[yellow]projected, not confirmed by an official page[/yellow]"
            if entry.note:
                value += f"\n[dim]{escape(entry.note)}[/dim]"
            table.add_row(escape(entry.title), entry.years, value, escape(entry.source), entry.checked)
    console.print(table)
    for schedule in rules.match_weeks:
        if year is not None and schedule.year != year:
            continue
        week = Table(title=f"Match Week {schedule.year} ({schedule.zone})", title_justify="left")
        for column in ("when", "event", "source", "checked"):
            week.add_column(column, overflow="fold")
        for event in schedule.all_events:
            when = format_local(event.start)
            if event.end is not None:
                same_day = event.end.date() == event.start.date()
                when += f" to {event.end.strftime('%H:%M') if same_day else format_local(event.end)}"
            source = escape(event.source) + (f"\n[dim]{escape(event.note)}[/dim]" if event.note else "")
            week.add_row(when, escape(event.title), source, event.checked)
        console.print(week)
        if schedule.note:
            console.print(f"[yellow]Note:[/yellow] {escape(schedule.note)}", highlight=False)
    console.print(f"[dim]{escape(NOT_THE_NRMP)}[/dim]", highlight=False)


def _value(value: object) -> str:
    if isinstance(value, tuple):
        tiers = []
        for tier in value:
            span = f"{tier.first}+" if tier.last is None else f"{tier.first}-{tier.last}"
            tiers.append(f"programs {span}: US${tier.usd} each")
        return "; ".join(tiers)
    if isinstance(value, Mapping):  # ERAS signals: specialty -> counts per tier
        parts = []
        for specialty, rule in value.items():
            counts = " + ".join(f"{count} {tier}" for tier, count in rule.tiers.items())
            parts.append(f"{specialty}: {counts} (one per {rule.group})")
        return escape("; ".join(parts))
    return escape(str(value))


def _only_year(data: dict[str, Any], year: int) -> dict[str, Any]:
    rules = {
        name: [e for e in entries if e["since"] <= year and (e["until"] is None or year <= e["until"])]
        for name, entries in data["rules"].items()
    }
    weeks = {key: week for key, week in data["match_week"].items() if key == str(year)}
    return {**data, "year": year, "rules": rules, "match_week": weeks}
