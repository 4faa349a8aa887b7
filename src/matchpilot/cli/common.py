"""What every command group shares: the consoles, the services of the current invocation, issue tables."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from rich.console import Console
from rich.table import Table

from matchpilot.domain.issues import Issue

if TYPE_CHECKING:
    from matchpilot.services import Services

__all__ = ["console", "err_console", "get_services", "print_issues", "set_database_url"]

console = Console()
err_console = Console(stderr=True)

_state: dict[str, object] = {}


def set_database_url(url: str | None) -> None:
    """Remember the ``--db`` option of this invocation (None: settings decide)."""
    _state["database_url"] = url
    _state.pop("services", None)


def get_services() -> Services:
    """The services of this invocation, built once on first use (so ``--help`` never touches a database)."""
    services = _state.get("services")
    if services is None:
        from matchpilot.bootstrap import build_services

        url = _state.get("database_url")
        services = build_services(database_url=url if isinstance(url, str) else None)
        _state["services"] = services
    return services  # type: ignore[return-value]


def print_issues(issues: Iterable[Issue], *, title: str = "Problems") -> None:
    """Print issues as a table on stderr: errors in red, warnings in yellow, each with where it is."""
    issues = list(issues)
    if not issues:
        return
    table = Table(title=title, title_justify="left", show_lines=False)
    table.add_column("severity")
    table.add_column("where")
    table.add_column("problem", overflow="fold")
    for issue in issues:
        style = "red" if issue.is_error else "yellow"
        table.add_row(f"[{style}]{issue.severity.value}[/{style}]", issue.where, issue.message)
    err_console.print(table)
