"""Every next step a page or the CLI may name is worded by both shells: a page to go to (never a command) and a
command (issue 15: the web app is the product)."""

from __future__ import annotations

import pytest

from matchpilot.cli.common import next_step_command
from matchpilot.errors import NextStep
from matchpilot.web.present import NEXT_STEP_LINKS, step_link


@pytest.mark.parametrize("step", list(NextStep))
def test_each_next_step_has_a_page_and_a_command(step: NextStep) -> None:
    address, words = NEXT_STEP_LINKS[step]
    assert address.startswith("/") and "matchpilot" not in words and "`" not in words
    assert next_step_command(step, "1001340C0").count("matchpilot") >= 1


def test_a_step_about_one_program_links_to_that_program() -> None:
    assert step_link(NextStep.EDIT_PROGRAM, "1001340C0")[0] == "/programs/1001340C0/edit"
    assert step_link(NextStep.WRITE_THANK_YOU, "1001340C0")[0] == "/compose?kind=thank-you&program=1001340C0"
    assert "1001340C0" in next_step_command(NextStep.WRITE_THANK_YOU, "1001340C0")
