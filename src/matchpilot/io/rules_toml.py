"""The format of the dated rules: the ``matchpilot.rules/1`` document (TOML, or JSON from ``matchpilot rules
--json``), described in docs/soap.md.

Defaults ship as ``matchpilot/data/rules.toml``; a user's file is merged over them with :func:`merge_rule_data`
and the result is checked by :func:`parse_rules`, whose issues name the key path
(``match_week.2027.events.round-1.start``); :func:`rules_to_dict` writes the rules back. The values are the
domain's (:mod:`matchpilot.domain.rules`).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Mapping
from datetime import UTC, date, datetime
from types import MappingProxyType
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from matchpilot.domain.issues import Issue, Severity
from matchpilot.domain.rules import (
    INT_RULES,
    LEGACY_PMR_SIGNALS,
    RANKING_KINDS,
    RULE_TITLES,
    TEXT_RULES,
    DatedRule,
    EventKind,
    FeeTier,
    MatchWeekEvent,
    MatchWeekSchedule,
    Rules,
    SignalRule,
    in_force,
)
from matchpilot.io.format_names import RULES_FORMAT

__all__ = ["RULES_FORMAT", "merge_rule_data", "parse_rules", "rules_to_dict"]


_ENTRY_KEYS = frozenset({"value", "until", "source", "checked", "note", "projected"})
_SIGNAL_GROUPINGS = ("institution", "program")
_EVENT_KEYS = frozenset({"kind", "title", "start", "end", "round", "action", "source", "checked", "note", "projected"})
_SCHEDULE_KEYS = frozenset({"zone", "note", "events"})
_PLAIN_KEYS = frozenset({"title", "note", "action"})
_YEAR = re.compile(r"^\d{4}$")
_EVENT_KEY = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}$")
_CHECKED = re.compile(r"^\d{4}(-\d{2}-\d{2})?$")


def merge_rule_data(
    base: Mapping[str, object], override: Mapping[str, object]
) -> tuple[dict[str, object], list[Issue]]:
    """Merge a user's rules data over ``base`` (the packaged defaults), table by table.

    Tables merge key by key; any other value (a number, a text, a list such as fee tiers) replaces the base
    value. Every entry the user writes that changes a value (anything but ``title``, ``note`` and ``action``)
    must carry its own ``source`` and ``checked``: otherwise an error names the entry's key path. Returns the
    merged mapping (``base`` is not changed) and the issues.
    """
    issues: list[Issue] = []
    override = _legacy_signals(override)
    fmt = override.get("format")
    if fmt is not None and fmt != RULES_FORMAT:
        issues.append(Issue("bad-format", Severity.ERROR, f"{fmt!r} is not {RULES_FORMAT!r}", "format"))
    for path, entry in _override_entries(override):
        changed = [key for key in entry if key not in _PLAIN_KEYS and key not in ("source", "checked")]
        missing = [key for key in ("source", "checked") if key not in entry]
        if changed and missing:
            issues.append(
                Issue(
                    "missing-provenance",
                    Severity.ERROR,
                    f"a corrected value needs its own {' and '.join(missing)} (where and when you saw it)",
                    path,
                )
            )
    merged = _deep_merge(base, override)
    _unproject_corrections(merged, override)
    return merged, issues


def _legacy_signals(override: Mapping[str, object]) -> Mapping[str, object]:
    """Read a user's ``[pmr_signals.YEAR] value = N`` as ``eras_signals.YEAR.value.pmr.tiers.standard = N``."""
    legacy = override.get(LEGACY_PMR_SIGNALS)
    if not isinstance(legacy, Mapping):
        return override
    out = {key: value for key, value in override.items() if key != LEGACY_PMR_SIGNALS}
    eras = dict(out.get("eras_signals") or {})  # type: ignore[call-overload]
    for year, entry in legacy.items():
        if not isinstance(entry, Mapping):
            continue
        moved = {key: value for key, value in entry.items() if key != "value"}
        if "value" in entry:
            moved["value"] = {"pmr": {"tiers": {"standard": entry["value"]}}}
        current = eras.get(year)
        eras[year] = _deep_merge(moved, current) if isinstance(current, Mapping) else moved
    out["eras_signals"] = eras
    return out


