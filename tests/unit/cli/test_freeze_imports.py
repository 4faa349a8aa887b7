"""The ``matchpilot`` process moves its imports out of the garbage collector's sight once the services are built
(so ``pick`` at 5,000 programs does not rescan them); a program embedding the CLI (these tests) never does."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path

import pytest

from matchpilot.cli import common


@pytest.fixture
def freezes(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[list[str]]:
    calls: list[str] = []
    monkeypatch.setattr(gc, "freeze", lambda: calls.append("freeze"))
    common.set_database_url(f"sqlite:///{tmp_path / 'freeze.db'}")
    thresholds = gc.get_threshold()
    yield calls
    gc.set_threshold(*thresholds)
    common.set_database_url(None)
    common._state.pop("freeze", None)
    common._state.pop("thresholds", None)


def test_an_embedded_cli_never_freezes_the_garbage_collector(freezes: list[str]) -> None:
    common.get_services()
    common.freeze_imports()  # as `serve` does once the web app is built
    assert freezes == []


def test_the_matchpilot_process_freezes_once_when_the_services_are_first_built(freezes: list[str]) -> None:
    common.freeze_imports_later()
    assert freezes == []  # nothing yet: the command's imports come first
    first = common.get_services()
    assert freezes == ["freeze"]
    assert common.get_services() is first
    assert freezes == ["freeze"]
    common.freeze_imports()  # as `serve` does once the web app is built: its modules too
    assert freezes == ["freeze", "freeze"]


def test_the_console_script_asks_for_the_freeze(monkeypatch: pytest.MonkeyPatch) -> None:
    from matchpilot.cli.main import main

    asked: list[str] = []
    monkeypatch.setattr(common, "freeze_imports_later", lambda: asked.append("asked"))
    with pytest.raises(SystemExit):
        main(["--help"])
    assert asked == ["asked"]


def test_the_collector_runs_less_often_while_the_command_imports_and_as_before_after_the_freeze(
    freezes: list[str],
) -> None:
    before = gc.get_threshold()
    common.freeze_imports_later()
    assert gc.get_threshold() == (before[0] * 100, *before[1:])
    common.get_services()
    assert freezes == ["freeze"]
    assert gc.get_threshold() == before
    common.freeze_imports()
    assert gc.get_threshold() == before


def test_the_server_process_collects_its_young_objects_less_often_once_frozen(freezes: list[str]) -> None:
    before = gc.get_threshold()
    common.freeze_imports_later()
    common.get_services()
    common.freeze_imports()  # as `serve` does once the web app is built, then its collector's setting
    common.server_collector()
    assert gc.get_threshold() == (common.SERVER_YOUNG_THRESHOLD, *before[1:])
    assert before[0] < common.SERVER_YOUNG_THRESHOLD


def test_an_embedded_cli_keeps_its_collector_as_it_was(freezes: list[str]) -> None:
    before = gc.get_threshold()
    common.get_services()
    common.server_collector()
    assert gc.get_threshold() == before


def test_serve_sets_the_server_collector_after_the_freeze() -> None:
    import inspect

    from matchpilot.cli import serve

    source = inspect.getsource(serve.serve)
    assert (
        source.index("common.freeze_imports()")
        < source.index("common.server_collector()")
        < source.index("uvicorn.run(")
    )
