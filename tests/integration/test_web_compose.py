"""The Write (compose) page through FastAPI's TestClient: get a draft, check it with the findings marked in the
text, save it to the log (refused with an error, confirmed with warnings), and see it on the program page."""

from __future__ import annotations

import html
import re
from datetime import date, timedelta

import pytest

from matchpilot.services import Services
from matchpilot.services import letters as service
from matchpilot.services.letters import Finding, LintSeverity
from matchpilot.web.letters_routes import highlight

from support.web import TestClient, client_fixture, demo_fixture

TODAY = date(2026, 6, 1)
ASK = "Could you tell me where I fall on your rank list?"
NOTES = {"interviewer": "Dr. Ana Rivera", "interview_date": "2026-05-31", "discussed": "the SCI unit"}


demo = demo_fixture(TODAY, scope="module")


client = client_fixture(scope="module")


@pytest.fixture(scope="module")
def codes(demo: Services) -> list[str]:
    return [p.code for p in demo.list_programs().programs[:9]]


def textarea(page: str) -> str:
    found = re.search(r'<textarea id="f-text"[^>]*>\n?(.*?)</textarea>', page, re.S)
    assert found is not None
    return html.unescape(found.group(1))


def draft(client: TestClient, code: str) -> str:
    page = client.get("/compose", params={"program": code, "kind": "thank-you", **NOTES})
    assert page.status_code == 200
    return textarea(page.text)


def post(client: TestClient, code: str, text: str, action: str = "check", **extra: str) -> tuple[int, str]:
    data = {"program": code, "kind": "thank-you", "text": text, "send_on": TODAY.isoformat(), "action": action}
    response = client.post("/compose", data={**data, **extra}, follow_redirects=False)
    return response.status_code, response.text if response.status_code != 303 else response.headers["location"]


def test_the_page_offers_programs_and_kinds(client: TestClient, codes: list[str]) -> None:
    page = client.get("/compose")
    assert page.status_code == 200
    assert 'aria-current="page">Write</a>' in page.text
    assert f'<option value="{codes[0]}"' in page.text and 'value="thank-you"' in page.text
    assert 'id="compose-form"' not in page.text  # no program chosen yet


def test_a_draft_needs_its_fields_then_comes_filled(client: TestClient, codes: list[str]) -> None:
    page = client.get("/compose", params={"program": codes[0], "kind": "thank-you"})
    assert page.status_code == 200 and 'id="draft-missing"' in page.text and "interviewer" in page.text
    text = draft(client, codes[0])
    assert "Dear Dr. Rivera," in text and "the SCI unit" in text and "May 31, 2026" in text


def test_a_finding_is_marked_in_place_with_reason_and_suggestion(client: TestClient, codes: list[str]) -> None:
    text = draft(client, codes[1]) + "\n" + ASK + "\n"
    status, page = post(client, codes[1], text)
    assert status == 200
    marked = re.search(r'<mark class="lint-mark lint-error"[^>]*>(.*?)</mark>', page, re.S)
    assert marked is not None and ASK in marked.group(1)
    assert "[finding 1, error:]" in marked.group(1)  # not colour only: the words say it
    assert 'href="#finding-1"' in page and 'id="finding-1"' in page and "ask-rank" in page
    assert "Suggestion:</strong> I remain very interested in your program" in page
    assert textarea(page) == text  # the text as typed comes back


def test_an_error_blocks_saving_and_keeps_the_text(client: TestClient, demo: Services, codes: list[str]) -> None:
    text = draft(client, codes[2]) + ASK + "\n"
    status, page = post(client, codes[2], text, "save")
    assert status == 400 and 'id="save-blocked"' in page
    assert textarea(page) == text
    assert service.letter_log(demo, codes[2]).empty


def test_a_message_with_an_error_is_logged_once_the_user_says_it_was_sent_or_the_finding_is_wrong(
    client: TestClient, demo: Services, codes: list[str]
) -> None:
    """The checks can be wrong (about one compliant message in 20 gets a finding on wording they never saw), and a
    message already sent belongs in the log: an error blocks the first save, and the box logs it as it is."""
    text = draft(client, codes[8]) + ASK + "\n"
    status, page = post(client, codes[8], text, "save")
    assert status == 400 and 'id="save-blocked"' in page and 'id="f-confirm"' in page
    assert "already sent, or I am sure the findings are wrong" in page
    assert "The checks can be wrong" in page
    assert service.letter_log(demo, codes[8]).empty
    status, location = post(client, codes[8], text, "save", confirm="on")
    assert status == 303 and location.startswith(f"/programs/{codes[8]}")
    assert [m.text for m in service.letter_log(demo, codes[8]).messages] == [text]


