"""Issue 17 on the Write page: the visa inquiry says when the program sheet already answers it (and claims
nothing the user did not say), a second letter of intent is refused until the first is withdrawn, and drafts
carry the AAMC ID from the profile."""

from __future__ import annotations

import html
import re
from datetime import date, timedelta

from matchpilot.services import Services
from matchpilot.services import letters as service

from support.web import TestClient, client_fixture, demo_fixture

TODAY = date(2027, 1, 20)


demo = demo_fixture(TODAY, scope="module")


client = client_fixture(scope="module")


def textarea(page: str) -> str:
    found = re.search(r'<textarea id="f-text"[^>]*>\n?(.*?)</textarea>', page, re.S)
    assert found is not None
    return html.unescape(found.group(1))


def test_a_visa_inquiry_the_sheet_answers_says_so(client: TestClient, demo: Services) -> None:
    programs = demo.list_programs().programs
    recent = TODAY - timedelta(days=300)
    answered = next(
        p for p in programs if p.visa_j1 is not None and (p.provenance_of("visa_j1").checked_on or date.min) >= recent
    )
    unknown = next(p for p in programs if p.visa_j1 is None and p.visa_h1b is None)
    page = client.get("/compose", params={"program": answered.code, "kind": "visa-inquiry"})
    assert page.status_code == 200 and 'id="draft-advice"' in page.text
    assert "already answers this" in page.text and "FREIDA" in page.text
    text = textarea(page.text)
    assert "could not find" not in text.lower() and "AAMC ID 12345678" in text
    page = client.get("/compose", params={"program": unknown.code, "kind": "visa-inquiry"})
    assert page.status_code == 200 and "already answers this" not in page.text


def test_a_second_letter_of_intent_is_refused_until_the_first_is_withdrawn(client: TestClient, demo: Services) -> None:
    first, second = (p.code for p in demo.list_programs().programs[:2])
    letter = "Dear Dr. Rivera,\n\nYour program is my first choice, and I will rank it first.\n\nDemo\n"
    service.record_message(demo, first, "intent", letter, sent_on=TODAY - timedelta(days=2))
    page = client.get("/compose", params={"program": second, "kind": "intent"})
    assert page.status_code == 200 and textarea(page.text) == ""
    assert f"already went to {first}" in page.text and "one program only" in page.text
    assert textarea(client.get("/compose", params={"program": first, "kind": "intent"}).text)  # the same program
    service.record_message(demo, first, "withdrawal", "My plans have changed.", sent_on=TODAY)
    page = client.get("/compose", params={"program": second, "kind": "intent"})
    assert "first choice" in textarea(page.text) and "already went to" not in page.text


def test_a_mentors_letter_of_support_comes_from_the_template_and_checks_clean(
    client: TestClient, demo: Services
) -> None:
    code = demo.list_programs().programs[0].code
    page = client.get("/compose/mentor")
    assert page.status_code == 200 and f'<option value="{code}"' in page.text and 'id="m-text"' not in page.text
    page = client.get("/compose/mentor", params={"program": code})
    assert 'id="mentor-missing"' in page.text and "mentor_name" in page.text  # each missing field is named
    params = {
        "program": code,
        "to": "Ana Rivera, MD",
        "mentor": "Dr. Ngozi Umeh",
        "role": "Professor of Rehabilitation Medicine at Harbor Teaching Hospital (fictional)",
        "worked": "supervised the applicant during a four-month observership on our stroke unit",
        "strengths": "lead family meetings for patients with spinal cord injury with calm and care",
    }
    page = client.get("/compose/mentor", params=params)
    text = textarea(page.text.replace('id="m-text"', 'id="f-text"'))
    assert text.startswith("Subject: In support of") and "AAMC ID 12345678" in text
    assert "Dear Dr. Rivera," in text and text.rstrip().endswith("Dr. Ngozi Umeh")
    checked = client.post("/compose/received", data={"sender": "mentor", "text": text})
    assert checked.status_code == 200 and "No findings" in checked.text
    pressed = text.replace("I recommend", "You must rank this applicant high. I recommend")
    checked = client.post("/compose/received", data={"sender": "mentor", "text": pressed})
    assert "third-party-pressure" in checked.text


def test_checking_a_visa_question_the_sheet_answers_warns_already_answered(client: TestClient, demo: Services) -> None:
    recent = TODAY - timedelta(days=300)
    answered = next(
        p
        for p in demo.list_programs().programs
        if p.visa_j1 is not None
        and p.visa_h1b is not None
        and (p.provenance_of("visa_j1").checked_on or date.min) >= recent
    )
    text = "Dear Coordinator,\n\nDoes your program sponsor J-1 visas?\n\nDemo Applicant\n"
    data = {"program": answered.code, "kind": "other", "text": text, "send_on": TODAY.isoformat(), "action": "check"}
    page = client.post("/compose", data=data)
    assert page.status_code == 200 and "already-answered" in page.text and "Your sheet already says" in page.text
    unknown = next(p for p in demo.list_programs().programs if p.visa_j1 is None and p.visa_h1b is None)
    page = client.post("/compose", data={**data, "program": unknown.code})
    assert page.status_code == 200 and "already-answered" not in page.text
