"""My list with ERAS program signals, through FastAPI's TestClient over the fictional demo: where to signal and
what each adds, the unused signals and why, signals fixed in the form with their cost, and bad ones refused on the
field with nothing saved."""

from __future__ import annotations

import re
from datetime import date

from matchpilot.services import Services
from matchpilot.services.chances import chances_for
from matchpilot.services.picks import record_outcome
from matchpilot.services.predictions import prediction_report
from matchpilot.web import create_app

from support.web import TestClient, demo_fixture

TODAY = date(2026, 6, 1)


demo = demo_fixture(TODAY)


def section(html: str) -> str:
    return html.split('id="signals"', 1)[1].split("</section>", 1)[0]


def chosen_codes(html: str) -> list[str]:
    table = html.split('id="chosen-table"', 1)[1].split("</table>", 1)[0]
    return re.findall(r'<tr id="p-([^"]+)"', table)


def signalled_codes(html: str) -> list[str]:
    table = section(html).split('id="signals-table"', 1)[1].split("</table>", 1)[0]
    return re.findall(r'<span class="code">([^<]+)</span>', table)


def test_my_list_says_where_to_signal_and_what_each_adds(demo: Services) -> None:
    html = TestClient(create_app(demo)).get("/picks?max=20").text
    signals = section(html)
    assert "Where to send your ERAS signals" in signals and "PM&amp;R 20 standard" in signals
    assert "source:" in signals and "AAPM&amp;R" in signals and "US$" in signals
    assert set(signalled_codes(html)) <= set(chosen_codes(html)) and signalled_codes(html)
    assert re.search(r"\+\d+\.\d\d points", signals) and "→" in signals
    assert 'id="unused-signals"' in signals and "already has a signal" in signals
    assert "AAMC" in signals  # the evidence behind what a signal does
    assert "would raise your chance of an interview from" in html or "signal sent: raises your chance" in html


def test_a_signal_fixed_in_the_form_goes_on_the_list_with_its_cost(demo: Services) -> None:
    client = TestClient(create_app(demo))
    free = client.get("/picks?max=10").text
    left = re.findall(r'<tr id="p-(\d{4}340[A-Z]\d)">', free.split('id="others-table"', 1)[1])
    outside = left[0]
    mine = client.get(f"/picks?max=10&signals={outside}")
    assert mine.status_code == 200
    assert outside in chosen_codes(mine.text) and outside in signalled_codes(mine.text)
    assert 'id="signal-cost"' in mine.text and "against the best choice" in mine.text
    assert f'value="{outside}"' in mine.text  # the form keeps what was typed


def test_bad_signals_are_refused_on_the_field_and_nothing_is_saved(demo: Services) -> None:
    client = TestClient(create_app(demo))
    heard = chances_for(demo).open[0].program.code  # no list shown yet: no chance kept for it
    bad = client.get("/picks?signals=NOPE,1001340C0:gold")
    assert bad.status_code == 400
    error = bad.text.split('id="signals-error"', 1)[1].split("</p>", 1)[0]
    assert "NOPE" in error and "no program with code" in error
    assert 'aria-invalid="true"' in bad.text and "No list with these limits" in bad.text
    record_outcome(demo, heard, "invited")
    assert heard in prediction_report(demo).unpredicted  # the refused list kept no chance to score it against
    too_many = client.get("/picks?signals=" + ",".join(f"{code}:gold" for code in _im_codes(demo, 4)))
    assert too_many.status_code == 400 and "allows 3" in too_many.text and "source:" in too_many.text


def _im_codes(services: Services, count: int) -> list[str]:
    html = TestClient(create_app(services)).get("/picks?max=60").text
    return [c for c in chosen_codes(html) if c[4:7] == "140"][:count]


def test_the_exports_say_which_programs_get_a_signal_and_what_each_adds(demo: Services) -> None:
    import csv
    import io

    from openpyxl import load_workbook

    client = TestClient(create_app(demo))
    html = client.get("/picks?max=20").text
    signalled = set(signalled_codes(html))
    rows = list(csv.DictReader(io.StringIO(client.get("/picks/export.csv?max=20").text)))
    marked = {r["code"]: r for r in rows if r["signal"]}
    assert set(marked) == signalled and signalled
    assert all(
        r["status"] == "chosen" and r["signal"] == "standard" for r in marked.values() if r["code"][4:7] == "340"
    )
    assert all(float(r["signal_gain"]) > 0 for r in marked.values())
    assert all(r["signal_gain"] == "" for r in rows if not r["signal"])
    book = load_workbook(io.BytesIO(client.get("/picks/export.xlsx?max=20").content), read_only=True).active
    assert book is not None
    values = list(book.iter_rows(values_only=True))
    at = {name: index for index, name in enumerate(values[0])}
    in_book = {row[at["code"]]: row for row in values[1:] if row[at["signal"]]}
    assert set(in_book) == signalled
    assert all(isinstance(row[at["signal_gain"]], float) for row in in_book.values())


def _field_error(html: str) -> str:
    return " ".join(html.split('id="signals-error"', 1)[1].split("</p>", 1)[0].split())


def test_a_tier_or_a_pool_the_season_lacks_is_refused_on_the_field(demo: Services) -> None:
    """Issue 16, bad input on My list: a tier PM&R signals do not have, and a program whose specialty has no
    signals this season, each named with the season's counts and their source; no list is shown."""
    client = TestClient(create_app(demo))
    rehab = next(p.code for p in demo.list_programs().programs if p.code[4:7] == "340")
    tier = client.get(f"/picks?signals={rehab}:gold")
    assert tier.status_code == 400 and "No list with these limits" in tier.text
    error = _field_error(tier.text)
    assert rehab in error and "&#39;gold&#39; is not a tier of PM&amp;R signals" in error
    assert "20 standard" in error and "source:" in error
    surgery = next(p.code for p in demo.list_programs().programs if p.specialty == "Surgery")
    pool = client.get(f"/picks?signals={surgery}")
    assert pool.status_code == 400 and 'aria-invalid="true"' in pool.text
    error = _field_error(pool.text)
    assert f"{surgery} (Surgery) takes no ERAS signal" in error and "source:" in error


def test_a_budget_gives_a_list_with_signals_when_the_exact_signal_program_is_too_large(demo: Services) -> None:
    """A budget alone, or with a count, gave no list at all (400: "too many to solve exactly") although My list
    answers such large problems with the alternation, whose rounds solve without signals: the size check counted
    the exact signal program's states. The list is given, with its signals, within the budget."""
    client = TestClient(create_app(demo))
    for query, budget in (("budget=2000", 2000), ("max=20&budget=600", 600)):
        page = client.get(f"/picks?{query}")
        assert page.status_code == 200, query
        assert chosen_codes(page.text) and set(signalled_codes(page.text)) <= set(chosen_codes(page.text))
        answer = client.get(f"/api/v1/picks?{query.replace('max=', 'max_applications=')}").json()
        assert answer["method"] == "signals-alternating" and answer["signals"]["sent"]
        assert 0 < answer["expected"]["fee_usd"] <= budget
