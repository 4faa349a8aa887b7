"""The command line: ``matchpilot`` (Typer + Rich). One module per command group; errors become exit codes
in :mod:`matchpilot.cli.main` only."""
