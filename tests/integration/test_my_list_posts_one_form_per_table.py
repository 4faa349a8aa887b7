"""Issue 13 item 9: My list put a form (with hidden fields, and a CSRF token in multi-user mode) around every
pin, exclude and answer button: 726 forms and 7,200 elements on the demo. Each table is now one form whose
buttons say what they do and to which program (``choice=pin:CODE``, ``outcome=invited:CODE``); same results,
same accessible names."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from matchpilot.services import Services
from matchpilot.services.picks import pick_choices
from matchpilot.web import create_app

from support.web import TestClient, demo_services

TODAY = date(2026, 6, 1)


@pytest.fixture
def demo(tmp_path: Path) -> Iterator[Services]:
    with demo_services(tmp_path, TODAY) as built:
        yield built


def test_each_table_of_my_list_is_one_form_and_each_button_names_its_program(demo: Services) -> None:
    html = TestClient(create_app(demo)).get("/picks?max=4").text
    assert html.count("<form") <= 4  # the limits, the chosen programs, the others (and the pinned ones)
    chosen = html.split('id="chosen-table"', 1)[1].split("</table>", 1)[0]
    code = re.findall(r'<tr id="p-([^"]+)"', chosen)[0]
    name = demo.get_program(code).name
    row = chosen.split(f'<tr id="p-{code}">', 1)[1].split("</tr>", 1)[0]
    assert f'name="outcome" value="invited:{code}"' in row
    assert f'aria-label="Invited: record that {name} invited you"' in row
    assert f'name="choice" value="pin:{code}"' in row and f'aria-label="Pin: always keep {name} on your list"' in row


def test_the_buttons_pin_and_record_as_the_forms_did(demo: Services) -> None:
    client = TestClient(create_app(demo))
    code = re.findall(r'<tr id="p-([^"]+)"', client.get("/picks?max=4").text.split('id="chosen-table"', 1)[1])[0]
    pinned = client.post("/picks/choice", data={"choice": f"pin:{code}", "back": "max=4"}, follow_redirects=False)
    assert pinned.status_code == 303 and pinned.headers["location"] == f"/picks?max=4#p-{code}"
    assert pick_choices(demo) == {code: "pin"}
    answered = client.post(
        "/picks/choice", data={"outcome": f"rejected:{code}", "back": "max=4"}, follow_redirects=False
    )
    assert answered.status_code == 303
    assert answered.headers["location"] == f"/picks?max=4&recorded={code}#p-{code}"
    assert demo.get_program(code).code == code
    page = client.get(answered.headers["location"]).text
    assert 'id="outcome-saved"' in page and f'<a href="#p-{code}">{code}</a>' in page
    client.post("/picks/choice", data={"outcome": f"clear:{code}", "back": ""})
    client.post("/picks/choice", data={"choice": f"clear:{code}", "back": ""})
    assert pick_choices(demo) == {}
    assert client.post("/picks/choice", data={"choice": "pin:NOPE"}).status_code == 404
    assert client.post("/picks/choice", data={"outcome": f"maybe:{code}"}).status_code == 400
