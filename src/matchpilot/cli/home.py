"""``matchpilot next``: what to do now, by the date and the state of your workspace (the web app's home page)."""

from __future__ import annotations

from pathlib import Path

from rich.markup import escape

from matchpilot.cli.common import console, get_services, next_step_command
from matchpilot.cli.soap import rules_option


def next_steps(rules: Path | None = rules_option()) -> None:
    """Say what to do now: the season's stage, its next dates (from the dated rules) and the steps your
    workspace needs, most pressing first, each with the command that does it."""
    from matchpilot.services.home import home_plan

    plan = home_plan(get_services(), rules_path=rules)
    console.print(f"[bold]{escape(plan.season.label)}[/bold] · today {plan.today.isoformat()}", highlight=False)
    console.print(f"Now: [bold]{escape(plan.stage.label)}[/bold]. {escape(plan.summary)}", highlight=False)
    if plan.deadlines:
        console.print("\n[bold]Next dates[/bold]")
        for deadline in plan.deadlines:
            estimated = " (estimated: confirm on nrmp.org)" if deadline.estimated else ""
            console.print(f"  {deadline.on.isoformat()}  {escape(deadline.title)}{estimated}", highlight=False)
    console.print("\n[bold]What to do next[/bold]")
    if not plan.steps:
        console.print("  Nothing is waiting for you right now.")
    for number, step in enumerate(plan.steps, start=1):
        due = f" (by {step.due.isoformat()})" if step.due else ""
        mark = " [yellow]soon[/yellow]" if step.urgent else ""
        console.print(f"  {number}. {escape(step.title)}{due}{mark}", highlight=False)
        if step.detail:
            console.print(f"     {escape(step.detail)}", highlight=False)
        console.print(f"     → {escape(next_step_command(step.target, step.program))}", highlight=False)
