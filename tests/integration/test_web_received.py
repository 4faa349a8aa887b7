"""The "Check a message I received" page: a program's message and a mentor's letter checked without JavaScript,
with labelled inputs, the findings marked, what the applicant may do, and clear errors naming the bad input."""

from __future__ import annotations

import html
import re
from datetime import date

from support.web import TestClient, client_fixture, demo_fixture

demo = demo_fixture(date(2027, 1, 20), scope="module")


client = client_fixture(scope="module")


def test_the_form_has_labelled_inputs_and_is_linked_beside_write(client: TestClient) -> None:
    page = client.get("/compose/received")
    assert page.status_code == 200
    for control in ("r-from-program", "r-from-mentor", "r-text"):
        assert f'for="{control}"' in page.text and f'id="{control}"' in page.text
    assert 'action="/compose/received"' in page.text and 'method="post"' in page.text
    assert 'href="/compose/received"' in client.get("/compose").text


def test_a_program_asking_how_i_will_rank_it_is_its_breach_with_what_i_may_do(client: TestClient) -> None:
    text = "Dear Dr. Rivera,\n\nWe enjoyed meeting you. Please let us know where you will rank our program.\n"
    page = client.post("/compose/received", data={"sender": "program", "text": text})
    assert page.status_code == 200
    body = html.unescape(page.text)
    assert 'data-rule="program-asks-rank"' in body
    assert "need not answer" in body and "report" in body and "NRMP" in body
    assert "<mark" in body
    assert text.strip() in re.sub(r"\r\n", "\n", body)  # the text comes back as typed


def test_a_mentor_pressing_the_program_is_flagged_and_a_supportive_letter_is_not(client: TestClient) -> None:
    pressed = client.post(
        "/compose/received", data={"sender": "mentor", "text": "I know her well. You must rank this applicant high."}
    )
    assert 'data-rule="third-party-pressure"' in pressed.text
    fine = client.post(
        "/compose/received",
        data={"sender": "mentor", "text": "I strongly recommend Dr. Ana Rivera; she was the best resident I taught."},
    )
    assert fine.status_code == 200 and "No findings" in fine.text and "data-rule=" not in fine.text


def test_an_empty_message_or_unknown_sender_is_named_and_the_text_kept(client: TestClient) -> None:
    empty = client.post("/compose/received", data={"sender": "program", "text": "  "})
    assert empty.status_code == 400 and "The message is empty" in empty.text
    odd = client.post("/compose/received", data={"sender": "dean", "text": "Keep this text."})
    assert odd.status_code == 400 and "Choose who wrote the message" in odd.text and "Keep this text." in odd.text