def test_warnings_need_a_confirmation(client: TestClient, demo: Services, codes: list[str]) -> None:
    text = draft(client, codes[3]) + "I know I am a weak applicant.\n"
    status, page = post(client, codes[3], text, "save")
    assert status == 400 and 'id="f-confirm"' in page and "tone-self-deprecating" in page
    assert service.letter_log(demo, codes[3]).empty
    status, location = post(client, codes[3], text, "save", confirm="on")
    assert status == 303 and location.startswith(f"/programs/{codes[3]}")
    assert [m.text for m in service.letter_log(demo, codes[3]).messages] == [text]


def test_a_clean_message_is_saved_and_shown_on_the_program_page(
    client: TestClient, demo: Services, codes: list[str]
) -> None:
    text = draft(client, codes[4])
    status, page = post(client, codes[4], text)
    assert status == 200 and "No findings: this message passes" in page
    status, location = post(client, codes[4], text, "save")
    assert status == 303
    (saved,) = service.letter_log(demo, codes[4]).messages
    assert (saved.kind, saved.sent_on, saved.text) == ("thank-you", TODAY, text)
    program_page = client.get(location).text
    assert 'id="message-saved"' in program_page and 'id="messages"' in program_page
    assert "Post-interview thank-you" in program_page and "2026-06-01" in program_page


def test_the_program_page_shows_interviews_and_a_link_to_write(
    client: TestClient, demo: Services, codes: list[str]
) -> None:
    service.record_interview(demo, codes[5], TODAY - timedelta(days=1), ["Dr. Li"], "EMG training")
    page = client.get(f"/programs/{codes[5]}").text
    assert "Interview with Dr. Li" in page and "EMG training" in page
    assert f'href="/compose?program={codes[5]}"' in page
    compose = client.get("/compose", params={"program": codes[5]}).text
    assert 'value="Dr. Li"' in compose  # the logged interview fills the notes
    assert 'id="season-warnings"' in compose and "Thank-you due" in compose


def test_bad_form_values_come_back_with_the_text(client: TestClient, codes: list[str]) -> None:
    status, page = post(client, codes[6], "   ")
    assert status == 400 and 'id="f-text-error"' in page
    status, page = post(client, "9999340C0", "Hello there.")
    # a program not in the sheet is a record that is not there (404), still shown by its field with the text kept
    assert status == 404 and "Choose a program from your sheet" in page and textarea(page) == "Hello there."
    status, page = post(client, codes[6], "Hello there.", send_on="soon")
    assert status == 400 and 'id="f-send-on-error"' in page and textarea(page) == "Hello there."
    status, page = post(client, codes[6], "Hello there.", "save", send_on="2026-06-09")
    assert status == 400 and "after today" in page and textarea(page) == "Hello there."


def test_the_json_endpoint_lints_as_you_type(client: TestClient, codes: list[str]) -> None:
    found = client.post("/compose/lint", json={"text": ASK, "program": codes[7], "kind": "thank-you"}).json()
    assert found["errors"] == 1 and found["findings"][0]["rule"] == "ask-rank"
    assert '<mark class="lint-mark lint-error"' in found["html"]
    bare = client.post("/compose/lint", json={"text": "Thank you.", "program": "", "kind": ""}).json()
    assert bare["findings"] == [] and "No findings" in bare["html"]


def test_overlapping_findings_each_keep_their_span() -> None:
    text = "abcdefghij"
    first = Finding("ask-rank", LintSeverity.ERROR, 2, 6, "m")
    second = Finding("tone-pleading", LintSeverity.WARNING, 4, 9, "m")
    segments = highlight(text, [(1, first), (2, second)])
    assert "".join(s.text for s in segments) == text
    assert [(s.text, s.numbers, s.severity) for s in segments] == [
        ("ab", (), None),
        ("cd", (1,), "error"),
        ("ef", (1, 2), "error"),
        ("ghi", (2,), "warning"),
        ("j", (), None),
    ]
    assert segments[1].opens == (1,) and segments[2].closes == (1,) and segments[3].closes == (2,)