def _unproject_corrections(merged: dict[str, object], override: Mapping[str, object]) -> None:
    """An event whose time (or a signal rule whose value) the user corrected with a source is no longer
    projected unless the user says so."""
    signals = merged.get("eras_signals")
    for path, entry in _override_entries(override):
        if path.startswith("eras_signals.") and "value" in entry and "projected" not in entry:
            corrected = signals.get(path.split(".", 1)[1]) if isinstance(signals, Mapping) else None
            if isinstance(corrected, dict):
                corrected["projected"] = False
            continue
        if not path.startswith("match_week.") or "projected" in entry:
            continue
        if not any(key in entry for key in ("start", "end")):
            continue
        _, year, _, key = path.split(".", 3)
        week = merged.get("match_week")
        schedule = week.get(year) if isinstance(week, Mapping) else None
        events = schedule.get("events") if isinstance(schedule, Mapping) else None
        event = events.get(key) if isinstance(events, Mapping) else None
        if isinstance(event, dict):
            event["projected"] = False


def _override_entries(data: Mapping[str, object]) -> list[tuple[str, Mapping[str, object]]]:
    """The entries of a user's file (rule entries and Match Week events) with their key paths."""
    found: list[tuple[str, Mapping[str, object]]] = []
    for name, table in data.items():
        if not isinstance(table, Mapping):
            continue
        if name == "match_week":
            for year, schedule in table.items():
                events = schedule.get("events") if isinstance(schedule, Mapping) else None
                if isinstance(events, Mapping):
                    for key, event in events.items():
                        if isinstance(event, Mapping):
                            found.append((f"match_week.{year}.events.{key}", event))
        else:
            for year, entry in table.items():
                if isinstance(entry, Mapping):
                    found.append((f"{name}.{year}", entry))
    return found


def _deep_merge(base: Mapping[str, object], override: Mapping[str, object]) -> dict[str, object]:
    merged: dict[str, object] = dict(base)
    for key, value in override.items():
        current = merged.get(key)
        if isinstance(current, Mapping) and isinstance(value, Mapping):
            merged[key] = _deep_merge(current, value)
        else:
            merged[key] = value
    return merged


# --- parsing -------------------------------------------------------------------------------------------------


class _Problems:
    """Collects the issues of one parse."""

    def __init__(self) -> None:
        self.issues: list[Issue] = []

    def error(self, where: str, message: str, code: str = "bad-value") -> None:
        self.issues.append(Issue(code, Severity.ERROR, message, where))

    def warning(self, where: str, message: str, code: str) -> None:
        self.issues.append(Issue(code, Severity.WARNING, message, where))


def parse_rules(data: Mapping[str, object]) -> tuple[Rules | None, list[Issue]]:
    """Check rules data (the packaged TOML, merged with a user's file) and build :class:`Rules`.

    Returns the rules and any warnings, or ``None`` and every issue; each issue's ``where`` is the key path
    (``soap_rounds.2021.value``, ``match_week.2027.events.round-1.start``). Errors: a wrong or missing
    ``format``, unknown keys, a missing rule, values of the wrong type or out of range, an entry without
    ``source`` or ``checked``, overlapping years, an unknown time zone, a local time that does not exist in
    its zone, an event outside its year, an end before its start, offer rounds not numbered 1, 2, ...
    Warnings: a schedule whose number of offer rounds differs from the SOAP rounds rule of that year.
    """
    problems = _Problems()
    fmt = data.get("format")
    if fmt is None:
        problems.error("format", f"a value is required ({RULES_FORMAT!r})", "missing-value")
    elif fmt != RULES_FORMAT:
        problems.error("format", f"{fmt!r} is not {RULES_FORMAT!r}", "bad-format")
    for key in data:
        if key not in RULE_TITLES and key not in ("format", "match_week"):
            problems.error(str(key), f"unknown key {key!r}", "unknown-key")
    histories: dict[str, tuple[DatedRule[Any], ...]] = {}
    for name in RULE_TITLES:
        histories[name] = _history(name, data.get(name), problems)
    schedules = _schedules(data.get("match_week"), problems)
    if any(issue.is_error for issue in problems.issues):
        return None, problems.issues
    for schedule in schedules:
        rounds = in_force(histories["soap_rounds"], schedule.year)
        if rounds is not None and len(schedule.rounds) != rounds.value:
            problems.warning(
                f"match_week.{schedule.year}.events",
                f"the schedule has {len(schedule.rounds)} offer rounds but soap_rounds says {rounds.value} "
                f"for {schedule.year}",
                "inconsistent",
            )
    rules = Rules(**histories, match_weeks=schedules)
    return rules, problems.issues


