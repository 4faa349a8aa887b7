"""The Write page in real headless Chromium: compose a thank-you, insert a question about the rank list and see
the finding highlighted in place (as you type and after checking); remove it, see the message pass, save it and
find it on the program's timeline."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Protocol

import pytest
from playwright.sync_api import Page, expect

from matchpilot.services import Services

pytestmark = pytest.mark.browser

ASK = "Could you tell me where I fall on your rank list?"


class LiveApp(Protocol):
    """The ``live_app`` fixture of conftest.py: the running app's address and its services."""

    url: str
    services: Services


def test_compose_a_thank_you_check_it_and_save_it(page: Page, live_app: LiveApp) -> None:
    today = live_app.services.today()
    page.goto(f"{live_app.url}/")
    page.get_by_role("link", name="Write").click()
    expect(page.get_by_role("heading", name="Write to a program", level=1)).to_be_visible()
    page.get_by_label("Program", exact=True).select_option(index=1)
    code = page.get_by_label("Program", exact=True).input_value()
    page.get_by_label("Kind of letter", exact=True).select_option("thank-you")
    page.get_by_label("Interviewer").fill("Dr. Ana Rivera")
    page.get_by_label("Interview date").fill((today - timedelta(days=1)).isoformat())
    page.get_by_label("What you discussed").fill("the spinal cord injury unit")
    page.get_by_role("button", name="Get the draft").click()
    expect(page).to_have_url(re.compile(r"/compose\?program="))
    # The lint-as-you-type script is deferred: it runs before DOMContentLoaded, and text typed before it listens
    # starts no check (on a busy machine the script can arrive seconds after the text box): wait for it.
    page.wait_for_load_state("domcontentloaded")

    message = page.get_by_label("Your message", exact=True)
    draft = message.input_value()
    assert "Dear Dr. Rivera" in draft and "spinal cord injury unit" in draft
    body, sign_off = draft.rsplit("\n\n", 1)
    message.fill(f"{body}\n\n{ASK}\n\n{sign_off}")
    marked = page.locator("#lint-text mark.lint-error")
    expect(marked).to_contain_text(ASK)  # lint as you type (the small script)
    page.get_by_role("button", name="Check the message").click()  # and the same without it
    expect(marked).to_contain_text(ASK)
    expect(marked.locator(".visually-hidden")).to_have_text(re.compile(r"finding 1, error"))
    finding = page.locator("#finding-1")
    expect(finding).to_contain_text("ask-rank")
    expect(finding.locator(".suggestion")).to_contain_text("I remain very interested in your program")
    expect(page.locator("#lint-summary")).to_contain_text("1 error")

    message.fill(draft)
    page.get_by_role("button", name="Check the message").click()
    expect(page.locator("#lint-summary")).to_contain_text("No findings: this message passes")
    expect(page.locator("#lint-text mark")).to_have_count(0)
    page.get_by_role("button", name="Save to the log").click()

    expect(page).to_have_url(re.compile(rf"/programs/{code}\?saved=message"))
    expect(page.locator("#message-saved")).to_be_visible()
    expect(page.locator("#messages .timeline-message")).to_contain_text("Post-interview thank-you")
    expect(page.locator("#messages .timeline-message time")).to_have_text(today.isoformat())
