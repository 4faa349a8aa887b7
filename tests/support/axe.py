"""axe-core in a browser page, for the browser tests: the WCAG 2.1 A/AA violations of a page as loaded.

axe-core comes from the npm registry through the project's package.json (``make test`` installs it).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"


def axe_violations(page: Page) -> list[dict[str, Any]]:
    """The WCAG 2.1 A/AA violations axe-core finds on ``page`` as loaded."""
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: `make test` installs it (npm ci)")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "async () => await axe.run(document, {runOnly: {type: 'tag', values: "
        "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}, resultTypes: ['violations']})"
    )
    return list(result["violations"])


def describe(violations: list[dict[str, Any]]) -> str:
    """The violations as a reader wants them: rule, impact, help and the first elements concerned."""
    return json.dumps(
        [
            {"rule": v["id"], "impact": v["impact"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"][:3]]}
            for v in violations
        ],
        indent=1,
    )
