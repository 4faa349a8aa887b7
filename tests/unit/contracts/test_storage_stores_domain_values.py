"""Storage takes and returns the domain's values: it defines no type of its own that mirrors a value of the domain,
the core or the services (a ``StoredPlan`` beside ``DistributionPlan``, with a converter in the services).

A storage dataclass *mirrors* another when, leaving out what only storage knows (``id``, ``owner_id``,
``created_at``, ``updated_at``), most of its fields have the other's names (at least two, at least 60 % of its
own and half of the other's), or its fields have the other's types in the same order (three fields or more,
not all of one type: a mirror that renamed them). A new mirror fails this test: store the value itself (move
it to ``domain/`` when it lives in a core package), and wrap it with the storage facts only when callers need
them.

:data:`KNOWN_MIRRORS` lists the mirrors not yet replaced, each with why it is still there; an entry that no
longer mirrors anything fails too, so the list only shrinks.
"""

from __future__ import annotations

import dataclasses
import importlib
import inspect
import pkgutil
from collections.abc import Iterator

STORAGE_FACTS = frozenset({"id", "owner_id", "created_at", "updated_at"})
"""Fields only storage knows: a stored value may carry them beside the value's own fields."""

VALUE_PACKAGES = (
    "matchpilot.domain",
    "matchpilot.match",
    "matchpilot.chances",
    "matchpilot.portfolio",
    "matchpilot.letters",
    "matchpilot.soap",
    "matchpilot.pick",
    "matchpilot.services",
    "matchpilot.io",
)
"""Where the values a storage type could mirror are defined."""

KNOWN_MIRRORS: dict[str, str] = {
    "matchpilot.storage.accounts.StoredAccount": (
        "keeps the password hash and the day the account was disabled, which never leave the account services; "
        "services.accounts.Account is what the shells see"
    ),
    "matchpilot.storage.accounts.StoredApiToken": (
        "a token's row (its account and workspace); services.accounts.ApiTokenInfo is what its owner sees"
    ),
}


def _dataclasses(package: str) -> Iterator[type]:
    root = importlib.import_module(package)
    names = [package] + [
        info.name for info in pkgutil.walk_packages(root.__path__, package + ".") if ".migrations" not in info.name
    ]
    for name in names:
        module = importlib.import_module(name)
        for value in vars(module).values():
            if inspect.isclass(value) and dataclasses.is_dataclass(value) and value.__module__ == name:
                yield value


def _own_fields(cls: type) -> list[dataclasses.Field[object]]:
    return [f for f in dataclasses.fields(cls) if f.name not in STORAGE_FACTS]


def _mirrors(stored: type, value: type) -> bool:
    """Whether ``stored`` repeats ``value``: most of its names, or all of its types in order."""
    mine = _own_fields(stored)
    theirs = _own_fields(value)
    shared = {f.name for f in mine} & {f.name for f in theirs}
    if len(shared) >= 2 and len(shared) >= 0.6 * len(mine) and len(shared) >= 0.5 * len(theirs):
        return True
    types = [str(f.type) for f in mine]
    return len(mine) >= 3 and len(set(types)) > 1 and types == [str(f.type) for f in theirs]


def _qualified(cls: type) -> str:
    return f"{cls.__module__}.{cls.__qualname__}"


def find_mirrors() -> dict[str, list[str]]:
    """Every storage dataclass that mirrors a value, with the values it mirrors."""
    values = [cls for package in VALUE_PACKAGES for cls in _dataclasses(package)]
    found: dict[str, list[str]] = {}
    for stored in _dataclasses("matchpilot.storage"):
        matched = [_qualified(value) for value in values if _mirrors(stored, value)]
        if matched:
            found[_qualified(stored)] = matched
    return found


def test_storage_defines_no_new_mirror_of_a_domain_value() -> None:
    new = {name: values for name, values in find_mirrors().items() if name not in KNOWN_MIRRORS}
    assert new == {}, (
        "storage defines types that repeat these values: store the value itself (see the module docstring)"
    )


def test_every_known_mirror_still_mirrors_something() -> None:
    """An entry of KNOWN_MIRRORS that was replaced leaves the list."""
    stale = sorted(set(KNOWN_MIRRORS) - set(find_mirrors()))
    assert stale == []


def test_the_check_catches_the_mirrors_it_was_written_for() -> None:
    """The plan, unfilled program, document, assignment, outcome and comment types storage used to define."""

    @dataclasses.dataclass(frozen=True)
    class StoredPlan:
        name: str
        bounds: dict[str, tuple[int, int | None]]
        max_applications: int | None
        is_default: bool
        note: str | None = None

    @dataclasses.dataclass(frozen=True)
    class StoredAssignment:
        target: str
        statement_key: str | None
        letter_keys: tuple[str, ...] = ()

    @dataclasses.dataclass(frozen=True)
    class StoredOutcome:
        code: str
        outcome: str
        recorded_on: object

    from matchpilot.domain.match_week import AssignmentEntry, DistributionPlan
    from matchpilot.domain.outcomes import RecordedOutcome

    assert _mirrors(StoredPlan, DistributionPlan)
    assert _mirrors(StoredOutcome, RecordedOutcome)
    assert _mirrors(StoredAssignment, AssignmentEntry)
    assert not _mirrors(StoredOutcome, DistributionPlan)
