"""My list in real headless Chromium: change the count, see the list follow and the chart drawn."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from typing import Protocol

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from matchpilot.services import Services

pytestmark = pytest.mark.browser


class LiveApp(Protocol):
    """The ``live_app`` fixture of conftest.py: the running app's address and its services."""

    url: str
    services: Services


def test_my_list_follows_the_count_and_draws_the_curve(page: Page, live_app: LiveApp) -> None:
    page.goto(f"{live_app.url}/")
    page.get_by_role("link", name="My list").click()
    expect(page.get_by_role("heading", name="My list", level=1)).to_be_visible()
    rows = page.locator("#chosen-table tbody tr")
    expect(rows).to_have_count(45)
    expect(page.locator("svg.curve")).to_have_count(1)
    expect(page.get_by_role("img", name=re.compile("Diminishing returns"))).to_be_visible()

    page.get_by_label("Number of applications (at most)").fill("12")
    page.get_by_role("button", name="Update my list").click()
    page.wait_for_url(re.compile(r"max=12"))
    expect(rows).to_have_count(12)
    expect(page.locator("#pick-count strong")).to_have_text("12")
    expect(page.locator("svg.curve circle.marker")).to_have_count(1)
    page.get_by_text("The numbers behind this chart").click()
    expect(page.locator("tr.is-chosen")).to_contain_text("12")


def test_my_list_places_signals_and_takes_one_fixed_in_the_form(page: Page, live_app: LiveApp) -> None:
    page.goto(f"{live_app.url}/picks?max=10")
    expect(page.get_by_role("heading", name="Where to send your ERAS signals")).to_be_visible()
    expect(page.locator("#signals-table tbody tr").first).to_contain_text("matchpilot")
    outside = page.locator("#others-table tbody tr[id$='340C0'], #others-table tbody tr[id$='340A0']").first
    code = (outside.get_attribute("id") or "").removeprefix("p-")
    assert code

    page.get_by_label("Programs you signal yourself (optional)").fill(code)
    page.get_by_role("button", name="Update my list").click()
    page.wait_for_url(re.compile(r"signals="))
    expect(page.locator(f"#chosen-table tr#p-{code}")).to_have_count(1)
    expect(page.locator("#signals-table")).to_contain_text(code)
    expect(page.locator("#signal-cost")).to_contain_text("against the best choice")

    page.get_by_label("Programs you signal yourself (optional)").fill("NOPE")
    page.get_by_role("button", name="Update my list").click()
    expect(page.locator("#signals-error")).to_contain_text("no program with code 'NOPE'")
    expect(page.get_by_label("Programs you signal yourself (optional)")).to_have_attribute("aria-invalid", "true")


def test_my_list_chart_shows_axes_your_list_and_fee_steps_and_the_list_downloads(
    page: Page, live_app: LiveApp, tmp_path: Path
) -> None:
    page.goto(f"{live_app.url}/picks?max=12")
    headline = page.locator("#headline-chance")
    expect(headline).to_contain_text("somewhere between")
    chart = page.get_by_role("img", name=re.compile("chance of at least one match by number of applications"))
    expect(chart).to_be_visible()
    figure = page.locator("#applications-curve")
    expect(figure.locator("#x-axis-label")).to_have_text("Number of applications")
    expect(figure.locator("#y-axis-label")).to_have_text("Chance of at least one match")
    expect(figure.locator("circle.marker")).to_have_count(1)
    expect(figure.locator("line.fee-step").first).to_be_attached()
    page.get_by_label("Worth one more application: at least this many percentage points").fill("2")
    page.get_by_role("button", name="Update my list").click()
    page.wait_for_url(re.compile(r"threshold=2"))
    expect(figure.locator("rect.enough")).to_have_count(1)
    figure.get_by_text("The numbers behind this chart").click()
    expect(figure.locator("tr.is-chosen")).to_contain_text("12")
    expect(figure.locator("#applications-table")).to_contain_text("one more adds less than 2 percentage points")

    page.get_by_text("How was this computed?").click()
    expect(page.locator("#how-computed")).to_contain_text("found by")

    with page.expect_download() as download:
        page.get_by_role("link", name="CSV").click()
    saved = tmp_path / "list.csv"
    download.value.save_as(saved)
    rows = list(csv.DictReader(io.StringIO(saved.read_text(encoding="utf-8"))))
    chosen = [row["code"] for row in rows if row["status"] == "chosen"]
    assert len(chosen) == 12
    expect(page.locator("#chosen-table tbody tr")).to_have_count(12)
    assert chosen == [
        (page.locator("#chosen-table tbody tr").nth(i).get_attribute("id") or "").removeprefix("p-") for i in range(12)
    ]
    with page.expect_download() as book:
        page.get_by_role("link", name="Excel (XLSX)").click()
    workbook = tmp_path / "list.xlsx"
    book.value.save_as(workbook)
    sheet = load_workbook(workbook, read_only=True).active
    assert sheet is not None
    codes = [row[2] for row in sheet.iter_rows(min_row=2, values_only=True) if row[0] == "chosen"]
    assert codes == chosen

    page.emulate_media(media="print")
    expect(page.locator(".pick-form")).to_be_hidden()
    expect(page.locator("#chosen-table")).to_be_visible()


def test_pinning_a_program_keeps_it_on_my_list_until_unpinned(page: Page, live_app: LiveApp) -> None:
    page.goto(f"{live_app.url}/picks?max=5")
    page.get_by_text(re.compile(r"Show them, with why each was left out")).click()
    row = page.locator("#others-table tbody tr").first
    code = (row.get_attribute("id") or "").removeprefix("p-")
    assert code
    row.get_by_role("button", name=re.compile(r"^Pin: always keep")).click()
    page.wait_for_url(re.compile(r"max=5"))
    expect(page.locator(f"#chosen-table tr#p-{code}")).to_contain_text("pinned")
    expect(page.locator("#chosen-table tbody tr")).to_have_count(5)
    expect(page.locator("#pick-choices")).to_contain_text(code)
    page.locator("#pick-choices").get_by_role("button", name=f"Unpin {code}").click()
    page.wait_for_url(re.compile(r"max=5"))
    expect(page.locator("#pick-choices")).to_have_count(0)
