"""Regression: an LCA file writing the employer's state as a name kept its first two letters ("NEW YORK" became
"NE", Nebraska), so the employer could never be linked to a New York program, or was linked in the wrong state."""

from __future__ import annotations

from pathlib import Path

import pytest

from matchpilot.domain.program import state_code
from matchpilot.io.lca import open_lca

from support.lca import HARBOR, LAKEVIEW, Case, write_csv


@pytest.mark.parametrize(
    ("written", "code"),
    [("NEW YORK", "NY"), ("New Jersey", "NJ"), ("NY", "NY"), ("n.y.", "NY"), ("District of Columbia", "DC")],
)
def test_state_names_and_codes_read_as_codes(written: str, code: str) -> None:
    assert state_code(written) == code


def test_an_lca_file_with_state_names_keeps_the_right_states(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "lca.csv",
        [
            Case(
                "I-200-24280-000001",
                "Certified",
                "2024-10-07",
                "Resident Physician",
                "29-1228.00",
                LAKEVIEW,
                "NEW YORK",
            ),
            Case("I-200-24280-000002", "Certified", "2024-10-08", "Resident Physician", "29-1228.00", HARBOR, "Nevada"),
            Case(
                "I-200-24280-000003", "Certified", "2024-10-09", "Resident Physician", "29-1228.00", HARBOR, "Atlantis"
            ),
        ],
    )
    with path.open("rb") as file:
        states = [row.employer_state for row in open_lca(file, path.name).rows()]
    assert states == ["NY", "NV", ""]
