"""The "How the chances did" page (/picks/report) through FastAPI's TestClient: linked from My list, empty until
outcomes are recorded after chances were shown, then the scores, the reliability chart and its numbers."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest

from matchpilot.chances.scoring import reliability
from matchpilot.services import Services
from matchpilot.services.predictions import prediction_report
from matchpilot.web import create_app
from matchpilot.web.scoring_routes import reliability_plot

from support.web import TestClient, demo_services


class Clock:
    def __init__(self) -> None:
        self.day = date(2026, 10, 1)

    def __call__(self) -> date:
        return self.day


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def demo(tmp_path: Path, clock: Clock) -> Iterator[Services]:
    with demo_services(tmp_path, clock) as built:
        yield built


def _chosen(html: str) -> list[str]:
    table = html.split('id="chosen-table"', 1)[1].split("</table>", 1)[0]
    return re.findall(r'<tr id="p-([^"]+)"', table)


def test_my_list_links_to_the_report_and_it_starts_empty(demo: Services) -> None:
    client = TestClient(create_app(demo))
    assert 'href="/picks/report"' in client.get("/picks").text
    page = client.get("/picks/report")
    assert page.status_code == 200
    assert "No prediction can be scored yet" in page.text and 'id="reliability-table"' not in page.text


def test_outcomes_after_my_list_are_scored_with_chart_and_table(demo: Services, clock: Clock) -> None:
    client = TestClient(create_app(demo))
    codes = _chosen(client.get("/picks").text)  # the chances shown on day 1
    clock.day += timedelta(days=3)
    for code, word in zip(codes[:4], ["invited", "rejected", "rejected", "silent"], strict=True):
        answer = client.post("/picks/outcome", data={"code": code, "outcome": word}, follow_redirects=False)
        assert answer.status_code == 303
    page = client.get("/picks/report")
    assert page.status_code == 200
    html = page.text
    found = prediction_report(demo)
    assert found.scores.count == 3 and found.silent == 1
    assert re.search(r'id="scored-count"[^>]*><strong>3</strong> outcomes scored', html)
    assert f'id="brier">{found.scores.brier:.3f}<' in html
    assert "too few to draw any conclusion" in html
    assert "1 silent answer is not scored" in html
    assert "too few outcomes to say better or worse" in html or found.scores.skill is None
    assert "better than the baseline" not in html  # 3 outcomes: no verdict either way
    assert "<svg" in html and html.count("<circle") == len([b for b in found.scores.bins if b.count])
    rows = html.split('id="reliability-table"', 1)[1].split("<tbody>", 1)[1].split("</tbody>", 1)[0].count("<tr>")
    assert rows == 5
    scored = html.split('id="scored-outcomes"', 1)[1].split("</table>", 1)[0]
    assert sorted(re.findall(r'<a href="/programs/([^"]+)">', scored)) == sorted(codes[:3])
    assert "2026-10-01" in scored  # shown on day 1, before the outcomes of day 4


def test_the_chart_puts_each_bin_where_its_numbers_say() -> None:
    bins = reliability([0.1, 0.1, 0.9], [False, True, True])
    plot = reliability_plot(bins, size=320)
    assert len(plot.dots) == 2
    low, high = plot.dots
    assert low.cx < high.cx and low.cy > high.cy  # the 90% bin is right of and above the 10% bin
    assert plot.left < low.cx < plot.right and plot.top <= high.cy <= plot.bottom
    assert low.r < high.r or low.bin.count > high.bin.count  # bigger dots for more outcomes
    for dot in plot.dots:
        assert dot.y_high <= dot.cy <= dot.y_low  # the interval's line goes through the dot
