"""What every command group shares: the consoles, the services of the current invocation, issue tables."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from rich.console import Console
from rich.markup import escape

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
    """Print issues on stderr, one per line as ``severity  where: problem`` (errors red, warnings yellow)."""
    issues = list(issues)
    if not issues:
        return
    errors = sum(1 for issue in issues if issue.is_error)
    warnings = len(issues) - errors
    counts = f"{errors} error{'s' if errors != 1 else ''}, {warnings} warning{'s' if warnings != 1 else ''}"
    err_console.print(f"[bold]{title}[/bold] ({counts}):", highlight=False)
    for issue in issues:
        style = "red" if issue.is_error else "yellow"
        err_console.print(
            f"  [{style}]{issue.severity.value:<7}[/{style}] {escape(str(issue))}", highlight=False, soft_wrap=True
        )