def _history(name: str, table: object, problems: _Problems) -> tuple[DatedRule[Any], ...]:
    if table is None:
        problems.error(name, "a value is required (entries keyed by their first Match year)", "missing-value")
        return ()
    if not isinstance(table, Mapping) or not table:
        problems.error(name, "must be a table of entries keyed by their first Match year, e.g. [soap_rounds.2021]")
        return ()
    entries: list[DatedRule[Any]] = []
    for year_key, raw in table.items():
        path = f"{name}.{year_key}"
        since = _year_key(str(year_key), path, problems)
        if not isinstance(raw, Mapping):
            problems.error(path, "must be a table with value, source and checked")
            continue
        entry = _entry(name, since, raw, path, problems)
        if entry is not None:
            entries.append(entry)
    entries.sort(key=lambda e: e.since)
    for before, after in itertools.pairwise(entries):
        if before.until is None or before.until >= after.since:
            problems.error(
                f"{name}.{after.since}",
                f"overlaps the entry for {before.years}: give that entry an `until` before {after.since}",
                "overlap",
            )
    return tuple(entries)


def _year_key(text: str, path: str, problems: _Problems) -> int | None:
    if not _YEAR.match(text) or not 1990 <= int(text) <= 2100:
        problems.error(path, f"{text!r} is not a Match year (four digits between 1990 and 2100)")
        return None
    return int(text)


def _entry(
    name: str, since: int | None, raw: Mapping[str, object], path: str, problems: _Problems
) -> DatedRule[Any] | None:
    before = len(problems.issues)
    for key in raw:
        if key not in _ENTRY_KEYS:
            problems.error(f"{path}.{key}", f"unknown key {key!r}", "unknown-key")
    value = _rule_value(name, raw.get("value"), f"{path}.value", problems)
    source, checked = _provenance(raw, path, problems)
    note = _text(raw.get("note", ""), f"{path}.note", problems, required=False) or ""
    projected = raw.get("projected", False)
    if not isinstance(projected, bool):
        problems.error(f"{path}.projected", "must be true or false")
    until: int | None = None
    if raw.get("until") is not None:
        until = _int(raw["until"], f"{path}.until", problems, 1990, 2100)
        if until is not None and since is not None and until < since:
            problems.error(f"{path}.until", f"{until} is before the entry's first year {since}")
    if len(problems.issues) > before or since is None or value is None:
        return None
    return DatedRule(name, value, since, source, checked, until, note, projected is True)


def _rule_value(name: str, raw: object, path: str, problems: _Problems) -> Any:
    if raw is None:
        problems.error(path, "a value is required", "missing-value")
        return None
    if name in INT_RULES:
        low, high = INT_RULES[name]
        return _int(raw, path, problems, low, high)
    if name in TEXT_RULES:
        return _text(raw, path, problems, required=True)
    if name == "eras_signals":
        return _signal_rules(raw, path, problems)
    return _fee_tiers(raw, path, problems)


def _signal_rules(raw: object, path: str, problems: _Problems) -> Mapping[str, SignalRule] | None:
    """``{specialty = {tiers = {tier = count}, group = "institution"}}`` checked into :class:`SignalRule` values."""
    example = '{ pmr = { tiers = { standard = 20 }, group = "institution" } }'
    if not isinstance(raw, Mapping) or not raw:
        problems.error(path, f"must be a table of specialties like {example}")
        return None
    before = len(problems.issues)
    rules: dict[str, SignalRule] = {}
    for specialty, table in raw.items():
        where = f"{path}.{specialty}"
        if not isinstance(table, Mapping):
            problems.error(where, f"must be a table like {example}")
            continue
        for key in table:
            if key not in ("tiers", "group"):
                problems.error(f"{where}.{key}", f"unknown key {key!r}", "unknown-key")
        tiers = table.get("tiers")
        if not isinstance(tiers, Mapping) or not tiers:
            problems.error(f"{where}.tiers", "must be a table of counts per tier, like { standard = 20 }")
            continue
        counts: dict[str, int] = {}
        for tier, count in tiers.items():
            number = _int(count, f"{where}.tiers.{tier}", problems, 0, 100)
            if number is not None:
                counts[str(tier)] = number
        group = table.get("group", "institution")
        if group not in _SIGNAL_GROUPINGS:
            choices = " or ".join(repr(g) for g in _SIGNAL_GROUPINGS)
            problems.error(f"{where}.group", f"{group!r} is not {choices}")
            continue
        rules[str(specialty)] = SignalRule(counts, str(group))
    if len(problems.issues) > before:
        return None
    return MappingProxyType(rules)


