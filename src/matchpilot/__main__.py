"""``python -m matchpilot`` runs the CLI."""

from matchpilot.cli.main import main

main()
