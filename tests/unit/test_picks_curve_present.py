"""The My list presenters of the applications curve: the threshold field, the chart layout and reasons without
the model's log-odds."""

from __future__ import annotations

from matchpilot.domain.portfolio import Candidate
from matchpilot.domain.rules import FeeTier
from matchpilot.pick import DEFAULT_THRESHOLD, FeeSchedule, applications_curve
from matchpilot.web.present import applications_chart, pick_request, plain_reason

FEES = FeeSchedule((FeeTier(1, 30, 11), FeeTier(31, None, 30)), 2026, "test tiers")


def test_the_threshold_field_defaults_reads_decimals_and_names_bad_input() -> None:
    assert pick_request({}).threshold == DEFAULT_THRESHOLD
    assert pick_request({"threshold": "1,5"}).threshold == 1.5
    assert pick_request({"threshold": "0.25%"}).threshold == 0.25
    zero = pick_request({"threshold": "0"})
    assert "must be more than 0" in zero.errors["threshold"] and zero.threshold == DEFAULT_THRESHOLD
    assert "threshold" not in zero.params
    assert "is not a number" in pick_request({"threshold": "lots"}).errors["threshold"]


def test_reasons_lose_the_log_odds_but_keep_their_words() -> None:
    assert plain_reason("Visa sponsorship: unknown here (from -0.7 to +0.7)") == "Visa sponsorship: unknown here"
    assert (
        plain_reason("Program signal (sent) helps: you sent this program a signal (an assumption: +0.8 log-odds)")
        == "Program signal (sent) helps: you sent this program a signal (an assumption)"
    )
    assert plain_reason("Step 2 CK (238) helps: above typical") == "Step 2 CK (238) helps: above typical"


def test_the_chart_marks_your_list_the_fee_step_and_the_threshold_point() -> None:
    order = [Candidate(f"P{i:02d}", 0.1, 3.0) for i in range(40)]
    curve = applications_curve(order, {c.id: "PM&R" for c in order}, FEES, chosen=12, threshold=0.5)
    chart = applications_chart(curve)
    assert chart is not None
    assert chart.marker is not None and chart.marker[0] == 12
    assert [row.applications for row in chart.rows if row.chosen] == [12]
    assert chart.steps and chart.steps[0][0] == "PM&R: US$30 from here"
    step_x = chart.steps[0][1]
    assert chart.left < step_x < chart.right
    assert chart.enough is not None and chart.enough[0] == curve.enough
    # higher chances are drawn higher (smaller y), and every point sits inside the axes
    ys = [float(pair.split(",")[1]) for pair in chart.plain.split()]
    assert ys == sorted(ys, reverse=True) and all(chart.top <= y <= chart.bottom for y in ys)