def _fee_tiers(raw: object, path: str, problems: _Problems) -> tuple[FeeTier, ...] | None:
    if not isinstance(raw, list) or not raw:
        problems.error(path, "must be a list of tiers like { first = 1, last = 30, usd = 11 }")
        return None
    tiers: list[FeeTier] = []
    expected = 1
    for index, item in enumerate(raw):
        where = f"{path}[{index}]"
        if not isinstance(item, Mapping):
            problems.error(where, "must be a table { first, last, usd }")
            return None
        for key in item:
            if key not in ("first", "last", "usd"):
                problems.error(f"{where}.{key}", f"unknown key {key!r}", "unknown-key")
        first = _int(item.get("first"), f"{where}.first", problems, 1, 10_000)
        usd = _int(item.get("usd"), f"{where}.usd", problems, 0, 10_000)
        last = None if item.get("last") is None else _int(item["last"], f"{where}.last", problems, 1, 10_000)
        if first is None or usd is None or (item.get("last") is not None and last is None):
            return None
        if first != expected:
            problems.error(f"{where}.first", f"tiers must follow each other: expected {expected}, got {first}")
            return None
        if last is not None and last < first:
            problems.error(f"{where}.last", f"{last} is before first ({first})")
            return None
        if last is None and index != len(raw) - 1:
            problems.error(f"{where}.last", "only the last tier may be open-ended")
            return None
        tiers.append(FeeTier(first, last, usd))
        expected = (last or 0) + 1
    if tiers[-1].last is not None:
        problems.error(path, "the last tier must be open-ended (leave out its `last`)")
        return None
    return tuple(tiers)


def _provenance(raw: Mapping[str, object], path: str, problems: _Problems) -> tuple[str, str]:
    source = ""
    if raw.get("source") is None:
        problems.error(f"{path}.source", "a value is required (where the value was seen)", "missing-value")
    else:
        source = _text(raw["source"], f"{path}.source", problems, required=True) or ""
    checked = ""
    if raw.get("checked") is None:
        problems.error(f"{path}.checked", "a value is required (the year or date it was seen)", "missing-value")
    else:
        checked = _checked(raw["checked"], f"{path}.checked", problems) or ""
    return source, checked


def _checked(raw: object, path: str, problems: _Problems) -> str | None:
    if isinstance(raw, datetime):
        raw = raw.date()
    if isinstance(raw, date):
        text = raw.isoformat()
    elif isinstance(raw, int) and not isinstance(raw, bool):
        text = str(raw)
    elif isinstance(raw, str) and _CHECKED.match(raw.strip()):
        text = raw.strip()
    else:
        problems.error(path, "must be a year (2025) or a date (2025-03-14)")
        return None
    try:
        if len(text) > 4:
            date.fromisoformat(text)
    except ValueError:
        problems.error(path, f"{text!r} is not a date")
        return None
    if not 1990 <= int(text[:4]) <= 2100:
        problems.error(path, f"{text} is out of range (a year between 1990 and 2100)")
        return None
    return text


def _int(raw: object, path: str, problems: _Problems, low: int, high: int) -> int | None:
    if isinstance(raw, bool) or not isinstance(raw, int):
        problems.error(path, "must be a whole number")
        return None
    if not low <= raw <= high:
        problems.error(path, f"{raw} is out of range (must be between {low} and {high})")
        return None
    return raw


def _text(raw: object, path: str, problems: _Problems, *, required: bool) -> str | None:
    if not isinstance(raw, str):
        problems.error(path, "must be text")
        return None
    text = " ".join(raw.split())
    if required and not text:
        problems.error(path, "must not be empty", "missing-value")
        return None
    if len(text) > 2000:
        problems.error(path, "must be at most 2000 characters")
        return None
    return text


def _schedules(table: object, problems: _Problems) -> tuple[MatchWeekSchedule, ...]:
    if table is None:
        return ()
    if not isinstance(table, Mapping):
        problems.error("match_week", "must be a table of schedules keyed by Match year, e.g. [match_week.2027]")
        return ()
    schedules: list[MatchWeekSchedule] = []
    for year_key, raw in table.items():
        path = f"match_week.{year_key}"
        year = _year_key(str(year_key), path, problems)
        if not isinstance(raw, Mapping):
            problems.error(path, "must be a table with zone and events")
            continue
        schedule = _schedule(year, raw, path, problems)
        if schedule is not None:
            schedules.append(schedule)
    return tuple(sorted(schedules, key=lambda s: s.year))


