"""The My list page's pure helpers: reading the form, laying out the chart."""

from __future__ import annotations

from matchpilot.web.present import line_chart, percent, pick_request


def test_pick_request_reads_numbers_and_leaves_bad_fields_out() -> None:
    wanted = pick_request({"max": "12", "budget": "$1,200", "min_pmr": "5", "max_prelim": "x", "min_other": ""})
    assert wanted.max_applications == 12 and wanted.budget == 1200
    assert wanted.minimums == {"pmr": 5} and wanted.maximums == {}
    assert "max_prelim" in wanted.errors and "max_prelim" not in wanted.params
    assert pick_request({"max": "0"}).errors["max"] == "must be at least 1"
    crossed = pick_request({"min_pmr": "5", "max_pmr": "2"})
    assert "min_pmr" in crossed.errors and crossed.minimums == {} and crossed.maximums == {"pmr": 2}


def test_line_chart_places_points_inside_the_axes_and_marks_the_chosen_one() -> None:
    points = [(h, 1 - 0.5**h, 1 - 0.9**h) for h in range(1, 21)]
    chart = line_chart(points, (10, points[9][1], points[9][2]))
    assert chart is not None and chart.marker is not None
    for point in chart.points:
        assert chart.left <= point.cx <= chart.right and chart.top <= point.cy <= chart.bottom
    assert chart.points[0].cy > chart.points[-1].cy  # higher value, higher on the page
    assert chart.marker.cx == chart.points[9].cx
    assert chart.x_ticks and chart.y_ticks[0].label == "0"
    assert line_chart([], None) is None
    assert percent(0.075) == "7.5%" and percent(0.44) == "44%"
