"""iCalendar reminders (RFC 5545): CRLF line ends, lines folded at 75 octets without splitting a character,
the required properties, UTC times, alarms — checked by a small parser written for the test."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st
from soap_fixtures import rules

from matchpilot.soap import build_timeline, to_icalendar
from matchpilot.soap.icalendar import PRODID, escape_text, fold_line, format_duration

STAMP = datetime(2026, 11, 23, 6, 48, tzinfo=UTC)
ET = ZoneInfo("America/New_York")


# --- a small RFC 5545 reader -----------------------------------------------------------------------------


def unfold(text: str) -> list[str]:
    """Content lines: split at CRLF (a bare LF or CR is an error), then join continuation lines."""
    assert text.endswith("\r\n")
    physical = text[:-2].split("\r\n")
    for line in physical:
        assert "\n" not in line and "\r" not in line, repr(line)
        assert len(line.encode("utf-8")) <= 75, f"{len(line.encode('utf-8'))} octets: {line!r}"
    lines: list[str] = []
    for line in physical:
        if line.startswith((" ", "\t")):
            lines[-1] += line[1:]
        else:
            lines.append(line)
    return lines


def unescape(value: str) -> str:
    return re.sub(r"\\([\\;,nN])", lambda m: "\n" if m.group(1) in "nN" else m.group(1), value)


Component = dict[str, object]


def parse(text: str) -> Component:
    """Nested components as ``{"name", "props": [(name, params, value)], "children": [...]}``."""
    stack: list[Component] = []
    root: Component | None = None
    for line in unfold(text):
        match = re.fullmatch(r"([A-Z0-9-]+)((?:;[A-Z0-9-]+=[^;:]*)*):(.*)", line)
        assert match, f"not a content line: {line!r}"
        name, params, value = match.groups()
        if name == "BEGIN":
            component: Component = {"name": value, "props": [], "children": []}
            if stack:
                stack[-1]["children"].append(component)  # type: ignore[attr-defined]
            else:
                assert root is None, "one VCALENDAR only"
                root = component
            stack.append(component)
        elif name == "END":
            assert stack and stack[-1]["name"] == value, f"END:{value} does not close {stack[-1]['name']}"
            stack.pop()
        else:
            assert stack, f"property outside a component: {line!r}"
            stack[-1]["props"].append((name, params, value))  # type: ignore[attr-defined]
    assert root is not None and not stack, "unbalanced BEGIN/END"
    return root


def prop(component: Component, name: str) -> str:
    values = [v for n, _, v in component["props"] if n == name]  # type: ignore[attr-defined]
    assert len(values) == 1, f"{component['name']} must have exactly one {name}: {values}"
    return values[0]


def calendar(zone: str = "Asia/Kolkata", year: int = 2027, **kwargs: object) -> tuple[str, Component]:
    schedule = rules().match_week(year)
    assert schedule is not None
    timeline = build_timeline(schedule, ZoneInfo(zone), STAMP)
    text = to_icalendar(timeline, dtstamp=STAMP, **kwargs)  # type: ignore[arg-type]
    return text, parse(text)


# --- tests ---------------------------------------------------------------------------------------------------


def test_the_calendar_is_well_formed_with_the_required_properties() -> None:
    text, root = calendar()
    assert text.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")
    assert root["name"] == "VCALENDAR"
    assert prop(root, "VERSION") == "2.0" and prop(root, "PRODID") == PRODID
    events = root["children"]
    # the week's ten events and the two ranking dates before it (issue 14)
    assert isinstance(events, list) and len(events) == 12
    uids = set()
    for event in events:
        assert event["name"] == "VEVENT"
        uids.add(prop(event, "UID"))
        assert prop(event, "DTSTAMP") == "20261123T064800Z"
        assert re.fullmatch(r"\d{8}T\d{6}Z", prop(event, "DTSTART"))
        assert prop(event, "SUMMARY")
        description = unescape(prop(event, "DESCRIPTION"))
        assert "Source: " in description and "(checked 2026)" in description
        assert "not the NRMP" in description
        alarms = event["children"]
        assert isinstance(alarms, list) and alarms
        for alarm in alarms:
            assert alarm["name"] == "VALARM"
            assert prop(alarm, "ACTION") == "DISPLAY" and prop(alarm, "DESCRIPTION")
            prop(alarm, "TRIGGER")
    assert len(uids) == 12 and all(uid.endswith(".match-week@matchpilot") for uid in uids)


def test_times_are_utc_and_match_the_schedule() -> None:
    _, root = calendar()
    events = {prop(e, "UID"): e for e in root["children"]}  # type: ignore[attr-defined]
    status = events["2027-status.match-week@matchpilot"]
    assert prop(status, "DTSTART") == "20270315T140000Z"  # 10:00 EDT
    assert not [p for p in status["props"] if p[0] == "DTEND"]  # type: ignore[attr-defined]
    round_3 = events["2027-round-3.match-week@matchpilot"]
    # all four rounds are on Thursday since the 2022 Match (issue 14): round 3 is 15:00-17:00 EDT
    assert prop(round_3, "DTSTART") == "20270318T190000Z" and prop(round_3, "DTEND") == "20270318T210000Z"
    # the applicant's own time is in the description: Friday 00:30 in India
    assert "Your time: Fri 19 Mar 2027\\, 00:30 IST to Fri 19 Mar 2027\\, 02:30 IST" in prop(round_3, "DESCRIPTION")


def test_alarms_before_the_start_and_before_a_round_closes() -> None:
    _, root = calendar(reminders=(timedelta(days=1), timedelta(minutes=10)))
    events = {prop(e, "UID"): e for e in root["children"]}  # type: ignore[attr-defined]
    triggers = [
        (params, value)
        for alarm in events["2027-round-1.match-week@matchpilot"]["children"]  # type: ignore[attr-defined]
        for name, params, value in alarm["props"]
        if name == "TRIGGER"
    ]
    assert triggers == [("", "-P1D"), ("", "-PT10M"), (";RELATED=END", "-PT30M")]
    status_alarms = events["2027-status.match-week@matchpilot"]["children"]  # type: ignore[attr-defined]
    assert len(status_alarms) == 2  # a moment has no closing reminder


def test_text_values_are_escaped() -> None:
    _, root = calendar()
    status = next(e for e in root["children"] if prop(e, "UID").startswith("2027-status."))  # type: ignore[union-attr]
    summary = prop(status, "SUMMARY")
    assert summary == "Match status: matched\\, partially matched or unmatched"
    assert escape_text("a\\b;c,d\ne") == "a\\\\b\\;c\\,d\\ne"
    assert unescape(escape_text("a\\b;c,d\ne")) == "a\\b;c,d\ne"


def test_long_lines_are_folded_at_75_octets_and_unfold_to_the_original() -> None:
    line = "DESCRIPTION:" + "x" * 200
    folded = fold_line(line)
    parts = folded.split("\r\n")
    assert len(parts[0]) == 75 and all(p.startswith(" ") and len(p) <= 75 for p in parts[1:])
    assert "".join(p[1:] if i else p for i, p in enumerate(parts)) == line


def test_folding_never_splits_a_multibyte_character() -> None:
    line = "SUMMARY:" + "ऑफ़र राउंड — 面试 🎉 " * 10
    for part in fold_line(line).split("\r\n"):
        assert len(part.encode("utf-8")) <= 75
    assert unfold(fold_line(line) + "\r\n") == [line]


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=400))
def test_fold_then_unfold_is_the_identity(text: str) -> None:
    line = "X-TEST:" + text
    assert unfold(fold_line(line) + "\r\n") == [line]


@pytest.mark.parametrize(
    ("span", "text"),
    [
        (timedelta(hours=-1), "-PT1H"),
        (timedelta(minutes=-15), "-PT15M"),
        (timedelta(days=-1), "-P1D"),
        (timedelta(days=-1, hours=-2), "-P1DT2H"),
        (timedelta(seconds=90), "PT1M30S"),
        (timedelta(0), "PT0S"),
    ],
)
def test_durations(span: timedelta, text: str) -> None:
    assert format_duration(span) == text


def test_bad_arguments_are_refused() -> None:
    schedule = rules().match_week(2027)
    assert schedule is not None
    timeline = build_timeline(schedule, ET, STAMP)
    with pytest.raises(ValueError, match="aware"):
        to_icalendar(timeline, dtstamp=datetime(2026, 11, 23))
    with pytest.raises(ValueError, match="positive"):
        to_icalendar(timeline, dtstamp=STAMP, reminders=(timedelta(0),))


def test_the_same_calendar_for_the_same_inputs() -> None:
    assert calendar()[0] == calendar()[0]
    # only descriptions (the applicant's local time) differ between zones; the instants do not
    los_angeles, _ = calendar("America/Los_Angeles")
    kolkata, _ = calendar("Asia/Kolkata")
    starts = re.compile(r"^DTSTART:.*$", re.M)
    assert starts.findall(los_angeles) == starts.findall(kolkata)