def _zone(raw: object, path: str, problems: _Problems) -> ZoneInfo | None:
    if not isinstance(raw, str) or not raw.strip():
        problems.error(path, "a time zone name is required, e.g. 'America/New_York'", "missing-value")
        return None
    try:
        return ZoneInfo(raw.strip())
    except (ZoneInfoNotFoundError, ValueError):
        problems.error(path, f"{raw!r} is not a known time zone (use a name like 'America/New_York')")
        return None


def _schedule(year: int | None, raw: Mapping[str, object], path: str, problems: _Problems) -> MatchWeekSchedule | None:
    before = len(problems.issues)
    for key in raw:
        if key not in _SCHEDULE_KEYS:
            problems.error(f"{path}.{key}", f"unknown key {key!r}", "unknown-key")
    zone = _zone(raw.get("zone"), f"{path}.zone", problems)
    note = _text(raw.get("note", ""), f"{path}.note", problems, required=False) or ""
    events_raw = raw.get("events")
    if not isinstance(events_raw, Mapping) or not events_raw:
        problems.error(f"{path}.events", "a schedule needs events, e.g. [match_week.2027.events.status]")
        return None
    if zone is None or year is None:
        return None
    events: list[MatchWeekEvent] = []
    for key, event_raw in events_raw.items():
        event = _event(str(key), event_raw, year, zone, f"{path}.events.{key}", problems)
        if event is not None:
            events.append(event)
    rounds = sorted((e for e in events if e.round is not None), key=lambda e: e.start.astimezone(UTC))
    numbers = [e.round for e in rounds]
    if numbers != list(range(1, len(rounds) + 1)):
        problems.error(
            f"{path}.events",
            f"offer rounds must be numbered 1, 2, ... in time order (found {', '.join(map(str, numbers))})",
        )
    for earlier, later in itertools.pairwise(rounds):
        if earlier.end is not None and earlier.end.astimezone(UTC) > later.start.astimezone(UTC):
            problems.error(f"{path}.events.{later.key}.start", f"starts before {earlier.key} ends")
    if len(problems.issues) > before:
        return None
    events.sort(key=lambda e: (e.start.astimezone(UTC), _KIND_ORDER.index(e.kind), e.key))
    week = [e for e in events if e.kind not in RANKING_KINDS]
    ranking = [e for e in events if e.kind in RANKING_KINDS]
    if not week:
        problems.error(f"{path}.events", "a schedule needs the events of Match Week, not only ranking dates")
        return None
    late = [e for e in ranking if e.start.astimezone(UTC) >= week[0].start.astimezone(UTC)]
    if late:
        problems.error(f"{path}.events.{late[0].key}.start", "must be before Match Week starts")
        return None
    return MatchWeekSchedule(year, str(zone.key), tuple(events), note)


_KIND_ORDER = tuple(EventKind)


def _event(key: str, raw: object, year: int, zone: ZoneInfo, path: str, problems: _Problems) -> MatchWeekEvent | None:
    before = len(problems.issues)
    if not _EVENT_KEY.match(key):
        problems.error(path, f"{key!r} is not an event name (lower-case letters, digits and '-')")
    if not isinstance(raw, Mapping):
        problems.error(path, "must be a table with kind, title, start, source and checked")
        return None
    for name in raw:
        if name not in _EVENT_KEYS:
            problems.error(f"{path}.{name}", f"unknown key {name!r}", "unknown-key")
    kind = _kind(raw.get("kind"), f"{path}.kind", problems)
    title = _text(raw.get("title"), f"{path}.title", problems, required=True) if "title" in raw else None
    if "title" not in raw:
        problems.error(f"{path}.title", "a value is required", "missing-value")
    start = _local_time(raw.get("start"), zone, f"{path}.start", problems, required=True)
    end = _local_time(raw.get("end"), zone, f"{path}.end", problems, required=False)
    source, checked = _provenance(raw, path, problems)
    action = _text(raw.get("action", ""), f"{path}.action", problems, required=False) or ""
    note = _text(raw.get("note", ""), f"{path}.note", problems, required=False) or ""
    projected = False
    if "projected" in raw:
        if not isinstance(raw["projected"], bool):
            problems.error(f"{path}.projected", "must be true or false")
        else:
            projected = raw["projected"]
    number: int | None = None
    if raw.get("round") is not None:
        number = _int(raw["round"], f"{path}.round", problems, 1, 50)
    if kind is EventKind.OFFER_ROUND:
        if "round" not in raw:
            problems.error(f"{path}.round", "an offer round needs its number", "missing-value")
        if "end" not in raw:
            problems.error(f"{path}.end", "an offer round needs the time it closes", "missing-value")
    elif kind is not None and "round" in raw:
        problems.error(f"{path}.round", "only offer rounds have a round number")
    if start is not None and start.year != year:
        problems.error(f"{path}.start", f"{start.date().isoformat()} is not in {year}")
    if start is not None and end is not None and end.astimezone(UTC) <= start.astimezone(UTC):
        problems.error(f"{path}.end", "must be after start")
    if len(problems.issues) > before or kind is None or title is None or start is None:
        return None
    return MatchWeekEvent(key, kind, title, start, source, checked, end, number, action, note, projected)


