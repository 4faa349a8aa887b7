"""Issue 19, finding 16: the default of MATCHPILOT_CACHE_PROGRAMS (1,000,000 program estimates of about 3.6 kB,
about 3.6 GB) contradicted docs/server.md's "at most about 1 GB a process". The default and the page now agree."""

from __future__ import annotations

import re
from pathlib import Path

from matchpilot.bootstrap import Settings
from matchpilot.services.memo import DEFAULT_BUDGET

SERVER_DOCS = Path(__file__).resolve().parents[2] / "docs" / "server.md"


def test_the_documented_default_is_the_default_and_fits_the_documented_memory() -> None:
    text = " ".join(SERVER_DOCS.read_text(encoding="utf-8").split())
    found = re.search(
        r"`MATCHPILOT_CACHE_PROGRAMS` program estimates \(default ([\d,]+), about ([\d.]+) kB each: "
        r"at most about ([\d.]+) GB a process",
        text,
    )
    assert found, "docs/server.md states the cache's default and memory"
    default, each_kb, at_most_gb = int(found.group(1).replace(",", "")), float(found.group(2)), float(found.group(3))
    assert default == DEFAULT_BUDGET == Settings().cache_programs
    assert default * each_kb * 1000 <= at_most_gb * 1e9 * 1.05
    assert at_most_gb <= 1.0  # "about 1 GB" a process, as the page has always promised