def _kind(raw: object, path: str, problems: _Problems) -> EventKind | None:
    choices = ", ".join(k.value for k in EventKind)
    if raw is None:
        problems.error(path, f"a value is required (one of: {choices})", "missing-value")
        return None
    if isinstance(raw, str):
        for kind in EventKind:
            if raw.strip().lower() == kind.value:
                return kind
    problems.error(path, f"{raw!r} is not one of: {choices}")
    return None


def _local_time(raw: object, zone: ZoneInfo, path: str, problems: _Problems, *, required: bool) -> datetime | None:
    """A local time in ``zone`` (times in a schedule are compared in UTC: Python compares two datetimes that
    share a tzinfo by their wall clocks)."""
    if raw is None:
        if required:
            problems.error(path, "a value is required (a local time such as 2027-03-15T10:00:00)", "missing-value")
        return None
    if isinstance(raw, str):
        try:
            raw = datetime.fromisoformat(raw.strip())
        except ValueError:
            problems.error(path, f"{raw!r} is not a date and time such as 2027-03-15T10:00:00")
            return None
    if not isinstance(raw, datetime):
        problems.error(path, "must be a date and time such as 2027-03-15T10:00:00")
        return None
    if raw.tzinfo is not None:
        return raw.astimezone(zone)
    local = raw.replace(tzinfo=zone)
    if local.astimezone(UTC).astimezone(zone).replace(tzinfo=None) != raw:
        problems.error(path, f"{raw.isoformat()} does not exist in {zone.key} (the clocks skip it)")
        return None
    return local


# --- plain values (for JSON) ---------------------------------------------------------------------------------


def rules_to_dict(rules: Rules) -> dict[str, Any]:
    """The rules as plain JSON values: ``{"format", "rules": {key: [entries]}, "match_week": {year: ...}}``;
    a year's ``events`` are the week's, its ``ranking`` the ranking dates before it.

    Event times are ISO 8601 with their UTC offset.
    """

    def plain(value: object) -> object:
        if isinstance(value, tuple):
            return [plain(v) for v in value]
        if isinstance(value, FeeTier):
            return {"first": value.first, "last": value.last, "usd": value.usd}
        if isinstance(value, SignalRule):
            return {"tiers": dict(value.tiers), "group": value.group}
        if isinstance(value, Mapping):
            return {key: plain(v) for key, v in value.items()}
        return value

    out: dict[str, Any] = {"format": RULES_FORMAT, "rules": {}, "match_week": {}}
    for name, history in rules.histories():
        out["rules"][name] = [
            {
                "title": entry.title,
                "since": entry.since,
                "until": entry.until,
                "value": plain(entry.value),
                "source": entry.source,
                "checked": entry.checked,
                "note": entry.note,
                "projected": entry.projected,
            }
            for entry in history
        ]
    for schedule in rules.match_weeks:
        ranking = [e for e in schedule.events if e.kind in RANKING_KINDS]
        out["match_week"][str(schedule.year)] = {
            "zone": schedule.zone,
            "note": schedule.note,
            "events": [_event_dict(event) for event in schedule.week_events],
            "ranking": [_event_dict(event) for event in ranking],
        }
    return out


def _event_dict(event: MatchWeekEvent) -> dict[str, Any]:
    return {
        "key": event.key,
        "kind": event.kind.value,
        "round": event.round,
        "title": event.title,
        "start": _iso(event.start),
        "end": _iso(event.end),
        "action": event.action,
        "source": event.source,
        "checked": event.checked,
        "note": event.note,
        "projected": event.projected,
    }


def _iso(moment: datetime | None) -> str | None:
    return None if moment is None else moment.isoformat()
